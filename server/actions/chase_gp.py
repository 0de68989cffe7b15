"""Chase the GP practice about a prescription request: routed to the prescriptions team."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from server.actions import Action, ActionContext, Inputs, Outcome
from server.actions._common import prescription_of
from server.actions.create_issue import open_issue
from server.core.orm import Organisation


class ChaseGp(Inputs):
    prescription_id: Annotated[str, Field(min_length=1, max_length=40)]
    note: Annotated[str, Field(max_length=1000)] = ""


def apply(ctx: ActionContext, inputs: ChaseGp) -> Outcome:
    rx = prescription_of(ctx, inputs.prescription_id)
    account = ctx.require_account()
    gp = ctx.session.get(Organisation, rx.gp_ods_code or account.gp_ods_code or "")
    practice = gp.name if gp else "the GP practice"
    issue = open_issue(ctx, "prescription", f"Chase {practice} for {rx.medicine}", inputs.note)
    return Outcome(
        summary=f"Chasing {practice} for {rx.medicine}",
        data={"issue_id": issue.id, "practice_phone": gp.phone if gp else None},
    )


ACTION = Action(name="chase_gp", title="Chase the GP", inputs=ChaseGp, apply=apply)
