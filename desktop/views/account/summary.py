"""The account's side: contact and care details, open issues, recent workflows and notes."""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QGroupBox, QVBoxLayout, QWidget

from backend_client import models as m
from desktop.i18n import QT_TRANSLATE_NOOP
from desktop.views.partials.details import DetailsGrid
from desktop.views.partials.formatting import readable_number, when
from desktop.views.partials.records import wrapping_list

DETAIL_ROWS = (
    QT_TRANSLATE_NOOP("Details", "Phone"),
    QT_TRANSLATE_NOOP("Details", "Email"),
    QT_TRANSLATE_NOOP("Details", "Address"),
    QT_TRANSLATE_NOOP("Details", "GP"),
    QT_TRANSLATE_NOOP("Details", "Representatives"),
    QT_TRANSLATE_NOOP("Details", "Dependants"),
)


# The side's width, whatever it holds. Sized by its contents, it was narrower empty than full,
# so every ring and every open moved the records beside it and wrapped its values twice (at the
# old width, then at the new one): a layout of the orders table and 4-6 resizes in the side on
# each. It still gives way on a narrow window, down to its minimum.
SIDE_WIDTH = 360
SIDE_MINIMUM_WIDTH = 240


class AccountSummary(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setMaximumWidth(SIDE_WIDTH)
        self.details = DetailsGrid(DETAIL_ROWS)
        self.details.setObjectName("accountDetails")
        details_box = QGroupBox(self.tr("Contact and care"))
        QVBoxLayout(details_box).addWidget(self.details)
        self.issues = wrapping_list("openIssuesList", self.tr("Open issues"))
        issues_box = QGroupBox(self.tr("Open issues"))
        QVBoxLayout(issues_box).addWidget(self.issues)
        self.activity = wrapping_list("activityList", self.tr("Recent workflows and notes"))
        activity_box = QGroupBox(self.tr("Recent workflows and notes"))
        QVBoxLayout(activity_box).addWidget(self.activity)
        side = QVBoxLayout(self)
        side.setContentsMargins(0, 0, 0, 0)
        side.addWidget(details_box)
        side.addWidget(issues_box, 1)
        side.addWidget(activity_box, 2)

    def sizeHint(self) -> QSize:
        return QSize(SIDE_WIDTH, super().sizeHint().height())

    def minimumSizeHint(self) -> QSize:
        return QSize(SIDE_MINIMUM_WIDTH, super().minimumSizeHint().height())

    def show_snapshot(self, snap: m.Snapshot) -> None:
        who = snap.identity
        address = who.address
        gp = who.nominated_gp
        self.details.show_values(
            {
                "Phone": ", ".join(readable_number(p) for p in who.phones) or "—",
                "Email": who.email or "—",
                "Address": ", ".join(x for x in (address.line1, address.line2, address.city) if x)
                + f" {address.postcode}",
                "GP": f"{gp.name} ({gp.ods_code})" if gp else self.tr("none nominated"),
                "Representatives": ", ".join(
                    f"{r.name} ({r.relationship})" for r in who.representatives
                )
                or self.tr("none"),
                "Dependants": ", ".join(d.name for d in who.dependants) or self.tr("none"),
            }
        )
        self.issues.clear()
        for issue in snap.open_issues:
            self.issues.addItem(
                self.tr("{title} — {team}, {days} d").format(
                    title=issue.title, team=issue.team, days=issue.age_days
                )
            )
        if not snap.open_issues:
            self.issues.addItem(self.tr("No open issues"))
        self.activity.clear()
        items = [
            (r.created_at, f"{when(r.created_at)}  {r.agent_name}: {r.summary}")
            for r in snap.workflow_runs
        ]
        items += [
            (
                n.created_at,
                self.tr("{when}  {who} noted: {body}").format(
                    when=when(n.created_at), who=n.agent_name, body=n.body
                ),
            )
            for n in snap.notes
        ]
        for _, text in sorted(items, key=lambda x: x[0], reverse=True)[:30]:
            self.activity.addItem(text)
        if not items:
            self.activity.addItem(self.tr("Nothing recorded yet"))

    def clear(self) -> None:
        self.details.clear_values()
        self.issues.clear()
        self.activity.clear()
