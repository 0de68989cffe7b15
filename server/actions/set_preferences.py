"""Reminder and marketing preferences."""

from __future__ import annotations

from datetime import time

from pydantic import model_validator

from server.actions import Action, ActionContext, Inputs, Outcome
from server.actions._common import set_preference


class SetPreferences(Inputs):
    reminders: bool | None = None
    reminder_time: time | None = None
    marketing_email: bool | None = None
    marketing_sms: bool | None = None

    @model_validator(mode="after")
    def _something(self) -> SetPreferences:
        if all(
            v is None
            for v in (self.reminders, self.reminder_time, self.marketing_email, self.marketing_sms)
        ):
            raise ValueError("choose at least one preference")
        return self


def apply(ctx: ActionContext, inputs: SetPreferences) -> Outcome:
    said = []
    for key, value in inputs.model_dump(exclude_none=True, mode="json").items():
        set_preference(ctx, key, value)
        words = key.replace("_", " ")
        said.append(f"{words} {'on' if value is True else 'off' if value is False else value}")
    return Outcome(
        summary="Preferences: " + ", ".join(said),
        data=inputs.model_dump(exclude_none=True, mode="json"),
    )


ACTION = Action(name="set_preferences", title="Set preferences", inputs=SetPreferences, apply=apply)
