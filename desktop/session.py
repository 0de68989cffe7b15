"""The advisor's refresh token in the OS keyring, one per server, and nowhere else."""

from __future__ import annotations

import contextlib
import logging

import keyring
from keyring.errors import KeyringError, PasswordDeleteError

from backend_client import models as m

log = logging.getLogger("caredesk.session")
SERVICE = "CareDesk"


class TokenStore:
    def __init__(self, server_url: str) -> None:
        self.key = f"refresh-token@{server_url.rstrip('/')}"

    def load(self) -> str | None:
        try:
            return keyring.get_password(SERVICE, self.key)
        except KeyringError as exc:
            log.warning("the keyring is not available (%s); sign in each time", type(exc).__name__)
            return None

    def save(self, pair: m.TokenPair | None) -> None:
        """The client's on_tokens callback: keep the newest refresh token, or forget it."""
        try:
            if pair is None:
                self.forget()
            else:
                keyring.set_password(SERVICE, self.key, pair.refresh_token)
        except KeyringError as exc:
            log.warning("could not store the session in the keyring (%s)", type(exc).__name__)

    def forget(self) -> None:
        with contextlib.suppress(PasswordDeleteError, KeyringError):
            keyring.delete_password(SERVICE, self.key)
