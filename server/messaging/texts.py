"""SMS conversations: texts out, STOP, missed-call texts, quick responses (texts in are
``texts_in``, the app link ``app_links``).

- A text in continues the number's open SMS conversation, or opens one (routed to a signed-in,
  available agent with the fewest open conversations; with nobody free it waits on the leads'
  floor). STOP and its synonyms opt the number out (recorded and audited), START opts it in.
- A call that ends missed or abandoned is offered one text (per the line's configuration, in or
  after practice hours); a repeated webhook, or another missed call from the number within
  ``REPEAT_WINDOW``, offers nothing more.
- Nothing is sent to an opted-out number, and nothing over ``SMS_MAX_CHARS``.
Every text goes out through the outbox (``server.messaging.sms``) after its transaction commits.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import phonenumbers
from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session

from backend_client import models as m
from server.conversations.lifecycle import (
    OPEN_STATES,
    begin_change,
    publish,
)
from server.core import locks, texting
from server.core.audit import audit
from server.core.config import Settings
from server.core.errors import ApiError
from server.core.events import append_event
from server.core.orm import (
    Agent,
    Conversation,
    InboundText,
    OutboundMessage,
    SmsOptOut,
    new_id,
    utcnow,
)

STOP_WORDS = frozenset({"STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "OPTOUT"})
START_WORDS = frozenset({"START", "UNSTOP"})
# One missed-call text per number in this window, however often it calls and hangs up.
REPEAT_WINDOW = timedelta(hours=12)
TEXT_CHANNEL = m.Channel.SMS.value
_OPEN = [s.value for s in OPEN_STATES]
_KINDS = frozenset(k.value for k in m.TextKind)
_STATUSES = frozenset(k.value for k in m.TextStatus)


def keyword(body: str) -> str | None:
    """The opt-out or opt-in keyword a whole text is (carriers' and Twilio's set)."""
    word = body.strip().strip(".!").upper()
    return word if word in STOP_WORDS or word in START_WORDS else None


def opted_out(session: Session, number: str | None) -> bool:
    if not number:
        return False
    row = session.get(SmsOptOut, number)
    return bool(row and row.opted_out)


_NO_TEXTS = frozenset(
    {
        phonenumbers.PhoneNumberType.FIXED_LINE,
        phonenumbers.PhoneNumberType.TOLL_FREE,
        phonenumbers.PhoneNumberType.PREMIUM_RATE,
        phonenumbers.PhoneNumberType.SHARED_COST,
        phonenumbers.PhoneNumberType.UAN,
        phonenumbers.PhoneNumberType.VOICEMAIL,
        phonenumbers.PhoneNumberType.PAGER,
    }
)


def can_text(number: str | None) -> bool:
    """Not a number known to be unable to take a text (a landline, a freephone number…).
    Numbers the metadata does not know, such as Ofcom's drama ranges, are tried."""
    if not number:
        return False
    try:
        parsed = phonenumbers.parse(number, None)
    except phonenumbers.NumberParseException:
        return False
    return phonenumbers.number_type(parsed) not in _NO_TEXTS


def to_wire(row: OutboundMessage | InboundText, sent_by: str | None = None) -> m.Text:
    if isinstance(row, InboundText):
        return m.Text(
            id=row.id,
            conversation_id=row.conversation_id,
            direction=m.Direction.INBOUND,
            kind=m.TextKind.INBOUND,
            body=row.body,
            status=m.TextStatus.RECEIVED,
            at=row.received_at,
        )
    return m.Text(
        id=row.id,
        conversation_id=row.conversation_id or "",
        direction=m.Direction.OUTBOUND,
        kind=m.TextKind(row.kind) if row.kind in _KINDS else m.TextKind.REPLY,
        body=row.body,
        # "sending" is the outbox's own claim: to the desk it is still queued.
        status=m.TextStatus(row.status) if row.status in _STATUSES else m.TextStatus.QUEUED,
        at=row.created_at,
        sent_by=sent_by,
    )


def delivery_report(
    session: Session, provider: str, provider_id: str, status: m.TextStatus
) -> None:
    """A gateway's word on a text we sent; a delivered text stays delivered."""
    row = session.scalar(
        select(OutboundMessage).where(
            OutboundMessage.provider == provider, OutboundMessage.provider_id == provider_id
        )
    )
    if row is not None and row.status != m.TextStatus.DELIVERED.value:
        row.status = status.value
        tell_thread(session, row)


