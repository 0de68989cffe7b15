"""Change the nominated GP practice (by its ODS code)."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from server.actions import Action, ActionContext, Inputs, Outcome
from server.core import normalise
from server.core.errors import ApiError
from server.core.orm import Organisation


class ChangeGp(Inputs):
    ods_code: Annotated[str, Field(min_length=3, max_length=12)]


def apply(ctx: ActionContext, inputs: ChangeGp) -> Outcome:
    account = ctx.require_account()
    code = normalise.ods_code(inputs.ods_code)
    org = ctx.session.get(Organisation, code) if code else None
    if org is None or org.kind != "gp_practice":
        raise ApiError(
            422,
            "unknown_practice",
            "No GP practice has that ODS code.",
            fields={"ods_code": "no GP practice with this code"},
        )
    account.gp_ods_code = org.ods_code
    return Outcome(
        summary=f"Nominated GP changed to {org.name} ({org.ods_code})",
        data={"ods_code": org.ods_code, "name": org.name},
    )


ACTION = Action(name="change_gp", title="Change nominated GP", inputs=ChangeGp, apply=apply)
