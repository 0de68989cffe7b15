# Longer than 400 lines: the inbox over one table: create, see, answer once, the sweep.
"""The enquiry inbox: messages from the web contact form, answered once.

- An enquiry arrives (``POST /v1/enquiries`` with the patient-app key) in its team's inbox. When
  the team is out of office, the sender gets the team's out-of-office reply at once, and the
  reminder waits until the team is back.
- Opening it marks it read. It is answered once: a reply by email, app or text, a note that it
  was answered by phone, or a rejection with a reason (which counts as an answer). The answer is
  a conditional update (``WHERE state = 'open'``), so of two advisors answering at once exactly
  one wins and the other is told who did.
- ``sweep`` (run every minute, and by tests with any ``now``): an enquiry nobody has opened for
  ``ENQUIRY_REMIND_AFTER_DAYS`` reminds its team; one still unopened after
  ``ENQUIRY_REROUTE_AFTER_DAYS`` goes to the next team (``enquiry_reroute``), marked secondary.
- ``response_times``: per team, how long answers took (the figure leads see).
"""

from __future__ import annotations

import statistics
from datetime import datetime, timedelta

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from backend_client import models as m
from server.conversations import lifecycle as conversations
from server.core import normalise
from server.core.audit import audit
from server.core.config import Settings
from server.core.errors import ApiError, forbidden, not_found
from server.core.events import broadcast
from server.core.orm import (
    Account,
    Agent,
    EnquiryMessageRow,
    EnquiryRow,
    OutboundMessage,
    TeamSetting,
    new_id,
    utcnow,
)
from server.messaging import texts

OPEN = m.EnquiryState.OPEN.value
RECENT_ANSWERED = timedelta(days=7)


def teams(session: Session, settings: Settings) -> set[str]:
    known = set(session.scalars(select(Agent.team).distinct()))
    return known | set(settings.enquiry_reroute) | set(settings.enquiry_reroute.values())


def reference(row: EnquiryRow) -> str:
    """What a reply's subject carries, so the sender's answer threads back (email_in)."""
    return f"[ref {row.id}]"


def summary(row: EnquiryRow) -> m.EnquirySummary:
    return m.EnquirySummary(
        id=row.id,
        team=row.team,
        secondary=row.secondary,
        name=row.name,
        subject=row.subject,
        created_at=row.created_at,
        read=row.read_at is not None,
        reminded=row.reminded_at is not None,
        state=m.EnquiryState(row.state),
        answer_channel=m.AnswerChannel(row.answer_channel) if row.answer_channel else None,
        source=m.EnquirySource(row.source),
        attachments=len(row.attachments or []),
        updated=row.updated_at is not None,
    )


def to_wire(session: Session, row: EnquiryRow) -> m.Enquiry:
    names = dict(
        session.execute(
            select(Agent.id, Agent.display_name).where(
                Agent.id.in_({x for x in (row.read_by, row.answered_by) if x})
            )
        ).all()
    )
    return m.Enquiry(
        id=row.id,
        team=row.team,
        secondary=row.secondary,
        rerouted_from=row.rerouted_from,
        name=row.name,
        email=row.email,
        phone=row.phone,
        account_id=row.account_id,
        subject=row.subject,
        body=row.body,
        created_at=row.created_at,
        read_at=row.read_at,
        read_by=names.get(row.read_by or ""),
        reminded_at=row.reminded_at,
        state=m.EnquiryState(row.state),
        answered_at=row.answered_at,
        answered_by=names.get(row.answered_by or ""),
        answer_channel=m.AnswerChannel(row.answer_channel) if row.answer_channel else None,
        answer=row.answer,
        version=row.version,
        source=m.EnquirySource(row.source),
        reference=reference(row),
        attachments=[m.Attachment.model_validate(a) for a in row.attachments or []],
        messages=[
            m.EnquiryMessage(
                received_at=x.received_at,
                body=x.body,
                attachments=[m.Attachment.model_validate(a) for a in x.attachments or []],
            )
            for x in session.scalars(
                select(EnquiryMessageRow)
                .where(EnquiryMessageRow.enquiry_id == row.id)
                .order_by(EnquiryMessageRow.received_at, EnquiryMessageRow.id)
            )
        ],
        follows=row.follows,
    )


def _members(session: Session, *team_names: str) -> list[str]:
    """The teams' agents, and every lead."""
    team = session.scalars(select(Agent.id).where(Agent.team.in_(team_names))).all()
    return list(dict.fromkeys([*team, *conversations.lead_ids(session)]))


