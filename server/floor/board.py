"""For team leads: the live floor (what waits for an agent, what waits for a lead, who is on
what) and the KPIs of a day or a week, computed here from stored conversations and issues.

Definitions (so a figure means one thing wherever it is shown):

- A *call* is an inbound phone conversation that started in the period. It is *answered* when
  it has an answer time, *abandoned* when the caller hung up in the queue, *missed* when it
  ended unanswered otherwise.
- *Average answer time*: answer time minus start, over answered calls.
- *Average handle time*: end minus answer, over answered conversations (calls and chats) that
  ended in the period.
- *Chat first response*: answer (the first agent reply) minus start, over answered chats.
- *First-contact resolution*: of answered, closed conversations with a known account, the share
  that ended "resolved" with no other conversation from that account in the next 7 days.
- *Breaches*: calls answered after the phone SLA, chats after the chat SLA.
- *Escalations by team and age*: issues still open or claimed, by team, in age bands.
"""

from __future__ import annotations

from collections import Counter
from datetime import UTC, date, datetime, time, timedelta
from statistics import fmean

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from backend_client import models as m
from server.core.config import Settings
from server.core.orm import Account, Agent, Conversation, Issue, RefundRequestRow, utcnow
from server.floor import presence
from server.messaging import enquiries
from server.telephony import callbacks

FCR_DAYS = 7
WAITING = (m.ConversationState.RINGING.value,)


def sla(settings: Settings) -> m.SlaTargets:
    return m.SlaTargets(
        phone_answer_seconds=settings.sla_phone_answer_seconds,
        chat_first_response_seconds=settings.sla_chat_response_seconds,
        issue_ack_minutes=settings.sla_issue_ack_minutes,
    )


def sla_seconds(settings: Settings, channel: str) -> int:
    return (
        settings.sla_chat_response_seconds
        if channel == m.Channel.CHAT.value
        else settings.sla_phone_answer_seconds
    )


def floor(session: Session, settings: Settings) -> m.Floor:
    now = utcnow()
    waiting_rows = session.scalars(
        select(Conversation)
        .where(Conversation.agent_id.is_(None), Conversation.state.in_(WAITING))
        .order_by(Conversation.started_at)
        .limit(500)
    ).all()
    waiting = []
    for conv in waiting_rows:
        waited = (now - conv.started_at).total_seconds()
        limit = sla_seconds(settings, conv.channel)
        waiting.append(
            m.WaitingConversation(
                id=conv.id,
                channel=m.Channel(conv.channel),
                state=m.ConversationState(conv.state),
                auth_state=m.AuthState(conv.auth_state),
                caller_display=conv.caller_display,
                line=conv.line,
                started_at=conv.started_at,
                waited_seconds=waited,
                sla_seconds=limit,
                breached=waited > limit,
                routed_by=conv.routed_by,
                routing_reason=conv.routing_reason,
            )
        )
    open_states = [s.value for s in (m.ConversationState.RINGING, m.ConversationState.ACTIVE)]
    locked_rows = session.scalars(
        select(Conversation)
        .where(
            Conversation.auth_state == m.AuthState.LOCKED.value,
            Conversation.state.in_(open_states),
        )
        .order_by(Conversation.updated_at)
    ).all()
    names = {a.id: a.display_name for a in session.scalars(select(Agent))}
    locked = [
        m.LockedChallenge(
            id=c.id,
            caller_display=c.caller_display,
            agent_name=names.get(c.agent_id or ""),
            since=c.updated_at,
        )
        for c in locked_rows
    ]
    start = datetime.combine(now.date(), time(0), UTC)
    today = _conversations(session, start, now)
    locked_accounts = session.execute(
        select(Account.id, Account.challenge_locked_at)
        .where(Account.challenge_locked_at.is_not(None))
        .order_by(Account.challenge_locked_at)
        .limit(100)
    ).all()
    callbacks_waiting, callbacks_late = callbacks.counts(session, now)
    oldest = callbacks.oldest_waiting(session)
    return m.Floor(
        callbacks_waiting=callbacks_waiting,
        callbacks_late=callbacks_late,
        oldest_callback_minutes=(now - oldest).total_seconds() / 60 if oldest else None,
        unlock_requests=[
            m.LockedAccount(account_id=row.id, since=row.challenge_locked_at)
            for row in locked_accounts
        ],
        waiting=waiting,
        locked=locked,
        locked_accounts=session.scalar(
            select(func.count()).where(Account.challenge_locked_at.is_not(None))
        )
        or 0,
        pending_refund_requests=session.scalar(
            select(func.count()).where(RefundRequestRow.state == m.RefundRequestState.PENDING.value)
        )
        or 0,
        agents=presence.floor(session),
        sla=sla(settings),
        breaches_today={
            "phone": _late(today, m.Channel.PHONE.value, settings.sla_phone_answer_seconds),
            "chat": _late(today, m.Channel.CHAT.value, settings.sla_chat_response_seconds),
            "escalations": _late_claims(session, settings, start, now),
        },
    )


def _conversations(session: Session, start: datetime, end: datetime) -> list[Conversation]:
    return list(
        session.scalars(
            select(Conversation).where(
                Conversation.started_at >= start, Conversation.started_at < end
            )
        )
    )


def _missed(conv: Conversation) -> bool:
    """Ended unanswered, other than by the caller hanging up in the queue."""
    return (
        conv.answered_at is None
        and conv.state != m.ConversationState.ABANDONED.value
        and (conv.state == m.ConversationState.MISSED.value or conv.ended_at is not None)
    )


