"""Request the next issue of a repeat prescription: an order awaiting the GP's approval."""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated

from pydantic import Field

from server.actions import Action, ActionContext, Inputs, Outcome
from server.actions._common import prescription_of
from server.core.errors import ApiError
from server.core.orm import Order, new_id


class RequestRepeat(Inputs):
    prescription_id: Annotated[str, Field(min_length=1, max_length=40)]
    quantity: Annotated[int, Field(ge=1, le=336)] = 28


def apply(ctx: ActionContext, inputs: RequestRepeat) -> Outcome:
    rx = prescription_of(ctx, inputs.prescription_id)
    if not rx.repeat or rx.status != "active":
        raise ApiError(
            409, "not_an_active_repeat", f"{rx.medicine} is not an active repeat prescription."
        )
    account = ctx.require_account()
    order = Order(
        id=new_id("ord"),
        account_id=account.id,
        placed_at=ctx.now,
        status="awaiting_prescription",
        delivery_method="post",
        expected_delivery=(ctx.now + timedelta(days=5)).date(),
        carrier=None,
        tracking_code=None,
        total_pence=0 if account.exemption else 990,
        refunded_pence=0,
        address={
            "line1": account.address_line1,
            "line2": account.address_line2,
            "city": account.city,
            "postcode": account.postcode,
        },
        lines=[{"medicine": rx.medicine, "quantity": inputs.quantity}],
    )
    ctx.session.add(order)
    rx.next_due = (ctx.now + timedelta(days=inputs.quantity)).date()
    return Outcome(
        summary=f"Requested {rx.medicine} ×{inputs.quantity} from the GP as {order.id}",
        data={"order_id": order.id},
    )


ACTION = Action(
    name="request_repeat", title="Request a repeat prescription", inputs=RequestRepeat, apply=apply
)
