"""``caredesk://`` links: what other programs hand the desk.

- ``caredesk://conversation/<id>``: open one of this advisor's conversations (the click-through
  from the chat inbox).
- ``caredesk://call?from=<number>&digits=<token>[&call=<id>]``: a softphone that opens a URL
  on an incoming call. The desk opens (or, with the same ``call`` id, reopens) a conversation
  for it through the API; the six digits are the caller's app token, redeemed by the server.

Anything else is refused with a message that says what is wrong; nothing in a link is trusted
beyond its shape (the server decides what the advisor may open).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import parse_qs, unquote, urlsplit

from desktop.i18n import QT_TRANSLATE_NOOP, translate

SCHEME = "caredesk"
CONVERSATION_ID = re.compile(r"[A-Za-z0-9_-]{1,100}")
CALL_ID = re.compile(r"[A-Za-z0-9_.:-]{1,100}")
TOKEN = re.compile(r"\d{6}")
MAX_LENGTH = 2000


class LinkError(ValueError):
    """A link the desk will not follow; ``message`` is for the advisor, in their language."""

    @property
    def message(self) -> str:
        return translate("Links", str(self))


@dataclass(frozen=True)
class ConversationLink:
    conversation_id: str


@dataclass(frozen=True)
class CallLink:
    number: str  # E.164
    digits: str | None = None
    call_id: str | None = None


Link = ConversationLink | CallLink


def looks_like_link(text: str) -> bool:
    return text.lower().startswith(f"{SCHEME}:")


def parse(text: str, region: str = "GB") -> Link:
    if len(text) > MAX_LENGTH:
        raise LinkError(QT_TRANSLATE_NOOP("Links", "The link is too long to be a CareDesk link."))
    parts = urlsplit(text.strip())
    if parts.scheme.lower() != SCHEME:
        raise LinkError(
            QT_TRANSLATE_NOOP("Links", "Not a CareDesk link: it must start with caredesk://")
        )
    kind = parts.netloc.lower()
    path = unquote(parts.path).strip("/")
    query = parse_qs(parts.query, keep_blank_values=True)
    if kind == "conversation":
        if not CONVERSATION_ID.fullmatch(path):
            raise LinkError(
                QT_TRANSLATE_NOOP(
                    "Links",
                    "The conversation link has no valid conversation id "
                    "(caredesk://conversation/<id>).",
                )
            )
        return ConversationLink(path)
    if kind == "call":
        if path:
            raise LinkError(
                QT_TRANSLATE_NOOP(
                    "Links", "A call link has no path: caredesk://call?from=<number>&digits=<code>"
                )
            )
        if any(len(values) > 1 for values in query.values()):
            raise LinkError(QT_TRANSLATE_NOOP("Links", "The call link gives a value twice."))
        raw_number = (query.get("from") or [""])[0].strip()
        if not raw_number:
            raise LinkError(
                QT_TRANSLATE_NOOP("Links", "The call link has no caller number (from=).")
            )
        import phonenumbers  # when a link first carries a number, not at start

        try:
            number = phonenumbers.parse(raw_number, region)
        except phonenumbers.NumberParseException:
            number = None
        if number is None or not phonenumbers.is_possible_number(number):
            raise LinkError(
                QT_TRANSLATE_NOOP("Links", "The caller number in the link is not a phone number.")
            )
        digits = (query.get("digits") or [""])[0].strip() or None
        if digits is not None and not TOKEN.fullmatch(digits):
            raise LinkError(
                QT_TRANSLATE_NOOP("Links", "The app code in the link must be six digits.")
            )
        call_id = (query.get("call") or [""])[0].strip() or None
        if call_id is not None and not CALL_ID.fullmatch(call_id):
            raise LinkError(QT_TRANSLATE_NOOP("Links", "The call id in the link is not valid."))
        return CallLink(
            phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164),
            digits,
            call_id,
        )
    raise LinkError(
        QT_TRANSLATE_NOOP(
            "Links",
            "The desk does not know this kind of link; it opens caredesk://conversation/<id> "
            "and caredesk://call?from=<number>.",
        )
    )
