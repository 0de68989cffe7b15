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
from server.conversations import lifecycle as conversations
from server.conversations.lifecycle import CallFacts, apply_call, begin_change, publish
from server.core.audit import audit
from server.core.context import AppContext
from server.core.errors import ApiError, bad_request
from server.core.orm import Account, Conversation, WebhookDelivery, new_id, utcnow
from server.core.security import constant_time_equal
from server.identity import app_tokens
from server.messaging import texts

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


MAX_DEPTH = 32


def _json_object(raw: bytes) -> dict[str, Any]:
    try:
        body = json.loads(raw)
    except (ValueError, RecursionError):  # UnicodeDecodeError is a ValueError
        raise bad_request("The body is not valid JSON.", "malformed_body") from None
    if not isinstance(body, dict):
        raise bad_request("The body must be a JSON object.", "malformed_body")
    return body


def _check_shape(body: Any) -> None:
    """Every string storable (no lone surrogates from ``\\ud800`` escapes) and no deeper than
    MAX_DEPTH: checked once, without recursion, before any field is read."""
    stack: list[tuple[Any, int]] = [(body, 0)]
    while stack:
        value, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise bad_request(
                f"The body is nested deeper than {MAX_DEPTH} levels.", "malformed_body"
            )
        if isinstance(value, str):
            _storable(value)
        elif isinstance(value, dict):
            for k, v in value.items():
                _storable(k)
                stack.append((v, depth + 1))
        elif isinstance(value, list):
            stack.extend((v, depth + 1) for v in value)


def _storable(text: str) -> None:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise bad_request(
            "The body holds text that is not valid Unicode.", "malformed_body"
        ) from None


def _choice(value: Any, allowed: set[str] | tuple[str, ...]) -> str | None:
    """``value`` when it is one of ``allowed`` (any JSON type may arrive where a name should)."""
    return value if isinstance(value, str) and value in allowed else None


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
    return await anyio.to_thread.run_sync(ctx.db.run, fn)


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
    _check_shape(body)
    event = _choice(body.get("event"), AIRCALL_EVENTS)
    if body.get("resource") != "call" or event is None:
        return JSONResponse({"ok": True, "ignored": True})
    call = body.get("data")
    if not isinstance(call, dict):
        raise bad_request("“data” must be the call object.", "malformed_body")
    call_id = _text(call.get("id"), "data.id", required=True)
    direction = _choice(call.get("direction", "inbound"), ("inbound", "outbound"))
    if direction is None:
        raise bad_request("“data.direction” must be inbound or outbound.", "malformed_body")
    user = call.get("user") if isinstance(call.get("user"), dict) else {}
    number = call.get("number") if isinstance(call.get("number"), dict) else {}
    status = _choice(call.get("status"), ("initial", "answered", "done"))
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
        offered = texts.offer_missed_call_text(session, ctx.settings, change.conv)
        return {
            "ok": True,
            "conversation_id": change.conv.id,
            "token_matched": matched,
            "text_offered": offered is not None,
        }

    result = await _apply(ctx, handle)
    if result.get("text_offered"):
        ctx.deliver_outboxes()  # only then: most calls queue nothing
    return JSONResponse(result)


# --- Intercom -------------------------------------------------------------------------------


def _intercom_user(item: dict[str, Any]) -> tuple[str | None, bool]:
    """The chatting contact's external id (our account id) in any API version's shape, and
    whether Intercom holds it as a user: only users carry an external id, and a contact whose
    role says lead or visitor is never taken for one."""
    contacts = item.get("contacts")
    listed = contacts.get("contacts") if isinstance(contacts, dict) else None
    source = item.get("source")
    author = source.get("author") if isinstance(source, dict) else None
    user = item.get("user")
    for found, key in [
        *((c, "external_id") for c in (listed if isinstance(listed, list) else [])),
        (author, "external_id"),
        (user, "user_id"),
    ]:
        if isinstance(found, dict) and found.get(key):
            role = found.get("role") or found.get("type")
            return _text(found[key], key), role not in ("lead", "visitor")
    return None, False


