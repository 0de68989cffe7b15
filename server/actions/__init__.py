"""Server actions: one module per action in this package, each exporting ``ACTION``.

An action changes the account (or the conversation) and says what it did; the runner
(``server.workflows.runner``) wraps it with the checks, the workflow-run record, the note, the
Intercom note and the audit row, all in the one transaction the action runs in.
"""

from __future__ import annotations

import importlib
import logging
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict
from sqlalchemy.orm import Session

from server.core.config import Settings
from server.core.orm import Account, Agent, Conversation

log = logging.getLogger("caredesk.server.actions")


class Inputs(BaseModel):
    """Base for an action's inputs: unknown fields are refused, so typos do not vanish."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


@dataclass
class ActionContext:
    session: Session
    settings: Settings
    agent: Agent
    account: Account | None  # None only for actions that need no verified caller
    conversation: Conversation
    now: datetime
    # Filled by the action: conversations whose owners must hear of a change, extra events.
    changed_conversations: list[Any] = field(default_factory=list)
    issue_ids: list[str] = field(default_factory=list)

    def require_account(self) -> Account:
        if self.account is None:
            from server.core.errors import forbidden

            raise forbidden("This needs a verified caller.", "not_verified")
        return self.account


@dataclass
class Outcome:
    summary: str
    data: dict[str, Any] = field(default_factory=dict)
    note: str | None = None  # the conversation note; the summary when not given


@dataclass(frozen=True)
class Action:
    name: str
    title: str
    inputs: type[Inputs]
    apply: Callable[[ActionContext, Any], Outcome]
    roles: frozenset[str] = frozenset()  # empty: every signed-in agent
    needs_verified: bool = True
    secret_fields: frozenset[str] = frozenset()  # left out of the recorded inputs
    # True: ``apply`` locks whatever it checks and then changes (server/core/locks.py), or
    # changes nothing another unit of work decides on, so runs of it go beside other work. The
    # runner locks the conversation's row itself. False: it runs alone (the writer lock taken
    # exclusive), as every action did before it named its places.
    scoped: bool = False


def discover() -> dict[str, Action]:
    """Every module here with an ``ACTION``; a broken one is logged and skipped."""
    found: dict[str, Action] = {}
    for info in pkgutil.iter_modules(__path__):
        if info.name.startswith("_"):
            continue
        try:
            module = importlib.import_module(f"{__name__}.{info.name}")
        except Exception:
            log.exception("action module %s failed to import; skipped", info.name)
            continue
        action = getattr(module, "ACTION", None)
        if isinstance(action, Action):
            found[action.name] = action
    return found
