"""SMS conversations: the thread, replies, quick responses, the app link, click-to-call; and the
texts coming in (Twilio's webhook, signature-checked, and the generic one the demo uses)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import JSONResponse, Response
from pydantic import Field
from sqlalchemy.orm import Session

from backend_client import models as m
from server.conversations.states import owned
from server.core import idempotency
from server.core.audit import audit
from server.core.context import AppContext, get_ctx
from server.core.errors import ApiError
from server.core.idempotency import IdemKey
from server.identity.auth import Ctx, CurrentAgent
from server.messaging import app_links, texts
from server.routes.misc import require_app_key
from server.routes.webhook_http import header_token, in_transaction, raw_body
from server.telephony import cti, payload, sms_in
from server.telephony import dialling as telephony

router = APIRouter(tags=["texts"])
Id = Annotated[str, Path(max_length=64)]


@router.get("/v1/conversations/{conversation_id}/texts", response_model=m.TextThread)
def text_thread(conversation_id: Id, agent: CurrentAgent, ctx: Ctx) -> m.TextThread:
    with ctx.db.reader() as session:
        return texts.thread(session, owned(session, agent, conversation_id))


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
        conv = owned(session, agent, conversation_id)
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
        conv = owned(session, agent, conversation_id)
        return texts.reply_as(session, ctx.settings, agent.id, conv, body).model_dump(mode="json")

    return idempotency.keyed_sending(
        ctx, agent.id, key, request.url.path, body.model_dump(mode="json"), apply
    )


@router.post("/v1/conversations/{conversation_id}/app-link", response_model=m.Text)
def send_app_link(
    conversation_id: Id, request: Request, agent: CurrentAgent, ctx: Ctx, key: IdemKey
) -> JSONResponse:
    """Text the caller a one-time link that, opened in the app, verifies the conversation."""

    def apply(session: Session) -> dict[str, Any]:
        conv = owned(session, agent, conversation_id)
        return app_links.send_app_link(session, ctx.settings, agent, conv).model_dump(mode="json")

    return idempotency.keyed_sending(ctx, agent.id, key, request.url.path, None, apply)


@router.post("/v1/conversations/{conversation_id}/dial", response_model=m.DialResult)
def dial_caller(
    conversation_id: Id, request: Request, agent: CurrentAgent, ctx: Ctx, key: IdemKey
) -> JSONResponse:
    """Move a text conversation to a call: the softphone dials the number that texted."""
    with ctx.db.reader() as session:
        conv = owned(session, agent, conversation_id)
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
    ctx.db.run(lambda s: app_links.confirm_app_link(s, ctx.settings, body.token, body.account_id))
    return Response(status_code=204)


# --- texts in -------------------------------------------------------------------------------


@router.post("/webhooks/sms")
async def generic_sms(request: Request) -> JSONResponse:
    """Any gateway (and the demo): ``{"id", "from", "to", "body"}`` with the CTI token in
    ``X-CareDesk-CTI-Token`` or ``Authorization: Bearer``."""
    ctx = get_ctx(request)
    cti.check_token(ctx.settings, header_token(request))
    text = sms_in.parse_generic(payload.json_object(await raw_body(request)))
    return JSONResponse(await in_transaction(ctx, lambda s: sms_in.receive(s, ctx.settings, text)))


async def _twilio_form(request: Request, ctx: AppContext) -> dict[str, str]:
    """The form Twilio posted, after its signature checked out against our public URL."""
    token = ctx.settings.twilio_auth_token
    if not token:
        raise ApiError(404, "not_found", "Twilio is not configured here.")
    await raw_body(request)  # size cap
    form = await request.form()
    pairs = [(k, v) for k, v in form.multi_items() if isinstance(v, str)]
    url = sms_in.twilio_url(ctx.settings, request.url.path, request.url.query, str(request.url))
    return sms_in.check_twilio(token, url, pairs, request.headers.get("x-twilio-signature"))


@router.post("/webhooks/twilio/sms")
async def twilio_sms(request: Request) -> Response:
    """Twilio's incoming-message webhook (``MessageSid``, ``From``, ``To``, ``Body``). We answer
    with empty TwiML: replies are the advisors' to write (Twilio itself answers STOP)."""
    ctx = get_ctx(request)
    text = sms_in.parse_twilio(await _twilio_form(request, ctx))
    await in_transaction(ctx, lambda s: sms_in.receive(s, ctx.settings, text))
    return Response(sms_in.EMPTY_TWIML, media_type="text/xml")


@router.post("/webhooks/twilio/status")
async def twilio_status(request: Request) -> Response:
    """Twilio's status callback for a text we sent: delivered, or failed."""
    ctx = get_ctx(request)
    report = sms_in.twilio_status(await _twilio_form(request, ctx))
    if report is not None:
        sid, status = report
        await in_transaction(ctx, lambda s: texts.delivery_report(s, "twilio", sid, status))
    return Response(status_code=204)