def tell(session: Session, row: EnquiryRow, *also: str) -> None:
    data = summary(row).model_dump(mode="json")
    broadcast(session, _members(session, row.team, *also), m.EventType.ENQUIRY_UPDATED, data)


def out_of_office(session: Session, team: str, now: datetime) -> TeamSetting | None:
    setting = session.get(TeamSetting, team)
    if setting and setting.out_of_office_until and setting.out_of_office_until > now:
        return setting
    return None


def _message(
    session: Session,
    row: EnquiryRow,
    channel: m.AnswerChannel,
    body: str,
    kind: m.TextKind,
    agent_id: str | None,
) -> None:
    """Queue a message to the enquiry's sender on the channel chosen (an email's subject
    carries the enquiry's reference, so the answer to it threads back)."""
    subject = None
    if channel is m.AnswerChannel.EMAIL:
        if not row.email:
            raise ApiError(422, "no_email", "The sender left no email address.")
        to = row.email
        subject = f"Re: {row.subject} {reference(row)}"
    elif channel is m.AnswerChannel.SMS:
        if not row.phone or not texts.can_text(row.phone):
            raise ApiError(422, "no_mobile", "The sender left no mobile number to text.")
        texts.check_sendable(session, row.phone, body)
        to = row.phone
    else:  # the app: the patient's account, which the app backend vouched for
        if not row.account_id:
            raise ApiError(422, "no_app_account", "The sender is not signed in to the app.")
        to = row.account_id
    session.add(
        OutboundMessage(
            id=new_id("msg"),
            account_id=row.account_id,
            conversation_id=None,
            channel=channel.value,
            kind=kind.value,
            to=to,
            body=body,
            created_at=utcnow(),
            status=m.TextStatus.QUEUED.value,
            agent_id=agent_id,
            attempts=0,
            subject=subject,
        )
    )


def create(session: Session, settings: Settings, body: m.NewEnquiry) -> m.EnquiryCreated:
    """The web form's enquiry."""
    if body.team not in teams(session, settings):
        raise ApiError(422, "unknown_team", "There is no such team.", fields={"team": "unknown"})
    phone = normalise.phone(body.phone, settings.default_region) if body.phone else None
    if body.phone and phone is None:
        raise ApiError(422, "bad_phone", "That is not a phone number.", fields={"phone": "invalid"})
    if body.account_id is not None and session.get(Account, body.account_id) is None:
        raise not_found("The account")
    now = utcnow()
    row = create_row(
        session,
        settings,
        team=body.team,
        name=body.name,
        email=body.email,
        phone=phone,
        account_id=body.account_id,
        subject=body.subject,
        body=body.body,
        source=m.EnquirySource.FORM,
        now=now,
    )
    return m.EnquiryCreated(
        id=row.id, out_of_office=out_of_office(session, row.team, now) is not None
    )


def create_row(
    session: Session,
    settings: Settings,
    *,
    team: str,
    name: str,
    email: str | None,
    phone: str | None,
    account_id: str | None,
    subject: str,
    body: str,
    source: m.EnquirySource,
    now: datetime,
    message_id: str | None = None,
    attachments: list[dict[str, object]] | None = None,
    follows: str | None = None,
    auto_reply: bool = True,
) -> EnquiryRow:
    """A new enquiry in ``team``'s inbox, from the form or an email; when the team is out of
    office the sender gets its reply at once (never to an auto-reply: no mail loops)."""
    row = EnquiryRow(
        id=new_id("enq"),
        team=team,
        secondary=False,
        name=name.strip(),
        email=email,
        phone=phone,
        account_id=account_id,
        subject=subject.strip(),
        body=body.strip(),
        created_at=now,
        state=OPEN,
        answer="",
        version=1,
        source=source.value,
        message_id=message_id,
        attachments=attachments or [],
        follows=follows,
    )
    session.add(row)
    away = out_of_office(session, row.team, now)
    if auto_reply and away is not None and away.out_of_office_message:
        channel = (
            m.AnswerChannel.EMAIL
            if row.email
            else m.AnswerChannel.SMS
            if texts.can_text(phone) and not texts.opted_out(session, phone)
            else None
        )
        if channel is not None:
            _message(
                session, row, channel, away.out_of_office_message, m.TextKind.OUT_OF_OFFICE, None
            )
    session.flush()
    tell(session, row)
    audit(
        session,
        "enquiry.received",
        agent_id=None,
        account_id=row.account_id,
        detail={"id": row.id, "source": row.source},
    )
    return row


def _visible(agent: Agent, row: EnquiryRow) -> bool:
    return "lead" in agent.roles or row.team == agent.team


