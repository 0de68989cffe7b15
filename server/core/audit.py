"""The append-only audit log: who did what, to which account, in which conversation."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from backend_client import models as m
from server.core.orm import AuditRow, utcnow


def audit(
    session: Session,
    action: str,
    *,
    agent_id: str | None,
    account_id: str | None = None,
    conversation_id: str | None = None,
    **detail: Any,
) -> None:
    session.add(
        AuditRow(
            at=utcnow(),
            agent_id=agent_id,
            action=action,
            account_id=account_id,
            conversation_id=conversation_id,
            detail=detail,
        )
    )


def page(
    session: Session, *, before: int | None, limit: int, account_id: str | None
) -> m.AuditPage:
    """The newest entries before ``before``, for one account or all; ``next_before`` pages on."""
    query = select(AuditRow)
    if before is not None:
        query = query.where(AuditRow.id < before)
    if account_id is not None:
        query = query.where(AuditRow.account_id == account_id)
    rows = session.scalars(query.order_by(AuditRow.id.desc()).limit(limit)).all()
    items = [
        m.AuditEntry(
            id=r.id,
            at=r.at,
            agent_id=r.agent_id,
            action=r.action,
            account_id=r.account_id,
            conversation_id=r.conversation_id,
            detail=r.detail or {},
        )
        for r in rows
    ]
    return m.AuditPage(items=items, next_before=items[-1].id if len(items) == limit else None)
