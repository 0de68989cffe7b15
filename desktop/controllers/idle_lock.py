"""The idle lock: patient data hidden until the advisor's password is given again, checked by
the server, or while offline by a local verifier."""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import secrets
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from backend_client import errors
from desktop.i18n import translate
from desktop.tasks import behind

if TYPE_CHECKING:
    from desktop.controllers.desk import DeskController

OFFLINE_UNLOCK_TRIES = 5

# The offline unlock's verifier: PBKDF2-HMAC-SHA256 at OWASP's 600,000 iterations, from the
# standard library (argon2 would add its 64 MiB working set to the desk for a check that only
# runs while offline, behind a sealed file and five tries).
PBKDF2_ITERATIONS = 600_000


class IdleLockController(QObject):
    lockedChanged = Signal(bool)  # the idle lock came on (True) or went off
    unlockFailed = Signal(str)

    def __init__(self, desk: DeskController) -> None:
        super().__init__(desk)
        self.desk = desk
        self.verifier: str | None = None  # a hash of the password, for offline unlock
        self._offline_unlock_failures = 0

    def reset(self) -> None:
        """Signed out: no verifier is kept, and nothing is locked."""
        self.verifier = None
        self._set_locked(False)

    def idle_lock_ms(self, configured_minutes: int) -> int:
        """The lock's delay: the server's minutes, or IT's when they are fewer."""
        me = self.desk.me
        minutes = me.settings.idle_lock_minutes if me else configured_minutes
        if configured_minutes > 0:
            minutes = min(minutes, configured_minutes)
        return max(0, minutes) * 60_000

    def lock(self) -> None:
        """Hide patient data until the advisor's password is given again: the snapshot is
        dropped from memory (it is reloaded, or read from the cache, at unlock)."""
        desk = self.desk
        if desk.locked or desk.me is None:
            return
        desk.tasks.cancel("snapshot")
        desk.snapshot = None
        desk.conversation.snapshotCleared.emit()
        self._set_locked(True)

    def _set_locked(self, locked: bool) -> None:
        if self.desk.locked != locked:
            self.desk.locked = locked
            self.lockedChanged.emit(locked)

    def unlock(self, password: str) -> None:
        self.desk.tasks.spawn(self._unlock(password), name="unlock")

    async def _unlock(self, password: str) -> None:
        desk = self.desk
        if desk.client is None:
            return
        try:
            await desk.client.agents.confirm_password(password)
        except errors.APIConnectionError:
            await self._unlock_offline(password)
            return
        except errors.PermissionDeniedError as exc:
            self.unlockFailed.emit(exc.message)
            return
        except errors.CareDeskError as exc:
            self.unlockFailed.emit(desk.explain(exc))
            return
        self._offline_unlock_failures = 0
        self._unlocked()  # first: the advisor is not kept waiting for the verifier
        await self._remember(password)

    def remember(self, password: str) -> None:
        """Keep a verifier of a password the server has just accepted, for unlocking offline."""
        self.desk.tasks.spawn(self._remember(password), name="verifier")

    async def _remember(self, password: str) -> None:
        # 600,000 rounds are about half a second of a core: behind the UI thread, so that the
        # conversation the advisor turns to meanwhile is not drawn at half speed.
        verifier = await behind(hash_password, password)
        if self.desk.me is None:
            return  # signed out meanwhile
        self.verifier = verifier
        if self.desk.cache is not None:
            await self.desk.cache.put_verifier(verifier)

    async def _unlock_offline(self, password: str) -> None:
        """The server cannot be reached: check against the local verifier, a few times."""
        if self._offline_unlock_failures >= OFFLINE_UNLOCK_TRIES:
            self.unlockFailed.emit(
                translate(
                    "Errors",
                    "Too many wrong passwords while offline: wait for the connection, or sign out.",
                )
            )
            return
        verifier = self.verifier
        if verifier is None and self.desk.cache is not None:
            verifier = await self.desk.cache.verifier()
        if verifier is None:
            self.unlockFailed.emit(
                translate(
                    "Errors",
                    "The server cannot be reached to check your password: wait for the "
                    "connection, or sign out.",
                )
            )
            return
        if not await asyncio.to_thread(password_matches, verifier, password):
            self._offline_unlock_failures += 1
            self.unlockFailed.emit(translate("Errors", "That is not your password."))
            return
        self._offline_unlock_failures = 0
        self._unlocked()

    def _unlocked(self) -> None:
        self._set_locked(False)
        if self.desk.current_id is not None:
            self.desk.conversation.open(self.desk.current_id)  # from the server or the cache


def hash_password(password: str) -> str:
    salt = secrets.token_bytes(16)
    digest = hashlib.pbkdf2_hmac("sha256", password.encode(), salt, PBKDF2_ITERATIONS)
    return "$".join(("pbkdf2_sha256", str(PBKDF2_ITERATIONS), salt.hex(), digest.hex()))


def password_matches(verifier: str, password: str) -> bool:
    try:
        scheme, rounds, salt, digest = verifier.split("$")
        if scheme != "pbkdf2_sha256":
            return False
        wanted = bytes.fromhex(digest)
        got = hashlib.pbkdf2_hmac("sha256", password.encode(), bytes.fromhex(salt), int(rounds))
    except ValueError:
        return False
    return hmac.compare_digest(got, wanted)
