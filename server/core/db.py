"""Engine and session factory; migrations run before the first request."""

from __future__ import annotations

import os
import random
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

from alembic import command
from alembic.config import Config
from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy.engine.default import DefaultExecutionContext
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker

from server.core import metrics

MIGRATIONS = Path(__file__).parent.parent / "migrations"
T = TypeVar("T")
# Advisory-lock keys (PostgreSQL): the writers' (shared or exclusive, server/core/locks.py), and
# one migration at a time.
WRITER_LOCK = 0x43415245
MIGRATION_LOCK = 0x4341524D
# PostgreSQL's "could not serialize access" and "deadlock detected": the transaction was rolled
# back as a whole and may simply be run again.
RETRYABLE_SQLSTATES = frozenset({"40001", "40P01"})


def retryable(exc: BaseException) -> bool:
    """True when ``exc`` is a concurrency abort that re-running the transaction resolves."""
    orig = getattr(exc, "orig", None)
    return isinstance(exc, DBAPIError) and getattr(orig, "sqlstate", None) in RETRYABLE_SQLSTATES


def connection_lost(exc: BaseException) -> bool:
    """True when the database connection died under this request (a database restart): the
    pool has been emptied, and the same request again gets a fresh connection."""
    return isinstance(exc, DBAPIError) and bool(exc.connection_invalidated)


def make_engine(url: str, *, writer: bool = True) -> Engine:
    if url.startswith("sqlite"):
        engine = create_engine(
            url,
            connect_args={"check_same_thread": False, "timeout": 30},
            pool_pre_ping=True,
            hide_parameters=True,  # values in a logged statement or error may be a patient's
        )

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_conn, _record):  # type: ignore[no-untyped-def]
            # We issue BEGIN ourselves (below), so the driver must not.
            dbapi_conn.isolation_level = None
            cur = dbapi_conn.cursor()
            # WAL lets readers (the event stream) run beside the writer; foreign keys on.
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA synchronous=NORMAL")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA busy_timeout=30000")
            cur.close()

        @event.listens_for(engine, "begin")
        def _begin(conn):  # type: ignore[no-untyped-def]
            # A writer takes the write lock up front: a deferred transaction that reads and then
            # writes fails at once (SQLITE_BUSY) when another writer got there first, while an
            # immediate one waits its turn under busy_timeout.
            conn.exec_driver_sql("BEGIN IMMEDIATE" if writer else "BEGIN")

        return engine
    # Connections kept open per process (CAREDESK_DATABASE_POOL_SIZE, default 20, plus 10 more
    # at a peak): with fewer, the streams' session checks opened and dropped a connection each
    # time. PostgreSQL's max_connections must cover workers × (pool + 10) + 1 listener each.
    pool = int(os.environ.get("CAREDESK_DATABASE_POOL_SIZE") or 20)
    # No ping before each checkout (a round trip per unit of work, a third of the streams'
    # session checks): a connection that died with a database restart fails one request, which
    # gets 503 with Retry-After (server/core/errors.py); SQLAlchemy drops the whole pool, and the
    # client's retry gets a fresh connection.
    return create_engine(
        url, pool_size=pool, max_overflow=10, pool_recycle=1800, hide_parameters=True
    )


def migrate(engine: Engine) -> None:
    """Bring the schema to the newest revision (idempotent). Workers starting together take
    turns: on PostgreSQL under an advisory lock (the DDL is transactional, so the next one finds
    the schema at the head); on SQLite under the write lock."""
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as conn:
        if engine.dialect.name == "postgresql":
            conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({MIGRATION_LOCK})")
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")


def schema_head() -> str | None:
    """The newest migration this code has."""
    from alembic.script import ScriptDirectory

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    return ScriptDirectory.from_config(cfg).get_current_head()


def schema_revision(db: Database) -> str | None:
    """The migration the database is at (None before the first)."""
    from alembic.runtime.migration import MigrationContext

    with db.read_engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def copy_rows(
    session: Session, table: str, columns: Sequence[str], rows: Iterable[Sequence[object]]
) -> None:
    """PostgreSQL's COPY into ``table``, in the session's transaction, after what the ORM holds.
    Values go in as they are: callers convert what the ORM would (JSON, UTC datetimes)."""
    session.flush()
    raw = session.connection().connection.driver_connection
    names = ", ".join(f'"{c}"' for c in columns)
    with (
        raw.cursor() as cur,  # type: ignore[union-attr]
        cur.copy(f"COPY {table} ({names}) FROM STDIN") as copy,
    ):
        for row in rows:
            copy.write_row(row)


WRITER_MODE = "caredesk.writer_mode"
EXCLUSIVE, SHARED, NO_TURN = "exclusive", "shared", "none"


