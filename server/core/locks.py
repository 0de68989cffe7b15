"""What a writing transaction contends for, locked where it is contended.

Writers come in two kinds (``server.core.db``):

- **Scoped** units of work (``Database.run(unit, scoped=True)``) hold the writer lock *shared*,
  so they run beside each other, and lock each place they check and then change with ``lock``
  (a PostgreSQL advisory lock keyed by the place and its key, held until the transaction ends),
  or with ``SELECT … FOR UPDATE`` on a row that exists already. Two calls, two refunds or two
  escalations never wait for each other; two events for one call do.
- **Whole** units of work (the default) hold it *exclusive*: they wait for every scoped one and
  run alone, so check-then-act code that has not named its places yet stays correct.

An advisory lock is taken before the unit reads what it will decide on; ``row`` reads its row
again as it locks it. Hash collisions between keys only make two units wait for each other.
SQLite has one writer at a time (``BEGIN IMMEDIATE``), so there ``lock`` does nothing.

A scoped unit of work holds the writer lock shared for as long as it runs, and a whole one that
queues behind it makes the scoped ones after it wait too: nothing slow (a vendor's API) belongs
inside one. The outboxes claim, send outside any transaction, and record (``server.core.outbox``).
"""

from __future__ import annotations

import hashlib
import time
from enum import IntEnum
from typing import Any, TypeVar

from sqlalchemy import Select, text
from sqlalchemy.orm import Session

from server.core import metrics

M = TypeVar("M")
S = TypeVar("S", bound=Select[Any])


class Place(IntEnum):
    """A kind of contended place; its value is the first half of the advisory lock's key.
    Values are never reused: a running worker of the previous version may still hold them."""

    # 1 was a webhook delivery's digest: its unique index now does it (calls.first_delivery)
    CALL = 2  # a call's conversation, by (source, external id): every event of one call
    APP_TOKEN_LINE = 3  # the app-call token throttle of one line
    NUMBER = 4  # a caller's number: one missed-call text, one waiting call-back
    EVENTS = 5  # the event log's tail: ids become visible in increasing order (one key)


def key_of(value: str) -> int:
    """A signed 32-bit key for ``value`` (PostgreSQL's two-key advisory locks take int4s)."""
    return int.from_bytes(hashlib.blake2b(value.encode(), digest_size=4).digest(), signed=True)


def lock(session: Session, place: Place, key: str) -> None:
    """Hold ``place``/``key`` until this transaction ends (PostgreSQL; SQLite: nothing to do)."""
    bind = session.get_bind()
    if bind.dialect.name != "postgresql":
        return
    started = time.perf_counter()
    session.execute(
        text("SELECT pg_advisory_xact_lock(:place, :key)"),
        {"place": int(place), "key": key_of(key)},
    )
    metrics.LOCK_WAIT.labels(place.name.lower()).observe(time.perf_counter() - started)


# Rows that exist before the unit of work are locked as rows: an app-call token (redeemed once),
# a refund request (decided once) and its order (refunded up to what is left), an escalation
# (claimed by one pharmacist). In READ COMMITTED, a second unit waits at the row and then reads it
# as the first one left it; a row the first one changed so that it no longer matches the query
# is not returned at all. SQLite ignores FOR UPDATE (one writer at a time).


def row(session: Session, model: type[M], ident: str) -> M | None:
    """``session.get``, the row locked until the transaction ends, and read again: an object the
    session already holds is refreshed from it, so what was read before the lock is not used."""
    return session.get(model, ident, with_for_update=True, populate_existing=True)


def rows(query: S, *, skip_locked: bool = False) -> S:
    """``query`` with the rows it returns locked until the transaction ends. ``skip_locked``:
    rows another transaction has locked are left out rather than waited for (an outbox's claim:
    each process takes what the others have not)."""
    return query.with_for_update(skip_locked=skip_locked)
