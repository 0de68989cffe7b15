"""Running the workflow on screen: its idempotency key (the same values after a failed attempt
reuse it, so a retry can never apply twice), the server action, or the offline outbox for a
workflow that may wait, and what came of it."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal

from backend_client import errors
from backend_client import models as m
from desktop.controllers.explain import explain
from desktop.state import Connection

if TYPE_CHECKING:
    from desktop.controllers.desk import DeskController
    from desktop.workflows.base import Workflow

# An idempotency key and the values it was made for.
Key = tuple[str, dict[str, Any]]


class RunnerController(QObject):
    done = Signal(object)  # m.ActionResult
    # Why it was not done, the server's word on each field, and whether a lead may approve it.
    refused = Signal(str, object, bool)
    kept = Signal()  # offline: queued in the outbox, sent when the connection is back

    def __init__(self, desk: DeskController) -> None:
        super().__init__(desk)
        self.desk = desk
        self.key: Key | None = None  # for the workflow on screen; parked and resumed with it

    def submit(
        self, workflow: Workflow, conversation: m.Conversation, values: dict[str, Any]
    ) -> bool:
        """Send (or keep) the action; False when it was kept for later, True when it went."""
        if self.key is None or self.key[1] != values:
            self.key = (uuid.uuid4().hex, values)
        key = self.key[0]
        if workflow.offline and self.desk.connection.state is not Connection.LIVE:
            self._keep(workflow, conversation, values, key)
            return False
        self.desk.tasks.spawn(self._run(workflow, conversation, values, key), name="workflow")
        return True

    async def _run(
        self, workflow: Workflow, conversation: m.Conversation, values: dict[str, Any], key: str
    ) -> None:
        desk = self.desk
        client = desk.client
        if client is None:
            return
        try:
            result = await workflow.run(client, conversation, values, idempotency_key=key)
        except errors.ValidationError as exc:
            self.refused.emit(explain(exc), dict(exc.fields), False)
            return
        except errors.APIConnectionError as exc:
            if workflow.offline:  # the network dropped just now: keep it, same key
                self._keep(workflow, conversation, values, key)
                return
            self.refused.emit(desk.explain(exc), {}, False)
            return
        except errors.CareDeskError as exc:
            lead = (
                isinstance(exc, errors.APIStatusError)
                and exc.code == "lead_required"
                and workflow.action == "refund"
            )
            self.refused.emit(desk.explain(exc), {}, lead)
            return
        self.done.emit(result)

    def _keep(
        self, workflow: Workflow, conversation: m.Conversation, values: dict[str, Any], key: str
    ) -> None:
        self.desk.outbox.queue_action(workflow, conversation, values, key)
        self.kept.emit()