def _answer_seconds(conv: Conversation) -> float | None:
    if conv.answered_at is None:
        return None
    return max(0.0, (conv.answered_at - conv.started_at).total_seconds())


def _late(rows: list[Conversation], channel: str, limit: int) -> int:
    return sum(
        1
        for c in rows
        if c.channel == channel
        and c.direction == m.Direction.INBOUND.value
        and (s := _answer_seconds(c)) is not None
        and s > limit
    )


def _late_claims(session: Session, settings: Settings, start: datetime, end: datetime) -> int:
    due = timedelta(minutes=settings.sla_issue_ack_minutes)
    return sum(
        1
        for issue in session.scalars(
            select(Issue).where(Issue.acknowledged_at >= start, Issue.acknowledged_at < end)
        )
        if issue.acknowledged_at is not None and issue.acknowledged_at - issue.created_at > due
    )


def window(period: m.StatsPeriod, day: date, now: datetime) -> tuple[datetime, datetime]:
    """Today: the day's midnight to its end (or now). Week: the 7 days ending with ``day``."""
    end = min(now, datetime.combine(day + timedelta(days=1), time(0), UTC))
    first = day if period is m.StatsPeriod.TODAY else day - timedelta(days=6)
    return datetime.combine(first, time(0), UTC), end


def stats(session: Session, settings: Settings, period: m.StatsPeriod, day: date) -> m.Stats:
    now = utcnow()
    start, end = window(period, day, now)
    rows = _conversations(session, start, end)
    calls = [
        c
        for c in rows
        if c.channel == m.Channel.PHONE.value and c.direction == m.Direction.INBOUND.value
    ]
    answered = [c for c in calls if c.answered_at is not None]
    abandoned = [c for c in calls if c.state == m.ConversationState.ABANDONED.value]
    missed = [c for c in calls if _missed(c)]
    handled = [
        (c.ended_at - c.answered_at).total_seconds()
        for c in rows
        if c.answered_at is not None and c.ended_at is not None and c.ended_at <= end
    ]
    chats = [
        s
        for c in rows
        if c.channel == m.Channel.CHAT.value and (s := _answer_seconds(c)) is not None
    ]
    answer_times = [s for c in answered if (s := _answer_seconds(c)) is not None]
    return m.Stats(
        period=period,
        start=start,
        end=end,
        calls_answered=len(answered),
        calls_missed=len(missed),
        calls_abandoned=len(abandoned),
        average_answer_seconds=fmean(answer_times) if answer_times else None,
        average_handle_seconds=fmean(handled) if handled else None,
        first_contact_resolution=_fcr(session, rows),
        chat_first_response_seconds=fmean(chats) if chats else None,
        phone_answer_breaches=_late(rows, m.Channel.PHONE.value, settings.sla_phone_answer_seconds),
        chat_response_breaches=_late(
            rows, m.Channel.CHAT.value, settings.sla_chat_response_seconds
        ),
        escalations=_escalations(session, now),
        enquiry_response=enquiries.response_times(session, start, end, now, settings),
        buckets=_buckets(period, start, calls),
    )


def _fcr(session: Session, rows: list[Conversation]) -> float | None:
    closed = [
        c
        for c in rows
        if c.state == m.ConversationState.CLOSED.value
        and c.answered_at is not None
        and c.account_id is not None
    ]
    if not closed:
        return None
    resolved = 0
    for conv in closed:
        if conv.disposition != "resolved":
            continue
        again = session.scalar(
            select(func.count()).where(
                Conversation.account_id == conv.account_id,
                Conversation.id != conv.id,
                Conversation.started_at > conv.started_at,
                Conversation.started_at <= conv.started_at + timedelta(days=FCR_DAYS),
            )
        )
        if not again:
            resolved += 1
    return resolved / len(closed)


def _escalations(session: Session, now: datetime) -> list[m.TeamEscalations]:
    bands: dict[str, Counter[str]] = {}
    for issue in session.scalars(
        select(Issue).where(Issue.status.in_((m.IssueStatus.OPEN.value, "claimed")))
    ):
        age = now - issue.created_at
        band = (
            "under_2h"
            if age < timedelta(hours=2)
            else "under_1d"
            if age < timedelta(days=1)
            else "under_1w"
            if age < timedelta(days=7)
            else "older"
        )
        bands.setdefault(issue.team, Counter())[band] += 1
    return [
        m.TeamEscalations(
            team=team,
            under_2h=c["under_2h"],
            under_1d=c["under_1d"],
            under_1w=c["under_1w"],
            older=c["older"],
        )
        for team, c in sorted(bands.items())
    ]


def _buckets(
    period: m.StatsPeriod, start: datetime, calls: list[Conversation]
) -> list[m.StatsBucket]:
    step = timedelta(hours=1) if period is m.StatsPeriod.TODAY else timedelta(days=1)
    out: list[m.StatsBucket] = []
    at = start
    last = start + (timedelta(days=1) if period is m.StatsPeriod.TODAY else timedelta(days=7))
    while at < last:
        inside = [c for c in calls if at <= c.started_at < at + step]
        out.append(
            m.StatsBucket(
                label=at.strftime("%H:00" if period is m.StatsPeriod.TODAY else "%a %d"),
                start=at,
                answered=sum(1 for c in inside if c.answered_at is not None),
                missed=sum(1 for c in inside if _missed(c)),
                abandoned=sum(1 for c in inside if c.state == m.ConversationState.ABANDONED.value),
            )
        )
        at += step
    return out
