"""The desk's start as a workstation has it: installed from its wheel (bench.desk_venv) or frozen
by ``make package``, in production mode (no --demo), signing in silently with a refresh token
already in the keyring, against a running server, to its first painted signed-in frame.

The keyring is a file the bench controls (bench.file_keyring), reached the way keyring finds any
backend on a workstation: a ``keyringrc.cfg`` in the keyring's configuration folder
(``XDG_CONFIG_HOME``) naming the backend and the folder it is imported from. Both the installed
and the frozen desk read it; neither sees the developer's own keyring or configuration.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import httpx

from bench import desk_venv
from bench.backend import temp_folder
from desktop.session import SERVICE, TokenStore

ROOT = Path(__file__).resolve().parents[1]
FROZEN = ROOT / "dist" / "CareDesk" / ("caredesk.exe" if os.name == "nt" else "caredesk")
# What the frozen app is built from: newer than the app, and it is built again.
FROZEN_SOURCES = ("desktop", "backend_client", "resources", "build.spec", "requirements")
USER, PASSWORD = "advisor", "demo"  # the seed's advisor (server/seed.py)


@dataclass
class Workstation:
    """One workstation's folders and environment, against ``server_url``."""

    server_url: str
    folder: Path
    env: dict[str, str]

    @classmethod
    def make(cls, server_url: str) -> Workstation:
        folder = temp_folder("caredesk-bench-workstation-")
        config = folder / "config"
        (config / "python_keyring").mkdir(parents=True)
        backends = folder / "keyring-backends"
        backends.mkdir()
        shutil.copy(Path(__file__).with_name("file_keyring.py"), backends / "file_keyring.py")
        (config / "python_keyring" / "keyringrc.cfg").write_text(
            f"[backend]\ndefault-keyring = file_keyring.FileKeyring\nkeyring-path = {backends}\n",
            encoding="utf-8",
        )
        env = {k: v for k, v in desk_venv.env().items() if k != "PYTHON_KEYRING_BACKEND"}
        env.update(
            {
                "QT_QPA_PLATFORM": "offscreen",
                "XDG_CONFIG_HOME": str(config),
                "CAREDESK_BENCH_KEYRING": str(folder / "keyring.json"),
                "CAREDESK_SERVER_URL": server_url,
                "CAREDESK_DATA_DIR": str(folder / "data"),
                "CAREDESK_CACHE_DIR": str(folder / "cache"),
                # The desk says READY at its first painted, signed-in frame, then exits.
                "CAREDESK_STARTUP_PROBE": "1",
            }
        )
        return cls(server_url, folder, env)

    def store_session(self) -> None:
        """A fresh refresh token in the keyring, as the advisor's last sign-in left it (each
        silent sign-in rotates the token, so every start gets its own)."""
        reply = httpx.post(
            f"{self.server_url}/v1/auth/login",
            json={"username": USER, "password": PASSWORD},
            timeout=30,
        )
        reply.raise_for_status()
        key = f"{SERVICE}\0{TokenStore(self.server_url).key}"
        Path(self.env["CAREDESK_BENCH_KEYRING"]).write_text(
            json.dumps({key: reply.json()["refresh_token"]}), encoding="utf-8"
        )


def installed_desk() -> list[str]:
    """The ``caredesk`` command of the desk-only environment, its wheels freshly installed."""
    python = desk_venv.prepare()
    return [str(python.with_name("caredesk.exe" if os.name == "nt" else "caredesk"))]


def frozen_desk() -> list[str]:
    """The folder app from ``make package``, built first when missing or older than what it
    is built from (a few minutes)."""
    built = FROZEN.stat().st_mtime if FROZEN.exists() else 0.0
    newest = max(
        (
            p.stat().st_mtime
            for name in FROZEN_SOURCES
            for p in ([ROOT / name] if (ROOT / name).is_file() else (ROOT / name).rglob("*"))
            if p.is_file() and "__pycache__" not in p.parts
        ),
        default=0.0,
    )
    if newest > built:
        make = shutil.which("make")
        if make is None:
            raise RuntimeError(f"{FROZEN} is missing or stale, and there is no make to build it")
        print("Freezing the desk (make package)…", flush=True)
        subprocess.run([make, "package"], cwd=ROOT, check=True, timeout=1800)
    return [str(FROZEN)]
