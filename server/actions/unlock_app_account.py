"""Unlock the patient's app account after too many failed logins."""

from __future__ import annotations

from server.actions import Action, ActionContext, Inputs, Outcome
from server.actions._common import set_preference


class UnlockApp(Inputs):
    pass


def apply(ctx: ActionContext, inputs: UnlockApp) -> Outcome:
    was = bool((ctx.require_account().preferences or {}).get("app_locked"))
    set_preference(ctx, "app_locked", False)
    set_preference(ctx, "app_unlocked_at", ctx.now.isoformat())
    return Outcome(
        summary="App account unlocked" if was else "App account was not locked; login reset",
        data={"was_locked": was},
    )


ACTION = Action(
    name="unlock_app_account", title="Unlock the app account", inputs=UnlockApp, apply=apply
)
