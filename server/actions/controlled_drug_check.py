"""Record a controlled-drug identity check (pharmacists); the document number is not kept."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from server.actions import Action, ActionContext, Inputs, Outcome
from server.actions._common import flag
from server.core.errors import ApiError


class ControlledDrugCheck(Inputs):
    document: Literal["passport", "driving_licence", "other_photo_id"]
    document_number: Annotated[str, Field(min_length=4, max_length=40)]
    identity_confirmed: bool


def apply(ctx: ActionContext, inputs: ControlledDrugCheck) -> Outcome:
    if not inputs.identity_confirmed:
        raise ApiError(
            422,
            "not_confirmed",
            "Confirm that the document matches the patient.",
            fields={"identity_confirmed": "must be confirmed"},
        )
    flag(ctx, f"CD ID checked {ctx.now:%d %b %Y}")
    return Outcome(
        summary=f"Controlled-drug ID checked ({inputs.document.replace('_', ' ')})",
        data={"document": inputs.document},
    )


ACTION = Action(
    name="controlled_drug_check",
    title="Controlled-drug ID check",
    inputs=ControlledDrugCheck,
    apply=apply,
    roles=frozenset({"pharmacist"}),
    secret_fields=frozenset({"document_number"}),
)
