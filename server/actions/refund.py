"""Refund part or all of an order's payment: never more than was paid; above a set amount,
only a lead."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from server.actions import Action, ActionContext, Inputs, Outcome
from server.actions._common import order_of
from server.errors import ApiError


class Refund(Inputs):
    order_id: Annotated[str, Field(min_length=1, max_length=40)]
    amount_pence: Annotated[int, Field(gt=0, le=10_000_000)]
    reason: Annotated[str, Field(min_length=3, max_length=500)]


def apply(ctx: ActionContext, inputs: Refund) -> Outcome:
    order = order_of(ctx, inputs.order_id)
    left = order.total_pence - order.refunded_pence
    if inputs.amount_pence > left:
        raise ApiError(
            422,
            "refund_too_large",
            f"At most £{left / 100:.2f} can be refunded on {order.id}.",
            fields={"amount_pence": f"at most {left}"},
        )
    limit = ctx.settings.refund_lead_limit_pence
    if inputs.amount_pence > limit and "lead" not in ctx.agent.roles:
        raise ApiError(403, "lead_required", f"Refunds above £{limit / 100:.2f} need a team lead.")
    order.refunded_pence += inputs.amount_pence
    return Outcome(
        summary=f"Refunded £{inputs.amount_pence / 100:.2f} on {order.id}: {inputs.reason}",
        data={"refunded_pence": order.refunded_pence, "left_pence": left - inputs.amount_pence},
    )


ACTION = Action(name="refund", title="Refund a payment", inputs=Refund, apply=apply)
