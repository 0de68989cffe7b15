"""An outbox that calls a vendor: rows claimed in one short transaction, sent outside any, and
their outcome recorded in another, so no lock is held while the vendor answers. The texts'
outbox (``server.messaging.sms``) waits in ``queued`` rather than ``pending``.

A claim marks a waiting row ``sending`` and counts the attempt; other processes skip rows it has
locked, and then the claimed ones, which no longer wait. A claim older than ``STALE_CLAIM`` (a
process that stopped mid-send) waits again.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import select, update

from server.core import locks
from server.core.db import Database
from server.core.orm import utcnow

WAITING, SENDING = "pending", "sending"
STALE_CLAIM = timedelta(minutes=5)


def claim(
    db: Database,
    model: Any,
    limit: int = 100,
    *,
    waiting: str = WAITING,
    max_attempts: int | None = None,
) -> list[Any]:
    """Up to ``limit`` rows of ``model`` in the ``waiting`` state (and under ``max_attempts``, if
    given), oldest first, claimed for this process (usable after the transaction: the session
    does not expire them)."""
    with db.reader() as session:  # nothing waiting: no writer's transaction at all
        if (
            session.scalar(select(model.id).where(model.status.in_((waiting, SENDING))).limit(1))
            is None
        ):
            return []
    now = utcnow()
    with db.transaction(scoped=True) as session:
        session.execute(
            update(model)
            .where(model.status == SENDING, model.sent_at < now - STALE_CLAIM)
            .values(status=waiting)
        )
        ready = [model.status == waiting]
        if max_attempts is not None:
            ready.append(model.attempts < max_attempts)
        rows = session.scalars(
            locks.rows(
                select(model).where(*ready).order_by(model.created_at, model.id).limit(limit),
                skip_locked=True,
            )
        ).all()
        for row in rows:
            row.status, row.attempts, row.sent_at = SENDING, row.attempts + 1, now
        return list(rows)


def record(db: Database, model: Any, ident: str, **outcome: Any) -> None:
    """What became of one claimed row (``status`` and whatever else the outbox keeps)."""
    with db.transaction(scoped=True) as session:
        row = locks.row(session, model, ident)
        if row is not None:
            for name, value in outcome.items():
                setattr(row, name, value)
