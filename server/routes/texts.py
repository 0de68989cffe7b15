"""SMS conversations: the thread, replies, quick responses, the app link, click-to-call; and the
texts coming in (Twilio's webhook, signature-checked, and the generic one the demo uses)."""

from __future__ import annotations

from typing import Annotated, Any

import anyio
from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import JSONResponse, Response
from pydantic import Field
from sqlalchemy import select
from sqlalchemy.orm import Session

from backend_client import models as m
from server.core import idempotency
from server.core.audit import audit
from server.core.context import AppContext
from server.core.errors import ApiError, bad_request
from server.core.idempotency import IdemKey
from server.core.orm import Agent, OutboundMessage
from server.identity.auth import Ctx, CurrentAgent
from server.messaging import texts
from server.messaging.sms import valid_twilio_signature
from server.routes.conversations import _mine
from server.routes.misc import require_app_key
from server.routes.webhooks import _check_cti_token, _header_token, _json_object, _raw, _text
from server.telephony import dialling as telephony

router = APIRouter(tags=["texts"])
Id = Annotated[str, Path(max_length=64)]
# Twilio's delivery statuses → ours (queued/accepted/sending stay as they are).
TWILIO_STATUS = {
    "sent": m.TextStatus.SENT,
    "delivered": m.TextStatus.DELIVERED,
    "undelivered": m.TextStatus.FAILED,
    "failed": m.TextStatus.FAILED,
}


@router.get("/v1/conversations/{conversation_id}/texts", response_model=m.TextThread)
def text_thread(conversation_id: Id, agent: CurrentAgent, ctx: Ctx) -> m.TextThread:
    with ctx.db.reader() as session:
        return texts.thread(session, _mine(session, agent, conversation_id))


@router.get(
    "/v1/conversations/{conversation_id}/quick-responses", response_model=m.QuickResponseList
)
def quick_responses(
    conversation_id: Id,
    agent: CurrentAgent,
    ctx: Ctx,
    language: Annotated[str, Query(pattern=r"^[a-z]{2}$")] = "en",
) -> m.QuickResponseList:
    """The configured quick responses, filled in for this agent and line as they would go."""
    with ctx.db.reader() as session:
        conv = _mine(session, agent, conversation_id)
        return texts.quick_responses(ctx.settings, conv, agent, language)


@router.post("/v1/conversations/{conversation_id}/texts", response_model=m.Text)
def send_text(
    conversation_id: Id,
    body: m.NewText,
    request: Request,
    agent: CurrentAgent,
    ctx: Ctx,
    key: IdemKey,
) -> JSONResponse:
    """Reply in an SMS conversation (free text ≤ SMS_MAX_CHARS, or a quick response). The
    text is queued and sent after the commit; its status follows as ``text.updated``."""

    def apply(session: Session) -> dict[str, Any]:
        conv = _mine(session, agent, conversation_id)
        fresh = session.get(Agent, agent.id)
        assert fresh is not None
        return texts.reply(session, ctx.settings, fresh, conv, body).model_dump(mode="json")

    return idempotency.keyed_sending(
        ctx, agent.id, key, request.url.path, body.model_dump(mode="json"), apply
    )


@router.post("/v1/conversations/{conversation_id}/app-link", response_model=m.Text)
def send_app_link(
    conversation_id: Id, request: Request, agent: CurrentAgent, ctx: Ctx, key: IdemKey
) -> JSONResponse:
    """Text the caller a one-time link that, opened in the app, verifies the conversation."""

    def apply(session: Session) -> dict[str, Any]:
        conv = _mine(session, agent, conversation_id)
        return texts.send_app_link(session, ctx.settings, agent, conv).model_dump(mode="json")

    return idempotency.keyed_sending(ctx, agent.id, key, request.url.path, None, apply)


@router.post("/v1/conversations/{conversation_id}/dial", response_model=m.DialResult)
def dial_caller(
    conversation_id: Id, request: Request, agent: CurrentAgent, ctx: Ctx, key: IdemKey
) -> JSONResponse:
    """Move a text conversation to a call: the softphone dials the number that texted."""
    with ctx.db.reader() as session:
        conv = _mine(session, agent, conversation_id)
        number = conv.caller_number
    if not number:
        raise ApiError(422, "no_destination", "This conversation has no number to call.")
    result = telephony.dial(ctx.settings, agent, number)

    def record(session: Session) -> dict[str, Any]:
        audit(session, "conversation.dialled", agent_id=agent.id, conversation_id=conversation_id)
        return result.model_dump(mode="json")

    return idempotency.keyed(ctx, agent.id, key, request.url.path, None, record)


