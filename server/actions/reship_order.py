"""Send a missing or damaged parcel again: a new order with the same items, at no charge."""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated, Literal

from pydantic import Field

from server.actions import Action, ActionContext, Inputs, Outcome
from server.actions._common import order_of
from server.core.errors import ApiError
from server.core.orm import Order, new_id


class ReshipOrder(Inputs):
    order_id: Annotated[str, Field(min_length=1, max_length=40)]
    reason: Literal["missing", "damaged", "wrong_item"]


def apply(ctx: ActionContext, inputs: ReshipOrder) -> Outcome:
    original = order_of(ctx, inputs.order_id)
    if original.status not in ("dispatched", "delivered"):
        raise ApiError(
            409, "not_dispatched", f"{original.id} has not been dispatched: nothing to reship."
        )
    reship = Order(
        id=new_id("ord"),
        account_id=original.account_id,
        placed_at=ctx.now,
        status="dispensing",
        delivery_method="courier",
        expected_delivery=(ctx.now + timedelta(days=2)).date(),
        carrier="DPD",
        tracking_code=None,
        total_pence=0,
        refunded_pence=0,
        address=dict(original.address),
        lines=list(original.lines),
    )
    ctx.session.add(reship)
    return Outcome(
        summary=f"Reshipped {original.id} ({inputs.reason.replace('_', ' ')}) "
        f"as {reship.id} by courier",
        data={"new_order_id": reship.id, "expected_delivery": str(reship.expected_delivery)},
    )


ACTION = Action(name="reship_order", title="Reship an order", inputs=ReshipOrder, apply=apply)
