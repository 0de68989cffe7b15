"""Add a free-text note to the account, within the conversation it was written in."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from server.actions import Action, ActionContext, Inputs, Outcome


class AddNote(Inputs):
    body: Annotated[str, Field(min_length=1, max_length=5000)]


def apply(ctx: ActionContext, inputs: AddNote) -> Outcome:
    return Outcome(
        summary="Note added to the account", note=inputs.body, data={"length": len(inputs.body)}
    )


ACTION = Action(
    name="add_note",
    title="Add a note",
    inputs=AddNote,
    apply=apply,
    needs_verified=False,
    scoped=True,  # the runner's rows only, on a conversation it locks
)
