"""For leads: refunds above an advisor's limit, waiting for a decision, oldest first.

The controller keeps the list current from ``refund_request.updated`` events; this dock shows
it and emits the lead's decision. Everything in a row is plain text from the server.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDockWidget,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from backend_client import models as m
from desktop.controllers.desk import DeskController
from desktop.i18n import translate
from desktop.views.partials.widgets import Banner


def describe(request: m.RefundRequest) -> str:
    return translate(
        "RefundRequests", "£{amount} on {order} for {patient}: {reason} (asked by {who}, {when})"
    ).format(
        amount=f"{request.amount_pence / 100:.2f}",
        order=request.order_id,
        patient=request.patient_name,
        reason=request.reason,
        who=request.requested_by,
        when=request.requested_at.astimezone().strftime("%H:%M"),
    )


class RefundRequestsPanel(QDockWidget):
    def __init__(self, desk: DeskController, parent: QWidget | None = None) -> None:
        super().__init__(translate("RefundRequests", "Refund requests"), parent)
        self.setObjectName("refundRequestsPanel")
        self.desk = desk
        self.list = QListWidget()
        self.list.setObjectName("refundRequestList")
        self.list.setAccessibleName(translate("RefundRequests", "Refund requests waiting"))
        self.list.setWordWrap(True)
        self.list.setTabKeyNavigation(False)
        self.note = QLineEdit()
        self.note.setObjectName("decisionNote")
        self.note.setAccessibleName(translate("RefundRequests", "Note for the advisor"))
        self.note.setPlaceholderText(translate("RefundRequests", "Note for the advisor (optional)"))
        self.approve = QPushButton(translate("RefundRequests", "Approve"))
        self.approve.setObjectName("approveRefund")
        self.decline = QPushButton(translate("RefundRequests", "Decline"))
        self.decline.setObjectName("declineRefund")
        self.approve.clicked.connect(lambda: self._decide(True))
        self.decline.clicked.connect(lambda: self._decide(False))
        self.banner = Banner()
        self.banner.setObjectName("refundRequestMessage")
        buttons = QHBoxLayout()
        buttons.addWidget(self.decline)
        buttons.addStretch(1)
        buttons.addWidget(self.approve)
        body = QWidget()
        column = QVBoxLayout(body)
        column.addWidget(self.list, 1)
        column.addWidget(self.note)
        column.addLayout(buttons)
        column.addWidget(self.banner)
        self.setWidget(body)
        desk.refunds.refundRequestChanged.connect(self._changed)
        desk.refunds.refundRequestFailed.connect(
            lambda text: self.banner.show_message(text, "error")
        )
        self.refresh()

    def _changed(self, request: m.RefundRequest) -> None:
        if request.state is not m.RefundRequestState.PENDING:
            verdict = (
                translate("RefundRequests", "Approved")
                if request.state is m.RefundRequestState.APPROVED
                else translate("RefundRequests", "Declined")
            )
            self.banner.show_message(f"{verdict}: {describe(request)}", "ok")
        self.refresh()

    def refresh(self) -> None:
        current = self.list.currentItem()
        keep = current.data(Qt.ItemDataRole.UserRole) if current else None
        self.list.clear()
        waiting = sorted(self.desk.refunds.refund_requests.values(), key=lambda r: r.requested_at)
        for request in waiting:
            item = QListWidgetItem(describe(request))
            item.setData(Qt.ItemDataRole.UserRole, request.id)
            self.list.addItem(item)
            if request.id == keep:
                self.list.setCurrentItem(item)
        if self.list.currentItem() is None and self.list.count():
            self.list.setCurrentRow(0)
        for button in (self.approve, self.decline):
            button.setEnabled(bool(waiting))

    def _decide(self, approve: bool) -> None:
        item = self.list.currentItem()
        if item is None:
            return
        self.banner.clear_message()
        self.desk.refunds.decide_refund(
            item.data(Qt.ItemDataRole.UserRole), approve, self.note.text()
        )
        self.note.clear()
