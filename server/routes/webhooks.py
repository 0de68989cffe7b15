"""Webhooks from the softphone (Aircall, any CTI) and the chat (Intercom).

Each is authenticated, parsed defensively by its vendor's adapter in ``server.telephony`` (a
malformed body is a 400 with a clear message, never a 500), deduplicated (a replayed delivery
changes nothing), and applied as an upsert that never moves a conversation backwards, so
deliveries in any order end in the same state.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from backend_client import models as m
from server.core.context import get_ctx
from server.routes.webhook_http import header_token, in_transaction, json_or_form, raw_body
from server.telephony import aircall as aircall_calls
from server.telephony import cti as cti_calls
from server.telephony import intercom as intercom_chats
from server.telephony import payload

router = APIRouter(prefix="/webhooks", tags=["webhooks"])


@router.post("/aircall")
async def aircall(request: Request) -> JSONResponse:
    ctx = get_ctx(request)
    raw = await raw_body(request)
    body = payload.json_object(raw)
    aircall_calls.check_token(ctx.settings, body)
    call = aircall_calls.parse(body)
    if call is None:
        return JSONResponse({"ok": True, "ignored": True})
    result = await in_transaction(
        ctx, lambda s: aircall_calls.apply(s, ctx.settings, raw, call), scoped=True
    )
    if result.pop("outbox_work", False):
        ctx.deliver_outboxes()  # only then: most calls queue nothing
    return JSONResponse(result)


@router.post("/intercom")
async def intercom(request: Request) -> JSONResponse:
    ctx = get_ctx(request)
    raw = await raw_body(request)
    intercom_chats.check_signature(ctx.settings, raw, request.headers.get("x-hub-signature", ""))
    chat = intercom_chats.parse(payload.json_object(raw))
    if chat is None:
        return JSONResponse({"ok": True, "ignored": True})
    result = await in_transaction(ctx, lambda s: intercom_chats.apply(s, ctx.settings, chat))
    if result.pop("note_queued", False):
        ctx.deliver_outboxes()  # the click-through note, after the commit
    return JSONResponse(result)


@router.post("/cti")
async def cti_with_header(request: Request) -> JSONResponse:
    """The generic CTI hook with its token in a header; the body as for ``/cti/{token}``."""
    return await _cti_event(request, header_token(request))


@router.post("/cti/digits", response_model=m.DigitsResult)
async def cti_digits_with_header(request: Request) -> JSONResponse:
    """Keypad digits with the CTI token in a header; the body as for ``/cti/{token}/digits``."""
    return await _cti_digits(request, header_token(request))


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
    ctx = get_ctx(request)
    cti_calls.check_token(ctx.settings, token)
    call = cti_calls.parse_event(await json_or_form(request, await raw_body(request)))
    if call is None:
        return JSONResponse({})
    queued = await in_transaction(
        ctx, lambda s: cti_calls.apply_event(s, ctx.settings, call), scoped=True
    )
    if queued:
        ctx.deliver_outboxes()  # only when a text was queued: most calls queue nothing
    return JSONResponse({})


async def _cti_digits(request: Request, token: str | None) -> JSONResponse:
    ctx = get_ctx(request)
    cti_calls.check_token(ctx.settings, token)
    keyed = cti_calls.parse_digits(await json_or_form(request, await raw_body(request)))
    result = await in_transaction(
        ctx, lambda s: cti_calls.apply_digits(s, ctx.settings, keyed), scoped=True
    )
    return JSONResponse(result.model_dump(mode="json"))