def _take_writer_lock(session: Session, _transaction: object, connection: object) -> None:
    """PostgreSQL, at a writing transaction's first statement: the writer lock in this unit of
    work's mode (``server.core.locks``), held until it ends."""
    mode = session.info.get(WRITER_MODE, EXCLUSIVE)
    if mode == NO_TURN or getattr(_transaction, "parent", None) is not None:
        return
    function = "pg_advisory_xact_lock_shared" if mode == SHARED else "pg_advisory_xact_lock"
    started = time.perf_counter()
    connection.exec_driver_sql(f"SELECT {function}({WRITER_LOCK})")  # type: ignore[attr-defined]
    metrics.WRITER_LOCK_WAIT.observe(time.perf_counter() - started)


class ReaderWrote(RuntimeError):
    """A reader tried to write. Readers run without a transaction on PostgreSQL, so a write
    there would be committed at once rather than rolled back with the read: refused instead."""


def _readers_do_not_flush(session: Session, _context: object, _instances: object) -> None:
    raise ReaderWrote("A reader changed what it read; changes belong in db.transaction().")


def _readers_do_not_write(
    _conn: object,
    _cursor: object,
    _statement: str,
    _parameters: object,
    context: DefaultExecutionContext,
    _executemany: bool,
) -> None:
    if context.isinsert or context.isupdate or context.isdelete:
        raise ReaderWrote("A reader ran an INSERT, UPDATE or DELETE; use db.transaction().")


class Database:
    def __init__(self, url: str) -> None:
        self.url = url
        self.engine = make_engine(url)
        # SQLite readers get their own engine so they never queue behind the write lock.
        # PostgreSQL readers share the writers' pool without a transaction (autocommit): under
        # READ COMMITTED each statement sees what committed before it either way, and a read
        # in a transaction cost two more round trips (BEGIN, and ROLLBACK when it ended), three
        # for the session check's one statement on every request.
        self.read_engine = (
            make_engine(url, writer=False)
            if url.startswith("sqlite")
            else self.engine.execution_options(isolation_level="AUTOCOMMIT")
        )
        metrics.track_pool(self.engine, "writer")
        if self.read_engine.pool is not self.engine.pool:
            metrics.track_pool(self.read_engine, "reader")
        # SQLite: units of work that write run one at a time (BEGIN IMMEDIATE). PostgreSQL:
        # READ COMMITTED (each statement sees what committed before it) under the writer lock,
        # shared by the units of work that lock the places they contend for and exclusive for
        # the rest (server/core/locks.py). Readers (``reader``) never wait. Measured with
        # SERIALIZABLE instead: under 50 webhooks a second its aborts ("identification as a
        # pivot", on index pages) outran 8 retries.
        self.sessions = sessionmaker(self.engine, expire_on_commit=False)
        if not url.startswith("sqlite"):
            event.listen(self.sessions, "after_begin", _take_writer_lock)
        self.read_sessions = sessionmaker(self.read_engine, expire_on_commit=False)
        event.listen(self.read_sessions, "before_flush", _readers_do_not_flush)
        event.listen(self.read_engine, "before_cursor_execute", _readers_do_not_write)

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @contextmanager
    def transaction(self, *, turns: bool = True, scoped: bool = False) -> Iterator[Session]:
        """One unit of work: committed when the block ends, rolled back if it raises.
        PostgreSQL: ``scoped`` runs beside other scoped units of work, and locks what it
        contends for itself (server/core/locks.py); ``turns=False`` does not wait its turn among
        writers at all, for work that cannot conflict with them, such as deleting by age."""
        with self.sessions() as session:
            session.info[WRITER_MODE] = NO_TURN if not turns else SHARED if scoped else EXCLUSIVE
            with session.begin():
                yield session

    def run(self, unit: Callable[[Session], T], attempts: int = 8, *, scoped: bool = False) -> T:
        """``unit`` in one transaction, run again (up to ``attempts`` times, with a short random
        pause) when PostgreSQL aborted it for a concurrent one (a deadlock between locks)."""
        for attempt in range(1, attempts + 1):
            try:
                with self.transaction(scoped=scoped) as session:
                    return unit(session)
            except DBAPIError as exc:
                if not retryable(exc) or attempt == attempts:
                    raise
            time.sleep(random.uniform(0, 0.005 * attempt))  # noqa: S311 - jitter, not a secret
        raise AssertionError("unreachable")

    @contextmanager
    def reader(self) -> Iterator[Session]:
        """A read-only unit of work. On PostgreSQL it holds no transaction (each statement sees
        what committed before it, as in READ COMMITTED); a write in it raises ``ReaderWrote``."""
        with self.read_sessions() as session:
            yield session

    @contextmanager
    def plain_reader(self) -> Iterator[Connection]:
        """A read on a pooled connection without the ORM, for the few that run on every request
        or every commit (the session check, the event hub's read) as one fixed statement given
        to ``exec_driver_sql``: the ORM's session and statement building cost them several
        times the query. Errors are SQLAlchemy's as anywhere else (a lost connection empties
        the pool and answers 503). On PostgreSQL it holds no transaction, as ``reader``."""
        with self.read_engine.connect() as connection:
            yield connection

    def ping(self) -> None:
        """The database answers (raises the driver's error when it does not)."""
        with self.reader() as session:
            session.execute(text("SELECT 1"))

    def dispose(self) -> None:
        self.engine.dispose()
        self.read_engine.dispose()
