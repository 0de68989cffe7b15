"""The desk's face on the cache: what it keeps for offline use, per server and advisor, with
every disk and keyring call on the cache's own worker thread (never the UI thread)."""

from __future__ import annotations

import asyncio
import json
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from backend_client import CareDeskClient
from backend_client import models as m
from desktop.cache import outbox
from desktop.cache.store import CacheStore, cache_folder, forget_key, load_or_make_key, slug


class DeskCache:
    """What the desk keeps for offline use, per server and advisor; every call runs on the
    cache's own worker thread."""

    SNAPSHOT = "snapshot"
    CONVERSATIONS = "conversations"

    def __init__(self, store: CacheStore, server_url: str, username: str, hours: float) -> None:
        self.store = store
        self.server_url, self.username = server_url, username
        self.lifetime = max(0.0, hours) * 3600
        self._worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="caredesk-cache")

    @classmethod
    async def open(cls, server_url: str, username: str, hours: float) -> DeskCache:
        def build() -> CacheStore:
            key = load_or_make_key(server_url, username)
            path = cache_folder() / f"{slug(server_url, username)}.sqlite3"
            return CacheStore(path, key)

        store = await asyncio.to_thread(build)
        cache = cls(store, server_url, username, hours)
        await cache._run(store.purge_expired)
        return cache

    async def _run(self, fn: Any, *args: Any) -> Any:
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._worker, fn, *args)

    async def put_snapshot(self, snapshot: m.Snapshot) -> None:
        plain = snapshot.model_dump_json().encode()
        await self._run(
            self.store.put, self.SNAPSHOT, snapshot.identity.account_id, plain, self.lifetime
        )

    async def snapshot(self, account_id: str) -> m.Snapshot | None:
        plain = await self._run(self.store.get, self.SNAPSHOT, account_id)
        if plain is None:
            return None
        try:
            return m.Snapshot.model_validate_json(plain)
        except ValueError:
            await self._run(self.store.drop, self.SNAPSHOT, account_id)
            return None

    async def put_conversations(self, conversations: list[m.Conversation]) -> None:
        plain = json.dumps([c.model_dump(mode="json") for c in conversations]).encode()
        await self._run(self.store.put, self.CONVERSATIONS, "open", plain, self.lifetime)

    async def conversations(self) -> list[m.Conversation] | None:
        plain = await self._run(self.store.get, self.CONVERSATIONS, "open")
        if plain is None:
            return None
        try:
            return [m.Conversation.model_validate(c) for c in json.loads(plain)]
        except ValueError:
            return None

    async def put_verifier(self, verifier: str) -> None:
        """The PBKDF2 verifier of the advisor's password, for unlocking the idle lock offline."""
        await self._run(self.store.put, "verifier", "password", verifier.encode(), self.lifetime)

    async def verifier(self) -> str | None:
        plain = await self._run(self.store.get, "verifier", "password")
        return plain.decode() if plain is not None else None

    async def queue(
        self,
        action: str,
        request: m.ActionRequest,
        account_id: str | None,
        title: str,
        key: str,
    ) -> outbox.Queued:
        return await self._run(outbox.queue, self.store, action, request, account_id, title, key)  # type: ignore[no-any-return]

    async def waiting(self) -> list[outbox.Queued]:
        return list(await self._run(outbox.waiting, self.store))

    async def replay(self, client: CareDeskClient) -> outbox.ReplayReport:
        return await outbox.replay(client, self.store, self._run)

    async def dismiss(self, seq: int) -> None:
        await self._run(self.store.outbox_done, seq)

    async def wipe(self) -> None:
        """Sign-out: every row and the file gone, and the key forgotten (crypto-shredding
        whatever a backup of the file may still hold)."""
        await self._run(self.store.wipe)
        await asyncio.to_thread(forget_key, self.server_url, self.username)
        self._worker.shutdown(wait=False)

    async def aclose(self) -> None:
        await self._run(self.store.close)
        self._worker.shutdown(wait=False)
