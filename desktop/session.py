"""The advisor's refresh token in the OS keyring, one per server, and nowhere else.

Keyring calls can block (a locked Secret Service, a Keychain prompt, a slow D-Bus), so none
runs on the UI thread: reads go to a thread, and writes go, in order, to one worker of their
own; ``flush`` waits for the writes made so far (sign-out waits, so a forgotten token is gone).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from concurrent.futures import Future, ThreadPoolExecutor, wait

import keyring
from keyring.errors import KeyringError, PasswordDeleteError

from backend_client import models as m
from desktop import keyring_status

log = logging.getLogger("caredesk.session")
SERVICE = "CareDesk"
_writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="caredesk-keyring")
_pending: set[Future[None]] = set()


async def flush() -> None:
    """Wait until every keyring write asked for so far is done."""
    waiting = [asyncio.wrap_future(f) for f in list(_pending)]
    if waiting:
        await asyncio.gather(*waiting, return_exceptions=True)


class TokenStore:
    def __init__(self, server_url: str) -> None:
        self.key = f"refresh-token@{server_url.rstrip('/')}"

    async def aload(self) -> str | None:
        """``load`` on a worker thread."""
        return await asyncio.to_thread(self.load)

    def load(self) -> str | None:
        """The stored token, after every write asked for before this call (a desk started just
        after another signed in reads what that one stored)."""
        wait(list(_pending))
        try:
            return keyring.get_password(SERVICE, self.key)
        except KeyringError as exc:
            log.warning("the keyring is not available (%s); sign in each time", type(exc).__name__)
            keyring_status.note_failure("reading the session")
            return None

    def save(self, pair: m.TokenPair | None) -> None:
        """The client's on_tokens callback: keep the newest refresh token, or forget it. Called
        on the UI thread; the keyring is written on the keyring worker, in call order."""
        future = _writer.submit(self._write, pair)
        _pending.add(future)
        future.add_done_callback(_pending.discard)

    def _write(self, pair: m.TokenPair | None) -> None:
        try:
            if pair is None:
                self.forget()
            else:
                keyring.set_password(SERVICE, self.key, pair.refresh_token)
        except KeyringError as exc:
            log.warning("could not store the session in the keyring (%s)", type(exc).__name__)
            keyring_status.note_failure("storing the session")

    def forget(self) -> None:
        with contextlib.suppress(PasswordDeleteError, KeyringError):
            keyring.delete_password(SERVICE, self.key)
