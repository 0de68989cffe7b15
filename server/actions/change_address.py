"""Change the delivery address of the account, and of an order not yet dispatched."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, field_validator

from server.actions import Action, ActionContext, Inputs, Outcome
from server.actions._common import undispatched_order
from server.core import normalise


class ChangeAddress(Inputs):
    line1: Annotated[str, Field(min_length=3, max_length=200)]
    line2: Annotated[str | None, Field(max_length=200)] = None
    city: Annotated[str, Field(min_length=2, max_length=100)]
    postcode: Annotated[str, Field(max_length=10)]
    order_id: Annotated[str | None, Field(max_length=40)] = None
    account_too: bool = True

    @field_validator("postcode")
    @classmethod
    def _postcode(cls, value: str) -> str:
        key = normalise.postcode(value)
        if key is None:
            raise ValueError("not a UK postcode")
        return normalise.postcode_display(key)


def apply(ctx: ActionContext, inputs: ChangeAddress) -> Outcome:
    account = ctx.require_account()
    address = {
        "line1": inputs.line1,
        "line2": inputs.line2 or None,
        "city": inputs.city,
        "postcode": inputs.postcode,
    }
    changed = []
    if inputs.order_id:
        order = undispatched_order(ctx, inputs.order_id)
        order.address = address
        changed.append(f"order {order.id}")
    if inputs.account_too or not inputs.order_id:
        account.address_line1, account.address_line2 = inputs.line1, inputs.line2 or None
        account.city, account.postcode = inputs.city, inputs.postcode
        account.postcode_key = inputs.postcode.replace(" ", "")
        changed.append("the account")
    return Outcome(
        summary=f"Address changed on {' and '.join(changed)} to {inputs.line1}, {inputs.postcode}",
        data={"address": address},
    )


ACTION = Action(
    name="change_address", title="Change delivery address", inputs=ChangeAddress, apply=apply
)