def _get(session: Session, agent: Agent, enquiry_id: str) -> EnquiryRow:
    row = session.get(EnquiryRow, enquiry_id)
    if row is None:
        raise not_found("The enquiry")
    if not _visible(agent, row):
        raise forbidden("This enquiry is another team's.", "not_your_team")
    return row


def listing(session: Session, agent: Agent, now: datetime | None = None) -> m.EnquiryList:
    """Open enquiries oldest first, then the last week's answered ones, newest first."""
    now = now or utcnow()
    query = select(EnquiryRow)
    if "lead" not in agent.roles:
        query = query.where(EnquiryRow.team == agent.team)
    open_rows = session.scalars(
        query.where(EnquiryRow.state == OPEN).order_by(EnquiryRow.created_at).limit(500)
    ).all()
    done = session.scalars(
        query.where(EnquiryRow.state != OPEN, EnquiryRow.answered_at > now - RECENT_ANSWERED)
        .order_by(EnquiryRow.answered_at.desc())
        .limit(200)
    ).all()
    return m.EnquiryList(
        items=[summary(r) for r in (*open_rows, *done)],
        unread=sum(1 for r in open_rows if r.read_at is None),
    )


def open_enquiry(session: Session, agent: Agent, enquiry_id: str) -> m.Enquiry:
    row = _get(session, agent, enquiry_id)
    if row.read_at is None:
        row.read_at = utcnow()
        row.read_by = agent.id
        row.version += 1
        session.flush()
        tell(session, row)
        audit(
            session,
            "enquiry.read",
            agent_id=agent.id,
            account_id=row.account_id,
            detail={"id": row.id},
        )
    return to_wire(session, row)


def _answer_once(
    session: Session,
    agent: Agent,
    row: EnquiryRow,
    state: m.EnquiryState,
    channel: m.AnswerChannel | None,
    text: str,
) -> None:
    """The lock: only an open enquiry is answered, and only by the first to try."""
    now = utcnow()
    done = session.execute(
        update(EnquiryRow)
        .where(EnquiryRow.id == row.id, EnquiryRow.state == OPEN)
        .values(
            state=state.value,
            answered_at=now,
            answered_by=agent.id,
            answer_channel=channel.value if channel else None,
            answer=text,
            read_at=func.coalesce(EnquiryRow.read_at, now),
            read_by=func.coalesce(EnquiryRow.read_by, agent.id),
            version=EnquiryRow.version + 1,
        )
        .execution_options(synchronize_session=False)
    )
    if done.rowcount != 1:  # type: ignore[attr-defined]
        session.refresh(row)
        who = session.get(Agent, row.answered_by) if row.answered_by else None
        how = "rejected" if row.state == m.EnquiryState.REJECTED.value else "answered"
        raise ApiError(
            409,
            "already_answered",
            f"{who.display_name if who else 'Someone'} already {how} this enquiry"
            f"{' by ' + row.answer_channel if row.answer_channel else ''}: "
            "nothing was sent.",
        )
    session.refresh(row)


def answer(session: Session, agent: Agent, enquiry_id: str, body: m.EnquiryAnswer) -> m.Enquiry:
    row = _get(session, agent, enquiry_id)
    text = body.text.strip()
    if not text:
        raise ApiError(422, "empty_text", "The answer is empty.", fields={"text": "required"})
    if row.state == OPEN and body.channel is not m.AnswerChannel.PHONE:
        # Checked (and queued) before the lock is taken, so a refusal leaves it open; a lost
        # race below rolls the queued message back with the transaction.
        _message(session, row, body.channel, text, m.TextKind.ENQUIRY_REPLY, agent.id)
    _answer_once(session, agent, row, m.EnquiryState.ANSWERED, body.channel, text)
    tell(session, row)
    audit(
        session,
        "enquiry.answered",
        agent_id=agent.id,
        account_id=row.account_id,
        detail={"id": row.id, "channel": body.channel.value, "length": len(text)},
    )
    return to_wire(session, row)


def reject(session: Session, agent: Agent, enquiry_id: str, body: m.EnquiryRejection) -> m.Enquiry:
    row = _get(session, agent, enquiry_id)
    _answer_once(session, agent, row, m.EnquiryState.REJECTED, None, body.reason.strip())
    tell(session, row)
    audit(
        session,
        "enquiry.rejected",
        agent_id=agent.id,
        account_id=row.account_id,
        detail={"id": row.id},
    )
    return to_wire(session, row)


