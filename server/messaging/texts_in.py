"""Texts from callers: each continues the number's open SMS conversation or opens one, routed to a
signed-in, available agent with the fewest open conversations (with nobody free it waits on the
leads' floor); STOP and its synonyms opt the number out, START opts it back in (recorded and
audited)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from backend_client import models as m
from server.conversations.lifecycle import (
    OPEN_STATES,
    begin_change,
    caller_display,
    publish,
)
from server.core import normalise
from server.core.audit import audit
from server.core.config import Settings
from server.core.errors import ApiError
from server.core.orm import (
    Agent,
    AuthToken,
    Conversation,
    InboundText,
    SmsOptOut,
    new_id,
    utcnow,
)
from server.messaging.texts import STOP_WORDS, TEXT_CHANNEL, keyword, tell_thread

_OPEN = [s.value for s in OPEN_STATES]


@dataclass
class Received:
    conversation: Conversation | None
    duplicate: bool = False
    keyword: str | None = None


def receive(
    session: Session,
    settings: Settings,
    *,
    provider: str,
    provider_id: str,
    from_raw: str,
    to_line: str | None,
    body: str,
) -> Received:
    """One text from a caller: continue or open their SMS conversation, honour STOP/START."""
    if session.scalar(
        select(InboundText.id).where(
            InboundText.provider == provider, InboundText.provider_id == provider_id
        )
    ):
        return Received(None, duplicate=True)
    number = normalise.phone(from_raw, settings.default_region)
    if number is None:
        raise ApiError(400, "bad_number", "The sender is not a phone number.")
    word = keyword(body)
    if word is not None:
        _opt(session, number, word)
    conv = session.scalar(
        select(Conversation)
        .where(
            Conversation.channel == TEXT_CHANNEL,
            Conversation.caller_number == number,
            Conversation.state.in_(_OPEN),
        )
        .order_by(Conversation.started_at.desc())
        .limit(1)
    )
    now = utcnow()
    if conv is None:
        if word is not None:
            # A bare STOP or START opens no conversation: nobody has anything to answer.
            return Received(None, keyword=word)
        conv = Conversation(
            id=new_id("conv"),
            source="sms",
            external_id=new_id("thread"),
            channel=TEXT_CHANNEL,
            direction=m.Direction.INBOUND.value,
            state=m.ConversationState.RINGING.value,
            auth_state=m.AuthState.UNVERIFIED.value,
            caller_number=number,
            caller_display=caller_display(number, from_raw, settings),
            line=to_line,
            started_at=now,
            pending=m.PendingCheck.CHALLENGE.value,
            challenge_failures=0,
            version=1,
            updated_at=now,
        )
        session.add(conv)
        change = begin_change(conv, is_new=True)
        conv.agent_id = route(session, now)
        session.flush()
        publish(session, settings, change, "text_received")
    else:
        conv.updated_at = now
    text = InboundText(
        id=new_id("txt"),
        conversation_id=conv.id,
        provider=provider,
        provider_id=provider_id,
        from_number=number,
        body=body[:1600],
        received_at=now,
    )
    session.add(text)
    session.flush()
    tell_thread(session, text)
    return Received(conv, keyword=word)


def _opt(session: Session, number: str, word: str) -> None:
    out = word in STOP_WORDS
    row = session.get(SmsOptOut, number)
    if row is None:
        session.add(SmsOptOut(number=number, opted_out=out, keyword=word, changed_at=utcnow()))
    else:
        row.opted_out, row.keyword, row.changed_at = out, word, utcnow()
    audit(
        session,
        "text.opted_out" if out else "text.opted_in",
        agent_id=None,
        detail={"keyword": word},
    )


def route(session: Session, now: datetime) -> str | None:
    """A signed-in, available agent with the fewest open conversations (then the longest
    available); None when nobody is free: the text waits on the leads' floor."""
    signed_in = (
        select(AuthToken.agent_id)
        .where(
            AuthToken.kind == "access",
            AuthToken.revoked_at.is_(None),
            AuthToken.expires_at > now,
        )
        .distinct()
    )
    open_count = (
        select(func.count())
        .select_from(Conversation)
        .where(Conversation.agent_id == Agent.id, Conversation.state.in_(_OPEN))
        .scalar_subquery()
    )
    row = session.execute(
        select(Agent.id)
        .where(
            Agent.availability == m.Availability.AVAILABLE.value,
            Agent.locked.is_(False),
            Agent.id.in_(signed_in),
        )
        .order_by(open_count, Agent.availability_since, Agent.id)
        .limit(1)
    ).first()
    return row[0] if row else None
