"""Pause or resume repeat prescriptions (one, or all of them)."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field
from sqlalchemy import select

from server.actions import Action, ActionContext, Inputs, Outcome
from server.actions._common import prescription_of
from server.core.orm import Prescription


class SetRepeats(Inputs):
    paused: bool
    prescription_id: Annotated[str | None, Field(max_length=40)] = None


def apply(ctx: ActionContext, inputs: SetRepeats) -> Outcome:
    account = ctx.require_account()
    if inputs.prescription_id:
        targets = [prescription_of(ctx, inputs.prescription_id)]
    else:
        targets = list(
            ctx.session.scalars(
                select(Prescription).where(
                    Prescription.account_id == account.id, Prescription.repeat.is_(True)
                )
            )
        )
    wanted, current = ("paused", "active") if inputs.paused else ("active", "paused")
    changed = [rx for rx in targets if rx.repeat and rx.status == current]
    for rx in changed:
        rx.status = wanted
    names = ", ".join(rx.medicine for rx in changed) or "nothing to change"
    return Outcome(
        summary=f"{'Paused' if inputs.paused else 'Resumed'} repeats: {names}",
        data={"changed": [rx.id for rx in changed]},
    )


ACTION = Action(name="set_repeats", title="Pause or resume repeats", inputs=SetRepeats, apply=apply)
