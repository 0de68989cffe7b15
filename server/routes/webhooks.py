"""Webhooks from the softphone (Aircall, any CTI) and the chat (Intercom).

Each is authenticated, parsed defensively (a malformed body is a 400 with a clear message, never
a 500), deduplicated (a replayed delivery changes nothing), and applied as an upsert that never
moves a conversation backwards, so deliveries in any order end in the same state.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import anyio
from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from sqlalchemy import select
from sqlalchemy.orm import Session

from backend_client import models as m
from server import app_tokens, conversations
from server.audit import audit
from server.context import AppContext
from server.conversations import CallFacts, apply_call, begin_change, publish
from server.errors import ApiError, bad_request
from server.orm import Account, Conversation, WebhookDelivery, new_id, utcnow
from server.security import constant_time_equal

router = APIRouter(prefix="/webhooks", tags=["webhooks"])

MAX_BODY = 256 * 1024
AIRCALL_EVENTS = {
    "call.created",
    "call.ringing_on_agent",
    "call.answered",
    "call.transferred",
    "call.hungup",
    "call.ended",
    "call.voicemail_left",
    "call.unsuccessful_transfer",
}
INTERCOM_TOPICS = {
    "conversation.user.created",
    "conversation.user.replied",
    "conversation.admin.assigned",
    "conversation.admin.closed",
    "conversation.admin.opened",
}


def _ctx(request: Request) -> AppContext:
    ctx: AppContext = request.app.state.ctx
    return ctx


async def _raw(request: Request) -> bytes:
    raw = await request.body()
    if len(raw) > MAX_BODY:
        raise ApiError(413, "too_large", f"The body is larger than {MAX_BODY // 1024} KiB.")
    return raw


def _json_object(raw: bytes) -> dict[str, Any]:
    try:
        body = json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        raise bad_request("The body is not valid JSON.", "malformed_body") from None
    if not isinstance(body, dict):
        raise bad_request("The body must be a JSON object.", "malformed_body")
    return body


def _text(value: Any, field: str, *, required: bool = False, limit: int = 200) -> str | None:
    if value is None or value == "":
        if required:
            raise bad_request(f"“{field}” is required.", "malformed_body")
        return None
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise bad_request(f"“{field}” must be a string.", "malformed_body")
    text = str(value).strip()
    if len(text) > limit:
        raise bad_request(f"“{field}” is longer than {limit} characters.", "malformed_body")
    return text


def _unix(value: Any, field: str) -> datetime | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise bad_request(f"“{field}” must be Unix seconds or null.", "malformed_body")
    try:
        return datetime.fromtimestamp(value, UTC)
    except (OverflowError, OSError, ValueError):
        raise bad_request(f"“{field}” is not a valid time.", "malformed_body") from None


def _first_delivery(session: Session, source: str, key: str) -> bool:
    """Record a delivery; False when it was seen before (a retry or a replay)."""
    digest = hashlib.sha256(f"{source}:{key}".encode()).hexdigest()
    if session.get(WebhookDelivery, digest) is not None:
        return False
    session.add(WebhookDelivery(key=digest, source=source, received_at=utcnow()))
    session.flush()
    return True


def _redeem_if_digits(
    session: Session, ctx: AppContext, conv: Conversation, digits: str | None
) -> bool | None:
    if not digits or conv.account_id is not None or conv.auth_state != m.AuthState.UNVERIFIED:
        return None
    result = app_tokens.redeem(session, ctx.settings, conv, digits)
    return result.matched


async def _apply(ctx: AppContext, fn: Callable[[Session], Any]) -> Any:
    def run() -> Any:
        with ctx.db.transaction() as session:
            return fn(session)

    return await anyio.to_thread.run_sync(run)


# --- Aircall --------------------------------------------------------------------------------


def _aircall_digits(call: dict[str, Any]) -> str | None:
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


@router.post("/aircall")
async def aircall(request: Request) -> JSONResponse:
    ctx = _ctx(request)
    raw = await _raw(request)
    body = _json_object(raw)
    token = body.get("token")
    if not isinstance(token, str) or not constant_time_equal(
        token, ctx.settings.aircall_webhook_token
    ):
        raise ApiError(401, "bad_webhook_token", "The webhook token is not right.")
    resource, event = body.get("resource"), body.get("event")
    if resource != "call" or event not in AIRCALL_EVENTS:
        return JSONResponse({"ok": True, "ignored": True})
    call = body.get("data")
    if not isinstance(call, dict):
        raise bad_request("“data” must be the call object.", "malformed_body")
    call_id = _text(call.get("id"), "data.id", required=True)
    direction = call.get("direction", "inbound")
    if direction not in ("inbound", "outbound"):
        raise bad_request("“data.direction” must be inbound or outbound.", "malformed_body")
    user = call.get("user") if isinstance(call.get("user"), dict) else {}
    number = call.get("number") if isinstance(call.get("number"), dict) else {}
    status = call.get("status")
    started, answered_at, ended_at = (
        _unix(call.get(k), f"data.{k}") for k in ("started_at", "answered_at", "ended_at")
    )
    raw_digits = _text(call.get("raw_digits"), "data.raw_digits", limit=60)
    missed = _text(call.get("missed_call_reason"), "data.missed_call_reason", limit=60)
    line = _text(number.get("digits") or number.get("name"), "data.number.digits", limit=100)
    user_id = _text(user.get("id"), "data.user.id")
    user_email = _text(user.get("email"), "data.user.email")
    digits = _aircall_digits(call)

    def handle(session: Session) -> dict[str, Any]:
        if not _first_delivery(session, "aircall", hashlib.sha256(raw).hexdigest()):
            return {"ok": True, "duplicate": True}
        agent = conversations.resolve_agent(
            session, ctx.settings, user_id=user_id, email=user_email
        )
        facts = CallFacts(
            source="aircall",
            external_id=str(call_id),
            direction=m.Direction(direction),
            raw_number=raw_digits,
            line=line,
            started_at=started,
            answered=event == "call.answered" or status == "answered",
            answered_at=answered_at,
            ended=event in ("call.hungup", "call.ended") or status == "done",
            ended_at=ended_at,
            missed_reason=missed,
            agent=agent,
        )
        change = apply_call(session, ctx.settings, facts)
        session.flush()
        matched = _redeem_if_digits(session, ctx, change.conv, digits)
        publish(session, ctx.settings, change, event)
        return {"ok": True, "conversation_id": change.conv.id, "token_matched": matched}

    return JSONResponse(await _apply(ctx, handle))


# --- Intercom -------------------------------------------------------------------------------


def _intercom_external_id(item: dict[str, Any]) -> str | None:
    """The logged-in user's external id (our account id), in any API version's shape."""
    contacts = item.get("contacts")
    if isinstance(contacts, dict):
        for contact in contacts.get("contacts") or []:
            if isinstance(contact, dict) and contact.get("external_id"):
                return str(contact["external_id"])
    author = (
        (item.get("source") or {}).get("author") if isinstance(item.get("source"), dict) else None
    )
    if isinstance(author, dict) and author.get("external_id"):
        return str(author["external_id"])
    user = item.get("user")
    if isinstance(user, dict) and user.get("user_id"):
        return str(user["user_id"])
    return None


def _intercom_assignee(item: dict[str, Any]) -> tuple[str | None, str | None]:
    assignee = item.get("assignee")
    if isinstance(assignee, dict) and assignee.get("type") in (None, "admin"):
        return (
            str(assignee["id"]) if assignee.get("id") else None,
            str(assignee["email"]) if assignee.get("email") else None,
        )
    admin_id = item.get("admin_assignee_id")
    return (str(admin_id) if admin_id else None, None)


@router.post("/intercom")
async def intercom(request: Request) -> JSONResponse:
    ctx = _ctx(request)
    raw = await _raw(request)
    signature = request.headers.get("x-hub-signature", "")
    expected = (
        "sha1="
        + hmac.new(ctx.settings.intercom_client_secret.encode(), raw, hashlib.sha1).hexdigest()
    )
    if not hmac.compare_digest(signature.strip().lower().encode(), expected.encode()):
        raise ApiError(401, "bad_signature", "The X-Hub-Signature does not match the body.")
    body = _json_object(raw)
    topic = body.get("topic")
    if body.get("type") not in (None, "notification_event") or topic not in INTERCOM_TOPICS:
        return JSONResponse({"ok": True, "ignored": True})
    notification_id = _text(body.get("id"), "id", required=True)
    data = body.get("data")
    item = data.get("item") if isinstance(data, dict) else None
    if not isinstance(item, dict) or item.get("type", "conversation") != "conversation":
        raise bad_request("“data.item” must be the conversation.", "malformed_body")
    conversation_id = _text(item.get("id"), "data.item.id", required=True)
    external = _intercom_external_id(item)
    admin_id, admin_email = _intercom_assignee(item)
    author = (
        (item.get("source") or {}).get("author") if isinstance(item.get("source"), dict) else None
    )
    display = "Chat visitor"
    if isinstance(author, dict) and isinstance(author.get("name"), str) and author["name"].strip():
        display = f"Chat: {author['name'].strip()[:100]}"

    def handle(session: Session) -> dict[str, Any]:
        if not _first_delivery(session, "intercom", str(notification_id)):
            return {"ok": True, "duplicate": True}
        conv = session.scalar(
            select(Conversation).where(
                Conversation.source == "intercom", Conversation.external_id == conversation_id
            )
        )
        if conv is None:
            conv = Conversation(
                id=new_id("conv"),
                source="intercom",
                external_id=str(conversation_id),
                channel=m.Channel.CHAT.value,
                direction=m.Direction.INBOUND.value,
                state=m.ConversationState.RINGING.value,
                auth_state=m.AuthState.UNVERIFIED.value,
                caller_display=display,
                started_at=utcnow(),
                pending=m.PendingCheck.CHALLENGE.value,
                challenge_failures=0,
                version=1,
                updated_at=utcnow(),
                line="intercom",
            )
            session.add(conv)
            change = begin_change(conv, is_new=True)
        else:
            change = begin_change(conv)
        if external and conv.account_id is None and conv.auth_state == m.AuthState.UNVERIFIED:
            account = session.get(Account, external)
            if account is not None and account.status != "closed":
                # The app's logged-in user: the chat arrives verified, no questions asked.
                conv.account_id, conv.pending = account.id, None
                conv.auth_state = m.AuthState.VERIFIED_APP.value
                audit(
                    session,
                    "chat.verified_by_login",
                    agent_id=None,
                    account_id=account.id,
                    conversation_id=conv.id,
                )
        agent = conversations.resolve_agent(
            session, ctx.settings, user_id=admin_id, email=admin_email
        )
        if agent is not None and m.ConversationState(conv.state) in conversations.OPEN_STATES:
            conv.agent_id = agent.id
            conversations.advance(conv, m.ConversationState.ACTIVE)
            conv.answered_at = conv.answered_at or utcnow()
        if topic == "conversation.admin.closed":
            conv.ended_at = conv.ended_at or utcnow()
            conversations.advance(conv, m.ConversationState.CLOSED)
        publish(session, ctx.settings, change, str(topic))
        return {"ok": True, "conversation_id": conv.id}

    return JSONResponse(await _apply(ctx, handle))


# --- generic CTI ----------------------------------------------------------------------------


async def _cti_body(request: Request, raw: bytes) -> dict[str, Any]:
    content_type = request.headers.get("content-type", "")
    if "json" in content_type or raw.lstrip().startswith(b"{"):
        return _json_object(raw)
    if "form" in content_type:
        form = await request.form()
        body: dict[str, Any] = {}
        for key in set(form.keys()):
            values = [v for v in form.getlist(key) if isinstance(v, str)]
            name = key[:-2] if key.endswith("[]") else key
            body[name] = (
                values if key.endswith("[]") or len(values) > 1 else (values[0] if values else "")
            )
        return body
    raise ApiError(415, "unsupported_media_type", "Send JSON or form data.")


def _check_cti_token(ctx: AppContext, token: str) -> None:
    if not constant_time_equal(token, ctx.settings.cti_token):
        raise ApiError(401, "bad_webhook_token", "The CTI token in the path is not right.")


@router.post("/cti/{token}")
async def cti(token: str, request: Request) -> JSONResponse:
    ctx = _ctx(request)
    _check_cti_token(ctx, token)
    raw = await _raw(request)
    body = await _cti_body(request, raw)
    event = body.get("event")
    if event not in ("newCall", "answer", "hangup"):
        return JSONResponse({})
    call_id = _text(body.get("callId") or body.get("call_id"), "callId", required=True)
    direction = body.get("direction", "in")
    if direction not in ("in", "out"):
        raise bad_request("“direction” must be in or out.", "malformed_body")
    other = _text(body.get("from") if direction == "in" else body.get("to"), "from", limit=60)
    line = _text(body.get("to") if direction == "in" else body.get("from"), "to", limit=100)
    users = body.get("user")
    names = [
        u
        for u in (users if isinstance(users, list) else [users])
        if isinstance(u, str) and u.strip()
    ]
    cause = _text(body.get("cause"), "cause", limit=60)
    digits = (
        app_tokens.token_from_digits(body.get("digits"))
        if isinstance(body.get("digits"), str | int)
        else None
    )
    canonical = json.dumps(body, sort_keys=True, default=str)

    def handle(session: Session) -> dict[str, Any]:
        if not _first_delivery(session, "cti", hashlib.sha256(canonical.encode()).hexdigest()):
            return {}
        agent = None
        for name in names:
            agent = conversations.resolve_agent(session, ctx.settings, name=name, email=name)
            if agent:
                break
        facts = CallFacts(
            source="cti",
            external_id=str(call_id),
            direction=m.Direction.INBOUND if direction == "in" else m.Direction.OUTBOUND,
            raw_number=other,
            line=line,
            started_at=None,
            answered=event == "answer",
            answered_at=None,
            ended=event == "hangup",
            ended_at=None,
            missed_reason=cause if event == "hangup" else None,
            agent=agent,
        )
        change = apply_call(session, ctx.settings, facts)
        session.flush()
        _redeem_if_digits(session, ctx, change.conv, digits)
        publish(session, ctx.settings, change, str(event))
        return {}

    return JSONResponse(await _apply(ctx, handle))


@router.post("/cti/{token}/digits", response_model=m.DigitsResult)
async def cti_digits(token: str, request: Request) -> JSONResponse:
    """Keypad input collected before routing: does it hold a live app-call token?"""
    ctx = _ctx(request)
    _check_cti_token(ctx, token)
    raw = await _raw(request)
    body = await _cti_body(request, raw)
    call_id = _text(body.get("callId") or body.get("call_id"), "callId", required=True)
    caller = _text(body.get("from"), "from", limit=60)
    raw_digits = body.get("digits")
    if not isinstance(raw_digits, str | int) or isinstance(raw_digits, bool):
        raise bad_request("“digits” is required.", "malformed_body")
    digits = app_tokens.token_from_digits(raw_digits) or ""

    def handle(session: Session) -> tuple[m.DigitsResult, int | None]:
        conv = session.scalar(
            select(Conversation).where(
                Conversation.external_id == str(call_id),
                Conversation.source.in_(("cti", "aircall")),
            )
        )
        if conv is None:
            change = apply_call(
                session,
                ctx.settings,
                CallFacts(
                    source="cti",
                    external_id=str(call_id),
                    direction=m.Direction.INBOUND,
                    raw_number=caller,
                    line=None,
                    started_at=None,
                    answered=False,
                    answered_at=None,
                    ended=False,
                    ended_at=None,
                    missed_reason=None,
                    agent=None,
                ),
            )
            conv = change.conv
            session.flush()
        else:
            change = begin_change(conv)
        if conv.account_id is not None or conv.auth_state != m.AuthState.UNVERIFIED:
            return m.DigitsResult(
                matched=conv.account_id is not None, conversation_id=conv.id
            ), None
        result = app_tokens.redeem(session, ctx.settings, conv, digits)
        publish(session, ctx.settings, change, "digits")
        return (
            m.DigitsResult(
                matched=result.matched, throttled=result.throttled, conversation_id=conv.id
            ),
            result.retry_after,
        )

    result, retry_after = await _apply(ctx, handle)
    headers = {"Retry-After": str(retry_after)} if retry_after else None
    return JSONResponse(result.model_dump(mode="json"), headers=headers)
