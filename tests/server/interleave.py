"""Two units of work made to meet at their worst moment, on a real PostgreSQL.

``meet(db, first, second, pause_after=...)`` runs ``first`` on a thread until it has executed a
statement that mentions ``pause_after`` (it has read what it will decide on), and holds it there,
its transaction open. Then it runs ``second`` on another thread until ``second`` either finishes
or waits for a lock in PostgreSQL (``pg_stat_activity`` says so for its connection). Only then
does ``first`` go on. Nothing is timed: each step waits for the state it needs.

Without a lock at the place, ``second`` reads the same state as ``first`` and both act on it;
with it, ``second`` waits and reads what ``first`` left.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import event, text

from server.core.db import Database

LIMIT = 30.0  # seconds any one step may take before the meeting is called off as broken


@dataclass
class Meeting:
    first: Any  # what ``first`` returned, or the exception it raised
    second: Any
    second_waited: bool  # ``second`` was seen waiting for a lock while ``first`` was held


class _Runner(threading.Thread):
    def __init__(self, work: Callable[[], Any]) -> None:
        super().__init__(daemon=True)
        self.work = work
        self.result: Any = None
        self.done = threading.Event()

    def run(self) -> None:
        try:
            self.result = self.work()
        except Exception as exc:
            self.result = exc
        finally:
            self.done.set()


def meet(
    db: Database,
    first: Callable[[], Any],
    second: Callable[[], Any],
    *,
    pause_after: str,
    while_held: Callable[[], None] | None = None,
) -> Meeting:
    """``first`` held after its statement on ``pause_after``; ``second`` run until it finishes or
    waits; ``while_held`` (a reader's look at the database) called then; ``first`` let go."""
    held, release = threading.Event(), threading.Event()
    second_pid: list[int] = []
    a, b = _Runner(first), _Runner(second)

    def before(conn, _cursor, _statement, _params, _context, _many):  # type: ignore[no-untyped-def]
        if threading.current_thread() is b and not second_pid:
            second_pid.append(conn.connection.driver_connection.info.backend_pid)

    def after(_conn, _cursor, statement, _params, _context, _many):  # type: ignore[no-untyped-def]
        if threading.current_thread() is a and not held.is_set() and pause_after in statement:
            held.set()
            if not release.wait(LIMIT):
                raise TimeoutError("the first unit of work was held too long")

    event.listen(db.engine, "before_cursor_execute", before)
    event.listen(db.engine, "after_cursor_execute", after)
    try:
        a.start()
        while not (held.is_set() or a.done.is_set()):
            held.wait(0.01)
        if not held.is_set():
            raise AssertionError(f"the first unit of work never ran a statement on {pause_after!r}")
        b.start()
        waited = _finishes_or_waits(db, b, second_pid)
        if while_held is not None:
            while_held()
        release.set()
        for runner in (a, b):
            if not runner.done.wait(LIMIT):
                raise AssertionError("a unit of work did not finish")
        return Meeting(a.result, b.result, waited)
    finally:
        release.set()
        event.remove(db.engine, "before_cursor_execute", before)
        event.remove(db.engine, "after_cursor_execute", after)


def _finishes_or_waits(db: Database, runner: _Runner, pid: list[int]) -> bool:
    """Wait until ``runner`` is done (False) or its connection waits for a lock (True)."""
    watch = db.engine.execution_options(isolation_level="AUTOCOMMIT")
    deadline = time.monotonic() + LIMIT
    with watch.connect() as conn:
        while not runner.done.wait(0.005):
            if time.monotonic() > deadline:
                raise AssertionError("the second unit of work neither finished nor waited")
            if pid and conn.scalar(
                text(
                    "SELECT count(*) FROM pg_stat_activity"
                    " WHERE pid = :pid AND wait_event_type = 'Lock'"
                ),
                {"pid": pid[0]},
            ):
                return True
    return False
