"""Test configuration: headless Qt, an in-memory keyring, and real servers on real databases.

A seeded database is built once per session and copied for each test, so every test starts from
the same known data in its own file (SQLite) or its own database (PostgreSQL, cloned from a
template on a server the session starts itself; tests/server runs on both).
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import gc
import itertools
import shutil
from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import date
from pathlib import Path

import httpx
import keyring
import pytest

from backend_client import CareDeskClient, RetryPolicy
from server.app import build_context, create_app
from server.core.config import Settings
from server.core.context import AppContext
from server.core.db import Database, migrate
from server.seed import seed
from tests.keyring_backend import MemoryKeyring
from tests.live_server import LiveServer
from tests.postgres import PostgresCluster
from tests.support import (
    AIRCALL_TOKEN,
    APP_KEY,
    CTI_TOKEN,
    INTERCOM_SECRET,
    MAILGUN_KEY,
    RELAY_TOKEN,
    TOKEN_PEPPER,
)

keyring.set_keyring(MemoryKeyring())

TEST_PATIENTS = 300
PG_TEMPLATE = "caredesk_template"
PG_NAMES = itertools.count(1)


@pytest.fixture(autouse=True)
def _fresh_keyring() -> None:
    keyring.set_keyring(MemoryKeyring())


@pytest.fixture(autouse=True)
def _unfrozen_collector() -> Iterator[None]:
    """A signed-in desk's warm-up freezes what exists (gc.freeze, for the desk's lifetime); in
    a test process that would keep every earlier test's garbage for good."""
    yield
    gc.unfreeze()


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


@pytest.fixture(scope="session")
def postgres_cluster() -> Iterator[PostgresCluster]:
    """One real PostgreSQL server for the session, on loopback; stopped at the end."""
    cluster = PostgresCluster().start()
    yield cluster
    cluster.stop()


@pytest.fixture(scope="session")
def postgres_template(postgres_cluster: PostgresCluster) -> str:
    """A migrated, seeded database that each PostgreSQL test clones (a file copy, ~30 ms)."""
    postgres_cluster.create_database(PG_TEMPLATE)
    db = Database(postgres_cluster.url(PG_TEMPLATE))
    migrate(db.engine)
    with db.transaction() as session:
        seed(session, today=date.today(), patients=TEST_PATIENTS)
    db.dispose()  # CREATE DATABASE ... TEMPLATE needs the template to have no connections
    return PG_TEMPLATE


def sqlite_database(tmp_path: Path, template: Path) -> str:
    path = tmp_path / "caredesk.sqlite3"
    shutil.copy(template, path)
    return f"sqlite:///{path}"


@contextmanager
def postgres_database(cluster: PostgresCluster, template: str) -> Iterator[str]:
    name = f"test_{next(PG_NAMES)}"
    url = cluster.create_database(name, template=template)
    try:
        yield url
    finally:
        cluster.drop_database(name)


@pytest.fixture
def database_url(tmp_path: Path, seeded_template: Path) -> str:
    """SQLite, a copy of the seeded template; tests/server runs on PostgreSQL as well."""
    return sqlite_database(tmp_path, seeded_template)


@pytest.fixture
def settings(database_url: str) -> Settings:
    return Settings(
        database_url=database_url,
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
        mailgun_signing_key=MAILGUN_KEY,
        email_relay_token=RELAY_TOKEN,
        email_teams={"pharmacist@pharmacy.example": "pharmacy"},
        # The routing budget is a clock: a test of whom a call rings must not depend on how
        # loaded the machine is (CI under load answered "team" for being late). The budget's
        # own test sets a short one and holds the database to cross it.
        routing_budget_ms=30_000,
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