def _intercom_assignee(item: dict[str, Any]) -> tuple[str | None, str | None]:
    assignee = item.get("assignee")
    if isinstance(assignee, dict) and assignee.get("type") in (None, "admin"):
        return (
            _text(assignee.get("id"), "assignee.id"),
            _text(assignee.get("email"), "assignee.email"),
        )
    return (_text(item.get("admin_assignee_id"), "admin_assignee_id"), None)


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
    _check_shape(body)
    topic = _choice(body.get("topic"), INTERCOM_TOPICS)
    if body.get("type") not in (None, "notification_event") or topic is None:
        return JSONResponse({"ok": True, "ignored": True})
    notification_id = _text(body.get("id"), "id", required=True)
    data = body.get("data")
    item = data.get("item") if isinstance(data, dict) else None
    if not isinstance(item, dict) or item.get("type", "conversation") != "conversation":
        raise bad_request("“data.item” must be the conversation.", "malformed_body")
    conversation_id = _text(item.get("id"), "data.item.id", required=True)
    external, identified = _intercom_user(item)
    # Only Intercom's identity verification vouches for who is chatting: with it enforced, an
    # identified user's external id was signed (user_hash) by the app's backend. Without it,
    # anyone can claim any external id, so the chat gets the challenge like a call.
    vouched = ctx.settings.intercom_identity == "enforced" and identified
    admin_id, admin_email = _intercom_assignee(item)
    source = item.get("source")
    author = source.get("author") if isinstance(source, dict) else None
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
        if (
            external
            and vouched
            and conv.account_id is None
            and conv.auth_state == m.AuthState.UNVERIFIED
        ):
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
                    vouched_by="intercom_identity_verification",
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


def _check_cti_token(ctx: AppContext, token: str | None) -> None:
    if token is None or not constant_time_equal(token, ctx.settings.cti_token):
        raise ApiError(401, "bad_webhook_token", "The CTI token is missing or not right.")


def _header_token(request: Request) -> str | None:
    """The CTI token from a header, for phone systems that can send one (it then stays out of
    URLs and so out of every access log): ``X-CareDesk-CTI-Token`` or ``Authorization: Bearer``."""
    named = request.headers.get("x-caredesk-cti-token")
    if named:
        return named.strip()
    scheme, _, value = request.headers.get("authorization", "").partition(" ")
    return value.strip() if scheme.lower() == "bearer" and value.strip() else None


@router.post("/cti")
async def cti_with_header(request: Request) -> JSONResponse:
    """The generic CTI hook with its token in a header; the body as for ``/cti/{token}``."""
    return await _cti_event(request, _header_token(request))


@router.post("/cti/digits", response_model=m.DigitsResult)
async def cti_digits_with_header(request: Request) -> JSONResponse:
    """Keypad digits with the CTI token in a header; the body as for ``/cti/{token}/digits``."""
    return await _cti_digits(request, _header_token(request))


@router.post("/cti/{token}")
async def cti(token: str, request: Request) -> JSONResponse:
    """The generic CTI hook: ``newCall``, ``answer`` and ``hangup`` events, JSON or form."""
    return await _cti_event(request, token)


@router.post("/cti/{token}/digits", response_model=m.DigitsResult)
async def cti_digits(token: str, request: Request) -> JSONResponse:
    """Keypad input collected before routing: does it hold a live app-call token? A wrong or
    throttled token is never a refusal: the call goes on to the challenge."""
    return await _cti_digits(request, token)


async def _cti_event(request: Request, token: str | None) -> JSONResponse:
    ctx = _ctx(request)
    _check_cti_token(ctx, token)
    raw = await _raw(request)
    body = await _cti_body(request, raw)
    _check_shape(body)
    event = _choice(body.get("event"), ("newCall", "answer", "hangup"))
    if event is None:
        return JSONResponse({})
    call_id = _text(body.get("callId") or body.get("call_id"), "callId", required=True)
    direction = _choice(body.get("direction", "in"), ("in", "out"))
    if direction is None:
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

    def handle(session: Session) -> bool:
        """Whether a missed-call text was queued."""
        if not _first_delivery(session, "cti", hashlib.sha256(canonical.encode()).hexdigest()):
            return False
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
        return texts.offer_missed_call_text(session, ctx.settings, change.conv) is not None

    if await _apply(ctx, handle):
        ctx.deliver_outboxes()  # only when a text was queued: most calls queue nothing
    return JSONResponse({})


async def _cti_digits(request: Request, token: str | None) -> JSONResponse:
    ctx = _ctx(request)
    _check_cti_token(ctx, token)
    raw = await _raw(request)
    body = await _cti_body(request, raw)
    _check_shape(body)
    call_id = _text(body.get("callId") or body.get("call_id"), "callId", required=True)
    caller = _text(body.get("from"), "from", limit=60)
    line = _text(body.get("to"), "to", limit=100)
    raw_digits = body.get("digits")
    if not isinstance(raw_digits, str | int) or isinstance(raw_digits, bool):
        raise bad_request("“digits” is required.", "malformed_body")
    digits = app_tokens.token_from_digits(raw_digits) or ""

    def handle(session: Session) -> m.DigitsResult:
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
                    line=line,
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
            linked = conv.account_id is not None
            return m.DigitsResult(matched=linked, challenge=not linked, conversation_id=conv.id)
        result = app_tokens.redeem(session, ctx.settings, conv, digits)
        publish(session, ctx.settings, change, "digits")
        return m.DigitsResult(
            matched=result.matched,
            throttled=result.throttled,
            challenge=not (result.matched and conv.pending is None),
            conversation_id=conv.id,
        )

    result = await _apply(ctx, handle)
    return JSONResponse(result.model_dump(mode="json"))
