"""A keyring kept in one JSON file, for measuring the desk's real start: the stored refresh token
is read through the keyring API exactly as on a workstation, from a backend the bench controls.

The bench points keyring at it with a ``keyringrc.cfg`` (``default-keyring`` and
``keyring-path``), which both the installed and the frozen desk read; ``CAREDESK_BENCH_KEYRING``
names the file."""

from __future__ import annotations

import json
import os
from pathlib import Path

from keyring.backend import KeyringBackend
from keyring.errors import PasswordDeleteError


class FileKeyring(KeyringBackend):
    priority = 1  # type: ignore[assignment]

    @property
    def path(self) -> Path:
        return Path(os.environ["CAREDESK_BENCH_KEYRING"])

    def _load(self) -> dict[str, str]:
        try:
            return dict(json.loads(self.path.read_text(encoding="utf-8")))
        except FileNotFoundError:
            return {}

    def _store(self, items: dict[str, str]) -> None:
        partial = self.path.with_suffix(".partial")
        partial.write_text(json.dumps(items), encoding="utf-8")
        partial.replace(self.path)

    def get_password(self, service: str, username: str) -> str | None:
        return self._load().get(f"{service}\0{username}")

    def set_password(self, service: str, username: str, password: str) -> None:
        items = self._load()
        items[f"{service}\0{username}"] = password
        self._store(items)

    def delete_password(self, service: str, username: str) -> None:
        items = self._load()
        if items.pop(f"{service}\0{username}", None) is None:
            raise PasswordDeleteError(username)
        self._store(items)
