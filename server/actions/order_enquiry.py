"""Look up an order for the caller (tracking, charges); changes nothing but is recorded."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from server.actions import Action, ActionContext, Inputs, Outcome
from server.actions._common import order_of

TRACKING_URLS = {
    "Royal Mail": "https://www.royalmail.com/track-your-item#/tracking-results/{code}",
    "DPD": "https://track.dpd.co.uk/parcels/{code}",
    "Evri": "https://www.evri.com/track/parcel/{code}",
}


class OrderEnquiry(Inputs):
    order_id: Annotated[str, Field(min_length=1, max_length=40)]
    topic: Literal["tracking", "charge"] = "tracking"


def apply(ctx: ActionContext, inputs: OrderEnquiry) -> Outcome:
    order = order_of(ctx, inputs.order_id)
    link = None
    if order.carrier and order.tracking_code:
        link = TRACKING_URLS.get(order.carrier, "").format(code=order.tracking_code) or None
    if inputs.topic == "charge":
        summary = (
            f"Explained the charge on {order.id}: £{order.total_pence / 100:.2f}"
            f"{f', £{order.refunded_pence / 100:.2f} refunded' if order.refunded_pence else ''}"
        )
    else:
        summary = f"Tracked {order.id}: {order.status.replace('_', ' ')}" + (
            f" with {order.carrier}" if order.carrier else ""
        )
    return Outcome(
        summary=summary,
        data={
            "status": order.status,
            "carrier": order.carrier,
            "tracking_code": order.tracking_code,
            "tracking_url": link,
            "total_pence": order.total_pence,
        },
    )


ACTION = Action(name="order_enquiry", title="Order enquiry", inputs=OrderEnquiry, apply=apply)
