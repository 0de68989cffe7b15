"""Add or remove a representative (carer, parent) who may speak for the patient."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from server.actions import Action, ActionContext, Inputs, Outcome
from server.core import normalise
from server.core.errors import ApiError
from server.core.orm import Representative


class ManageRepresentative(Inputs):
    change: Literal["add", "remove"]
    name: Annotated[str, Field(min_length=3, max_length=200)]
    relationship: Annotated[str, Field(max_length=50)] = "Carer"


def apply(ctx: ActionContext, inputs: ManageRepresentative) -> Outcome:
    account = ctx.require_account()
    existing = [
        r for r in account.representatives if normalise.name(r.name) == normalise.name(inputs.name)
    ]
    if inputs.change == "add":
        if existing:
            raise ApiError(409, "already_there", f"{inputs.name} is already a representative.")
        account.representatives.append(
            Representative(name=inputs.name, relationship_=inputs.relationship)
        )
        return Outcome(summary=f"Added {inputs.name} ({inputs.relationship}) as a representative")
    if not existing:
        raise ApiError(
            422,
            "not_a_representative",
            f"{inputs.name} is not a representative on this account.",
            fields={"name": "not on the account"},
        )
    for rep in existing:
        account.representatives.remove(rep)
    return Outcome(summary=f"Removed {inputs.name} as a representative")


ACTION = Action(
    name="manage_representative",
    title="Add or remove a representative",
    inputs=ManageRepresentative,
    apply=apply,
)
