"""Update the patient's phone number or email address."""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import Field, field_validator, model_validator

from server.actions import Action, ActionContext, Inputs, Outcome
from server.core import normalise
from server.core.orm import AccountPhone

EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


class UpdateContact(Inputs):
    phone: Annotated[str | None, Field(max_length=40)] = None
    email: Annotated[str | None, Field(max_length=200)] = None

    @field_validator("phone")
    @classmethod
    def _phone(cls, value: str | None) -> str | None:
        if not value:
            return None
        e164 = normalise.phone(value)
        if e164 is None:
            raise ValueError("not a phone number")
        return e164

    @field_validator("email")
    @classmethod
    def _email(cls, value: str | None) -> str | None:
        if not value:
            return None
        if not EMAIL.match(value):
            raise ValueError("not an email address")
        return value.lower()

    @model_validator(mode="after")
    def _something(self) -> UpdateContact:
        if not self.phone and not self.email:
            raise ValueError("give a phone number or an email address")
        return self


def apply(ctx: ActionContext, inputs: UpdateContact) -> Outcome:
    account = ctx.require_account()
    changed = []
    if inputs.phone:
        account.phones.clear()
        ctx.session.flush()
        account.phones.append(AccountPhone(number=inputs.phone))
        changed.append("phone")
    if inputs.email:
        account.email = inputs.email
        changed.append("email")
    return Outcome(
        summary=f"Updated {' and '.join(changed)}",
        data={"phone": inputs.phone, "email": inputs.email},
    )


ACTION = Action(
    name="update_contact", title="Update contact details", inputs=UpdateContact, apply=apply
)
