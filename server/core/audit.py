"""The append-only audit log: who did what, to which account, in which conversation."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

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
