"""The outbox: workflow actions made while offline, sent in order when the server is back.

Each action gets its idempotency key when it is queued, before the first try, and keeps it
through every retry and restart: the server applies it once however often it is sent (a crash
after the server applied it, before the desk heard, replays the same answer). A refusal is kept
with its reason for the advisor to see; only a success removes an action.

Qt-free, so the fault-injection run (``python -m bench.outbox_faults``) replays through the
same code in a process it can kill.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from backend_client import CareDeskClient, errors
from backend_client import models as m
from desktop.cache.store import CacheStore


@dataclass(frozen=True)
class Queued:
    seq: int
    key: str
    action: str
    account_id: str | None
    request: m.ActionRequest
    title: str  # the workflow's title, for the list of what is waiting
    state: str = "pending"  # pending | refused
    refusal: str | None = None

    def to_bytes(self) -> bytes:
        return json.dumps(
            {
                "key": self.key,
                "action": self.action,
                "account_id": self.account_id,
                "request": self.request.model_dump(mode="json"),
                "title": self.title,
            }
        ).encode()

    @classmethod
    def from_row(cls, seq: int, state: str, plain: bytes, error: bytes | None) -> Queued:
        data: dict[str, Any] = json.loads(plain)
        return cls(
            seq=seq,
            key=data["key"],
            action=data["action"],
            account_id=data["account_id"],
            request=m.ActionRequest.model_validate(data["request"]),
            title=data["title"],
            state=state,
            refusal=error.decode() if error else None,
        )


def queue(
    store: CacheStore,
    action: str,
    request: m.ActionRequest,
    account_id: str | None,
    title: str,
    key: str | None = None,
) -> Queued:
    item = Queued(0, key or uuid.uuid4().hex, action, account_id, request, title)
    seq = store.outbox_add(item.to_bytes())
    return Queued(seq, item.key, action, account_id, request, title)


def waiting(store: CacheStore) -> list[Queued]:
    return [Queued.from_row(*row) for row in store.outbox()]


@dataclass
class ReplayReport:
    sent: list[tuple[Queued, m.ActionResult]]
    refused: list[tuple[Queued, str]]
    stopped: str | None = None  # why replay stopped early (the server is unreachable)


async def replay(
    client: CareDeskClient,
    store: CacheStore,
    run_blocking: Callable[..., Any],
) -> ReplayReport:
    """Send every pending action, oldest first. ``run_blocking(fn, *args)`` runs a store call
    off the caller's thread (the desk's cache worker) and is awaited."""
    report = ReplayReport([], [])
    for item in await run_blocking(waiting, store):
        if item.state != "pending":
            continue
        try:
            result = await client.actions.run(
                item.action, item.request, account_id=item.account_id, idempotency_key=item.key
            )
        except errors.APIConnectionError as exc:
            report.stopped = str(exc)  # still offline: the rest waits, in order
            return report
        except errors.APIStatusError as exc:
            in_flight = exc.code == "idempotency_conflict"  # a send from before a crash
            if exc.status_code >= 500 or isinstance(exc, errors.ThrottledError) or in_flight:
                report.stopped = exc.message  # the server's trouble: try again later
                return report
            await run_blocking(store.outbox_refused, item.seq, exc.message.encode())
            report.refused.append((item, exc.message))
            continue
        await run_blocking(store.outbox_done, item.seq)
        report.sent.append((item, result))
    return report
