"""Send the patient (or the caller) a text or an email: links, receipts, follow-ups.

Texts are at most 255 characters. A follow-up text needs no verified caller: it goes to the
number that called, and nothing of the account is put in it.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, model_validator

from backend_client.models import SMS_MAX_CHARS
from server.actions import Action, ActionContext, Inputs, Outcome
from server.actions._common import order_of
from server.core.errors import ApiError
from server.core.orm import OutboundMessage, new_id
from server.messaging import texts

Kind = Literal["payment_link", "password_reset", "receipt", "follow_up"]
BODIES = {
    "payment_link": "Your pharmacy: use this secure link to update your payment card: "
    "https://pay.example/u/{ref}",
    "password_reset": "Reset your pharmacy account password here: "
    "https://app.example/reset/{ref} (valid 1 hour)",
    "receipt": "Your receipt for order {order}: https://app.example/receipts/{order}",
}
SMS_LIMIT = SMS_MAX_CHARS


class SendMessage(Inputs):
    kind: Kind
    channel: Literal["sms", "email"] = "sms"
    order_id: Annotated[str | None, Field(max_length=40)] = None
    text: Annotated[str | None, Field(max_length=2000)] = None

    @model_validator(mode="after")
    def _check(self) -> SendMessage:
        if self.kind == "follow_up":
            if not self.text:
                raise ValueError("a follow-up needs its text")
            if self.channel == "sms" and len(self.text) > SMS_LIMIT:
                raise ValueError(
                    f"a text is at most {SMS_LIMIT} characters ({len(self.text)} given)"
                )
        if self.kind == "receipt" and not self.order_id:
            raise ValueError("a receipt needs the order")
        return self


def apply(ctx: ActionContext, inputs: SendMessage) -> Outcome:
    account = ctx.account
    if inputs.kind != "follow_up" and account is None:
        raise ApiError(403, "not_verified", "This message needs a verified caller.")
    if account is not None:
        to = (
            (account.phones[0].number if account.phones else None)
            if inputs.channel == "sms"
            else account.email
        )
    else:
        to = ctx.conversation.caller_number if inputs.channel == "sms" else None
    if not to:
        raise ApiError(
            422,
            "no_destination",
            f"There is no {'mobile number' if inputs.channel == 'sms' else 'email'} to send to.",
        )
    ref = new_id("ref")[4:16]
    if inputs.kind == "follow_up":
        body = inputs.text or ""
    elif inputs.kind == "receipt":
        body = BODIES["receipt"].format(order=order_of(ctx, inputs.order_id or "").id)
    else:
        body = BODIES[inputs.kind].format(ref=ref)
    if inputs.channel == "sms":
        texts.check_sendable(ctx.session, to, body)
    message = OutboundMessage(
        id=new_id("msg"),
        account_id=account.id if account else None,
        conversation_id=ctx.conversation.id,
        channel=inputs.channel,
        kind=inputs.kind,
        to=to,
        body=body,
        created_at=ctx.now,
    )
    ctx.session.add(message)
    what = inputs.kind.replace("_", " ")
    return Outcome(
        summary=f"Sent a {what} by {'text' if inputs.channel == 'sms' else 'email'}",
        data={"message_id": message.id, "length": len(body)},
    )


ACTION = Action(
    name="send_message",
    title="Send a message",
    inputs=SendMessage,
    apply=apply,
    needs_verified=False,
)
