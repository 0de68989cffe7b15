"""Texts coming in, whichever gateway brings them: Twilio's signed form (``X-Twilio-Signature``
over our public URL and the sorted fields) and its delivery reports, and the generic gateway's
``{"id", "from", "to", "body"}`` behind the CTI token."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from backend_client import models as m
from server.core.config import Settings
from server.core.errors import ApiError, bad_request
from server.messaging import texts_in
from server.messaging.sms import valid_twilio_signature
from server.telephony import callbacks, payload

# Twilio's delivery statuses → ours (queued/accepted/sending stay as they are).
TWILIO_STATUS = {
    "sent": m.TextStatus.SENT,
    "delivered": m.TextStatus.DELIVERED,
    "undelivered": m.TextStatus.FAILED,
    "failed": m.TextStatus.FAILED,
}
EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response></Response>'
MAX_TEXT = 1600


@dataclass(frozen=True)
class IncomingText:
    provider: str
    provider_id: str
    sender: str
    line: str | None
    body: str


def parse_generic(data: dict[str, Any]) -> IncomingText:
    message_id = payload.required_text(data.get("id"), "id", limit=100)
    sender = payload.required_text(data.get("from"), "from", limit=40)
    line = payload.text(data.get("to"), "to", limit=100)
    body = data.get("body")
    if not isinstance(body, str) or not body.strip():
        raise bad_request("“body” must be the text.", "malformed_body")
    if len(body) > MAX_TEXT:
        raise bad_request("“body” is longer than 1,600 characters.", "malformed_body")
    return IncomingText("generic", message_id, sender, line, body)


def twilio_url(settings: Settings, path: str, query: str, seen: str) -> str:
    """The URL Twilio signed: ours as the public see it, or as this server saw it (``seen``)."""
    base = settings.public_url
    if not base:
        return seen
    return f"{base}{path}" + (f"?{query}" if query else "")


def check_twilio(
    auth_token: str, url: str, pairs: Sequence[tuple[str, str]], signature: str | None
) -> dict[str, str]:
    """The form Twilio posted, after its signature under ``auth_token`` checked out against
    ``url``."""
    if not valid_twilio_signature(auth_token, url, list(pairs), signature):
        raise ApiError(403, "bad_signature", "The request is not signed by Twilio.")
    return dict(pairs)


def parse_twilio(form: dict[str, str]) -> IncomingText:
    """Twilio's incoming-message webhook: ``MessageSid``, ``From``, ``To``, ``Body``."""
    sid, sender, body = form.get("MessageSid"), form.get("From"), form.get("Body", "")
    if not sid or not sender:
        raise bad_request("MessageSid and From are required.", "malformed_body")
    return IncomingText(
        "twilio", sid[:100], sender[:40], (form.get("To") or "")[:100], body[:MAX_TEXT]
    )


def receive(session: Session, settings: Settings, text: IncomingText) -> dict[str, Any]:
    got = texts_in.receive(
        session,
        settings,
        provider=text.provider,
        provider_id=text.provider_id,
        from_raw=text.sender,
        to_line=text.line,
        body=text.body,
    )
    callback = None
    if not got.duplicate and callbacks.is_call_me(text.body):
        callback = callbacks.request(
            session,
            settings,
            source=m.CallbackSource.TEXT,
            key=f"{text.provider}:{text.provider_id}",
            raw_number=text.sender,
            line=text.line or None,
            conversation_id=got.conversation.id if got.conversation else None,
        )
    return {
        "ok": True,
        "duplicate": got.duplicate,
        "conversation_id": got.conversation.id if got.conversation else None,
        "keyword": got.keyword,
        "callback_id": callback.id if callback else None,
    }


def twilio_status(form: dict[str, str]) -> tuple[str, m.TextStatus] | None:
    """Twilio's status callback for a text we sent: delivered or failed, or None for a status
    CareDesk keeps as it is (queued, accepted, sending), which takes no transaction."""
    sid, status = form.get("MessageSid"), TWILIO_STATUS.get(form.get("MessageStatus", ""))
    return (sid, status) if sid and status is not None else None
