"""For team leads: the figures, a dock beside the desk: the period's KPIs and their charts, and
an export to CSV.

Imported only when a lead signs in: the charts bring pyqtgraph and numpy, which an advisor's
desk never needs in memory."""

from __future__ import annotations

from pathlib import Path

import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDockWidget,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from backend_client import models as m
from desktop import theme
from desktop.controllers.lead import LeadController, export_csv
from desktop.i18n import QT_TRANSLATE_NOOP, translate
from desktop.views.partials.formatting import minutes_and_seconds
from desktop.views.partials.widgets import Banner, PlainLabel

ID = Qt.ItemDataRole.UserRole


def tr(text: str) -> str:
    return translate("Lead", text)


def seconds(value: float | None) -> str:
    if value is None:
        return "—"
    return minutes_and_seconds(value) if value >= 60 else tr("{0:.0f} s").format(value)


class KpiPanel(QDockWidget):
    TILES = (
        ("answered", QT_TRANSLATE_NOOP("Lead", "Answered")),
        ("missed", QT_TRANSLATE_NOOP("Lead", "Missed")),
        ("abandoned", QT_TRANSLATE_NOOP("Lead", "Abandoned")),
        ("answer", QT_TRANSLATE_NOOP("Lead", "Average answer")),
        ("handle", QT_TRANSLATE_NOOP("Lead", "Average handle")),
        ("fcr", QT_TRANSLATE_NOOP("Lead", "First-contact resolution")),
        ("chat", QT_TRANSLATE_NOOP("Lead", "Chat first response")),
        ("breaches", QT_TRANSLATE_NOOP("Lead", "Answered late")),
    )

    def __init__(self, lead: LeadController, parent: QWidget | None = None) -> None:
        super().__init__(tr("Figures"), parent)
        self.setObjectName("kpiPanel")
        self.lead = lead
        self.period = QComboBox()
        self.period.setObjectName("kpiPeriod")
        self.period.setAccessibleName(tr("Period"))
        self.period.addItem(tr("Today"), m.StatsPeriod.TODAY)
        self.period.addItem(tr("Last 7 days"), m.StatsPeriod.WEEK)
        self.refresh = QPushButton(tr("&Refresh"))
        self.refresh.setObjectName("kpiRefresh")
        self.export = QPushButton(tr("E&xport CSV…"))
        self.export.setObjectName("kpiExport")
        self.range = PlainLabel()
        self.range.setObjectName("kpiRange")
        grid = QGridLayout()
        self.values: dict[str, PlainLabel] = {}
        for n, (key, label) in enumerate(self.TILES):
            caption = PlainLabel(tr(label))
            caption.setObjectName("tileCaption")
            value = PlainLabel("—")
            value.setObjectName("tileValue")
            value.setAccessibleName(tr(label))
            self.values[key] = value
            # Two tiles a row: the dock stays narrow enough for a 1366 px screen.
            grid.addWidget(caption, (n // 2) * 2, n % 2)
            grid.addWidget(value, (n // 2) * 2 + 1, n % 2)
        pg.setConfigOptions(
            antialias=True, background=theme.colour("base"), foreground=theme.colour("text")
        )
        self.calls_chart = pg.PlotWidget()
        self.calls_chart.setObjectName("callsChart")
        self.calls_chart.setAccessibleName(tr("Calls: answered, missed and abandoned"))
        self.calls_chart.setTitle(tr("Calls"))
        self.calls_chart.setMouseEnabled(x=False, y=False)
        self.calls_chart.setMenuEnabled(False)
        self.calls_chart.setMinimumSize(220, 140)
        self.calls_chart.addLegend(offset=(10, 5), colCount=3)
        self.teams_chart = pg.PlotWidget()
        self.teams_chart.setObjectName("escalationsChart")
        self.teams_chart.setAccessibleName(tr("Open escalations by team and age"))
        self.teams_chart.setTitle(tr("Open escalations by team and age"))
        self.teams_chart.setMouseEnabled(x=False, y=False)
        self.teams_chart.setMenuEnabled(False)
        self.teams_chart.setMinimumSize(220, 140)
        self.teams_chart.addLegend(offset=(10, 5), colCount=4)
        self.enquiry_response = PlainLabel("—")
        self.enquiry_response.setObjectName("enquiryResponse")
        self.enquiry_response.setWordWrap(True)
        self.enquiry_response.setAccessibleName(tr("Enquiry response times by team"))
        self.banner = Banner()
        self.banner.setObjectName("kpiMessage")
        bar = QHBoxLayout()
        bar.addWidget(self.period)
        bar.addWidget(self.refresh)
        bar.addStretch(1)
        bar.addWidget(self.export)
        body = QWidget()
        column = QVBoxLayout(body)
        column.addLayout(bar)
        column.addWidget(self.range)
        column.addLayout(grid)
        enquiries_caption = PlainLabel(tr("Enquiries: time to answer"))
        enquiries_caption.setObjectName("tileCaption")
        column.addWidget(enquiries_caption)
        column.addWidget(self.enquiry_response)
        column.addWidget(self.calls_chart, 1)
        column.addWidget(self.teams_chart, 1)
        column.addWidget(self.banner)
        self.setWidget(body)
        self.period.currentIndexChanged.connect(lambda _i: self._load())
        self.refresh.clicked.connect(self._load)
        self.export.clicked.connect(self._export)
        lead.statsLoaded.connect(self.show_stats)
        lead.statsFailed.connect(lambda text: self.banner.show_message(text, "error"))
        self.export.setEnabled(lead.stats is not None)
        if lead.stats is not None:
            self.show_stats(lead.stats)

    def _load(self) -> None:
        self.banner.clear_message()
        self.lead.load_stats(m.StatsPeriod(self.period.currentData()))

    def show_stats(self, stats: m.Stats) -> None:
        self.range.setText(
            tr("{0} to {1} (UTC)").format(
                stats.start.strftime("%a %d %b %H:%M"), stats.end.strftime("%a %d %b %H:%M")
            )
        )
        fcr = stats.first_contact_resolution
        shown = {
            "answered": str(stats.calls_answered),
            "missed": str(stats.calls_missed),
            "abandoned": str(stats.calls_abandoned),
            "answer": seconds(stats.average_answer_seconds),
            "handle": seconds(stats.average_handle_seconds),
            "fcr": "—" if fcr is None else f"{fcr:.0%}",
            "chat": seconds(stats.chat_first_response_seconds),
            "breaches": tr("{0} calls, {1} chats").format(
                stats.phone_answer_breaches, stats.chat_response_breaches
            ),
        }
        for key, text in shown.items():
            self.values[key].setText(text)
        self._fill_enquiries(stats.enquiry_response)
        self._draw_calls(stats)
        self._draw_teams(stats)
        self.export.setEnabled(True)

    def _stacked(
        self,
        chart: pg.PlotWidget,
        labels: list[str],
        series: list[tuple[str, str, list[int]]],
        every: int = 1,
    ) -> None:
        chart.clear()
        xs = list(range(len(labels)))
        base = [0] * len(labels)
        for name, token, values in series:
            colour = theme.colour(token)
            bars = pg.BarGraphItem(
                x=xs, height=values, y0=base, width=0.7, brush=colour, pen=colour, name=name
            )
            chart.addItem(bars)
            base = [b + v for b, v in zip(base, values, strict=True)]
        axis = chart.getAxis("bottom")
        axis.setTicks([[(x, labels[x]) for x in xs if x % every == 0]])
        chart.setYRange(0, max([*base, 1]) * 1.3)  # room above the bars for the legend

    def _draw_calls(self, stats: m.Stats) -> None:
        buckets = stats.buckets
        self._stacked(
            self.calls_chart,
            [b.label for b in buckets],
            [
                (tr("Answered"), "ok_fg", [b.answered for b in buckets]),
                (tr("Missed"), "warn_border", [b.missed for b in buckets]),
                (tr("Abandoned"), "error_border", [b.abandoned for b in buckets]),
            ],
            every=3 if len(buckets) > 12 else 1,
        )

    def _draw_teams(self, stats: m.Stats) -> None:
        teams = stats.escalations
        self._stacked(
            self.teams_chart,
            [t.team for t in teams],
            [
                (tr("Under 2 h"), "ok_fg", [t.under_2h for t in teams]),
                (tr("Under a day"), "accent", [t.under_1d for t in teams]),
                (tr("Under a week"), "warn_border", [t.under_1w for t in teams]),
                (tr("Older"), "error_border", [t.older for t in teams]),
            ],
        )

    def _fill_enquiries(self, rows: list[m.TeamResponse]) -> None:
        lines = []
        for row in rows:
            line = tr(
                "{team}: {answered} answered, median {median}, {within} in a day, {waiting} waiting"
            ).format(
                team=row.team,
                answered=row.answered,
                median="—"
                if row.median_hours is None
                else tr("{0} h").format(f"{row.median_hours:.1f}"),
                within="—" if row.within_day is None else f"{row.within_day:.0%}",
                waiting=row.waiting,
            )
            if row.target_hours is not None:
                target = tr("target {hours} h: {within} in target, {overdue} overdue")
                line += " · " + target.format(
                    hours=row.target_hours,
                    within="—" if row.within_target is None else f"{row.within_target:.0%}",
                    overdue=row.overdue,
                )
            lines.append(line)
        self.enquiry_response.setText("\n".join(lines) or tr("No enquiries in this period."))

    def _export(self) -> None:
        stats = self.lead.stats
        if stats is None:
            return
        name, _filter = QFileDialog.getSaveFileName(
            self,
            tr("Export the figures"),
            f"caredesk-{stats.period.value}-{stats.start:%Y-%m-%d}.csv",
            tr("CSV files (*.csv)"),
        )
        if name:
            self.save_csv(Path(name))

    def save_csv(self, path: Path) -> None:
        stats = self.lead.stats
        if stats is None:
            return
        try:
            export_csv(stats, path)
        except OSError as exc:
            self.banner.show_message(
                tr("Could not write {0}: {1}").format(path, exc.strerror or exc), "error"
            )
            return
        self.banner.show_message(tr("Saved {0}").format(path), "ok")
