"""A pharmacist's telephone appointments: the diary (free and booked slots, day or week), done /
no-show / cancel, moving one to another free slot, and opening one to call the patient.

Slots are the booking action's (``server.actions.book_appointment``): weekdays, 15 minutes,
09:00–17:00 UTC. A unique index over (pharmacist, start) for every appointment not cancelled
keeps one booking per slot under any concurrency; a cancelled one frees its slot.

Opening an appointment makes a conversation of its own (outbound, the pharmacist's), verified
by the booking, which an advisor made in a verified conversation: the snapshot is then read
within it and audited like any other, and the pharmacist calls the patient from it.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from backend_client import models as m
from server.conversations import lifecycle as conversations
from server.core.audit import audit
from server.core.config import Settings
from server.core.errors import ApiError, not_found
from server.core.events import append_event
from server.core.orm import Account, Agent, Appointment, Conversation, utcnow
from server.identity.auth import require_role
from server.telephony.calls import CallFacts, apply_call

MAX_DAYS = 7
SLOT = timedelta(minutes=15)
OPENING = (time(9, 0), time(17, 0))


def _wire(session: Session, row: Appointment) -> m.BookedAppointment:
    account = session.get(Account, row.account_id)
    return m.BookedAppointment(
        id=row.id,
        account_id=row.account_id,
        patient_name=account.full_name if account else "?",
        phone=account.phones[0].number if account and account.phones else None,
        starts_at=row.starts_at,
        minutes=row.minutes,
        reason=row.reason,
        status=m.AppointmentStatus(row.status),
    )


def _slots(day: date) -> list[datetime]:
    start = datetime.combine(day, OPENING[0], UTC)
    end = datetime.combine(day, OPENING[1], UTC)
    out = []
    while start < end:
        out.append(start)
        start += SLOT
    return out


def diary(session: Session, agent: Agent, start: date, days: int) -> m.Diary:
    require_role(agent, "pharmacist")
    if not 1 <= days <= MAX_DAYS:
        raise ApiError(422, "bad_range", f"Ask for 1 to {MAX_DAYS} days.", fields={"days": "1–7"})
    first = datetime.combine(start, OPENING[0], UTC)
    last = datetime.combine(start + timedelta(days=days), OPENING[0], UTC)
    rows = session.scalars(
        select(Appointment).where(
            Appointment.pharmacist_id == agent.id,
            Appointment.starts_at >= first,
            Appointment.starts_at < last,
            Appointment.status != m.AppointmentStatus.CANCELLED.value,
        )
    ).all()
    booked = {r.starts_at: r for r in rows}
    slots: list[m.AppointmentSlot] = []
    for offset in range(days):
        day = start + timedelta(days=offset)
        if day.weekday() >= 5:
            continue
        for at in _slots(day):
            row = booked.get(at)
            slots.append(
                m.AppointmentSlot(
                    starts_at=at,
                    minutes=int(SLOT.total_seconds() // 60),
                    appointment=_wire(session, row) if row is not None else None,
                )
            )
    return m.Diary(pharmacist_id=agent.id, start=start, days=days, slots=slots)


def _mine(session: Session, agent: Agent, appointment_id: str) -> Appointment:
    require_role(agent, "pharmacist")
    row = session.get(Appointment, appointment_id)
    if row is None or (row.pharmacist_id != agent.id and "lead" not in agent.roles):
        raise not_found("The appointment")
    return row


def announce(session: Session, row: Appointment) -> m.BookedAppointment:
    """Tell the pharmacist whose diary it is (booked, moved, cancelled, done, no-show)."""
    return _changed(session, row)


def _changed(session: Session, row: Appointment) -> m.BookedAppointment:
    wire = _wire(session, row)
    append_event(
        session, row.pharmacist_id, m.EventType.APPOINTMENT_UPDATED, wire.model_dump(mode="json")
    )
    return wire


def set_status(
    session: Session, agent: Agent, appointment_id: str, body: m.AppointmentChange
) -> m.BookedAppointment:
    row = _mine(session, agent, appointment_id)
    if row.status != m.AppointmentStatus.BOOKED.value:
        raise ApiError(409, "appointment_closed", f"This appointment is already {row.status}.")
    if body.status != "cancelled" and row.starts_at > utcnow():
        raise ApiError(
            409,
            "not_yet",
            "An appointment is marked done or no-show once its time has come.",
        )
    row.status = body.status
    audit(
        session,
        f"appointment.{body.status}",
        agent_id=agent.id,
        account_id=row.account_id,
        appointment_id=row.id,
    )
    session.flush()
    return _changed(session, row)


def move(
    session: Session, agent: Agent, appointment_id: str, body: m.AppointmentMove
) -> m.BookedAppointment:
    row = _mine(session, agent, appointment_id)
    if row.status != m.AppointmentStatus.BOOKED.value:
        raise ApiError(409, "appointment_closed", f"This appointment is already {row.status}.")
    at = body.starts_at.astimezone(UTC)
    if at <= utcnow() or at not in _slots(at.date()) or at.weekday() >= 5:
        raise ApiError(
            422,
            "not_a_slot",
            "Choose a future weekday slot between 09:00 and 17:00, on the quarter hour.",
            fields={"starts_at": "a free future slot"},
        )
    if at == row.starts_at:
        return _wire(session, row)
    row.starts_at = at
    try:
        with session.begin_nested():
            session.flush()
    except IntegrityError:
        raise ApiError(409, "slot_taken", "That slot is taken. Choose another.") from None
    audit(
        session,
        "appointment.moved",
        agent_id=agent.id,
        account_id=row.account_id,
        appointment_id=row.id,
    )
    return _changed(session, row)


def patient_number(session: Session, agent: Agent, appointment_id: str) -> str:
    """The number to call the patient of one of this pharmacist's booked appointments on."""
    row = _mine(session, agent, appointment_id)
    if row.status != m.AppointmentStatus.BOOKED.value:
        raise ApiError(409, "appointment_closed", f"This appointment is already {row.status}.")
    account = session.get(Account, row.account_id)
    if account is None or not account.phones:
        raise ApiError(409, "no_number", "The patient has no phone number on the account.")
    return account.phones[0].number


