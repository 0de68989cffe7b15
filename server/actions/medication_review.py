"""Record a telephone medication review (pharmacists): a structured clinical note on the account,
and the follow-up the pharmacist set."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from server.actions import Action, ActionContext, Inputs, Outcome

ADHERENCE = {
    "good": "takes them as prescribed",
    "some_missed": "misses some doses",
    "poor": "often misses or stops them",
}
FOLLOW_UP = {
    "none": "no follow-up needed",
    "2_weeks": "review again in 2 weeks",
    "1_month": "review again in a month",
    "3_months": "review again in 3 months",
}


class MedicationReview(Inputs):
    medicines: Annotated[str, Field(min_length=2, max_length=1000)]
    adherence: Literal["good", "some_missed", "poor"]
    concerns: Annotated[str, Field(max_length=2000)] = ""
    advice: Annotated[str, Field(min_length=2, max_length=2000)]
    follow_up: Literal["none", "2_weeks", "1_month", "3_months"]


def apply(ctx: ActionContext, inputs: MedicationReview) -> Outcome:
    ctx.require_account()
    lines = [
        f"Medication review by {ctx.agent.display_name}.",
        f"Medicines: {inputs.medicines}.",
        f"Adherence: {ADHERENCE[inputs.adherence]}.",
    ]
    if inputs.concerns.strip():
        lines.append(f"Concerns: {inputs.concerns.strip()}.")
    lines += [f"Advice: {inputs.advice.strip()}.", f"Follow-up: {FOLLOW_UP[inputs.follow_up]}."]
    return Outcome(
        summary=f"Medication review recorded ({FOLLOW_UP[inputs.follow_up]})",
        note="\n".join(lines),
        data={"adherence": inputs.adherence, "follow_up": inputs.follow_up},
    )


ACTION = Action(
    name="medication_review",
    title="Record a medication review",
    inputs=MedicationReview,
    apply=apply,
    roles=frozenset({"pharmacist"}),
)
