"""Test configuration: headless Qt, an in-memory keyring, and real servers on real SQLite.

A seeded database is built once per session and copied for each test, so every test starts from
the same known data in its own file.
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import shutil
from collections.abc import AsyncIterator, Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path

import httpx
import keyring
import pytest

from backend_client import CareDeskClient, RetryPolicy
from server.app import build_context, create_app
from server.config import Settings
from server.context import AppContext
from server.db import Database, migrate
from server.seed import seed
from tests.keyring_backend import MemoryKeyring
from tests.live_server import LiveServer
from tests.support import AIRCALL_TOKEN, APP_KEY, CTI_TOKEN, INTERCOM_SECRET, TOKEN_PEPPER

keyring.set_keyring(MemoryKeyring())

TEST_PATIENTS = 300


@pytest.fixture(autouse=True)
def _fresh_keyring() -> None:
    keyring.set_keyring(MemoryKeyring())


@pytest.fixture(autouse=True)
def _private_data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Palette usage and any other desk data go to the test's folder, never the user's."""
    monkeypatch.setenv("CAREDESK_DATA_DIR", str(tmp_path / "desk-data"))
    monkeypatch.setenv("CAREDESK_CACHE_DIR", str(tmp_path / "desk-cache"))


@pytest.fixture(scope="session")
def seeded_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "seeded.sqlite3"
    db = Database(f"sqlite:///{path}")
    migrate(db.engine)
    with db.transaction() as session:
        seed(session, today=date.today(), patients=TEST_PATIENTS)
    db.dispose()  # the last connection to close checkpoints the WAL into the file
    assert not Path(f"{path}-wal").exists()
    return path


@pytest.fixture
def settings(tmp_path: Path, seeded_template: Path) -> Settings:
    path = tmp_path / "caredesk.sqlite3"
    shutil.copy(seeded_template, path)
    return Settings(
        database_url=f"sqlite:///{path}",
        aircall_webhook_token=AIRCALL_TOKEN,
        intercom_client_secret=INTERCOM_SECRET,
        cti_token=CTI_TOKEN,
        patient_app_key=APP_KEY,
        token_pepper=TOKEN_PEPPER,
        heartbeat_seconds=1.0,
        event_poll_seconds=0.2,
        # The tests' Intercom workspace enforces identity verification, so a logged-in user's
        # chat arrives verified; tests/security covers the default ("off").
        intercom_identity="enforced",
    )


@pytest.fixture
def ctx(settings: Settings) -> Iterator[AppContext]:
    context = build_context(settings)
    yield context
    context.close()


@pytest.fixture
def app(settings: Settings, ctx: AppContext):  # type: ignore[no-untyped-def]
    return create_app(settings, ctx=ctx)


@pytest.fixture
async def http(app) -> AsyncIterator[httpx.AsyncClient]:  # type: ignore[no-untyped-def]
    """A raw HTTP client on the in-process app, for webhooks and wire-level checks."""
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app), base_url="http://testserver"
    ) as c:
        yield c


def make_client(app, **kw) -> CareDeskClient:  # type: ignore[no-untyped-def]
    return CareDeskClient(
        "http://testserver",
        transport=httpx.ASGITransport(app),
        retry=RetryPolicy(backoff_base=0.01),
        **kw,
    )


@pytest.fixture
async def advisor(app) -> AsyncIterator[CareDeskClient]:  # type: ignore[no-untyped-def]
    async with make_client(app) as client:
        await client.login("advisor", "demo")
        yield client


@pytest.fixture
async def lead(app) -> AsyncIterator[CareDeskClient]:  # type: ignore[no-untyped-def]
    async with make_client(app) as client:
        await client.login("lead", "demo")
        yield client


@pytest.fixture
async def pharmacist(app) -> AsyncIterator[CareDeskClient]:  # type: ignore[no-untyped-def]
    async with make_client(app) as client:
        await client.login("pharmacist", "demo")
        yield client


@pytest.fixture
def live_server(settings: Settings) -> Iterator[LiveServer]:
    """uvicorn on 127.0.0.1 with a free port; stopped when the test ends."""
    server = LiveServer(replace(settings))
    server.start()
    yield server
    server.stop()
