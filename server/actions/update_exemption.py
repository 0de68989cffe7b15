"""Record or update the patient's prescription charge exemption."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from pydantic import Field

from server.actions import Action, ActionContext, Inputs, Outcome
from server.core.errors import ApiError


class UpdateExemption(Inputs):
    exemption: Annotated[str, Field(min_length=2, max_length=100)]
    expires: date | None = None
    certificate_number: Annotated[str | None, Field(max_length=40)] = None


def apply(ctx: ActionContext, inputs: UpdateExemption) -> Outcome:
    account = ctx.require_account()
    if inputs.expires is not None and inputs.expires <= ctx.now.date():
        raise ApiError(
            422,
            "expired",
            "That certificate has already expired.",
            fields={"expires": "in the past"},
        )
    account.exemption, account.exemption_expires = inputs.exemption, inputs.expires
    until = f" until {inputs.expires:%d %b %Y}" if inputs.expires else ""
    return Outcome(
        summary=f"Exemption recorded: {inputs.exemption}{until}",
        data={"exemption": inputs.exemption},
    )


ACTION = Action(
    name="update_exemption",
    title="Record an exemption",
    inputs=UpdateExemption,
    apply=apply,
    secret_fields=frozenset({"certificate_number"}),
)