def tell_thread(session: Session, row: OutboundMessage | InboundText) -> None:
    """The conversation's agent sees the text (or its new status) at once."""
    if row.conversation_id is None:
        return
    if isinstance(row, OutboundMessage) and row.channel != TEXT_CHANNEL:
        return
    conv = session.get(Conversation, row.conversation_id)
    if conv is None or conv.agent_id is None:
        return
    sent_by = None
    if isinstance(row, OutboundMessage) and row.agent_id:
        agent = session.get(Agent, row.agent_id)
        sent_by = agent.display_name if agent else None
    append_event(
        session,
        conv.agent_id,
        m.EventType.TEXT_UPDATED,
        to_wire(row, sent_by).model_dump(mode="json"),
    )


def thread(session: Session, conv: Conversation) -> m.TextThread:
    """The conversation's texts, with the automatic text that prompted it (a missed-call text
    to this number shortly before), so the advisor sees what the caller is answering."""
    outs = list(
        session.scalars(
            select(OutboundMessage).where(
                OutboundMessage.conversation_id == conv.id,
                OutboundMessage.channel == TEXT_CHANNEL,
            )
        )
    )
    if conv.caller_number:
        outs += session.scalars(
            select(OutboundMessage).where(
                OutboundMessage.to == conv.caller_number,
                OutboundMessage.channel == TEXT_CHANNEL,
                OutboundMessage.kind.in_(
                    [m.TextKind.MISSED_CALL.value, m.TextKind.AFTER_HOURS.value]
                ),
                OutboundMessage.created_at > conv.started_at - REPEAT_WINDOW,
                OutboundMessage.created_at <= conv.started_at,
            )
        ).all()
    ins = session.scalars(select(InboundText).where(InboundText.conversation_id == conv.id)).all()
    names = dict(
        session.execute(
            select(Agent.id, Agent.display_name).where(
                Agent.id.in_({o.agent_id for o in outs if o.agent_id})
            )
        ).all()
    )
    items = [to_wire(o, names.get(o.agent_id or "")) for o in outs] + [to_wire(i) for i in ins]
    items.sort(key=lambda t: (t.at, t.id))
    return m.TextThread(
        conversation_id=conv.id,
        number=conv.caller_number,
        opted_out=opted_out(session, conv.caller_number),
        items=items,
    )


def check_sendable(session: Session, number: str, body: str, *, opted_in: bool = False) -> None:
    """The two rules every text obeys, wherever it comes from: one text's length, and STOP
    (``opted_in``: the caller has just looked, in this transaction)."""
    if len(body) > m.SMS_MAX_CHARS:
        raise ApiError(
            422,
            "text_too_long",
            f"A text is at most {m.SMS_MAX_CHARS} characters; this one is {len(body)}.",
            fields={"text": f"at most {m.SMS_MAX_CHARS} characters"},
        )
    if not opted_in and opted_out(session, number):
        raise ApiError(
            409,
            "opted_out",
            "This number replied STOP: no texts may be sent to it until it texts START.",
        )


def queue_text(
    session: Session,
    conv: Conversation,
    body: str,
    kind: m.TextKind,
    *,
    agent_id: str | None = None,
    dedupe_key: str | None = None,
    to: str | None = None,
    opted_in: bool = False,
) -> OutboundMessage:
    """Write one text to the outbox (sent after the commit). Refused, with the reason the
    advisor reads, when it is too long or the number opted out."""
    number = to or conv.caller_number
    if not number:
        raise ApiError(422, "no_destination", "This conversation has no number to text.")
    check_sendable(session, number, body, opted_in=opted_in)
    row = OutboundMessage(
        id=new_id("msg"),
        account_id=conv.account_id if m.AuthState(conv.auth_state).is_verified else None,
        conversation_id=conv.id,
        channel=TEXT_CHANNEL,
        kind=kind.value,
        to=number,
        body=body,
        created_at=utcnow(),
        status=m.TextStatus.QUEUED.value,
        agent_id=agent_id,
        dedupe_key=dedupe_key,
        attempts=0,
    )
    session.add(row)
    session.flush()
    tell_thread(session, row)
    return row


# --- missed and abandoned calls ---------------------------------------------------------------


