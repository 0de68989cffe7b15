"""Refunds above an advisor's limit: the advisor asks, a lead approves or declines.

Asking needs the same verified conversation as the refund itself (the advisor is talking to
the patient); deciding needs the lead role and no conversation (the patient may have hung up).
An approval applies the refund as the lead, within what the order has left, records it like
any refund (so the daily sums stay true), notes it on the account and tells the advisor.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from backend_client import models as m
from server.accounts import snapshot
from server.core import locks
from server.core.audit import audit
from server.core.config import Settings
from server.core.errors import ApiError, not_found
from server.core.events import append_event
from server.core.normalise import pounds_display
from server.core.orm import (
    Account,
    Agent,
    Note,
    Order,
    RefundRecord,
    RefundRequestRow,
    new_id,
    utcnow,
)
from server.identity.auth import require_role


def to_wire(session: Session, row: RefundRequestRow) -> m.RefundRequest:
    account = session.get(Account, row.account_id)
    requester = session.get(Agent, row.requested_by)
    decider = session.get(Agent, row.decided_by) if row.decided_by else None
    return m.RefundRequest(
        id=row.id,
        account_id=row.account_id,
        patient_name=account.full_name if account else "?",
        order_id=row.order_id,
        amount_pence=row.amount_pence,
        reason=row.reason,
        state=m.RefundRequestState(row.state),
        requested_by=requester.display_name if requester else "?",
        requested_at=row.created_at,
        decided_by=decider.display_name if decider else None,
        decided_at=row.decided_at,
        note=row.note or "",
    )


def _left(order: Order) -> int:
    return order.total_pence - order.refunded_pence


def _tell(session: Session, agent_ids: set[str], wire: m.RefundRequest) -> None:
    data = wire.model_dump(mode="json")
    for agent_id in agent_ids:
        append_event(session, agent_id, m.EventType.REFUND_REQUEST_UPDATED, data)


def _leads(session: Session) -> set[str]:
    return {a.id for a in session.scalars(select(Agent)) if "lead" in (a.roles or [])}


def ask(
    session: Session, settings: Settings, agent: Agent, account_id: str, body: m.NewRefundRequest
) -> m.RefundRequest:
    snapshot.authorize(session, settings, agent, account_id, body.conversation_id)
    order = session.get(Order, body.order_id)
    if order is None or order.account_id != account_id:
        raise ApiError(422, "unknown_order", "That order is not on this account.")
    if body.amount_pence > _left(order):
        raise ApiError(
            422,
            "refund_too_large",
            f"At most {pounds_display(_left(order))} can be refunded on {order.id}.",
            fields={"amount_pence": f"at most {pounds_display(_left(order))}"},
        )
    row = RefundRequestRow(
        id=new_id("rrq"),
        account_id=account_id,
        order_id=order.id,
        conversation_id=body.conversation_id,
        requested_by=agent.id,
        amount_pence=body.amount_pence,
        reason=body.reason,
        state=m.RefundRequestState.PENDING.value,
        note="",
        created_at=utcnow(),
    )
    session.add(row)
    session.flush()
    audit(
        session,
        "refund_request.asked",
        agent_id=agent.id,
        account_id=account_id,
        conversation_id=body.conversation_id,
        request_id=row.id,
    )
    wire = to_wire(session, row)
    _tell(session, _leads(session) | {agent.id}, wire)
    return wire


def pending(session: Session, agent: Agent) -> list[m.RefundRequest]:
    require_role(agent, "lead")
    rows = session.scalars(
        select(RefundRequestRow)
        .where(RefundRequestRow.state == m.RefundRequestState.PENDING.value)
        .order_by(RefundRequestRow.created_at)
    ).all()
    return [to_wire(session, r) for r in rows]


def decide(
    session: Session, lead: Agent, request_id: str, approve: bool, body: m.RefundDecision
) -> m.RefundRequest:
    require_role(lead, "lead")
    row = locks.row(session, RefundRequestRow, request_id)  # decided once
    if row is None:
        raise not_found("The refund request")
    if row.state != m.RefundRequestState.PENDING.value:
        raise ApiError(
            409, "already_decided", f"This request was already {row.state} by another lead."
        )
    order = locks.row(session, Order, row.order_id)  # refunded up to what is left
    assert order is not None
    now = utcnow()
    if approve:
        if row.amount_pence > _left(order):
            raise ApiError(
                409,
                "refund_too_large",
                f"Only {pounds_display(_left(order))} is left to refund on {order.id} now.",
            )
        order.refunded_pence += row.amount_pence
        session.add(
            RefundRecord(
                id=new_id("rfd"),
                order_id=order.id,
                account_id=row.account_id,
                agent_id=lead.id,
                amount_pence=row.amount_pence,
                at=now,
            )
        )
    row.state = (m.RefundRequestState.APPROVED if approve else m.RefundRequestState.DECLINED).value
    row.decided_by, row.decided_at, row.note = lead.id, now, body.note.strip()
    verdict = "approved" if approve else "declined"
    session.add(
        Note(
            id=new_id("note"),
            account_id=row.account_id,
            conversation_id=row.conversation_id,
            agent_id=lead.id,
            body=f"Refund of {pounds_display(row.amount_pence)} on {order.id} {verdict} by "
            f"{lead.display_name}: {row.reason}" + (f" ({row.note})" if row.note else ""),
            created_at=now,
        )
    )
    audit(
        session,
        f"refund_request.{verdict}",
        agent_id=lead.id,
        account_id=row.account_id,
        request_id=row.id,
    )
    wire = to_wire(session, row)
    _tell(session, _leads(session) | {row.requested_by}, wire)
    changed = m.AccountChanged(
        account_id=row.account_id, conversation_id=row.conversation_id, reason=f"refund.{verdict}"
    ).model_dump(mode="json")
    append_event(session, row.requested_by, m.EventType.ACCOUNT_UPDATED, changed)
    session.flush()
    return wire
