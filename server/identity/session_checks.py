"""Open event streams re-check their session every few seconds; at 2,000 agents per floor that
was 400 queries a second, each with a thread hop. Here the checks that fall due together are
answered by one query per batch (``IN`` over the token hashes)."""

from __future__ import annotations

import asyncio
import contextlib
from datetime import datetime

import anyio
from sqlalchemy import select

from server.core.db import Database
from server.core.orm import Agent, AuthToken, utcnow
from server.core.security import token_hash

BATCH = 500
WINDOW_SECONDS = 0.02  # checks arriving this close together share a query


def opens_api(revoked_at: datetime | None, expires_at: datetime, locked: bool) -> bool:
    """Whether an access token still opens the API: not revoked, not expired, and its agent not
    disabled. Every check of a session asks this."""
    return revoked_at is None and expires_at > utcnow() and not locked


def live_hashes(db: Database, hashes: list[str]) -> set[str]:
    """Which of these access-token hashes still open the API (as ``auth._live_session``)."""
    live: set[str] = set()
    columns = (AuthToken.token_hash, AuthToken.revoked_at, AuthToken.expires_at, Agent.locked)
    with db.reader() as session:
        for start in range(0, len(hashes), BATCH):
            rows = session.execute(
                select(*columns)
                .join(Agent, Agent.id == AuthToken.agent_id)
                .where(
                    AuthToken.token_hash.in_(hashes[start : start + BATCH]),
                    AuthToken.kind == "access",
                )
            )
            for digest, revoked_at, expires_at, locked in rows:
                if opens_api(revoked_at, expires_at, locked):
                    live.add(digest)
    return live


class SessionChecks:
    def __init__(self, db: Database) -> None:
        self._db = db
        self._pending: dict[str, list[asyncio.Future[bool]]] = {}
        self._kick: asyncio.Event | None = None
        self._task: asyncio.Task[None] | None = None
        self.queries = 0  # batches run, and sessions checked in them (for tests and the bench)
        self.checked = 0

    async def alive(self, access_token: str) -> bool:
        if self._task is None or self._task.done():
            self._kick = asyncio.Event()
            self._task = asyncio.create_task(self._run(), name="caredesk-session-checks")
        assert self._kick is not None
        future: asyncio.Future[bool] = asyncio.get_running_loop().create_future()
        self._pending.setdefault(token_hash(access_token), []).append(future)
        self._kick.set()
        return await future

    async def _run(self) -> None:
        assert self._kick is not None
        while True:
            await self._kick.wait()
            await asyncio.sleep(WINDOW_SECONDS)  # let the checks due together gather
            self._kick.clear()
            batch, self._pending = self._pending, {}
            try:
                live = await anyio.to_thread.run_sync(live_hashes, self._db, list(batch))
                self.queries += 1
                self.checked += sum(len(futures) for futures in batch.values())
            except Exception as exc:
                for futures in batch.values():
                    for future in futures:
                        if not future.done():
                            future.set_exception(exc)
                continue
            for digest, futures in batch.items():
                for future in futures:
                    if not future.done():
                        future.set_result(digest in live)

    async def close(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None
