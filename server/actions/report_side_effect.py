"""Record a suspected adverse reaction (pharmacists): an issue for the pharmacy team and a flag."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from server.actions import Action, ActionContext, Inputs, Outcome
from server.actions._common import flag
from server.actions.create_issue import open_issue


class ReportSideEffect(Inputs):
    medicine: Annotated[str, Field(min_length=2, max_length=200)]
    reaction: Annotated[str, Field(min_length=3, max_length=2000)]
    severity: Literal["mild", "moderate", "severe"]
    yellow_card_submitted: bool = False


def apply(ctx: ActionContext, inputs: ReportSideEffect) -> Outcome:
    issue = open_issue(
        ctx,
        "side_effect",
        f"Suspected reaction to {inputs.medicine} ({inputs.severity})",
        inputs.reaction,
    )
    flag(ctx, f"Suspected reaction: {inputs.medicine}")
    card = "; Yellow Card submitted" if inputs.yellow_card_submitted else ""
    return Outcome(
        summary=f"Reported a {inputs.severity} suspected reaction to {inputs.medicine}{card}",
        data={"issue_id": issue.id},
    )


ACTION = Action(
    name="report_side_effect",
    title="Report a side effect",
    inputs=ReportSideEffect,
    apply=apply,
    roles=frozenset({"pharmacist"}),
)
