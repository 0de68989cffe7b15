"""Refund part or all of an order's payment: never more than was paid; above a set amount,
only a lead. The amount is a sum, not one refund: what was already refunded on the order, and
to the patient today, counts too, so four small refunds cannot pass where one large one may not.
"""

from __future__ import annotations

from datetime import UTC, datetime, time
from typing import Annotated

from pydantic import Field
from sqlalchemy import func, select

from server.actions import Action, ActionContext, Inputs, Outcome
from server.actions._common import order_of
from server.core.errors import ApiError
from server.core.normalise import pounds_display
from server.core.orm import RefundRecord, new_id


class Refund(Inputs):
    order_id: Annotated[str, Field(min_length=1, max_length=40)]
    amount_pence: Annotated[int, Field(gt=0, le=10_000_000)]
    reason: Annotated[str, Field(min_length=3, max_length=500)]


def refunded_today(ctx: ActionContext, account_id: str) -> int:
    day_start = datetime.combine(ctx.now.date(), time.min, tzinfo=UTC)
    total = ctx.session.scalar(
        select(func.coalesce(func.sum(RefundRecord.amount_pence), 0)).where(
            RefundRecord.account_id == account_id, RefundRecord.at >= day_start
        )
    )
    return int(total or 0)


def apply(ctx: ActionContext, inputs: Refund) -> Outcome:
    order = order_of(ctx, inputs.order_id)
    account = ctx.require_account()
    left = order.total_pence - order.refunded_pence
    if inputs.amount_pence > left:
        raise ApiError(
            422,
            "refund_too_large",
            f"At most {pounds_display(left)} can be refunded on {order.id}.",
            fields={"amount_pence": f"at most {pounds_display(left)}"},
        )
    limit = ctx.settings.refund_lead_limit_pence
    if "lead" not in ctx.agent.roles:
        on_order = order.refunded_pence + inputs.amount_pence
        today = refunded_today(ctx, account.id) + inputs.amount_pence
        if on_order > limit:
            raise ApiError(
                403,
                "lead_required",
                f"Refunds on one order above {pounds_display(limit)} in total need a team lead: "
                f"{pounds_display(order.refunded_pence)} is already refunded on {order.id}.",
            )
        if today > limit:
            raise ApiError(
                403,
                "lead_required",
                f"Refunds to one patient above {pounds_display(limit)} in a day need a team lead: "
                f"{pounds_display(today - inputs.amount_pence)} was already refunded today.",
            )
    order.refunded_pence += inputs.amount_pence
    ctx.session.add(
        RefundRecord(
            id=new_id("rfd"),
            order_id=order.id,
            account_id=account.id,
            agent_id=ctx.agent.id,
            amount_pence=inputs.amount_pence,
            at=ctx.now,
        )
    )
    return Outcome(
        summary=f"Refunded {pounds_display(inputs.amount_pence)} on {order.id}: {inputs.reason}",
        data={"refunded_pence": order.refunded_pence, "left_pence": left - inputs.amount_pence},
    )


ACTION = Action(name="refund", title="Refund a payment", inputs=Refund, apply=apply)
