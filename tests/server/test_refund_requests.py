"""A refund above an advisor's limit: asked for within the call, approved or declined by a lead,
applied once, within what the order has left; the advisor hears the outcome."""

from __future__ import annotations

import asyncio

import pytest

from backend_client import errors
from backend_client import models as m
from server.core.events import fetch_since, latest_id
from server.core.orm import Note, Order, RefundRecord
from tests.workflows.test_catalogue import REGISTRY, suitable_patient, verified_conversation


async def asked(
    http, advisor, ctx, call_id: int, amount: int = 6000
) -> tuple[m.RefundRequest, str]:  # type: ignore[no-untyped-def]
    account_id = suitable_patient(ctx, REGISTRY.workflows["refund"])
    conv = await verified_conversation(http, advisor, ctx, account_id, "advisor", call_id)
    snap = await advisor.accounts.snapshot(account_id, conv.id)
    paid = max(snap.orders, key=lambda o: o.total_pence)
    with ctx.db.transaction() as session:
        session.get(Order, paid.id).total_pence = 20_000  # type: ignore[union-attr]
    body = m.NewRefundRequest(
        conversation_id=conv.id, order_id=paid.id, amount_pence=amount, reason="Damaged twice"
    )
    return await advisor.refunds.ask(account_id, body), paid.id


async def test_a_lead_approves_and_the_refund_is_applied_once(http, advisor, lead, ctx) -> None:
    advisor_me = await advisor.agents.me()
    before = latest_id(ctx.db, advisor_me.id)
    request, order_id = await asked(http, advisor, ctx, 951)
    assert request.state is m.RefundRequestState.PENDING and request.amount_pence == 6000
    [waiting] = (await lead.refunds.list()).items
    assert waiting.id == request.id and waiting.requested_by == advisor_me.display_name
    with pytest.raises(errors.PermissionDeniedError):
        await advisor.refunds.list()
    with pytest.raises(errors.PermissionDeniedError):
        await advisor.refunds.decide(request.id, True)

    approved = await lead.refunds.decide(request.id, True, "Second damaged parcel")
    assert approved.state is m.RefundRequestState.APPROVED and approved.decided_by
    with pytest.raises(errors.ConflictError) as again:
        await lead.refunds.decide(request.id, False)
    assert again.value.code == "already_decided"
    with ctx.db.reader() as session:
        order = session.get(Order, order_id)
        records = session.query(RefundRecord).filter(RefundRecord.order_id == order_id).all()
        notes = session.query(Note).filter(Note.account_id == request.account_id).all()
    assert order is not None and order.refunded_pence == 6000
    assert [r.amount_pence for r in records] == [6000]
    assert any("£60.00" in n.body and "approved" in n.body for n in notes)
    kinds = [e.type for e in fetch_since(ctx.db, advisor_me.id, before)]
    assert m.EventType.REFUND_REQUEST_UPDATED in kinds and m.EventType.ACCOUNT_UPDATED in kinds
    assert (await lead.refunds.list()).items == []


async def test_two_leads_deciding_at_once_apply_it_once(http, advisor, lead, ctx, app) -> None:
    from tests.conftest import make_client

    request, order_id = await asked(http, advisor, ctx, 952)
    other = make_client(app)
    await other.login("lead", "demo")
    try:
        results = await asyncio.gather(
            lead.refunds.decide(request.id, True),
            other.refunds.decide(request.id, True),
            return_exceptions=True,
        )
    finally:
        await other.aclose()
    assert sum(isinstance(r, m.RefundRequest) for r in results) == 1
    assert sum(isinstance(r, errors.ConflictError) for r in results) == 1
    with ctx.db.reader() as session:
        order = session.get(Order, order_id)
    assert order is not None and order.refunded_pence == 6000


async def test_a_request_cannot_exceed_what_is_left(http, advisor, ctx) -> None:
    with pytest.raises(errors.ValidationError) as caught:
        await asked(http, advisor, ctx, 953, amount=30_000)
    assert caught.value.code == "refund_too_large" and "£200.00" in caught.value.message