def offer_missed_call_text(
    session: Session, settings: Settings, conv: Conversation, now: datetime | None = None
) -> OutboundMessage | None:
    """One text to an inbound caller whose call was missed or abandoned, when its line texts:
    the in-hours text, or the after-hours one outside practice hours. None when nothing is due."""
    if (
        conv.channel != m.Channel.PHONE.value
        or conv.direction != m.Direction.INBOUND.value
        or conv.state not in (m.ConversationState.MISSED.value, m.ConversationState.ABANDONED.value)
    ):
        return None
    line = settings.texting.line_for(conv.line)
    number = conv.caller_number
    if line is None or not line.missed_call_text or number is None or not can_text(number):
        return None
    locks.lock(session, locks.Place.NUMBER, number)  # one text per number, however many calls
    dedupe_key = f"missed:{conv.id}"
    now = now or utcnow()
    # One look: this call's text (the hung-up and ended events both come), or any missed-call
    # text to the number within the window.
    recent = session.scalar(
        select(func.count())
        .select_from(OutboundMessage)
        .where(
            or_(
                OutboundMessage.dedupe_key == dedupe_key,
                and_(
                    OutboundMessage.to == number,
                    OutboundMessage.kind.in_(
                        [m.TextKind.MISSED_CALL.value, m.TextKind.AFTER_HOURS.value]
                    ),
                    OutboundMessage.created_at > now - REPEAT_WINDOW,
                ),
            )
        )
    )
    if recent or opted_out(session, number):
        return None
    at = conv.ended_at or now
    in_hours = line.is_open(at)
    templates = line.texts if in_hours else line.after_hours_texts
    language = line.language if line.language in templates else "en"
    body = texting.fill(
        templates[language], texting.values_for(settings.texting, line, language, None)
    )
    row = queue_text(
        session,
        conv,
        body,
        m.TextKind.MISSED_CALL if in_hours else m.TextKind.AFTER_HOURS,
        dedupe_key=dedupe_key,
        opted_in=True,  # looked up above, under the number's lock
    )
    audit(
        session,
        "text.missed_call_offered",
        agent_id=None,
        conversation_id=conv.id,
        detail={"in_hours": in_hours, "line": line.line, "length": len(body)},
    )
    return row


# --- the advisor's replies ------------------------------------------------------------------


def quick_responses(
    settings: Settings, conv: Conversation, agent: Agent, language: str
) -> m.QuickResponseList:
    config = settings.texting
    line = config.line_for(conv.line)
    items = []
    for quick in config.quick_responses:
        lang = language if language in quick.texts else "en"
        text = quick.texts[lang]
        values = texting.values_for(config, line, lang, agent.display_name)
        items.append(
            m.QuickResponse(
                id=quick.id,
                title=quick.title,
                language=lang,
                text=text,
                preview=texting.fill(text, values),
            )
        )
    return m.QuickResponseList(items=items)


def reply_as(
    session: Session, settings: Settings, agent_id: str, conv: Conversation, body: m.NewText
) -> m.Text:
    """``reply`` as the agent is now in this transaction."""
    agent = session.get(Agent, agent_id)
    assert agent is not None  # the request's session check found them a moment ago
    return reply(session, settings, agent, conv, body)


def reply(
    session: Session, settings: Settings, agent: Agent, conv: Conversation, body: m.NewText
) -> m.Text:
    if conv.channel != TEXT_CHANNEL:
        raise ApiError(409, "not_a_text_conversation", "Only an SMS conversation is answered here.")
    if m.ConversationState(conv.state) not in OPEN_STATES:
        raise ApiError(409, "conversation_ended", "This conversation has ended.")
    if (body.text is None) == (body.quick_response is None):
        raise ApiError(422, "text_or_quick_response", "Send a text or a quick response, not both.")
    if body.quick_response is not None:
        quick = settings.texting.quick_response(body.quick_response)
        if quick is None:
            raise ApiError(404, "not_found", "There is no such quick response.")
        lang = body.language if body.language in quick.texts else "en"
        line = settings.texting.line_for(conv.line)
        text = texting.fill(
            quick.texts[lang], texting.values_for(settings.texting, line, lang, agent.display_name)
        )
        kind = m.TextKind.QUICK_RESPONSE
    else:
        text = (body.text or "").strip()
        if not text:
            raise ApiError(422, "empty_text", "The text is empty.", fields={"text": "required"})
        kind = m.TextKind.REPLY
    change = begin_change(conv)
    if conv.agent_id is None:
        conv.agent_id = agent.id
    if conv.state == m.ConversationState.RINGING.value:  # answering a text takes it
        conv.state = m.ConversationState.ACTIVE.value
        conv.answered_at = utcnow()
    row = queue_text(session, conv, text, kind, agent_id=agent.id)
    publish(session, settings, change, "text_sent")
    audit(
        session,
        "text.sent",
        agent_id=agent.id,
        account_id=row.account_id,
        conversation_id=conv.id,
        detail={"kind": kind.value, "length": len(text), "quick_response": body.quick_response},
    )
    return to_wire(row, agent.display_name)