def open_conversation(
    session: Session, settings: Settings, agent: Agent, appointment_id: str
) -> Conversation:
    """The conversation to call the patient in, verified by the booking."""
    row = _mine(session, agent, appointment_id)
    if row.status != m.AppointmentStatus.BOOKED.value:
        raise ApiError(409, "appointment_closed", f"This appointment is already {row.status}.")
    account = session.get(Account, row.account_id)
    assert account is not None
    for existing in session.scalars(
        select(Conversation).where(
            Conversation.source == "appointment",
            Conversation.external_id.startswith(f"{row.id}#", autoescape=True),
            Conversation.state.in_([s.value for s in conversations.OPEN_STATES]),
        )
    ):
        return existing
    earlier = session.scalar(
        select(func.count()).where(
            Conversation.source == "appointment",
            Conversation.external_id.startswith(f"{row.id}#", autoescape=True),
        )
    )
    facts = CallFacts(
        source="appointment",
        external_id=f"{row.id}#{(earlier or 0) + 1}",
        direction=m.Direction.OUTBOUND,
        raw_number=account.phones[0].number if account.phones else None,
        line=None,
        started_at=utcnow(),
        answered=True,
        answered_at=utcnow(),
        ended=False,
        ended_at=None,
        missed_reason=None,
        agent_id=agent.id,
    )
    change = apply_call(session, settings, facts)
    conv = change.conv
    conv.account_id = account.id
    conv.auth_state = m.AuthState.VERIFIED_APPOINTMENT.value
    session.flush()
    conversations.publish(session, settings, change, "opened")
    audit(
        session,
        "conversation.opened_for_appointment",
        agent_id=agent.id,
        account_id=account.id,
        conversation_id=conv.id,
        appointment_id=row.id,
    )
    return conv
