"""Email into the enquiry inbox: Mailgun's raw-MIME forward, or any mail relay's raw POST.

Both are bounded by EMAIL_MAX_BYTES before the body is read (the body-limit middleware: 413 to
a relay, 406 to Mailgun, which Mailgun takes as "do not retry"), parsed off the event loop, and
stored once per Message-ID, so a retried delivery changes nothing.
"""

from __future__ import annotations

import anyio
from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from backend_client import models as m
from server.core.context import get_ctx
from server.core.errors import ApiError
from server.core.orm import utcnow
from server.messaging import email_in
from server.routes.webhook_http import header_token, in_transaction
from server.telephony.calls import first_delivery

router = APIRouter(prefix="/webhooks/email", tags=["webhooks"])
PREFIX = "/webhooks/email/"
FORM_OVERHEAD = 64 * 1024  # Mailgun's other fields and the multipart boundaries


@router.post("/mailgun-mime")
async def mailgun(request: Request) -> JSONResponse:
    """A Mailgun route's ``forward()`` to a URL ending in ``mime``: ``body-mime`` is the raw
    message; ``timestamp``, ``token`` and ``signature`` prove it came from Mailgun."""
    ctx = get_ctx(request)
    form = await request.form(max_part_size=m.EMAIL_MAX_BYTES + FORM_OVERHEAD, max_files=1)
    fields = {k: v for k, v in form.items() if isinstance(v, str)}
    upload = form.get("body-mime")
    email_in.check_mailgun(
        ctx.settings,
        fields.get("timestamp", ""),
        fields.get("token", ""),
        fields.get("signature", ""),
        utcnow(),
    )
    # Mailgun documents body-mime as a field; a part sent as a file is read the same way.
    raw = (
        upload.encode("utf-8", "surrogateescape")
        if isinstance(upload, str)
        else await upload.read()
        if upload is not None
        else b""
    )
    if not raw:
        raise ApiError(422, "no_message", "The body-mime field is missing.")
    parsed = await anyio.to_thread.run_sync(email_in.parse, raw)

    def apply(session):  # type: ignore[no-untyped-def]
        if not first_delivery(session, "mailgun-token", fields["token"]):
            raise ApiError(401, "replayed", "This Mailgun token was used before.")
        return email_in.receive(session, ctx.settings, parsed, fields.get("recipient"))

    received = await in_transaction(ctx, apply)
    ctx.deliver_outboxes()
    return JSONResponse(received.as_json())


@router.post("/raw")
async def relay(request: Request) -> JSONResponse:
    """A mail relay posts the RFC 5322 message as the body (``message/rfc822``), with
    ``Authorization: Bearer <CAREDESK_EMAIL_RELAY_TOKEN>`` and, optionally, the envelope
    recipient in ``X-CareDesk-Recipient``."""
    ctx = get_ctx(request)
    email_in.check_relay(ctx.settings, header_token(request))
    raw = await request.body()
    if len(raw) > m.EMAIL_MAX_BYTES:
        raise ApiError(413, "too_large", "The message is larger than the inbox accepts.")
    parsed = await anyio.to_thread.run_sync(email_in.parse, raw)
    recipient = request.headers.get("x-caredesk-recipient")
    received = await in_transaction(
        ctx, lambda s: email_in.receive(s, ctx.settings, parsed, recipient)
    )
    ctx.deliver_outboxes()
    return JSONResponse(received.as_json())
