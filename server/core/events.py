# Longer than 400 lines: the event log, its hub and cross-process listener: one mechanism.
"""Per-agent event streams, stored in the database.

Writers append rows in their own transaction (``append_event``). Each server process runs one
``EventHub`` that reads new rows, once for all its subscribers, and hands each row to the queues
of the agent it belongs to. It reads when a local commit wakes it, and for rows other processes
wrote:

- on PostgreSQL, when a notification arrives on the ``caredesk_events`` channel. Each
  transaction that appended events sends one NOTIFY (NOTIFY takes a global lock at commit, so
  never one per event) carrying only its last event id; every process holds one listening
  connection. The rows stay in the table, so replay and ``Last-Event-ID`` work as before.
- on SQLite, which has no notifications, every ``poll_seconds``. PostgreSQL falls back to that
  too while its listening connection is down.

A subscriber first replays what it missed from the database, then drains its queue, skipping ids
it already sent: nothing is lost or sent twice, whichever process wrote it.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import anyio
from sqlalchemy import event, func, insert, select, text
from sqlalchemy.orm import Session

from server.core import locks, metrics
from server.core.db import Database, copy_rows
from server.core.orm import EventRow, utcnow

log = logging.getLogger("caredesk.server.events")

_PENDING_KEY = "caredesk.events_pending"
_QUEUED_KEY = "caredesk.events_queued"
CHANNEL = "caredesk_events"


_PAGE = 2000  # events the hub reads at a time
_FILTER_AT_MOST = 1000  # agents a read names; with more, it reads everyone's


def append_event(session: Session, agent_id: str, type_: str, data: dict[str, Any]) -> None:
    _queue(session, type_, [agent_id]).append((agent_id, type_, utcnow(), data))


def broadcast(session: Session, agent_ids: list[str], type_: str, data: dict[str, Any]) -> None:
    """The same event to many agents (a floor notice, the leads): one bulk write rather than an
    ORM object each, which for 2,000 agents took longer than delivering them. On PostgreSQL,
    COPY with the payload serialised once."""
    if agent_ids:
        _queue(session, type_, agent_ids).append((list(agent_ids), type_, utcnow(), data))


Queued = tuple[str | list[str], str, datetime, dict[str, Any]]


def _queue(session: Session, type_: str, agent_ids: list[str]) -> list[Queued]:
    # Events are written when the transaction commits (``_write_before_commit``), not when they
    # are appended: the lock on the log's tail is then held only from their insert to the commit.
    # Whose they are goes to this process's hub after the commit (``EventHub._after_commit``).
    pending: set[str] = session.info.setdefault(_PENDING_KEY, set())
    pending.update(agent_ids)
    metrics.count_on_commit(session, metrics.EVENTS_APPENDED.labels(type_), len(agent_ids))
    queued: list[Queued] = session.info.setdefault(_QUEUED_KEY, [])
    return queued


def _write_before_commit(session: Session) -> None:
    """The transaction's events, in the order they were appended. On PostgreSQL under the lock on
    the log's tail (``Place.EVENTS``), which commits release: event ids become visible in
    increasing order, so a reader that has seen id N never misses a later-committed id < N, however
    many writers run beside each other. Then one NOTIFY saying which ids these are and whose
    (``Notice``), so that a process with no stream for those agents need not read them."""
    queued: list[Queued] = session.info.pop(_QUEUED_KEY, None) or []
    if not queued:
        return
    session.flush()  # the unit's own rows first: the row locks they take come before the tail's
    if session.get_bind().dialect.name != "postgresql":
        session.execute(
            insert(EventRow),
            [
                {"agent_id": a, "type": type_, "at": at, "data": data}
                for agent, type_, at, data in queued
                for a in ([agent] if isinstance(agent, str) else agent)
            ],
        )
        return
    if any(isinstance(agent, list) and len(agent) > COPY_FROM for agent, *_ in queued):
        _write_with_copy(session, queued)
        return
    # The usual case, in one round trip and one statement compiled once: the tail's lock, the
    # rows, and the NOTIFY of the last id.
    agents: list[str] = []
    types: list[str] = []
    ats: list[datetime] = []
    payloads: list[str] = []
    for agent, type_, at, data in queued:
        payload = json.dumps(data, separators=(",", ":"), default=str)
        for agent_id in [agent] if isinstance(agent, str) else agent:
            agents.append(agent_id)
            types.append(type_)
            ats.append(at)
            payloads.append(payload)
    started = time.perf_counter()
    session.execute(
        _WRITE,
        {
            "place": int(locks.Place.EVENTS),
            "key": locks.key_of(_TAIL),
            "agents": agents,
            "types": types,
            "ats": ats,
            "payloads": payloads,
            "channel": CHANNEL,
            "whose": Notice.whose(agents),
        },
    )
    # The wait for the tail is inside the statement: timed with its insert, which is short.
    metrics.LOCK_WAIT.labels("events").observe(time.perf_counter() - started)


_TAIL = "tail"
COPY_FROM = 20  # a broadcast to more agents than this goes by COPY
# The lock is a materialised CTE the insert's rows are joined to: it is held before the first id
# is drawn from the sequence, and until the transaction ends. Ids follow the order of appending.
_WRITE = text(
    """
    WITH tail AS MATERIALIZED (SELECT pg_advisory_xact_lock(:place, :key)),
    written AS (
        INSERT INTO events (agent_id, type, at, data)
        SELECT e.agent_id, e.type, e.at, CAST(e.data AS json)
        FROM tail, unnest(
            CAST(:agents AS text[]), CAST(:types AS text[]),
            CAST(:ats AS timestamptz[]), CAST(:payloads AS text[])
        ) WITH ORDINALITY AS e(agent_id, type, at, data, n)
        ORDER BY e.n
        RETURNING id
    )
    SELECT pg_notify(:channel, CAST(min(id) AS text) || ' ' || CAST(max(id) AS text) || :whose)
    FROM written
    """
)


@dataclass(frozen=True)
class Notice:
    """What a NOTIFY on ``CHANNEL`` says: the events of one transaction are ids ``first`` to
    ``last`` (writers take turns at the tail, so they are consecutive and commit in order), for
    ``agents`` (None: unknown, anyone's).

    The payload is ``"first last agent agent…"``; a transaction for more agents than fit in a
    NOTIFY (8,000 bytes) names none. A payload of the last id alone is anyone's too."""

    first: int
    last: int
    agents: frozenset[str] | None

    LIMIT = 7000  # bytes of agent ids a payload carries at most

    @staticmethod
    def whose(agents: list[str]) -> str:
        """The payload's agents part: `` a b c``, or empty (anyone's) when they would not fit,
        or when an id could not be told apart from the next (one with white space in it)."""
        unique = sorted(set(agents))
        if any(agent.split() != [agent] for agent in unique):
            return ""
        named = " ".join(unique)
        return "" if len(named.encode()) > Notice.LIMIT else " " + named

    @classmethod
    def parse(cls, payload: str) -> Notice | None:
        words = payload.split()
        if len(words) == 1 and words[0].isdigit():
            last = int(words[0])
            return cls(last, last, None)
        if len(words) < 2 or not (words[0].isdigit() and words[1].isdigit()):
            return None
        return cls(int(words[0]), int(words[1]), frozenset(words[2:]) or None)


def _write_with_copy(session: Session, queued: list[Queued]) -> None:
    """A broadcast to a whole floor: COPY, after the tail's lock, then NOTIFY with the newest id
    (the tail is this transaction's until it ends)."""
    locks.lock(session, locks.Place.EVENTS, _TAIL)
    rows: list[dict[str, Any]] = []
    for agent, type_, at, data in queued:
        if isinstance(agent, str) or len(agent) <= COPY_FROM:
            agents = [agent] if isinstance(agent, str) else agent
            rows += [{"agent_id": a, "type": type_, "at": at, "data": data} for a in agents]
            continue
        if rows:  # written first: ids follow the order the events were appended in
            session.execute(insert(EventRow), rows)
            rows = []
        payload = json.dumps(data, separators=(",", ":"), default=str)
        copy_rows(
            session,
            "events",
            ("agent_id", "type", "at", "data"),
            ((agent_id, type_, at, payload) for agent_id in agent),
        )
    if rows:
        session.execute(insert(EventRow), rows)
    last = session.scalar(select(func.max(EventRow.id)))
    session.execute(select(func.pg_notify(CHANNEL, str(last))))


def _forget(session: Session, *_: object) -> None:
    session.info.pop(_QUEUED_KEY, None)


# Every session, whoever opened it (a server process, a maintenance script, the bench): a writer
# that appends events writes them and notifies, or processes that only listen would never learn
# of them.
event.listen(Session, "before_commit", _write_before_commit)
event.listen(Session, "after_rollback", _forget)


@dataclass(frozen=True)
class StoredEvent:
    id: int
    agent_id: str
    type: str
    at: datetime
    data: dict[str, Any]

    def to_wire(self) -> dict[str, Any]:
        return {"id": self.id, "type": self.type, "at": self.at.isoformat(), "data": self.data}


_COLUMNS = (EventRow.id, EventRow.agent_id, EventRow.type, EventRow.at, EventRow.data)


def fetch_since(
    db: Database, agent_id: str | None, after_id: int, limit: int = 500
) -> list[StoredEvent]:
    # Columns rather than ORM objects: the hub reads a whole floor's events at once (2,000 rows
    # for one notice to every agent), and building entities cost ten times the query.
    with db.reader() as session:
        query = select(*_COLUMNS).where(EventRow.id > after_id)
        if agent_id is not None:
            query = query.where(EventRow.agent_id == agent_id)
        rows = session.execute(query.order_by(EventRow.id).limit(limit)).all()
        return [StoredEvent(*row) for row in rows]


def fetch_for(
    db: Database, agents: list[str] | None, after_id: int, limit: int, upto: int | None = None
) -> tuple[int, list[StoredEvent]]:
    """The hub's read: the newest id (``upto``, unless given), and the events after ``after_id``
    up to it of ``agents`` (``None``: everyone's), oldest first, at most ``limit``.

    Writers take turns at the log's tail (``_write_before_commit``), so when the newest id is N
    every event up to N has committed (or never will): nothing the hub passes over can turn up
    later below N.
    """
    if agents is not None and not agents and upto is not None:
        return upto, []
    if db.dialect == "postgresql":
        return _fetch_for_postgres(db, agents, after_id, limit, upto)
    return _fetch_for_orm(db, agents, after_id, limit, upto)


def _fetch_for_orm(
    db: Database, agents: list[str] | None, after_id: int, limit: int, upto: int | None
) -> tuple[int, list[StoredEvent]]:
    with db.reader() as session:
        if upto is None:
            upto = int(session.scalar(select(func.max(EventRow.id))) or 0)
        if upto <= after_id or (agents is not None and not agents):
            return upto, []
        query = select(*_COLUMNS).where(EventRow.id > after_id, EventRow.id <= upto)
        if agents is not None:
            query = query.where(EventRow.agent_id.in_(agents))
        rows = session.execute(query.order_by(EventRow.id).limit(limit)).all()
        return upto, [StoredEvent(*row) for row in rows]


# The hub's read on PostgreSQL, one statement given to the driver (``Database.plain_reader``):
# every commit on the floor causes one in each process with a stream for its agents. Through the
# ORM's session and statement building it cost 1.2 ms of CPU (0.35 ms now), a sixth of the
# workers' Python time under the sustained load. The newest id and the rows come from one
# statement, so from one snapshot, in one round trip.
_NEWEST_AND_ROWS = """
    SELECT top.upto, e.id, e.agent_id, e.type, e.at, e.data
    FROM (SELECT coalesce(max(id), 0) AS upto FROM events) AS top
    LEFT JOIN LATERAL (
        SELECT id, agent_id, type, at, data FROM events
        WHERE id > %(after)s AND id <= top.upto AND (%(everyone)s OR agent_id = ANY(%(agents)s))
        ORDER BY id LIMIT %(limit)s
    ) AS e ON true
"""
_ROWS_UPTO = """
    SELECT id, agent_id, type, at, data FROM events
    WHERE id > %(after)s AND id <= %(upto)s AND (%(everyone)s OR agent_id = ANY(%(agents)s))
    ORDER BY id LIMIT %(limit)s
"""


def _fetch_for_postgres(
    db: Database, agents: list[str] | None, after_id: int, limit: int, upto: int | None
) -> tuple[int, list[StoredEvent]]:
    params = {
        "after": after_id,
        "everyone": agents is None,
        "agents": agents or [],
        "limit": limit,
        "upto": upto,
    }
    with db.plain_reader() as connection:
        if upto is not None:
            rows = connection.exec_driver_sql(_ROWS_UPTO, params).all()
            return upto, [_stored(*row) for row in rows]
        found = connection.exec_driver_sql(_NEWEST_AND_ROWS, params).all()
        newest = int(found[0][0]) if found else 0
        return newest, [_stored(*row[1:]) for row in found if row[1] is not None]


def _stored(id_: int, agent_id: str, type_: str, at: datetime, data: Any) -> StoredEvent:
    # As the ORM's column gives them: UTC, and the JSON decoded (psycopg decodes json itself).
    return StoredEvent(id_, agent_id, type_, at.astimezone(UTC), data)


def latest_id(db: Database, agent_id: str | None = None) -> int:
    with db.reader() as session:
        query = select(func.max(EventRow.id))
        if agent_id is not None:
            query = query.where(EventRow.agent_id == agent_id)
        return int(session.scalar(query) or 0)


# Put on a subscriber's queue to make its stream re-check its session now (a sign-out).
RECHECK = StoredEvent(0, "", "", datetime.min, {})
# Put on every queue when the process is shutting down: the stream says when to come back and
# ends, and the desk reconnects (to another worker, or to this server once it is back).
DRAIN = StoredEvent(0, "", "", datetime.min, {})
DRAIN_RETRY_MS = 500


@dataclass(eq=False)
class Subscription:
    agent_id: str
    queue: asyncio.Queue[StoredEvent] = field(default_factory=asyncio.Queue)


SessionCheck = Callable[[], Awaitable[bool]]


class EventHub:
    def __init__(self, db: Database, poll_seconds: float = 0.5) -> None:
        self._db = db
        self._poll_seconds = poll_seconds
        self._subscribers: dict[str, set[Subscription]] = {}
        self._wake: asyncio.Event | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._task: asyncio.Task[None] | None = None
        self._last_id = 0
        # Every id up to here is read (``_last_id``) or in a notice this process has had (one
        # it skipped, or one it woke for): ``_noticed``.
        self._covered = 0
        self._reading = False  # a read is running (``_dispatch_new``)
        self._starting: asyncio.Lock | None = None
        self.started = 0  # how many times the hub task was started (once per process, normally)
        self._listen_task: asyncio.Task[None] | None = None
        self.listening = False  # PostgreSQL: the notification connection is up
        self.reads = 0  # how many times the hub read new rows (for tests and the bench)
        self.skipped = 0  # notices of events for no stream here, not read (``_noticed``)
        self.draining = False  # shutting down: streams are ended and no new ones are taken
        event.listen(db.sessions, "after_commit", self._after_commit)
        event.listen(db.sessions, "after_rollback", self._after_rollback)

    def _after_commit(self, session: Session) -> None:
        """In the thread that committed. This process's own commits wake its hub at once, without
        waiting for their NOTIFY to come back; while it listens, only those for an agent with a
        stream here do (the notice accounts for the rest, ``_noticed``)."""
        agents: set[str] | None = session.info.pop(_PENDING_KEY, None)
        if not agents:
            return
        subscribers = self._subscribers  # changed on the event loop's thread: lookups only here
        if self.listening and not any(agent in subscribers for agent in agents):
            return
        self.wake()

    def _after_rollback(self, session: Session) -> None:
        session.info.pop(_PENDING_KEY, None)

    def wake(self) -> None:
        """Thread-safe: called after a commit in whichever thread made it."""
        loop, wake = self._loop, self._wake
        if loop is None or wake is None or loop.is_closed():
            return
        try:
            running = asyncio.get_running_loop()
        except RuntimeError:
            running = None
        if running is loop:
            wake.set()
        else:
            with contextlib.suppress(RuntimeError):  # the loop closed between the check and now
                loop.call_soon_threadsafe(wake.set)

    async def start(self) -> None:
        """Start reading (and, on PostgreSQL, listening) now rather than at the first stream,
        so a worker is ready before its first desk connects (see /readyz)."""
        await self._ensure_started()

    async def _ensure_started(self) -> None:
        if self._task is not None and not self._task.done():
            return
        if self._starting is None:
            self._starting = asyncio.Lock()
        # Many subscribers connect at once after a restart: one of them starts the hub, the
        # others wait for it (without the lock each would start a hub of its own).
        async with self._starting:
            if self._task is not None and not self._task.done():
                return
            self._loop = asyncio.get_running_loop()
            self._wake = asyncio.Event()
            self._last_id = await anyio.to_thread.run_sync(latest_id, self._db)
            self._task = asyncio.create_task(self._run(), name="caredesk-event-hub")
            if self._db.dialect == "postgresql":
                self._listen_task = asyncio.create_task(
                    self._listen(), name="caredesk-event-listener"
                )
            self.started += 1

    async def _listen(self) -> None:
        """One connection per process, LISTENing; each notification wakes the hub unless this
        process already read that id. Reconnects after a failure; polling covers the gap."""
        import psycopg

        url = self._db.engine.url.set(drivername="postgresql")
        conninfo = url.render_as_string(hide_password=False)
        # TCP keepalives: a connection that died without a word (a dropped network path) is
        # noticed within about a minute, and the hub polls until it is back.
        keepalive: dict[str, Any] = {
            "keepalives": 1,
            "keepalives_idle": 30,
            "keepalives_interval": 10,
            "keepalives_count": 3,
        }
        retry = 0.5
        while True:
            try:
                async with await psycopg.AsyncConnection.connect(
                    conninfo, autocommit=True, **keepalive
                ) as conn:
                    await conn.execute(f"LISTEN {CHANNEL}")
                    self.listening = True
                    retry = 0.5
                    self.wake()  # catch up with what was committed before LISTEN took effect
                    async for note in conn.notifies():
                        self._noticed(Notice.parse(note.payload))
            except asyncio.CancelledError:
                raise
            except Exception:
                log.warning(
                    "event notifications lost their connection; polling, reconnecting in %.1f s",
                    retry,
                )
            finally:
                self.listening = False
                self.wake()  # the hub goes back to polling at once
            await asyncio.sleep(retry)
            retry = min(30.0, retry * 2)  # a database that stays away is not asked 2× a second

    @property
    def last_id(self) -> int:
        """The newest event id this process has accounted for, read or skipped."""
        return self._last_id

    def _noticed(self, notice: Notice | None) -> None:
        """A transaction's events committed (in this process or another). They are read only
        when they may concern a stream here: with 4 processes, three in four of the reads found
        nothing for their streams (and with no stream at all, every read did), each a query and
        a thread's turn for every event written.

        A notice for other agents is passed over when every id before it is read here or was in
        an earlier notice (``_covered``): then nothing is skipped that was not seen. It moves
        ``_last_id`` at once when no read is running or waiting; otherwise the read, which takes
        everything up to the newest id, does (``_dispatch_new``). A gap (ids a rolled-back
        transaction drew, a notice lost while reconnecting) is read, as any notice naming an
        agent with a stream here is. An agent who subscribes after a notice was passed over is
        not owed it by the hub: a new stream replays from the log (``fetch_since``) after
        subscribing."""
        if notice is not None and notice.last <= self._last_id:
            return  # read already
        if notice is None or notice.first - 1 > max(self._last_id, self._covered):
            # A payload this process does not understand, or a gap before it: read.
            metrics.HUB_NOTICES.labels("read").inc()
            self.wake()
            return
        self._covered = max(self._covered, notice.last)
        if notice.agents is None or not notice.agents.isdisjoint(self._subscribers):
            metrics.HUB_NOTICES.labels("read").inc()
            self.wake()
            return
        metrics.HUB_NOTICES.labels("skipped").inc()
        self.skipped += 1
        if not self._reading and not (self._wake is not None and self._wake.is_set()):
            self._last_id = max(self._last_id, self._covered)

    async def _run(self) -> None:
        assert self._wake is not None
        while True:
            # Woken by local commits and notifications; polls only without notifications.
            timeout = None if self.listening else self._poll_seconds
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), timeout)
            self._wake.clear()
            try:
                await self._dispatch_new()
            except Exception:  # a database hiccup must not end the stream for everyone
                log.exception("event hub could not read new events; retrying")
                # Read again, whatever comes meanwhile: until then no notice for other agents
                # may move past what this read owed the streams here (``_noticed``).
                self._wake.set()
                await asyncio.sleep(self._poll_seconds)

    async def _dispatch_new(self) -> None:
        """Read what is new for this process's subscribers only (with 2,000 agents over 4
        workers, each would otherwise read, decode and drop three rows in four)."""
        self._reading = True
        try:
            await self._read_new()
        finally:
            self._reading = False
        if self._wake is not None and not self._wake.is_set():
            # Notices for other agents that came while reading: nothing of them is owed here.
            self._last_id = max(self._last_id, self._covered)

    async def _read_new(self) -> None:
        while True:
            wanted = set(self._subscribers)
            agents = list(wanted) if len(wanted) <= _FILTER_AT_MOST else None
            before = self._last_id
            upto, rows = await anyio.to_thread.run_sync(fetch_for, self._db, agents, before, _PAGE)
            self.reads += 1
            metrics.HUB_READS.inc()
            full = len(rows) == _PAGE
            if full:
                upto = rows[-1].id
            if agents is not None:
                # Agents that subscribed while we read: their stream's replay may have read
                # before some of these rows committed, so they get this range too (the stream
                # drops ids it already sent).
                late = [a for a in self._subscribers if a not in wanted]
                if late:
                    _, more = await anyio.to_thread.run_sync(
                        fetch_for, self._db, late, before, 1_000_000, upto
                    )
                    rows = sorted(rows + more, key=lambda r: r.id)
            for row in rows:
                for sub in self._subscribers.get(row.agent_id, ()):
                    sub.queue.put_nowait(row)
            self._last_id = max(self._last_id, upto)
            if not full:
                return

    async def subscribe(self, agent_id: str) -> Subscription:
        await self._ensure_started()
        sub = Subscription(agent_id)
        self._subscribers.setdefault(agent_id, set()).add(sub)
        return sub

    def unsubscribe(self, sub: Subscription) -> None:
        subs = self._subscribers.get(sub.agent_id)
        if subs is not None:
            subs.discard(sub)
            if not subs:
                del self._subscribers[sub.agent_id]

    def recheck_sessions(self) -> None:
        """Thread-safe: every open stream of this process re-checks its session at once (a
        sign-out here ends its streams now; other processes notice within a check interval)."""
        self._tell_every_stream(RECHECK)

    def drain(self) -> None:
        """Thread-safe: end every open stream of this process with a retry hint, and take no
        new ones (the route answers 503). Called when the process is told to stop."""
        self.draining = True
        self._tell_every_stream(DRAIN)

    def _tell_every_stream(self, word: StoredEvent) -> None:
        """Thread-safe: ``word`` on the queue of every stream of this process."""
        loop = self._loop
        if loop is None or loop.is_closed():
            return

        def poke() -> None:
            for subs in self._subscribers.values():
                for sub in subs:
                    sub.queue.put_nowait(word)

        with contextlib.suppress(RuntimeError):
            loop.call_soon_threadsafe(poke)

    @property
    def subscriber_count(self) -> int:
        return sum(len(s) for s in self._subscribers.values())

    async def close(self) -> None:
        for task in (self._listen_task, self._task):
            if task is not None:
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await task
        self._task = self._listen_task = None

    async def stream(
        self,
        agent_id: str,
        after_id: int,
        heartbeat_seconds: float,
        *,
        session_alive: SessionCheck | None = None,
        check_seconds: float = 5.0,
        ends_at: float | None = None,
    ) -> AsyncIterator[str]:
        """The SSE text for one subscriber: replay after ``after_id``, then live events.

        The stream ends when its session does: at ``ends_at`` (the access token's expiry, on
        the ``time.monotonic`` clock) and when ``session_alive`` says so, asked every
        ``check_seconds`` and whenever ``recheck_sessions`` is called. The client then
        reconnects with a fresh token and ``Last-Event-ID``, so nothing is lost.
        """
        sub = await self.subscribe(agent_id)
        metrics.STREAMS_OPEN.inc()
        ended = "client"  # why the stream ended, for caredesk_sse_streams_ended

        async def alive() -> bool:
            if ends_at is not None and time.monotonic() >= ends_at:
                return False
            return session_alive is None or await session_alive()

        try:
            sent = after_id
            yield "retry: 2000\n\n"
            while True:  # replay in pages until caught up
                missed = await anyio.to_thread.run_sync(fetch_since, self._db, agent_id, sent, 500)
                for replayed in missed:
                    yield format_sse(replayed)
                    sent = replayed.id
                metrics.EVENTS_DELIVERED.inc(len(missed))
                if len(missed) < 500:
                    break
            if self.draining:
                ended = "draining"
                yield f"retry: {DRAIN_RETRY_MS}\n\n"
                return
            now = time.monotonic()
            next_check, next_beat = now + check_seconds, now + heartbeat_seconds
            while True:
                deadline = min(next_check, next_beat)
                if ends_at is not None:
                    deadline = min(deadline, ends_at)
                row: StoredEvent | None = None
                if not sub.queue.empty():
                    row = sub.queue.get_nowait()
                else:
                    # asyncio.timeout, not wait_for: no task per event (fan-out's hot path).
                    with contextlib.suppress(TimeoutError):
                        async with asyncio.timeout(max(0.0, deadline - time.monotonic())):
                            row = await sub.queue.get()
                if row is DRAIN:
                    ended = "draining"
                    yield f"retry: {DRAIN_RETRY_MS}\n\n"
                    return
                now = time.monotonic()
                if row is RECHECK or now >= next_check or (ends_at is not None and now >= ends_at):
                    if not await alive():
                        ended = "expired" if ends_at is not None and now >= ends_at else "session"
                        return
                    next_check = time.monotonic() + check_seconds
                if row is None or row is RECHECK:
                    if now >= next_beat:
                        yield ": heartbeat\n\n"
                        next_beat = time.monotonic() + heartbeat_seconds
                    continue
                if row.id <= sent:
                    continue
                yield format_sse(row)
                sent = row.id
                metrics.EVENTS_DELIVERED.inc()
                metrics.DELIVERY_LAG.observe(max(0.0, (utcnow() - row.at).total_seconds()))
                next_beat = time.monotonic() + heartbeat_seconds
        except Exception:
            ended = "error"
            raise
        finally:
            self.unsubscribe(sub)
            metrics.STREAMS_OPEN.dec()
            if ended != "client":
                metrics.STREAMS_ENDED.labels(ended).inc()


def format_sse(row: StoredEvent) -> str:
    payload = json.dumps(row.to_wire(), separators=(",", ":"), default=str)
    return f"id: {row.id}\nevent: {row.type}\ndata: {payload}\n\n"
