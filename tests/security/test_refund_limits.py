"""The lead limit applies to what is refunded in total: on an order, and to a patient in a day."""

from __future__ import annotations

from dataclasses import replace

import pytest
from sqlalchemy import select

from backend_client import errors
from backend_client import models as m
from server.app import build_context, create_app
from server.core.orm import Order
from tests.conftest import make_client
from tests.support import APP_KEY, aircall, patient


@pytest.fixture
def ten_pound_limit(settings):
    ctx = build_context(replace(settings, refund_lead_limit_pence=1000))
    yield ctx, create_app(ctx.settings, ctx=ctx)
    ctx.close()


async def verified(http, client, ctx, account_id: str, call_id: int) -> str:
    facts = patient(ctx, account_id)
    token = await client.patient_app.create_call_token(account_id, APP_KEY)
    reply = await http.post(
        "/webhooks/aircall",
        json=aircall(
            "call.answered", call_id, raw_digits=facts.phone, digits=token.token, answered=True
        ),
    )
    return str(reply.json()["conversation_id"])


def refund(conv: str, order: str, pence: int) -> m.ActionRequest:
    return m.ActionRequest(
        conversation_id=conv,
        workflow_id="refund",
        inputs={"order_id": order, "amount_pence": pence, "reason": "Damaged in the post"},
    )


def paid_orders(ctx, account_id: str) -> list[str]:
    with ctx.db.reader() as session:
        return list(
            session.scalars(
                select(Order.id)
                .where(Order.account_id == account_id, Order.total_pence >= 2000)
                .order_by(Order.id)
            )
        )


async def test_four_small_refunds_cannot_pass_a_limit_one_large_one_could_not(
    ten_pound_limit,
) -> None:
    import httpx

    ctx, app = ten_pound_limit
    account = next(
        a for a in (f"pat_{n:05d}" for n in range(60, 120)) if len(paid_orders(ctx, a)) >= 2
    )
    first, second = paid_orders(ctx, account)[:2]
    async with (
        httpx.AsyncClient(transport=httpx.ASGITransport(app), base_url="http://t") as http,
        make_client(app) as advisor,
        make_client(app) as lead,
    ):
        await advisor.login("advisor", "demo")
        await lead.login("lead", "demo")
        conv = await verified(http, advisor, ctx, account, 601)
        await advisor.actions.run("refund", refund(conv, first, 990), account_id=account)
        with pytest.raises(errors.PermissionDeniedError) as on_order:
            await advisor.actions.run("refund", refund(conv, first, 990), account_id=account)
        assert on_order.value.code == "lead_required" and "£9.90" in on_order.value.message
        # Another order of the same patient on the same day: the daily sum stops it too.
        with pytest.raises(errors.PermissionDeniedError) as today:
            await advisor.actions.run("refund", refund(conv, second, 990), account_id=account)
        assert "in a day" in today.value.message
        with ctx.db.reader() as session:
            assert session.get(Order, first).refunded_pence == 990
        # A lead may, on the same conversation (a lead sees any conversation).
        await lead.actions.run("refund", refund(conv, first, 990), account_id=account)
