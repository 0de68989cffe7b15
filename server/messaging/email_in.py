"""Email into the enquiry inbox.

Two ways in, one parser (the standard library's ``email`` package, ``policy.default``, which
decodes RFC 2047 subjects and quoted-printable or base64 bodies):

- **Mailgun**, a route whose action is ``forward("https://…/webhooks/email/mailgun-mime")``:
  Mailgun posts the raw message as ``body-mime`` (its "raw MIME" mode, chosen by a URL ending in
  ``mime``) with ``timestamp``, ``token`` and ``signature`` = hex HMAC-SHA256 of
  ``timestamp + token`` under the webhook signing key. We check the signature in constant time,
  refuse timestamps more than ``MAX_SKEW`` away, and refuse a token seen before (the signature
  does not cover the body, so a captured one must not be reusable). See docs/email.md.
- **A mail relay** (Postfix's pipe, an MTA hook): ``POST /webhooks/email/raw`` with the RFC 5322
  message as the body and ``Authorization: Bearer <CAREDESK_EMAIL_RELAY_TOKEN>``.

What happens to a message:
- The text part is taken (an HTML-only message is turned into plain text: tags dropped, scripts
  and styles removed, entities decoded); quoted history ("On … wrote:", "W dniu … pisze:",
  Outlook's header block, "> " lines) and a "-- " signature are cut off.
- Attachments are listed (name, type, size) and never stored: the desk never opens a file.
- It threads onto an enquiry when the subject carries ``[ref enq_…]`` (every reply we send
  does) or its In-Reply-To/References name an email we already hold. An open enquiry gains a
  message; an answered one gets a new enquiry that ``follows`` it.
- A message is stored once by its Message-ID: Mailgun's retries change nothing.
"""

from __future__ import annotations

import email
import email.policy
import email.utils
import hashlib
import hmac
import re
from dataclasses import dataclass, field
from datetime import datetime
from email.message import EmailMessage
from html.parser import HTMLParser

from sqlalchemy import select
from sqlalchemy.orm import Session

from backend_client import models as m
from server.core.audit import audit
from server.core.config import Settings
from server.core.errors import ApiError
from server.core.orm import EnquiryMessageRow, EnquiryRow, utcnow
from server.messaging import enquiries

MAX_SKEW = 300  # seconds between Mailgun's timestamp and our clock
BODY_MAX = 20_000  # characters of text kept (the rest is marked as cut)
REFERENCE = re.compile(r"\[ref (enq_[0-9a-f]{20})\]", re.IGNORECASE)
_QUOTE_HEADERS = (
    re.compile(r"^\s*On\b.{0,200}\bwrote:\s*$", re.IGNORECASE | re.DOTALL),
    re.compile(r"^\s*W dniu\b.{0,200}\bpisze:\s*$", re.IGNORECASE | re.DOTALL),
    re.compile(r"^\s*-{2,}\s*(Original Message|Wiadomość oryginalna)\s*-{2,}\s*$", re.IGNORECASE),
    re.compile(r"^\s*_{10,}\s*$"),  # Outlook's rule above the quoted header block
)
_OUTLOOK_BLOCK = re.compile(r"^\s*(From|Od):\s.+", re.IGNORECASE)
_OUTLOOK_NEXT = re.compile(r"^\s*(Sent|Date|Wysłano|Data|To|Do|Subject|Temat):\s", re.IGNORECASE)


@dataclass
class ParsedEmail:
    sender: str
    name: str
    to: list[str]
    subject: str
    body: str
    message_id: str | None
    replies_to: list[str] = field(default_factory=list)  # In-Reply-To and References
    attachments: list[m.Attachment] = field(default_factory=list)
    automatic: bool = False  # an auto-reply or a list (RFC 3834): never answered automatically


