"""Configuration in layers: defaults < system file (IT) < user file < environment < command line.

Keys the system file lists under ``locked`` keep the system's value whatever the later layers say.
Files are TOML: ``server_url = "https://caredesk.example"``, ``locked = ["server_url"]``.

Every value is checked where it is read: a file that is not TOML, a key the desk does not know,
or a value of the wrong kind is a :class:`ConfigError` naming the file (or variable, or option),
the key and what is wrong. The desk refuses to start on one rather than run on a guess; an IT
team sees the message at the first launch. ``caredesk --print-config`` shows each value and the
layer it came from (``describe``).
"""

from __future__ import annotations

import ipaddress
import os
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import platformdirs

APP = "caredesk"
THEMES = ("system", "light", "dark")
LANGUAGES = ("", "en", "pl")
MAX_IDLE_LOCK_MINUTES = 60


class ConfigError(ValueError):
    """One or more configuration problems, each naming where, which key, and what is wrong."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


def is_loopback(host: str) -> bool:
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def _server_url(value: Any) -> str:
    if not isinstance(value, str):
        raise ValueError('must be text, such as "https://caredesk.example"')
    parts = urlsplit(value.strip())
    if parts.scheme not in ("https", "http") or not parts.hostname:
        raise ValueError(f'{value!r} is not an address such as "https://caredesk.example"')
    if parts.scheme == "http" and not is_loopback(parts.hostname):
        raise ValueError(
            f"{value!r} is not encrypted: use https:// (plain http is allowed only for this "
            "computer, 127.0.0.1 or localhost)"
        )
    if parts.query or parts.fragment or parts.username or parts.password:
        raise ValueError(f"{value!r} must be only the server's address, with no query or login")
    return value.strip().rstrip("/")


def _username(value: Any) -> str:
    if not isinstance(value, str) or len(value) > 200 or any(c in value for c in "\r\n\t"):
        raise ValueError("must be a user name on one line (at most 200 characters)")
    return value.strip()


def _idle_lock_minutes(value: Any) -> int:
    try:
        # TOML gives an int; the environment and the command line give text.
        minutes = int(value) if isinstance(value, int | str) and not isinstance(value, bool) else -1
    except ValueError:
        minutes = -1
    if not 1 <= minutes <= MAX_IDLE_LOCK_MINUTES:
        raise ValueError(
            f"{value!r} is not a whole number of minutes from 1 to {MAX_IDLE_LOCK_MINUTES}"
        )
    return minutes


def _choice(options: tuple[str, ...], described: str) -> Callable[[Any], str]:
    def check(value: Any) -> str:
        if value not in options:
            raise ValueError(f"{value!r} is not one of {described}")
        return str(value)

    return check


@dataclass
class DeskConfig:
    server_url: str = "http://127.0.0.1:8765"
    username: str = ""
    idle_lock_minutes: int = 10  # the server's value applies when it is lower
    theme: str = "system"  # system, light or dark
    language: str = ""  # "" follows the system; "en" or "pl"
    locked: frozenset[str] = field(default_factory=frozenset)
    # Where each value came from, for --print-config: key -> "default", "system file /etc/…"…
    sources: dict[str, str] = field(default_factory=dict)


CHECKS: dict[str, Callable[[Any], Any]] = {
    "server_url": _server_url,
    "username": _username,
    "idle_lock_minutes": _idle_lock_minutes,
    "theme": _choice(THEMES, "system, light, dark"),
    "language": _choice(LANGUAGES, '"" (the system\'s), en, pl'),
}
DESCRIPTIONS = {
    "server_url": "the CareDesk server (https://, or http:// on this computer only)",
    "username": "prefilled on the sign-in",
    "idle_lock_minutes": f"lock the desk after this many idle minutes (1–{MAX_IDLE_LOCK_MINUTES})",
    "theme": "colour scheme: system, light or dark",
    "language": "en or pl; empty follows the system",
}


def system_file() -> Path:
    return Path(
        os.environ.get("CAREDESK_SYSTEM_CONFIG")
        or Path(platformdirs.site_config_dir(APP)) / "config.toml"
    )


def user_file() -> Path:
    return Path(
        os.environ.get("CAREDESK_USER_CONFIG")
        or Path(platformdirs.user_config_dir(APP)) / "config.toml"
    )


def _read(path: Path, label: str, problems: list[str]) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except FileNotFoundError:
        return {}
    except tomllib.TOMLDecodeError as exc:
        problems.append(f"{label} {path}: not valid TOML ({exc})")
    except OSError as exc:
        problems.append(f"{label} {path}: cannot be read ({exc.strerror or exc})")
    return {}


def load(cli: dict[str, Any] | None = None, env: dict[str, str] | None = None) -> DeskConfig:
    """The configuration, or :class:`ConfigError` listing every problem found in every layer."""
    env = dict(os.environ) if env is None else env
    problems: list[str] = []
    config = DeskConfig()
    sources = dict.fromkeys(CHECKS, "default")

    system_path, user_path = system_file(), user_file()
    system = _read(system_path, "system file", problems)
    locked_raw = system.pop("locked", [])
    locked: set[str] = set()
    if not isinstance(locked_raw, list) or not all(isinstance(k, str) for k in locked_raw):
        problems.append(f"system file {system_path}: locked: must be a list of key names")
    else:
        for key in locked_raw:
            if key in CHECKS:
                locked.add(key)
            else:
                problems.append(
                    f"system file {system_path}: locked: {key!r} is not a configuration key"
                )
    user = _read(user_path, "user file", problems)
    if "locked" in user:
        problems.append(f"user file {user_path}: locked: only the system file can lock keys")
        user.pop("locked")

    layers: list[tuple[str, Callable[[str], str], dict[str, Any]]] = [
        ("system", lambda _k: f"system file {system_path}", system),
        ("user", lambda _k: f"user file {user_path}", user),
        (
            "environment",
            lambda k: f"environment CAREDESK_{k.upper()}",
            {
                k.removeprefix("CAREDESK_").lower(): v
                for k, v in env.items()
                # Other CAREDESK_ variables (folders, test switches) are not configuration keys.
                if k.startswith("CAREDESK_") and k.removeprefix("CAREDESK_").lower() in CHECKS
            },
        ),
        (
            "command line",
            lambda k: f"command line ({k})",
            {k: v for k, v in (cli or {}).items() if v is not None},
        ),
    ]
    for layer, where, values in layers:
        for key, value in values.items():
            if key not in CHECKS:
                known = ", ".join(sorted(CHECKS))
                problems.append(f"{where(key)}: {key}: not a configuration key (known: {known})")
                continue
            try:
                checked = CHECKS[key](value)
            except ValueError as exc:
                problems.append(f"{where(key)}: {key}: {exc}")
                continue
            if layer != "system" and key in locked:
                sources[key] = f"system file {system_path} (locked; the {layer} value is ignored)"
                continue
            setattr(config, key, checked)
            sources[key] = where(key) + (" (locked)" if key in locked else "")
    if problems:
        raise ConfigError(problems)
    config.locked = frozenset(locked)
    config.sources = sources
    return config


def describe(config: DeskConfig) -> str:
    """What ``--print-config`` prints: each key, its value, and the layer it came from."""
    lines = [
        f"system file: {system_file()}",
        f"user file:   {user_file()}",
        "",
    ]
    width = max(len(k) for k in CHECKS)
    for key in CHECKS:
        value = getattr(config, key)
        lines.append(f"{key:<{width}} = {value!r}")
        lines.append(f"{'':<{width}}   from {config.sources.get(key, 'default')}")
        lines.append(f"{'':<{width}}   {DESCRIPTIONS[key]}")
    return "\n".join(lines)
