"""The generic CTI hook, for any phone system: ``newCall``, ``answer`` and ``hangup`` events and
the keypad digits collected before routing, JSON or form, behind a shared token."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from backend_client import models as m
from server.conversations import lifecycle
from server.core import locks
from server.core.config import Settings
from server.core.errors import ApiError, bad_request
from server.core.orm import Conversation
from server.core.security import constant_time_equal
from server.identity import app_tokens
from server.telephony import callbacks, payload
from server.telephony.calls import CallFacts, apply_call, call_event, first_delivery, lock_call


def check_token(settings: Settings, token: str | None) -> None:
    if token is None or not constant_time_equal(token, settings.cti_token):
        raise ApiError(401, "bad_webhook_token", "The CTI token is missing or not right.")


def _digits(value: Any) -> str | None:
    return app_tokens.token_from_digits(value) if isinstance(value, str | int) else None


@dataclass(frozen=True)
class CallEvent:
    event: str
    call_id: str
    inbound: bool
    other: str | None  # the caller's number inbound, the number called outbound
    line: str | None
    users: list[str]
    cause: str | None
    digits: str | None
    canonical: str  # the body as a stable text: a replay is the same delivery


def parse_event(body: dict[str, Any]) -> CallEvent | None:
    payload.check_shape(body)
    event = payload.choice(body.get("event"), ("newCall", "answer", "hangup", "callback"))
    if event is None:
        return None
    call_id = payload.required_text(body.get("callId") or body.get("call_id"), "callId")
    direction = payload.choice(body.get("direction", "in"), ("in", "out"))
    if direction is None:
        raise bad_request("“direction” must be in or out.", "malformed_body")
    inbound = direction == "in"
    users = body.get("user")
    return CallEvent(
        event=event,
        call_id=call_id,
        inbound=inbound,
        other=payload.text(body.get("from") if inbound else body.get("to"), "from", limit=60),
        line=payload.text(body.get("to") if inbound else body.get("from"), "to", limit=100),
        users=[
            u
            for u in (users if isinstance(users, list) else [users])
            if isinstance(u, str) and u.strip()
        ],
        cause=payload.text(body.get("cause"), "cause", limit=60),
        digits=_digits(body.get("digits")),
        canonical=json.dumps(body, sort_keys=True, default=str),
    )


def apply_event(session: Session, settings: Settings, call: CallEvent) -> bool:
    """Whether a missed-call text was queued."""
    if not first_delivery(session, "cti", hashlib.sha256(call.canonical.encode()).hexdigest()):
        return False
    if call.event == "callback":  # the caller chose the phone system's call-back option
        conv = session.scalar(
            select(Conversation).where(
                Conversation.source == "cti", Conversation.external_id == call.call_id
            )
        )
        callbacks.request(
            session,
            settings,
            source=m.CallbackSource.CTI,
            key=call.call_id,
            raw_number=call.other,
            line=call.line,
            conversation_id=conv.id if conv else None,
        )
        return False
    agent_id = None
    for name in call.users:
        agent_id = lifecycle.resolve_agent_id(session, settings, name=name, email=name)
        if agent_id:
            break
    facts = CallFacts(
        source="cti",
        external_id=call.call_id,
        direction=m.Direction.INBOUND if call.inbound else m.Direction.OUTBOUND,
        raw_number=call.other,
        line=call.line,
        started_at=None,
        answered=call.event == "answer",
        answered_at=None,
        ended=call.event == "hangup",
        ended_at=None,
        missed_reason=call.cause if call.event == "hangup" else None,
        agent_id=agent_id,
    )
    return call_event(session, settings, facts, call.digits, call.event).outbox_work


@dataclass(frozen=True)
class Digits:
    call_id: str
    caller: str | None
    line: str | None
    digits: str


def parse_digits(body: dict[str, Any]) -> Digits:
    payload.check_shape(body)
    call_id = payload.required_text(body.get("callId") or body.get("call_id"), "callId")
    caller = payload.text(body.get("from"), "from", limit=60)
    line = payload.text(body.get("to"), "to", limit=100)
    raw_digits = body.get("digits")
    if not isinstance(raw_digits, str | int) or isinstance(raw_digits, bool):
        raise bad_request("“digits” is required.", "malformed_body")
    return Digits(call_id, caller, line, app_tokens.token_from_digits(raw_digits) or "")


def apply_digits(session: Session, settings: Settings, keyed: Digits) -> m.DigitsResult:
    """Keypad input collected before routing: does it hold a live app-call token? A wrong or
    throttled token is never a refusal: the call goes on to the challenge."""
    for source in ("aircall", "cti"):  # in this order, wherever a call's keys are both taken
        lock_call(session, source, keyed.call_id)
    conv = session.scalar(
        locks.rows(
            select(Conversation).where(
                Conversation.external_id == keyed.call_id,
                Conversation.source.in_(("cti", "aircall")),
            )
        )
    )
    if conv is None:
        change = apply_call(
            session,
            settings,
            CallFacts(
                source="cti",
                external_id=keyed.call_id,
                direction=m.Direction.INBOUND,
                raw_number=keyed.caller,
                line=keyed.line,
                started_at=None,
                answered=False,
                answered_at=None,
                ended=False,
                ended_at=None,
                missed_reason=None,
                agent_id=None,
            ),
        )
        conv = change.conv
        session.flush()
    else:
        change = lifecycle.begin_change(conv)
    if conv.account_id is not None or conv.auth_state != m.AuthState.UNVERIFIED:
        linked = conv.account_id is not None
        return m.DigitsResult(matched=linked, challenge=not linked, conversation_id=conv.id)
    result = app_tokens.redeem(session, settings, conv, keyed.digits)
    lifecycle.publish(session, settings, change, "digits")
    return m.DigitsResult(
        matched=result.matched,
        throttled=result.throttled,
        challenge=not (result.matched and conv.pending is None),
        conversation_id=conv.id,
    )
