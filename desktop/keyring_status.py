"""Can this workstation keep secrets for the desk? The refresh token (so a restart signs in by
itself) and the offline cache's key (so the cache outlives a restart) live in the OS keyring
(Windows Credential Manager, macOS Keychain, Secret Service or KWallet on Linux). Without one
the desk still works, but both last only until it closes; the advisor is told once, in plain
words, and ``--self-test`` says it to IT.

``check`` asks only which backend ``keyring`` chose (its own availability tests, no read or
write, so a locked keychain never prompts); a read or write that fails later is noted with
``note_failure`` by whoever met it.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass

import keyring
from keyring.backends import fail, null

from desktop.i18n import translate

log = logging.getLogger("caredesk.keyring")
_lock = threading.Lock()
_failures: list[str] = []  # what failed this run ("store the session", "keep the cache key")


@dataclass(frozen=True)
class KeyringStatus:
    usable: bool
    backend: str  # the backend's module and class, for IT
    failures: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return self.usable and not self.failures


def note_failure(what: str) -> None:
    """Thread-safe: a keyring read or write failed (``what`` is a short phrase for the log)."""
    with _lock:
        if what not in _failures:
            _failures.append(what)


def reset() -> None:
    """Forget noted failures (a new sign-in, and tests)."""
    with _lock:
        _failures.clear()


def check() -> KeyringStatus:
    backend = keyring.get_keyring()
    kind = type(backend)
    name = f"{kind.__module__}.{kind.__name__}"
    usable = not isinstance(backend, fail.Keyring | null.Keyring)
    chained = getattr(backend, "backends", None)
    if usable and chained is not None and not chained:
        usable = False  # a chainer with nothing to chain
    with _lock:
        failures = tuple(_failures)
    return KeyringStatus(usable=usable, backend=name, failures=failures)


def advisor_notice() -> str:
    """What the advisor reads: what will not survive a restart, and whom to ask."""
    return translate(
        "KeyringNotice",
        "This computer has no safe place for CareDesk to keep your sign-in. CareDesk works as "
        "usual, but when you close it you will have to sign in again, and anything it saved "
        "for working offline is lost. Please ask your IT service desk to set up the "
        "computer's password store (keyring) for CareDesk.",
    )


def it_notice(status: KeyringStatus) -> str:
    """What IT reads in ``--self-test`` and the log."""
    if status.ok:
        return f"keyring: {status.backend} (sessions and the offline cache survive a restart)"
    problem = (
        f"{', '.join(status.failures)} failed"
        if status.usable
        else f"no usable backend ({status.backend})"
    )
    return (
        f"WARNING keyring: {problem}. Advisors must sign in at every start and the offline "
        "cache lasts one run. Install or unlock a keyring (Secret Service or KWallet on "
        "Linux), or set PYTHON_KEYRING_BACKEND; see docs/deploy.md"
    )
