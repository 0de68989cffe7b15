"""Aircall's call webhooks: the token Aircall puts in each body, the call object read
defensively, and one event applied as call facts.

The keypad digits are read where they were assumed to be so far (``digits``, or a six-digit
entry of ``ivr_options_selected``). Aircall documents neither as carrying a caller's keypad
entry: its documented way is a Smartflow's Input IVR followed by Ring to (via API), which calls
``/telephony/route`` (``server.telephony.routing``); these two places stay as a fallback for
older flows (docs/telephony.md)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from backend_client import models as m
from server.conversations import lifecycle
from server.core.config import Settings
from server.core.errors import ApiError, bad_request
from server.core.security import constant_time_equal
from server.identity import app_tokens
from server.telephony import callbacks, payload
from server.telephony.calls import CallFacts, call_event, first_delivery

EVENTS = {
    "call.created",
    "call.ringing_on_agent",
    "call.answered",
    "call.transferred",
    "call.hungup",
    "call.ended",
    "call.voicemail_left",
    "call.unsuccessful_transfer",
}


def check_token(settings: Settings, body: dict[str, Any]) -> None:
    token = body.get("token")
    if not isinstance(token, str) or not constant_time_equal(token, settings.aircall_webhook_token):
        raise ApiError(401, "bad_webhook_token", "The webhook token is not right.")


def digits_of(call: dict[str, Any]) -> str | None:
    """Keypad input: a ``digits`` field, or a six-digit entry among ``ivr_options_selected``."""
    direct = call.get("digits")
    if isinstance(direct, str | int) and not isinstance(direct, bool):
        return app_tokens.token_from_digits(direct)
    options = call.get("ivr_options_selected")
    if isinstance(options, list):
        for option in options:
            value = (
                option.get("key") or option.get("digits") if isinstance(option, dict) else option
            )
            digits = app_tokens.token_from_digits(value) if isinstance(value, str | int) else None
            if digits and len(digits) == app_tokens.TOKEN_DIGITS:
                return digits
    return None


@dataclass(frozen=True)
class CallEvent:
    """One Aircall call event, read; the agent is found when it is applied."""

    event: str
    call_id: str
    direction: m.Direction
    status: str | None
    started_at: datetime | None
    answered_at: datetime | None
    ended_at: datetime | None
    raw_number: str | None
    missed_reason: str | None
    line: str | None
    user_id: str | None
    user_email: str | None
    digits: str | None
    ivr_choices: tuple[str, ...] = ()  # the IVR options chosen: titles and branches, lower case


def _choices(call: dict[str, Any]) -> tuple[str, ...]:
    options = call.get("ivr_options_selected")
    found: list[str] = []
    for option in options if isinstance(options, list) else []:
        if isinstance(option, dict):
            for key in ("title", "branch"):
                value = option.get(key)
                if isinstance(value, str) and value.strip():
                    found.append(" ".join(value.lower().split())[:100])
    return tuple(found)


def parse(body: dict[str, Any]) -> CallEvent | None:
    """The call event, or None for a resource or event CareDesk does not take."""
    payload.check_shape(body)
    event = payload.choice(body.get("event"), EVENTS)
    if body.get("resource") != "call" or event is None:
        return None
    call = body.get("data")
    if not isinstance(call, dict):
        raise bad_request("“data” must be the call object.", "malformed_body")
    call_id = payload.required_text(call.get("id"), "data.id")
    direction = payload.choice(call.get("direction", "inbound"), ("inbound", "outbound"))
    if direction is None:
        raise bad_request("“data.direction” must be inbound or outbound.", "malformed_body")
    user_raw, number_raw = call.get("user"), call.get("number")
    user: dict[str, Any] = user_raw if isinstance(user_raw, dict) else {}
    number: dict[str, Any] = number_raw if isinstance(number_raw, dict) else {}
    started, answered_at, ended_at = (
        payload.unix(call.get(k), f"data.{k}") for k in ("started_at", "answered_at", "ended_at")
    )
    return CallEvent(
        event=event,
        call_id=call_id,
        direction=m.Direction(direction),
        status=payload.choice(call.get("status"), ("initial", "answered", "done")),
        started_at=started,
        answered_at=answered_at,
        ended_at=ended_at,
        raw_number=payload.text(call.get("raw_digits"), "data.raw_digits", limit=60),
        missed_reason=payload.text(
            call.get("missed_call_reason"), "data.missed_call_reason", limit=60
        ),
        line=payload.text(
            number.get("digits") or number.get("name"), "data.number.digits", limit=100
        ),
        user_id=payload.text(user.get("id"), "data.user.id"),
        user_email=payload.text(user.get("email"), "data.user.email"),
        digits=digits_of(call),
        ivr_choices=_choices(call),
    )


def apply(session: Session, settings: Settings, raw: bytes, call: CallEvent) -> dict[str, Any]:
    """The webhook's answer: the conversation, whether a token matched, whether a text went."""
    if not first_delivery(session, "aircall", hashlib.sha256(raw).hexdigest()):
        return {"ok": True, "duplicate": True}
    agent_id = lifecycle.resolve_agent_id(
        session, settings, user_id=call.user_id, email=call.user_email
    )
    facts = CallFacts(
        source="aircall",
        external_id=call.call_id,
        direction=call.direction,
        raw_number=call.raw_number,
        line=call.line,
        started_at=call.started_at,
        answered=call.event == "call.answered" or call.status == "answered",
        answered_at=call.answered_at,
        ended=call.event in ("call.hungup", "call.ended") or call.status == "done",
        ended_at=call.ended_at,
        missed_reason=call.missed_reason,
        agent_id=agent_id,
    )
    outcome = call_event(session, settings, facts, call.digits, call.event)
    if " ".join(settings.callback_ivr_option.lower().split()) in call.ivr_choices:
        callbacks.request(
            session,
            settings,
            source=m.CallbackSource.IVR,
            key=call.call_id,
            raw_number=call.raw_number,
            line=call.line,
            conversation_id=outcome.conversation_id,
        )
    return {
        "ok": True,
        "conversation_id": outcome.conversation_id,
        "token_matched": outcome.token_matched,
        "text_offered": outcome.text_offered,
        "outbox_work": outcome.outbox_work,
    }
