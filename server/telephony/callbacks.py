"""Call-backs: a caller in the queue who would rather be called back (the IVR's call-back
option, a phone system's call-back event, or a text reply "CALL ME") waits on the floor with
its wait against ``callback_sla_minutes``. An advisor takes one (the first taker wins, by a
conditional update, so two advisors never call the same patient), dials it through the usual
click-to-call, and records the outcome with a disposition, as for a call."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import String, cast, func, or_, select, update
from sqlalchemy.orm import Session

from backend_client import models as m
from server.conversations.lifecycle import caller_display
from server.core import locks, normalise
from server.core.audit import audit
from server.core.config import Settings
from server.core.errors import ApiError, bad_request, not_found
from server.core.events import broadcast
from server.core.orm import Agent, CallbackRow, new_id, utcnow

OPEN = (m.CallbackStatus.WAITING.value, m.CallbackStatus.TAKEN.value)
CALL_ME = {"call me", "callme", "call me back", "call back", "callback"}


def is_call_me(text: str) -> bool:
    return " ".join(text.lower().replace(".", " ").replace("!", " ").split()) in CALL_ME


def request(
    session: Session,
    settings: Settings,
    *,
    source: m.CallbackSource,
    key: str,
    raw_number: str | None,
    line: str | None = None,
    conversation_id: str | None = None,
) -> CallbackRow | None:
    """Record a request once per ``key`` (a retried webhook asks again); None without a
    number that can be dialled, or when this number already waits for a call-back."""
    number = normalise.phone(raw_number, settings.default_region)
    if number is None:
        return None
    locks.lock(session, locks.Place.NUMBER, number)  # one waiting call-back per number
    dedupe = f"{source.value}:{key}"[:80]
    if session.scalar(select(CallbackRow.id).where(CallbackRow.dedupe_key == dedupe)):
        return None
    waiting = session.scalar(
        select(CallbackRow.id).where(CallbackRow.number == number, CallbackRow.status.in_(OPEN))
    )
    if waiting is not None:
        return None  # one call-back per caller: asking twice does not queue them twice
    now = utcnow()
    row = CallbackRow(
        id=new_id("cb"),
        dedupe_key=dedupe,
        source=source.value,
        number=number,
        line=line,
        conversation_id=conversation_id,
        status=m.CallbackStatus.WAITING.value,
        requested_at=now,
        due_at=now + timedelta(minutes=settings.callback_sla_minutes),
    )
    session.add(row)
    session.flush()
    audit(session, "callback.requested", agent_id=None, conversation_id=conversation_id)
    _tell(session, row)
    return row


def _tell(session: Session, row: CallbackRow) -> None:
    """Advisors and leads hear that a call-back changed (its id and state, never the number:
    a desk that shows call-backs asks for the list, as the agent it is)."""
    roles = cast(Agent.roles, String)
    maybe = select(Agent.id, Agent.roles).where(
        or_(roles.like('%"advisor"%'), roles.like('%"lead"%'))
    )
    floor = [a for a, r in session.execute(maybe) if {"advisor", "lead"} & set(r or [])]
    data = m.CallbackChanged(
        id=row.id, status=m.CallbackStatus(row.status), taken_by=row.taken_by
    ).model_dump(mode="json")
    broadcast(session, floor, m.EventType.CALLBACK_UPDATED, data)


def _names(session: Session, rows: list[CallbackRow]) -> dict[str, str]:
    ids = {r.taken_by for r in rows if r.taken_by}
    if not ids:
        return {}
    found = session.execute(select(Agent.id, Agent.display_name).where(Agent.id.in_(ids)))
    return {agent_id: name for agent_id, name in found}


def to_wire(
    row: CallbackRow, settings: Settings, now: datetime, names: dict[str, str] | None = None
) -> m.Callback:
    return m.Callback(
        id=row.id,
        source=m.CallbackSource(row.source),
        number=row.number,
        number_display=caller_display(row.number, row.number, settings),
        line=normalise.phone_display(row.line, settings.default_region) if row.line else None,
        status=m.CallbackStatus(row.status),
        requested_at=row.requested_at,
        due_at=row.due_at,
        late=row.status != m.CallbackStatus.DONE.value and now > row.due_at,
        taken_by=row.taken_by,
        taken_by_name=(names or {}).get(row.taken_by) if row.taken_by else None,
        outcome=row.outcome,
    )


def listing(session: Session, settings: Settings) -> m.CallbackList:
    now = utcnow()
    rows = session.scalars(
        select(CallbackRow)
        .where(CallbackRow.status.in_(OPEN))
        .order_by(CallbackRow.requested_at)
        .limit(200)
    ).all()
    waiting, late = counts(session, now)
    names = _names(session, list(rows))
    return m.CallbackList(
        items=[to_wire(r, settings, now, names) for r in rows],
        waiting=waiting,
        late=late,
        sla_minutes=settings.callback_sla_minutes,
    )


def counts(session: Session, now: datetime) -> tuple[int, int]:
    """Waiting call-backs, and how many of them are late."""
    base = select(func.count()).where(CallbackRow.status == m.CallbackStatus.WAITING.value)
    waiting = int(session.scalar(base) or 0)
    late = int(session.scalar(base.where(CallbackRow.due_at < now)) or 0)
    return waiting, late


def oldest_waiting(session: Session) -> datetime | None:
    return session.scalar(
        select(func.min(CallbackRow.requested_at)).where(
            CallbackRow.status == m.CallbackStatus.WAITING.value
        )
    )


def take(session: Session, settings: Settings, agent: Agent, callback_id: str) -> m.Callback:
    """First taker wins: the update only matches a call-back still waiting."""
    taken = session.execute(
        update(CallbackRow)
        .where(
            CallbackRow.id == callback_id,
            CallbackRow.status == m.CallbackStatus.WAITING.value,
        )
        .values(status=m.CallbackStatus.TAKEN.value, taken_by=agent.id, taken_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    row = session.get(CallbackRow, callback_id, populate_existing=True)
    if row is None:
        raise not_found("The call-back")
    names = _names(session, [row])
    if taken.rowcount != 1 and row.taken_by != agent.id:  # type: ignore[attr-defined]
        if row.status == m.CallbackStatus.DONE.value:
            raise ApiError(409, "callback_taken", "This call-back has already been made.")
        who = names.get(row.taken_by or "", "Another advisor")
        raise ApiError(409, "callback_taken", f"{who} has taken this call-back.")
    if taken.rowcount == 1:  # type: ignore[attr-defined]
        audit(session, "callback.taken", agent_id=agent.id, conversation_id=row.conversation_id)
        _tell(session, row)
    return to_wire(row, settings, utcnow(), names)


def finish(
    session: Session, settings: Settings, agent: Agent, callback_id: str, disposition: str
) -> m.Callback:
    if disposition not in {code for code, _ in settings.dispositions}:
        raise bad_request(f"“{disposition}” is not one of this contact centre's dispositions.")
    row = session.get(CallbackRow, callback_id, with_for_update=True)
    if row is None:
        raise not_found("The call-back")
    done = row.status == m.CallbackStatus.DONE.value
    if done and row.taken_by == agent.id and row.outcome == disposition:
        return to_wire(row, settings, utcnow(), _names(session, [row]))  # a retry of it
    if row.status != m.CallbackStatus.TAKEN.value or row.taken_by != agent.id:
        raise ApiError(409, "callback_not_yours", "Take this call-back before recording it.")
    row.status, row.outcome, row.done_at = m.CallbackStatus.DONE.value, disposition, utcnow()
    audit(
        session,
        "callback.done",
        agent_id=agent.id,
        conversation_id=row.conversation_id,
        disposition=disposition,
    )
    _tell(session, row)
    return to_wire(row, settings, utcnow(), _names(session, [row]))


def number_taken_by(session: Session, agent: Agent, callback_id: str) -> str:
    row = session.get(CallbackRow, callback_id)
    if row is None:
        raise not_found("The call-back")
    if row.status != m.CallbackStatus.TAKEN.value or row.taken_by != agent.id:
        raise ApiError(409, "callback_not_yours", "Take this call-back before dialling it.")
    return row.number
