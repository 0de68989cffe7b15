"""Refunds above the advisor's limit: asked of a lead, once; decided by a lead, once."""

from __future__ import annotations

import logging
import uuid
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from backend_client import errors
from backend_client import models as m

if TYPE_CHECKING:
    from desktop.controllers.desk import DeskController

log = logging.getLogger("caredesk.desk")


class RefundsController(QObject):
    refundRequested = Signal(object)  # m.RefundRequest this advisor just made
    refundRequestFailed = Signal(str)
    refundRequestChanged = Signal(object)  # m.RefundRequest: new (leads) or decided

    def __init__(self, desk: DeskController) -> None:
        super().__init__(desk)
        self.desk = desk
        self.refund_requests: dict[str, m.RefundRequest] = {}  # pending, for leads
        self._ask_keys: dict[tuple[str, str, int], str] = {}

    def reset(self) -> None:
        self.refund_requests = {}
        self._ask_keys.clear()

    def ask_for_refund(self, order_id: str, amount_pence: int, reason: str) -> None:
        conv = self.desk.current
        if conv is None or not conv.account_id:
            return
        body = m.NewRefundRequest(
            conversation_id=conv.id, order_id=order_id, amount_pence=amount_pence, reason=reason
        )
        # One key per request asked for on this conversation: a retry never asks twice.
        key = self._ask_keys.setdefault((conv.id, order_id, amount_pence), uuid.uuid4().hex)
        self.desk.tasks.spawn(self._ask(conv.account_id, body, key), name="ask-refund")

    async def _ask(self, account_id: str, body: m.NewRefundRequest, key: str) -> None:
        assert self.desk.client is not None
        try:
            request = await self.desk.client.refunds.ask(account_id, body, idempotency_key=key)
        except errors.CareDeskError as exc:
            self.refundRequestFailed.emit(self.desk.explain(exc))
            return
        self.refundRequested.emit(request)

    async def load(self) -> None:
        assert self.desk.client is not None
        try:
            listing = await self.desk.client.refunds.list()
        except errors.CareDeskError as exc:
            log.warning("refund requests could not be loaded: %s", exc)
            return
        self.refund_requests = {r.id: r for r in listing.items}
        for request in listing.items:
            self.refundRequestChanged.emit(request)

    def changed(self, request: m.RefundRequest) -> None:
        """A refund request event: pending ones are kept for leads, decided ones dropped."""
        if request.state is m.RefundRequestState.PENDING:
            self.refund_requests[request.id] = request
        else:
            self.refund_requests.pop(request.id, None)
        self.refundRequestChanged.emit(request)

    def decide_refund(self, request_id: str, approve: bool, note: str = "") -> None:
        # A request is decided once: a retried decision replays instead of deciding twice.
        key = f"{'approve' if approve else 'decline'}-{request_id}"
        self.desk.tasks.spawn(self._decide(request_id, approve, note, key), name="decide-refund")

    async def _decide(self, request_id: str, approve: bool, note: str, key: str) -> None:
        assert self.desk.client is not None
        try:
            request = await self.desk.client.refunds.decide(
                request_id, approve, note, idempotency_key=key
            )
        except errors.CareDeskError as exc:
            self.refundRequestFailed.emit(self.desk.explain(exc))
            return
        self.refund_requests.pop(request.id, None)
        self.refundRequestChanged.emit(request)
