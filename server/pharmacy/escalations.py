"""The pharmacist's escalations queue: issues routed to the pharmacy team (or to one pharmacist
by name), oldest first, with the team's acknowledgement SLA.

A pharmacist claims one (the first claim wins: that is the acknowledgement the SLA measures),
may reply (a note on the account the advisor sees) and resolves it with a clinical note. The
advisor who escalated hears the outcome: the account's history shows it, and an open account
reloads. No conversation is needed: the pharmacist works the queue, not a call.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import String, cast, or_, select
from sqlalchemy.orm import Session

from backend_client import models as m
from server.core import locks
from server.core.audit import audit
from server.core.config import Settings
from server.core.errors import ApiError, not_found
from server.core.events import append_event
from server.core.orm import Account, Agent, Issue, Note, new_id, utcnow
from server.identity.auth import require_role

TEAM = "pharmacy"
WORKING = (m.IssueStatus.OPEN.value, m.IssueStatus.CLAIMED.value)


def pharmacists(session: Session) -> list[Agent]:
    """Who can be escalated to by name: every pharmacist whose sign-in is not disabled. Narrowed
    in the database, as ``conversations.lead_ids`` is, then checked exactly."""
    role = m.Role.PHARMACIST.value
    agents = session.scalars(
        select(Agent)
        .where(Agent.locked.is_(False), cast(Agent.roles, String).like(f'%"{role}"%'))
        .order_by(Agent.display_name)
    )
    return [a for a in agents if role in (a.roles or [])]


def pharmacist_named(session: Session, username: str) -> Agent | None:
    return next((a for a in pharmacists(session) if a.username == username), None)


def ack_due(settings: Settings, row: Issue) -> datetime:
    return row.created_at + timedelta(minutes=settings.sla_issue_ack_minutes)


def breached(settings: Settings, row: Issue, now: datetime) -> bool:
    """Acknowledged late, or not yet acknowledged and already late."""
    return (row.acknowledged_at or now) > ack_due(settings, row)


def to_wire(session: Session, settings: Settings, row: Issue, now: datetime) -> m.Escalation:
    account = session.get(Account, row.account_id)
    by = session.get(Agent, row.escalated_by) if row.escalated_by else None
    assignee = session.get(Agent, row.assignee_id) if row.assignee_id else None
    return m.Escalation(
        id=row.id,
        account_id=row.account_id,
        patient_name=account.full_name if account else "?",
        kind=row.kind,
        team=row.team,
        title=row.title,
        description=row.description or "",
        status=m.IssueStatus(row.status),
        created_at=row.created_at,
        escalated_by=by.display_name if by else None,
        assignee_id=row.assignee_id,
        assignee=assignee.display_name if assignee else None,
        acknowledged_at=row.acknowledged_at,
        ack_due_at=ack_due(settings, row),
        breached=breached(settings, row, now),
        resolution=row.resolution or "",
        resolved_at=row.resolved_at,
    )


def _pharmacists(session: Session) -> set[str]:
    return {a.id for a in session.scalars(select(Agent)) if "pharmacist" in (a.roles or [])}


def announce(session: Session, settings: Settings, row: Issue) -> None:
    """Tell the pharmacists (and the advisor who escalated) what became of ``row``."""
    if row.team != TEAM and row.assignee_id is None:
        return
    wire = to_wire(session, settings, row, utcnow()).model_dump(mode="json")
    for agent_id in _pharmacists(session) | ({row.escalated_by} if row.escalated_by else set()):
        append_event(session, agent_id, m.EventType.ESCALATION_UPDATED, wire)


def queue(session: Session, settings: Settings, agent: Agent) -> m.EscalationList:
    """Open and claimed escalations for the pharmacy team or this pharmacist, oldest first."""
    require_role(agent, "pharmacist")
    rows = session.scalars(
        select(Issue)
        .where(
            Issue.status.in_(WORKING),
            or_(Issue.team == TEAM, Issue.assignee_id == agent.id),
        )
        .order_by(Issue.created_at, Issue.id)
        .limit(500)
    ).all()
    now = utcnow()
    return m.EscalationList(
        items=[to_wire(session, settings, r, now) for r in rows],
        ack_minutes=settings.sla_issue_ack_minutes,
    )


def _working(session: Session, agent: Agent, issue_id: str) -> Issue:
    require_role(agent, "pharmacist")
    row = locks.row(session, Issue, issue_id)  # claimed by one pharmacist
    if row is None or (row.team != TEAM and row.assignee_id != agent.id):
        raise not_found("The escalation")
    if row.status not in WORKING:
        raise ApiError(409, "already_resolved", f"This escalation is already {row.status}.")
    return row


def _take(row: Issue, agent: Agent, now: datetime) -> None:
    if row.status == m.IssueStatus.CLAIMED.value and row.assignee_id != agent.id:
        raise ApiError(409, "already_claimed", "Another pharmacist has claimed this escalation.")
    if row.assignee_id is not None and row.assignee_id != agent.id:
        raise ApiError(
            409, "assigned_elsewhere", "This escalation was sent to another pharmacist by name."
        )
    if row.status == m.IssueStatus.OPEN.value:
        row.status = m.IssueStatus.CLAIMED.value
        row.assignee_id = agent.id
        row.acknowledged_at = row.acknowledged_at or now


def _note(session: Session, row: Issue, agent: Agent, text: str, now: datetime) -> None:
    session.add(
        Note(
            id=new_id("note"),
            account_id=row.account_id,
            conversation_id=row.conversation_id,
            agent_id=agent.id,
            body=text,
            created_at=now,
        )
    )


def _account_changed(session: Session, row: Issue, reason: str) -> None:
    if row.escalated_by is None:
        return
    changed = m.AccountChanged(
        account_id=row.account_id, conversation_id=row.conversation_id, reason=reason
    ).model_dump(mode="json")
    append_event(session, row.escalated_by, m.EventType.ACCOUNT_UPDATED, changed)


def claim(session: Session, settings: Settings, agent: Agent, issue_id: str) -> m.Escalation:
    row = _working(session, agent, issue_id)
    now = utcnow()
    _take(row, agent, now)
    audit(
        session, "escalation.claimed", agent_id=agent.id, account_id=row.account_id, issue_id=row.id
    )
    session.flush()
    announce(session, settings, row)
    return to_wire(session, settings, row, now)


def reply(
    session: Session, settings: Settings, agent: Agent, issue_id: str, body: m.EscalationNote
) -> m.Escalation:
    row = _working(session, agent, issue_id)
    now = utcnow()
    _take(row, agent, now)
    _note(session, row, agent, f"Pharmacist {agent.display_name}: {body.text.strip()}", now)
    audit(
        session, "escalation.replied", agent_id=agent.id, account_id=row.account_id, issue_id=row.id
    )
    session.flush()
    announce(session, settings, row)
    _account_changed(session, row, "escalation.replied")
    return to_wire(session, settings, row, now)


def resolve(
    session: Session, settings: Settings, agent: Agent, issue_id: str, body: m.EscalationNote
) -> m.Escalation:
    row = _working(session, agent, issue_id)
    now = utcnow()
    _take(row, agent, now)
    row.status = m.IssueStatus.RESOLVED.value
    row.resolution = body.text.strip()
    row.resolved_at = now
    _note(
        session,
        row,
        agent,
        f"Resolved by pharmacist {agent.display_name}: {row.title}. {row.resolution}",
        now,
    )
    audit(
        session,
        "escalation.resolved",
        agent_id=agent.id,
        account_id=row.account_id,
        issue_id=row.id,
    )
    session.flush()
    announce(session, settings, row)
    _account_changed(session, row, "escalation.resolved")
    return to_wire(session, settings, row, now)
