"""Several server processes on one PostgreSQL: events cross processes by LISTEN/NOTIFY.

Real ``caredesk-server`` processes on loopback, stopped at the end of each test. Their polling
interval is set to an hour, so an event written by one process can reach another's stream in
time only through a notification.
"""

from __future__ import annotations

import asyncio
import subprocess
import sys
import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import select, text

from backend_client import CareDeskClient
from server.core import events
from server.core.db import Database, migrate
from server.core.events import EventHub, Notice, append_event, latest_id
from server.core.orm import EventRow
from tests.conftest import PG_NAMES, postgres_database
from tests.live_server import free_port
from tests.postgres import PostgresCluster
from tests.support import (
    AIRCALL_TOKEN,
    APP_KEY,
    CTI_TOKEN,
    INTERCOM_SECRET,
    TOKEN_PEPPER,
    aircall,
    server_env,
    until,
)

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def pg_url(postgres_cluster: PostgresCluster, postgres_template: str) -> Iterator[str]:
    with postgres_database(postgres_cluster, postgres_template) as url:
        yield url


class ServerProcess:
    """``python -m server`` on 127.0.0.1 with the given database; killed when the test ends."""

    def __init__(self, database_url: str, *extra: str) -> None:
        self.port = free_port()
        env = server_env(database_url, CAREDESK_EVENT_POLL_SECONDS="3600")
        self.proc = subprocess.Popen(  # noqa: S603 - our own program
            [
                sys.executable,
                "-m",
                "server",
                *("--port", str(self.port), "--log-level", "warning"),
                *extra,
            ],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    async def ready(self) -> None:
        async with httpx.AsyncClient(base_url=self.url, timeout=2) as http:
            deadline = asyncio.get_running_loop().time() + 30
            while True:
                if self.proc.poll() is not None:
                    err = self.proc.stderr.read().decode() if self.proc.stderr else ""
                    raise AssertionError(f"the server exited: {err}")
                try:
                    if (await http.get("/v1/health")).status_code == 200:
                        return
                except httpx.TransportError:
                    pass
                if asyncio.get_running_loop().time() > deadline:
                    raise AssertionError("the server did not start")
                await asyncio.sleep(0.05)  # polling a starting process: nothing to wait on

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


def stored_ids(database_url: str) -> list[int]:
    db = Database(database_url)
    try:
        with db.reader() as session:
            return list(
                session.scalars(
                    select(EventRow.id)
                    .where(EventRow.agent_id == "agent_advisor")
                    .order_by(EventRow.id)
                )
            )
    finally:
        db.dispose()


_TERMINATE = (
    "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
    "WHERE pid <> pg_backend_pid() AND "
)


def terminate(database_url: str, where: str) -> int:
    """Cut the server connections matching ``where`` (the tests' own SQL on pg_stat_activity),
    as a restart or a dropped network path would; returns how many."""
    db = Database(database_url)
    try:
        with db.reader() as session:
            return int(session.scalar(text(_TERMINATE + where)) or 0)
    finally:
        db.dispose()


async def ring(urls: list[str], first_call: int, count: int, senders: int = 4) -> None:
    """``count`` calls rung for the advisor, by ``senders`` concurrent senders spreading them
    over ``urls`` in turn."""

    async def sender(k: int) -> None:
        async with httpx.AsyncClient(timeout=20) as http:
            for n in range(k, count, senders):
                url = urls[n % len(urls)]
                body = aircall("call.ringing_on_agent", first_call + n)
                response = await http.post(f"{url}/webhooks/aircall", json=body)
                assert response.status_code == 200, response.text

    await asyncio.gather(*(sender(k) for k in range(senders)))


async def collect(client: CareDeskClient, count: int) -> list[int]:
    ids: list[int] = []
    async for event in client.events.stream(0):
        ids.append(event.id)
        if len(ids) == count:
            break
    return ids


async def test_an_event_written_by_one_process_reaches_a_stream_of_another(pg_url: str) -> None:
    a, b = ServerProcess(pg_url), ServerProcess(pg_url)
    try:
        await asyncio.gather(a.ready(), b.ready())
        async with CareDeskClient(b.url) as client:
            await client.login("advisor", "demo")
            calls = 60
            stream = asyncio.create_task(collect(client, calls))
            # Every call goes to A: B's hub, polling once an hour, can learn of them only
            # through notifications.
            await ring([a.url], 50_000, calls)
            ids = await asyncio.wait_for(stream, timeout=30)
    finally:
        a.stop()
        b.stop()
    assert ids == stored_ids(pg_url)  # every event once, in order, none missing
    assert len(set(ids)) == calls


async def test_a_lost_listening_connection_is_restored_and_nothing_is_missed(
    pg_url: str, postgres_cluster: PostgresCluster
) -> None:
    a, b = ServerProcess(pg_url), ServerProcess(pg_url)
    try:
        await asyncio.gather(a.ready(), b.ready())
        async with CareDeskClient(b.url) as client:
            await client.login("advisor", "demo")
            stream = asyncio.create_task(collect(client, 20))
            await ring([a.url], 70_000, 10)
            # Every LISTEN connection is cut, as a database restart or a dropped path would.
            cut = terminate(pg_url, "query LIKE 'LISTEN %'")
            assert cut >= 1  # B's (A has no stream open, so no hub and no listener)
            await ring([a.url], 70_100, 10)
            # Polling is set to an hour: B gets these only by listening again and catching up.
            ids = await asyncio.wait_for(stream, timeout=30)
    finally:
        a.stop()
        b.stop()
    assert ids == stored_ids(pg_url)


async def test_workers_behind_one_address_serve_one_stream_once_and_in_order(pg_url: str) -> None:
    server = ServerProcess(pg_url, "--workers", "2")
    try:
        await server.ready()
        async with CareDeskClient(server.url) as client:
            await client.login("advisor", "demo")
            calls = 40
            stream = asyncio.create_task(collect(client, calls))
            await ring([server.url], 60_000, calls)
            ids = await asyncio.wait_for(stream, timeout=30)
    finally:
        server.stop()
    assert ids == stored_ids(pg_url)
    assert len(ids) == calls


def test_migrations_run_up_on_an_empty_postgresql(postgres_cluster: PostgresCluster) -> None:
    name = f"empty_{next(PG_NAMES)}"
    url = postgres_cluster.create_database(name)
    db = Database(url)
    try:
        migrate(db.engine)
        migrate(db.engine)  # a second run finds nothing to do
        with db.reader() as session:
            tables = set(
                session.scalars(text("SELECT tablename FROM pg_tables WHERE schemaname = 'public'"))
            )
            head = session.scalar(text("SELECT version_num FROM alembic_version"))
        versions = sorted(p.name for p in (ROOT / "server/migrations/versions").glob("0*.py"))
        assert head is not None and versions[-1].startswith(head[:4])
        assert {"accounts", "conversations", "events", "appointments", "audit_log"} <= tables
    finally:
        db.dispose()
        postgres_cluster.drop_database(name)


def test_the_challenge_and_snapshot_queries_are_answered_from_indexes(pg_url: str) -> None:
    """At 400,000 patients a sequential scan would cost the 30 ms budget many times over. With
    sequential scans priced out, each look-up must still have an index to use (on this small
    table the planner may pick a narrower one; the bench prints the plans at scale, where the
    challenge uses ix_accounts_dob_postcode: ``make bench-scale``)."""
    db = Database(pg_url)
    queries = {
        "the challenge's candidates": "SELECT * FROM accounts WHERE date_of_birth = '1980-03-14' "
        "AND postcode_key = 'LS14AB' AND status != 'closed'",
        "the last order": "SELECT * FROM orders WHERE account_id = 'pat_00001' "
        "ORDER BY placed_at DESC LIMIT 1",
        "the caller's number": "SELECT account_id FROM account_phones "
        "WHERE number = '+447700900001'",
        "the snapshot's prescriptions": "SELECT * FROM prescriptions "
        "WHERE account_id = 'pat_00001'",
    }
    try:
        # A transaction of its own: readers hold none, and SET LOCAL lasts until it ends.
        with db.engine.begin() as connection:
            connection.exec_driver_sql("SET LOCAL enable_seqscan = off")
            for what, sql in queries.items():
                plan = "\n".join(connection.execute(text(f"EXPLAIN {sql}")).scalars())
                assert "Seq Scan" not in plan and "Index" in plan, f"{what}: {plan}"
    finally:
        db.dispose()


async def test_a_database_restart_costs_one_request_a_503_then_recovers(pg_url: str) -> None:
    from dataclasses import replace

    from server.app import build_context, create_app
    from tests.conftest import make_client

    settings = replace(_settings(), database_url=pg_url)
    ctx = build_context(settings)
    app = create_app(settings, ctx=ctx)
    try:
        async with make_client(app) as client:
            await client.login("advisor", "demo")
            await client.agents.me()  # the pool now holds open connections
            cut = terminate(pg_url, "datname = current_database()")
            assert cut >= 1
            # As uvicorn does: the error response is sent, and the exception is the server's to log.
            transport = httpx.ASGITransport(app, raise_app_exceptions=False)
            async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
                headers = {"Authorization": f"Bearer {client._access}"}
                first = await http.get("/v1/me", headers=headers)
                assert first.status_code == 503, first.text
                assert first.json()["error"]["code"] == "database_unavailable"
                assert first.headers["retry-after"] == "1"
                again = await http.get("/v1/me", headers=headers)
                assert again.status_code == 200, again.text
    finally:
        ctx.close()


def _settings():  # type: ignore[no-untyped-def]
    from server.core.config import Settings

    return Settings(
        database_url="",
        aircall_webhook_token=AIRCALL_TOKEN,
        intercom_client_secret=INTERCOM_SECRET,
        cti_token=CTI_TOKEN,
        patient_app_key=APP_KEY,
        token_pepper=TOKEN_PEPPER,
    )


async def test_demo_seeds_the_patients_asked_for_and_serves_them_from_workers(
    postgres_cluster: PostgresCluster,
) -> None:
    from sqlalchemy import func, select

    from server.core.orm import Account

    name = f"empty_{next(PG_NAMES)}"
    url = postgres_cluster.create_database(name)
    server = ServerProcess(url, "--demo", "--patients", "2500", "--workers", "2")
    try:
        await server.ready()
        async with CareDeskClient(server.url) as client:
            await client.login("advisor", "demo")
            assert (await client.agents.me()).username == "advisor"
        db = Database(url)
        try:
            with db.reader() as session:
                patients = session.scalar(
                    select(func.count())
                    .select_from(Account)
                    .where(Account.parent_account_id.is_(None))
                )
        finally:
            db.dispose()
        assert patients == 2500
    finally:
        server.stop()
        postgres_cluster.drop_database(name)


def test_a_broadcast_to_many_agents_is_stored_once_each_with_its_data(pg_url: str) -> None:
    """Past 20 agents a broadcast is one COPY: each agent gets the event once, data intact,
    with ids in order, and the hub's read finds them all."""
    from server.core.events import broadcast, fetch_for, latest_id
    from server.core.orm import Agent

    db = Database(pg_url)
    try:
        with db.reader() as session:
            agents = list(session.scalars(select(Agent.id).order_by(Agent.id)))
        floor = agents * 10  # 30 deliveries: past the COPY threshold, several per agent
        before = latest_id(db)
        data = {"notice": "Fire drill at 3 pm — stay on calls", "n": 3}
        with db.transaction() as session:
            broadcast(session, floor, "floor.updated", data)
        upto, rows = fetch_for(db, None, before, 1000)
    finally:
        db.dispose()
    assert upto == rows[-1].id
    assert [r.agent_id for r in rows] == floor
    assert all(r.data == data and r.type == "floor.updated" for r in rows)
    assert [r.id for r in rows] == sorted({r.id for r in rows})


def test_the_hubs_read_on_the_driver_gives_what_the_orm_gives(pg_url: str) -> None:
    """On PostgreSQL the hub's read (after every commit, in every process with a stream for its
    agents) goes to the driver in one statement, not through the ORM. For each kind of read it
    gives what the ORM's read gives: the same newest id and events, times in UTC, data decoded."""
    from server.core.events import _fetch_for_orm, _fetch_for_postgres
    from server.core.orm import Agent

    db = Database(pg_url)
    try:
        with db.reader() as session:
            a, b, c = list(session.scalars(select(Agent.id).order_by(Agent.id)))[:3]
        before = latest_id(db)
        with db.transaction() as session:
            for n in range(12):
                append_event(session, (a, b, c)[n % 3], "test.event", {"n": n, "note": "café"})
        newest = latest_id(db)
        reads = [
            (None, before, 100, None),  # everyone's
            ([a], before, 100, None),  # one agent's
            ([a, c], before, 3, None),  # a page
            ([], before, 100, None),  # nobody's: only the newest id
            (None, newest, 100, None),  # nothing new
            ([b, c], before + 2, 100, newest - 3),  # up to an id already known
            ([], before, 100, newest),
        ]
        for read in reads:
            fast, orm = _fetch_for_postgres(db, *read), _fetch_for_orm(db, *read)
            assert fast == orm, read
            assert all(event.at.tzinfo is UTC for event in fast[1]), read
        assert len(_fetch_for_postgres(db, *reads[0])[1]) == 12
        assert _fetch_for_postgres(db, *reads[0])[0] == newest
    finally:
        db.dispose()


def test_the_session_check_on_the_driver_gives_what_the_orm_gives(pg_url: str) -> None:
    """On PostgreSQL every authenticated request's session check is one statement on the
    driver, not an ORM load. It finds the same agent, detached, with every column as the ORM
    gives it (times in UTC, JSON decoded), and refuses the same tokens: revoked, expired, a
    refresh token, an unknown one, a disabled agent's."""
    from sqlalchemy import inspect, update

    from server.core.orm import Agent, AuthToken, new_id, utcnow
    from server.core.security import token_hash
    from server.identity.auth import _live_session_in_orm, _live_session_on_driver

    db = Database(pg_url)
    now = utcnow()
    tokens = {
        "live": ("access", now + timedelta(minutes=15), None),
        "revoked": ("access", now + timedelta(minutes=15), now),
        "expired": ("access", now - timedelta(seconds=1), None),
        "refresh": ("refresh", now + timedelta(days=1), None),
    }
    try:
        with db.transaction() as session:
            agent_id = session.scalars(select(Agent.id).order_by(Agent.id)).first()
            assert agent_id is not None
            for name, (kind, expires_at, revoked_at) in tokens.items():
                session.add(
                    AuthToken(
                        id=new_id("tok"),
                        agent_id=agent_id,
                        kind=kind,
                        token_hash=token_hash(f"test-{name}"),
                        family=new_id("fam"),
                        expires_at=expires_at,
                        revoked_at=revoked_at,
                    )
                )
        live = token_hash("test-live")
        fast, orm = _live_session_on_driver(db, live), _live_session_in_orm(db, live)
        assert fast is not None and orm is not None
        assert fast[1] == orm[1] and fast[1].tzinfo is UTC
        columns = [c.key for c in Agent.__table__.columns]
        assert [getattr(fast[0], c) for c in columns] == [getattr(orm[0], c) for c in columns]
        times = [getattr(fast[0], c) for c in columns if isinstance(getattr(fast[0], c), datetime)]
        assert times and all(t.tzinfo is UTC for t in times)
        assert isinstance(fast[0].roles, list) and fast[0].roles == orm[0].roles
        assert inspect(fast[0]).detached and inspect(orm[0]).detached
        for name in ("revoked", "expired", "refresh", "unknown"):
            digest = token_hash(f"test-{name}")
            assert _live_session_on_driver(db, digest) is None, name
            assert _live_session_in_orm(db, digest) is None, name
        with db.transaction() as session:
            session.execute(update(Agent).where(Agent.id == agent_id).values(locked=True))
        assert _live_session_on_driver(db, live) is None
        assert _live_session_in_orm(db, live) is None
    finally:
        db.dispose()


def write_event(db: Database, agent_id: str, n: int) -> int:
    """One event for ``agent_id`` in a transaction of its own, through ``db``'s sessions (whose
    commits wake a hub made on ``db``); returns the newest id."""
    with db.transaction() as session:
        append_event(session, agent_id, "test.event", {"n": n})
    return latest_id(db)


async def test_a_process_reads_only_the_events_its_streams_are_owed(pg_url: str) -> None:
    """A notification names the ids and agents of the events committed. A process with no
    stream for those agents moves past them without reading (each read is a query and a
    thread's turn, in every process, for every event written); one with a stream reads."""
    engines = [Database(pg_url) for _ in range(3)]
    here, there, writer = engines
    a, b = EventHub(here, poll_seconds=3600), EventHub(there, poll_seconds=3600)

    try:
        await a.start()
        await b.start()
        # Listening, and the catch-up read that follows LISTEN done (polling is an hour away).
        await until(lambda: a.listening and b.listening and a.reads and b.reads)
        advisor = await a.subscribe("agent_advisor")
        # One event first: after it, ids run on from what both hubs have seen.
        first = write_event(writer, "agent_pharmacist", 0)
        await until(lambda: a.last_id == first and b.last_id == first, what="the first id")
        reads_a, reads_b = a.reads, b.reads
        for n in range(1, 6):
            last = write_event(writer, "agent_pharmacist", n)
        await until(lambda: a.last_id == last and b.last_id == last, what="the fifth id")
        assert (a.reads, b.reads) == (reads_a, reads_b)  # no stream here for the pharmacist
        assert a.skipped >= 5 and b.skipped >= 5

        mine = write_event(writer, "agent_advisor", 99)
        row = await asyncio.wait_for(advisor.queue.get(), 10)
        assert (row.id, row.data) == (mine, {"n": 99})
        assert a.reads == reads_a + 1  # A's stream is owed it: read
        await until(lambda: b.last_id == mine)
        assert b.reads == reads_b  # B's are not

        # A stream that starts on B after the skips is served from then on.
        pharmacist = await b.subscribe("agent_pharmacist")
        later = write_event(writer, "agent_pharmacist", 100)
        row = await asyncio.wait_for(pharmacist.queue.get(), 10)
        assert (row.id, row.data) == (later, {"n": 100})
        assert advisor.queue.empty()
    finally:
        await a.close()
        await b.close()
        for db in engines:
            db.dispose()


def test_a_notice_names_the_ids_and_agents_of_one_transaction() -> None:
    assert Notice.parse("7 9 agent_a agent_b") == Notice(7, 9, frozenset({"agent_a", "agent_b"}))
    assert Notice.parse("12") == Notice(12, 12, None)  # the last id alone: anyone's
    assert Notice.parse("7 9") == Notice(7, 9, None)
    assert Notice.parse("") is None and Notice.parse("seven") is None
    assert Notice.whose(["agent_b", "agent_a", "agent_b"]) == " agent_a agent_b"
    floor = [f"agent_{n:05d}" for n in range(2000)]
    assert Notice.whose(floor) == ""  # would not fit in a NOTIFY: anyone's
    assert Notice.whose(["agent_a", "agent b"]) == ""  # cannot be split again: anyone's


async def test_notices_for_other_agents_during_a_read_are_not_read_again(
    pg_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Under load a read is nearly always running when the next notice comes. The notices for
    other agents that come meanwhile are covered by it (it reads up to the newest id): no
    second read for them."""
    hub_db, writer = Database(pg_url), Database(pg_url)
    hub = EventHub(hub_db, poll_seconds=3600)
    real_fetch = events.fetch_for
    entered, gate = threading.Event(), threading.Event()

    def held_fetch(*args: Any) -> Any:
        entered.set()
        gate.wait(10)  # the hub's read waits here, before its query, until the test lets go
        return real_fetch(*args)

    try:
        await hub.start()
        await until(lambda: hub.listening and hub.reads)
        advisor = await hub.subscribe("agent_advisor")
        monkeypatch.setattr(events, "fetch_for", held_fetch)
        mine = write_event(writer, "agent_advisor", 1)
        await until(entered.is_set, what="the hub's read of the advisor's event")
        reads, skipped = hub.reads, hub.skipped
        for n in range(3):
            last = write_event(writer, "agent_pharmacist", n)
        await until(lambda: hub.skipped == skipped + 3, what="the three notices, mid-read")
        gate.set()
        row = await asyncio.wait_for(advisor.queue.get(), 10)
        assert (row.id, row.data) == (mine, {"n": 1})
        await until(lambda: hub.last_id == last)
        assert hub.reads == reads + 1
        assert advisor.queue.empty()
    finally:
        gate.set()
        await hub.close()
        hub_db.dispose()
        writer.dispose()


async def test_a_process_own_commits_wake_its_hub_only_for_its_streams(pg_url: str) -> None:
    """A commit in this process wakes its hub at once (no wait for the NOTIFY to come back) when
    a stream here is owed the events; otherwise the notice accounts for them, without a read."""
    db = Database(pg_url)  # the hub's and the writer's: this process's own commits
    hub = EventHub(db, poll_seconds=3600)
    try:
        await hub.start()
        await until(lambda: hub.listening and hub.reads)
        advisor = await hub.subscribe("agent_advisor")
        first = write_event(db, "agent_pharmacist", 0)
        await until(lambda: hub.last_id == first)
        reads = hub.reads
        last = write_event(db, "agent_pharmacist", 1)
        await until(lambda: hub.last_id == last)
        assert hub.reads == reads  # no stream here for the pharmacist: not read
        mine = write_event(db, "agent_advisor", 2)
        row = await asyncio.wait_for(advisor.queue.get(), 10)
        assert row.id == mine and hub.reads == reads + 1
    finally:
        await hub.close()
        db.dispose()


async def test_a_failed_read_is_read_again_before_any_notice_moves_past_it(
    pg_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A read that fails (the database went away a moment) is owed to the streams here: a
    notice for other agents that comes after it must not move past the events it was reading."""
    hub_db, writer = Database(pg_url), Database(pg_url)
    hub = EventHub(hub_db, poll_seconds=0.3)  # the retry's pause after a failed read
    real_fetch = events.fetch_for
    entered, gate, failed = threading.Event(), threading.Event(), threading.Event()

    def failing_once(*args: Any) -> Any:
        if not failed.is_set():
            entered.set()
            gate.wait(10)
            failed.set()
            raise OSError("the database went away")
        return real_fetch(*args)

    try:
        await hub.start()
        await until(lambda: hub.listening and hub.reads)
        advisor = await hub.subscribe("agent_advisor")
        monkeypatch.setattr(events, "fetch_for", failing_once)
        mine = write_event(writer, "agent_advisor", 1)
        await until(entered.is_set, what="the read of the advisor's event")
        skipped = hub.skipped
        write_event(writer, "agent_pharmacist", 2)  # noticed while that read runs
        await until(lambda: hub.skipped == skipped + 1)
        gate.set()
        await until(failed.is_set)
        last = write_event(writer, "agent_pharmacist", 3)  # noticed after it failed
        row = await asyncio.wait_for(advisor.queue.get(), 10)
        assert (row.id, row.data) == (mine, {"n": 1})
        await until(lambda: hub.last_id == last)
    finally:
        gate.set()
        await hub.close()
        hub_db.dispose()
        writer.dispose()
