"""Update the allergies and conditions a pharmacist has reviewed with the patient."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from server.actions import Action, ActionContext, Inputs, Outcome
from server.actions._common import set_preference

Item = Annotated[str, Field(min_length=2, max_length=100)]


class UpdateClinical(Inputs):
    allergies: Annotated[list[Item], Field(max_length=30)]
    conditions: Annotated[list[Item], Field(max_length=30)]


def apply(ctx: ActionContext, inputs: UpdateClinical) -> Outcome:
    set_preference(ctx, "allergies", inputs.allergies)
    set_preference(ctx, "conditions", inputs.conditions)
    allergies = ", ".join(inputs.allergies) or "none known"
    return Outcome(
        summary=f"Clinical record reviewed: allergies {allergies}; "
        f"{len(inputs.conditions)} conditions",
        data={"allergies": inputs.allergies, "conditions": inputs.conditions},
    )


ACTION = Action(
    name="update_clinical",
    title="Update allergies and conditions",
    inputs=UpdateClinical,
    apply=apply,
    roles=frozenset({"pharmacist"}),
)
