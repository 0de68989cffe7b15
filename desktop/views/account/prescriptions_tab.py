"""The Prescriptions tab: each prescription in a row, the whole of the chosen one under it."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from backend_client import models as m
from desktop.i18n import QT_TRANSLATE_NOOP, translate
from desktop.views.partials.details import DetailsGrid
from desktop.views.partials.formatting import day, words, yes_no
from desktop.views.partials.records import RecordsWithDetails

SCRIPT_DETAIL_ROWS = (
    QT_TRANSLATE_NOOP("Details", "Medicine"),
    QT_TRANSLATE_NOOP("Details", "Dosage"),
    QT_TRANSLATE_NOOP("Details", "Repeat"),
    QT_TRANSLATE_NOOP("Details", "Next due"),
    QT_TRANSLATE_NOOP("Details", "Prescriber"),
)


def prescription_details(p: m.Prescription) -> dict[str, str | None]:
    return {
        "Medicine": p.medicine,
        "Dosage": p.dosage,
        "Repeat": f"{yes_no(p.repeat)} · {words(p.status)}",
        "Next due": day(p.next_due),
        "Prescriber": p.gp_ods_code or "—",
    }


class PrescriptionsTab(RecordsWithDetails[m.Prescription]):
    def __init__(self, parent: QWidget | None = None) -> None:
        details = DetailsGrid(SCRIPT_DETAIL_ROWS)
        details.setObjectName("prescriptionDetails")
        super().__init__(
            [
                (QT_TRANSLATE_NOOP("Columns", "Medicine"), lambda p: p.medicine),
                (QT_TRANSLATE_NOOP("Columns", "Repeat"), lambda p: yes_no(p.repeat)),
                (QT_TRANSLATE_NOOP("Columns", "Status"), lambda p: words(p.status)),
                (QT_TRANSLATE_NOOP("Columns", "Next due"), lambda p: day(p.next_due)),
                (QT_TRANSLATE_NOOP("Columns", "Dosage"), lambda p: p.dosage),
            ],
            "prescriptionsTable",
            4,
            translate("PrescriptionsTab", "Prescriptions"),
            details,
            prescription_details,
            parent,
        )

    def show_prescriptions(self, scripts: list[m.Prescription]) -> None:
        self.show_rows(scripts)