class AppLinkConfirmation(m.StrictBody):
    token: Annotated[str, Field(min_length=16, max_length=100)]
    account_id: Annotated[str, Field(min_length=1, max_length=64)]


@router.post("/v1/patient/conversation-links", status_code=204)
def confirm_app_link(body: AppLinkConfirmation, request: Request, ctx: Ctx) -> Response:
    """The app's backend: the signed-in patient opened the link texted to them."""
    require_app_key(request, ctx)
    ctx.db.run(lambda s: texts.confirm_app_link(s, ctx.settings, body.token, body.account_id))
    return Response(status_code=204)


# --- texts in -------------------------------------------------------------------------------


def _receive(
    ctx: AppContext, provider: str, provider_id: str, sender: str, line: str | None, body: str
) -> dict[str, Any]:
    def handle(session: Session) -> dict[str, Any]:
        got = texts.receive(
            session,
            ctx.settings,
            provider=provider,
            provider_id=provider_id,
            from_raw=sender,
            to_line=line,
            body=body,
        )
        return {
            "ok": True,
            "duplicate": got.duplicate,
            "conversation_id": got.conversation.id if got.conversation else None,
            "keyword": got.keyword,
        }

    return ctx.db.run(handle)


@router.post("/webhooks/sms")
async def generic_sms(request: Request) -> JSONResponse:
    """Any gateway (and the demo): ``{"id", "from", "to", "body"}`` with the CTI token in
    ``X-CareDesk-CTI-Token`` or ``Authorization: Bearer``."""
    ctx: AppContext = request.app.state.ctx
    _check_cti_token(ctx, _header_token(request))
    data = _json_object(await _raw(request))
    message_id = _text(data.get("id"), "id", required=True, limit=100)
    sender = _text(data.get("from"), "from", required=True, limit=40)
    line = _text(data.get("to"), "to", limit=100)
    body = data.get("body")
    if not isinstance(body, str) or not body.strip():
        raise bad_request("“body” must be the text.", "malformed_body")
    if len(body) > 1600:
        raise bad_request("“body” is longer than 1,600 characters.", "malformed_body")
    result = await anyio.to_thread.run_sync(
        _receive, ctx, "generic", str(message_id), str(sender), line, body
    )
    return JSONResponse(result)


async def _twilio_form(request: Request, ctx: AppContext) -> dict[str, str]:
    """The form Twilio posted, after its signature checked out against our public URL."""
    token = ctx.settings.twilio_auth_token
    if not token:
        raise ApiError(404, "not_found", "Twilio is not configured here.")
    await _raw(request)  # size cap
    form = await request.form()
    pairs = [(k, v) for k, v in form.multi_items() if isinstance(v, str)]
    base = ctx.settings.public_url
    url = f"{base}{request.url.path}" if base else str(request.url)
    if base and request.url.query:
        url += f"?{request.url.query}"
    if not valid_twilio_signature(token, url, pairs, request.headers.get("x-twilio-signature")):
        raise ApiError(403, "bad_signature", "The request is not signed by Twilio.")
    return dict(pairs)


EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response></Response>'


@router.post("/webhooks/twilio/sms")
async def twilio_sms(request: Request) -> Response:
    """Twilio's incoming-message webhook (``MessageSid``, ``From``, ``To``, ``Body``). We answer
    with empty TwiML: replies are the advisors' to write (Twilio itself answers STOP)."""
    ctx: AppContext = request.app.state.ctx
    form = await _twilio_form(request, ctx)
    sid, sender, body = form.get("MessageSid"), form.get("From"), form.get("Body", "")
    if not sid or not sender:
        raise bad_request("MessageSid and From are required.", "malformed_body")
    await anyio.to_thread.run_sync(
        _receive, ctx, "twilio", sid[:100], sender[:40], (form.get("To") or "")[:100], body[:1600]
    )
    return Response(EMPTY_TWIML, media_type="text/xml")


@router.post("/webhooks/twilio/status")
async def twilio_status(request: Request) -> Response:
    """Twilio's status callback for a text we sent: delivered, or failed."""
    ctx: AppContext = request.app.state.ctx
    form = await _twilio_form(request, ctx)
    sid, status = form.get("MessageSid"), TWILIO_STATUS.get(form.get("MessageStatus", ""))
    if sid and status is not None:

        def update(session: Session) -> None:
            row = session.scalar(
                select(OutboundMessage).where(
                    OutboundMessage.provider == "twilio", OutboundMessage.provider_id == sid
                )
            )
            if row is not None and row.status != m.TextStatus.DELIVERED.value:
                row.status = status.value
                texts.tell_thread(session, row)

        await anyio.to_thread.run_sync(ctx.db.run, update)
    return Response(status_code=204)
