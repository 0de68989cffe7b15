"""Close the account at the patient's request (erasure goes to data protection)."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from server.actions import Action, ActionContext, Inputs, Outcome
from server.actions.create_issue import open_issue
from server.core.errors import ApiError


class CloseAccount(Inputs):
    reason: Annotated[str, Field(min_length=3, max_length=1000)]
    erasure_requested: bool = False
    patient_confirmed: bool


def apply(ctx: ActionContext, inputs: CloseAccount) -> Outcome:
    if not inputs.patient_confirmed:
        raise ApiError(
            422,
            "not_confirmed",
            "The patient must confirm the closure.",
            fields={"patient_confirmed": "must be confirmed"},
        )
    account = ctx.require_account()
    account.status = "closure_requested"
    issue = open_issue(
        ctx,
        "data_request",
        "Erasure request" if inputs.erasure_requested else "Account closure",
        inputs.reason,
    )
    return Outcome(
        summary=f"Account closure requested{' with erasure' if inputs.erasure_requested else ''}",
        data={"issue_id": issue.id},
    )


ACTION = Action(name="close_account", title="Close the account", inputs=CloseAccount, apply=apply)
