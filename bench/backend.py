"""The server side of the bench: a seeded database, a server child process, agents and tokens."""

from __future__ import annotations

import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, replace
from datetime import timedelta
from pathlib import Path

from bench.fixtures import AIRCALL_TOKEN, APP_KEY
from server.core.config import Settings


def bench_settings(database_url: str) -> Settings:
    return Settings(
        database_url=database_url,
        aircall_webhook_token=AIRCALL_TOKEN,
        intercom_client_secret="bench-intercom",
        cti_token="bench-cti",
        patient_app_key=APP_KEY,
        token_pepper="bench-token-pepper-0123456789",
        # Intercom's identity verification on, as a pharmacy runs it: the app's signed-in
        # patient's chat arrives verified (the shift soak's chats).
        intercom_identity="enforced",
    )


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def seeded_database(folder: Path) -> str:
    """A copy of the demo seed (1,200 patients), from the same template cache the demo uses."""
    from server.__main__ import seed_demo

    url = f"sqlite:///{folder / 'bench.sqlite3'}"
    seed_demo(replace(bench_settings(url), database_url=url))
    return url


@dataclass
class ServerProcess:
    url: str
    database_url: str
    process: subprocess.Popen[str]

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()


def start_server(database_url: str) -> ServerProcess:
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "bench.serve", database_url, str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    assert process.stdout is not None
    deadline = time.monotonic() + 60
    for line in process.stdout:
        if "SERVING" in line:
            break
        if time.monotonic() > deadline:
            break
    else:
        raise RuntimeError("the bench server did not start")
    return ServerProcess(f"http://127.0.0.1:{port}", database_url, process)


def make_agents(
    database_url: str,
    count: int,
    *,
    first: int = 0,
    name: str = "bench",
    digits: int = 3,
    password: str | None = None,
    telephony_base: int | None = None,
) -> list[tuple[str, str]]:
    """``count`` extra advisors, ``{name}{n}`` from ``first``, with access tokens issued
    directly (no argon2 sign-in each), and Aircall user ids ``telephony_base + n`` if given."""
    import secrets

    from server.core.db import Database
    from server.core.orm import Agent, AuthToken, new_id, utcnow
    from server.core.security import hash_password, token_hash

    db = Database(database_url)
    hashed = hash_password(password or secrets.token_urlsafe(8))
    out = []
    with db.transaction() as session:
        for n in range(first, first + count):
            username = f"{name}{n:0{digits}d}"
            agent_id = f"agent_{name}_{n:0{digits}d}"
            session.add(
                Agent(
                    id=agent_id,
                    username=username,
                    display_name=f"{name.title()} {n}",
                    email=f"{username}@bench.test",
                    password_hash=hashed,
                    roles=["advisor"],
                    telephony_user_id=None if telephony_base is None else str(telephony_base + n),
                )
            )
            token = secrets.token_urlsafe(32)
            session.add(
                AuthToken(
                    id=new_id("at"),
                    agent_id=agent_id,
                    kind="access",
                    token_hash=token_hash(token),
                    family=new_id("fam"),
                    expires_at=utcnow() + timedelta(hours=2),
                )
            )
            out.append((agent_id, token))
    db.dispose()
    return out


def temp_folder(prefix: str) -> Path:
    return Path(tempfile.mkdtemp(prefix=prefix))