def set_out_of_office(
    session: Session, agent: Agent, team: str, body: m.OutOfOffice, settings: Settings
) -> m.TeamOutOfOffice:
    if "lead" not in agent.roles:
        raise forbidden("Only a lead sets a team's out-of-office reply.", "lead_only")
    if team not in teams(session, settings):
        raise not_found("The team")
    if body.until is not None and not body.message.strip():
        raise ApiError(
            422, "message_required", "Write the reply senders get.", fields={"message": "required"}
        )
    setting = session.get(TeamSetting, team)
    if setting is None:
        setting = TeamSetting(team=team)
        session.add(setting)
    setting.out_of_office_message = body.message.strip()
    setting.out_of_office_until = body.until
    audit(session, "team.out_of_office", agent_id=agent.id, detail={"team": team})
    return m.TeamOutOfOffice(team=team, message=setting.out_of_office_message, until=body.until)


# --- time-based rules -----------------------------------------------------------------------


def sweep(session: Session, settings: Settings, now: datetime | None = None) -> dict[str, int]:
    """Reminders for enquiries unread ENQUIRY_REMIND_AFTER_DAYS (none while the team is out of
    office), then reroutes of those still unread ENQUIRY_REROUTE_AFTER_DAYS."""
    now = now or utcnow()
    reminded = rerouted = 0
    remind_before = now - timedelta(days=m.ENQUIRY_REMIND_AFTER_DAYS)
    for row in session.scalars(
        select(EnquiryRow).where(
            EnquiryRow.state == OPEN,
            EnquiryRow.read_at.is_(None),
            EnquiryRow.reminded_at.is_(None),
            EnquiryRow.created_at <= remind_before,
        )
    ).all():
        if out_of_office(session, row.team, now) is not None:
            continue
        row.reminded_at = now
        row.version += 1
        session.flush()
        tell(session, row)
        audit(session, "enquiry.reminded", agent_id=None, detail={"id": row.id, "team": row.team})
        reminded += 1
    reroute_before = now - timedelta(days=m.ENQUIRY_REROUTE_AFTER_DAYS)
    for row in session.scalars(
        select(EnquiryRow).where(
            EnquiryRow.state == OPEN,
            EnquiryRow.read_at.is_(None),
            EnquiryRow.secondary.is_(False),
            EnquiryRow.created_at <= reroute_before,
        )
    ).all():
        target = settings.enquiry_reroute.get(row.team)
        if target is None or out_of_office(session, row.team, now) is not None:
            continue
        source = row.team
        row.rerouted_from, row.team, row.secondary, row.rerouted_at = source, target, True, now
        row.version += 1
        session.flush()
        tell(session, row, source)
        audit(
            session,
            "enquiry.rerouted",
            agent_id=None,
            detail={"id": row.id, "from": source, "to": target},
        )
        rerouted += 1
    return {"reminded": reminded, "rerouted": rerouted}


def response_times(
    session: Session,
    start: datetime,
    end: datetime,
    now: datetime | None = None,
    settings: Settings | None = None,
) -> list[m.TeamResponse]:
    """Per team: enquiries answered or rejected in [start, end), how long they took (median
    hours, share within a day, share within the team's target), and how many wait now (and how
    many of those are already past the target)."""
    now = now or utcnow()
    took: dict[str, list[float]] = {}
    for team, created, answered in session.execute(
        select(EnquiryRow.team, EnquiryRow.created_at, EnquiryRow.answered_at).where(
            EnquiryRow.answered_at >= start, EnquiryRow.answered_at < end
        )
    ):
        if answered is not None:  # the query asks for answered ones only
            took.setdefault(team, []).append((answered - created).total_seconds() / 3600)
    waiting: dict[str, list[datetime]] = {}
    for team, created in session.execute(
        select(EnquiryRow.team, EnquiryRow.created_at).where(EnquiryRow.state == OPEN)
    ):
        waiting.setdefault(team, []).append(created)
    out = []
    for team in sorted(set(took) | set(waiting)):
        hours = took.get(team, [])
        target = settings.response_target(team) if settings else m.DEFAULT_RESPONSE_TARGET_HOURS
        open_since = waiting.get(team, [])
        out.append(
            m.TeamResponse(
                team=team,
                answered=len(hours),
                median_hours=round(statistics.median(hours), 2) if hours else None,
                within_day=round(sum(h <= 24 for h in hours) / len(hours), 3) if hours else None,
                waiting=len(open_since),
                target_hours=target,
                within_target=round(sum(h <= target for h in hours) / len(hours), 3)
                if hours
                else None,
                overdue=sum(1 for c in open_since if now - c > timedelta(hours=target)),
            )
        )
    return out