class _Text(HTMLParser):
    """HTML → plain text: tags dropped, script and style skipped, blocks on their own lines."""

    BLOCKS = frozenset(
        {"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "table", "blockquote"}
    )

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style", "head", "title"):
            self._skip += 1
        elif tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style", "head", "title"):
            self._skip = max(0, self._skip - 1)
        elif tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def html_to_text(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    parser.close()
    lines = (
        re.sub(r"[ \t\r\f\v\u00a0]+", " ", line).strip()
        for line in "".join(parser.parts).split("\n")
    )
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def strip_quoted(text: str) -> str:
    """The new text of a reply: up to the quoted history, without "> " lines or a signature."""
    lines = text.replace("\r\n", "\n").split("\n")
    kept: list[str] = []
    for n, line in enumerate(lines):
        two = line + " " + (lines[n + 1] if n + 1 < len(lines) else "")
        if any(p.match(line) for p in _QUOTE_HEADERS) or any(
            p.match(two) and not p.match(lines[n + 1] if n + 1 < len(lines) else "")
            for p in _QUOTE_HEADERS[:2]
        ):
            break
        if _OUTLOOK_BLOCK.match(line) and n + 1 < len(lines) and _OUTLOOK_NEXT.match(lines[n + 1]):
            break
        if line.rstrip() == "--":  # "-- " starts a signature
            break
        if line.lstrip().startswith(">"):
            continue
        kept.append(line)
    return "\n".join(kept).strip()


def _addresses(value: object) -> list[str]:
    return [addr.casefold() for _, addr in email.utils.getaddresses([str(value or "")]) if addr]


def _ids(value: object) -> list[str]:
    return re.findall(r"<[^<>\s]+>", str(value or ""))


def parse(raw: bytes) -> ParsedEmail:
    """An RFC 5322 message → what the inbox keeps. ApiError 422 when it is not one."""
    try:
        message = email.message_from_bytes(raw, policy=email.policy.default)
    except Exception:  # the parser is lenient: this is a body that is not a message at all
        raise ApiError(422, "bad_email", "That is not an email message.") from None
    assert isinstance(message, EmailMessage)
    name, sender = email.utils.parseaddr(str(message.get("From", "")))
    if not sender or "@" not in sender:
        raise ApiError(422, "bad_email", "The message has no sender address.")
    text = ""
    part = message.get_body(preferencelist=("plain", "html"))
    if part is not None:
        try:
            content = part.get_content()
        except (LookupError, ValueError):  # an unknown charset: read it leniently
            payload = part.get_payload(decode=True)
            content = payload.decode("utf-8", "replace") if isinstance(payload, bytes) else ""
        text = html_to_text(content) if part.get_content_type() == "text/html" else str(content)
    body = strip_quoted(text) or text.strip()
    if len(body) > BODY_MAX:
        body = body[:BODY_MAX] + "\n[…the rest of the message was cut]"
    attachments = []
    for attachment in message.iter_attachments():
        payload = attachment.get_payload(decode=True)
        attachments.append(
            m.Attachment(
                filename=(attachment.get_filename() or "unnamed")[:200],
                content_type=attachment.get_content_type(),
                size=len(payload) if isinstance(payload, bytes) else 0,
            )
        )
    auto = str(message.get("Auto-Submitted", "no")).strip().casefold()
    precedence = str(message.get("Precedence", "")).strip().casefold()
    subject = re.sub(r"\s+", " ", str(message.get("Subject", ""))).strip()
    return ParsedEmail(
        sender=sender.casefold(),
        name=(name or sender.split("@")[0]).strip()[:200],
        to=_addresses(message.get("Delivered-To")) + _addresses(message.get("To")),
        subject=subject[:200] or "(no subject)",
        body=body or "(no text)",
        message_id=next(iter(_ids(message.get("Message-ID"))), None),
        replies_to=_ids(message.get("In-Reply-To")) + _ids(message.get("References")),
        attachments=attachments,
        automatic=auto not in ("", "no") or precedence in ("bulk", "list", "junk", "auto_reply"),
    )


# --- the two ways in ---------------------------------------------------------------------------


def check_mailgun(
    settings: Settings, timestamp: str, token: str, signature: str, now: datetime
) -> None:
    key = settings.mailgun_signing_key
    if not key:
        raise ApiError(404, "email_not_configured", "Mailgun is not set up on this server.")
    expected = hmac.new(key.encode(), f"{timestamp}{token}".encode(), hashlib.sha256).hexdigest()
    if not (token and signature and hmac.compare_digest(expected, signature.strip().lower())):
        raise ApiError(401, "bad_signature", "The Mailgun signature does not match.")
    if not timestamp.isdigit() or abs(now.timestamp() - int(timestamp)) > MAX_SKEW:
        raise ApiError(401, "stale_signature", "The Mailgun timestamp is too far from now.")


def check_relay(settings: Settings, bearer: str | None) -> None:
    token = settings.email_relay_token
    if not token:
        raise ApiError(404, "email_not_configured", "The mail relay is not set up on this server.")
    if not bearer or not hmac.compare_digest(bearer.encode(), token.encode()):
        raise ApiError(401, "bad_token", "The relay token is wrong.")


# --- into the inbox ---------------------------------------------------------------------------


@dataclass
class Received:
    enquiry_id: str
    threaded: bool
    duplicate: bool

    def as_json(self) -> dict[str, object]:
        return {
            "ok": True,
            "enquiry": self.enquiry_id,
            "threaded": self.threaded,
            "duplicate": self.duplicate,
        }


def _team(settings: Settings, parsed: ParsedEmail, recipient: str | None) -> str:
    for address in ([recipient.casefold()] if recipient else []) + parsed.to:
        if address in settings.email_teams:
            return settings.email_teams[address]
    return settings.default_team


def _already(session: Session, message_id: str | None) -> str | None:
    if not message_id:
        return None
    found = session.scalar(select(EnquiryRow.id).where(EnquiryRow.message_id == message_id))
    return found or session.scalar(
        select(EnquiryMessageRow.enquiry_id).where(EnquiryMessageRow.message_id == message_id)
    )


def _thread(session: Session, parsed: ParsedEmail) -> EnquiryRow | None:
    """The enquiry this replies to: by the reference in the subject, else by the emails it
    replies to. Only the same sender's: a reference is not a password, but it is not shared."""
    found = REFERENCE.search(parsed.subject)
    row = session.get(EnquiryRow, found.group(1).lower()) if found else None
    if row is None and parsed.replies_to:
        enquiry_id = session.scalar(
            select(EnquiryRow.id).where(EnquiryRow.message_id.in_(parsed.replies_to))
        ) or session.scalar(
            select(EnquiryMessageRow.enquiry_id).where(
                EnquiryMessageRow.message_id.in_(parsed.replies_to)
            )
        )
        row = session.get(EnquiryRow, enquiry_id) if enquiry_id else None
    if row is not None and (row.email or "").casefold() != parsed.sender:
        return None
    return row


def receive(
    session: Session, settings: Settings, parsed: ParsedEmail, recipient: str | None = None
) -> Received:
    seen = _already(session, parsed.message_id)
    if seen is not None:
        return Received(seen, threaded=False, duplicate=True)
    now = utcnow()
    attachments = [a.model_dump() for a in parsed.attachments]
    earlier = _thread(session, parsed)
    if earlier is not None and earlier.state == m.EnquiryState.OPEN.value:
        session.add(
            EnquiryMessageRow(
                enquiry_id=earlier.id,
                message_id=parsed.message_id,
                received_at=now,
                body=parsed.body,
                attachments=attachments,
            )
        )
        earlier.updated_at = now
        earlier.version += 1
        session.flush()
        enquiries.tell(session, earlier)
        audit(session, "enquiry.email_threaded", agent_id=None, detail={"id": earlier.id})
        return Received(earlier.id, threaded=True, duplicate=False)
    row = enquiries.create_row(
        session,
        settings,
        team=earlier.team if earlier is not None else _team(settings, parsed, recipient),
        name=parsed.name,
        email=parsed.sender,
        phone=None,
        account_id=None,  # an address is not an identity: the advisor verifies as for any caller
        subject=parsed.subject,
        body=parsed.body,
        source=m.EnquirySource.EMAIL,
        message_id=parsed.message_id,
        attachments=attachments,
        follows=earlier.id if earlier is not None else None,
        auto_reply=not parsed.automatic,
        now=now,
    )
    return Received(row.id, threaded=False, duplicate=False)
