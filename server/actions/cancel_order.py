"""Cancel an order before it is dispatched."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from server.actions import Action, ActionContext, Inputs, Outcome
from server.actions._common import undispatched_order


class CancelOrder(Inputs):
    order_id: Annotated[str, Field(min_length=1, max_length=40)]
    reason: Annotated[str, Field(min_length=3, max_length=500)]


def apply(ctx: ActionContext, inputs: CancelOrder) -> Outcome:
    order = undispatched_order(ctx, inputs.order_id)
    order.status = "cancelled"
    order.expected_delivery = None
    return Outcome(summary=f"Cancelled {order.id}: {inputs.reason}", data={"order_id": order.id})


ACTION = Action(name="cancel_order", title="Cancel an order", inputs=CancelOrder, apply=apply)
