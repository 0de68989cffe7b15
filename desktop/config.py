"""Configuration in layers: defaults < system file (IT) < user file < environment < command line.

Keys the system file lists under ``locked`` keep the system's value whatever the later layers say.
Files are TOML: ``server_url = "https://caredesk.example"``, ``locked = ["server_url"]``.
"""

from __future__ import annotations

import logging
import os
import tomllib
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

import platformdirs

log = logging.getLogger("caredesk.config")
APP = "caredesk"


@dataclass
class DeskConfig:
    server_url: str = "http://127.0.0.1:8765"
    username: str = ""
    idle_lock_minutes: int = 10
    theme: str = "system"  # system, light or dark
    language: str = ""  # "" follows the system; "en" or "pl"
    locked: frozenset[str] = field(default_factory=frozenset)


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


def _read(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except FileNotFoundError:
        return {}
    except (OSError, tomllib.TOMLDecodeError) as exc:
        # A broken file must not stop the desk: say so and carry on with the other layers.
        log.warning("ignoring configuration file %s: %s", path, exc)
        return {}


def load(cli: dict[str, Any] | None = None, env: dict[str, str] | None = None) -> DeskConfig:
    env = dict(os.environ) if env is None else env
    names = {f.name: f.type for f in fields(DeskConfig) if f.name != "locked"}
    config = DeskConfig()
    system = _read(system_file())
    locked = frozenset(str(k) for k in system.get("locked", []) if k in names)
    layers: list[tuple[str, dict[str, Any]]] = [
        ("system", system),
        ("user", _read(user_file())),
        (
            "environment",
            {
                k.removeprefix("CAREDESK_").lower(): v
                for k, v in env.items()
                if k.startswith("CAREDESK_") and k.removeprefix("CAREDESK_").lower() in names
            },
        ),
        ("command line", {k: v for k, v in (cli or {}).items() if v is not None}),
    ]
    for layer, values in layers:
        for key, value in values.items():
            if key not in names:
                continue
            if layer != "system" and key in locked:
                log.info("%s is locked by IT; the %s value is ignored", key, layer)
                continue
            current = getattr(config, key)
            try:
                setattr(config, key, type(current)(value))
            except (TypeError, ValueError):
                log.warning(
                    "ignoring %s=%r from the %s: not a %s",
                    key,
                    value,
                    layer,
                    type(current).__name__,
                )
    config.locked = locked
    return config
