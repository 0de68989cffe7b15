"""Change how and when an order not yet dispatched is delivered."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from pydantic import Field

from server.actions import Action, ActionContext, Inputs, Outcome
from server.actions._common import undispatched_order
from server.core.errors import ApiError


class ChangeDelivery(Inputs):
    order_id: Annotated[str, Field(min_length=1, max_length=40)]
    method: Literal["post", "courier", "collection_point"]
    delivery_date: date | None = None


def apply(ctx: ActionContext, inputs: ChangeDelivery) -> Outcome:
    order = undispatched_order(ctx, inputs.order_id)
    if inputs.delivery_date is not None and inputs.delivery_date <= ctx.now.date():
        raise ApiError(
            422,
            "date_in_past",
            "The delivery date must be after today.",
            fields={"delivery_date": "must be after today"},
        )
    order.delivery_method = inputs.method
    if inputs.delivery_date is not None:
        order.expected_delivery = inputs.delivery_date
    order.carrier = None if inputs.method == "collection_point" else order.carrier
    when = f" for {inputs.delivery_date:%d %b}" if inputs.delivery_date else ""
    return Outcome(
        summary=f"{order.id} now by {inputs.method.replace('_', ' ')}{when}",
        data={"method": inputs.method, "expected_delivery": str(order.expected_delivery)},
    )


ACTION = Action(name="change_delivery", title="Change delivery", inputs=ChangeDelivery, apply=apply)
