"""Sending texts, emails and app messages, and checking that inbound texts are genuine.

A message is decided in a transaction (a row of ``outbound_messages``, status ``queued``) and
handed to its provider after the commit by ``deliver_pending``: a request never waits on a
gateway, and a gateway that is down delays a text instead of losing it (it is retried with the
row, up to ``MAX_ATTEMPTS``).

Providers:
- ``DemoSms`` (the demo and the tests) sends nothing: the row records the text as sent by
  ``demo``, and the provider keeps what it was given.
- ``TwilioSms``: Twilio's Messages API out (``POST /2010-04-01/Accounts/{sid}/Messages.json``),
  and its webhooks in, each checked against ``X-Twilio-Signature`` (HMAC-SHA1 of the URL and the
  sorted form fields, keyed with the auth token; ``valid_twilio_signature``).
Email and app messages go to ``LocalMessages``: the reference server records them as handed to
the pharmacy's mail and app backends, which are outside it.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import hmac
import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Protocol

import httpx

from server.core import locks, metrics, outbox
from server.core.db import Database
from server.core.orm import OutboundMessage, SmsOptOut, utcnow

log = logging.getLogger("caredesk.server.sms")
MAX_ATTEMPTS = 8
# Twilio's error for a recipient who replied STOP to the sending number.
TWILIO_UNSUBSCRIBED = 21610


class SendError(Exception):
    """The provider did not take the message. ``permanent``: trying again will not help."""

    def __init__(self, message: str, *, permanent: bool = False, opted_out: bool = False) -> None:
        super().__init__(message)
        self.permanent = permanent
        self.opted_out = opted_out


class SmsProvider(Protocol):
    name: str

    def send(self, to: str, body: str) -> str:
        """Hand one text to the gateway; returns the gateway's id. Raises ``SendError``."""


class DemoSms:
    """Sends nothing: what it was given stays here (and the row says ``demo``)."""

    name = "demo"

    def __init__(self) -> None:
        self.sent: list[tuple[str, str]] = []

    def send(self, to: str, body: str) -> str:
        self.sent.append((to, body))
        return f"demo-{len(self.sent)}"


class TwilioSms:
    """Twilio's Messages API. ``sender`` is the number texts come from, or a Messaging Service
    SID (``MG…``), which Twilio then picks a number from."""

    name = "twilio"

    def __init__(
        self,
        account_sid: str,
        auth_token: str,
        sender: str,
        *,
        status_callback: str | None = None,
        base_url: str = "https://api.twilio.com",
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self._sid = account_sid
        self._sender = sender
        self._status_callback = status_callback
        self._client = httpx.Client(
            base_url=base_url, auth=(account_sid, auth_token), timeout=10.0, transport=transport
        )

    def send(self, to: str, body: str) -> str:
        form = {"To": to, "Body": body}
        if self._sender.startswith("MG"):
            form["MessagingServiceSid"] = self._sender
        else:
            form["From"] = self._sender
        if self._status_callback:
            form["StatusCallback"] = self._status_callback
        try:
            reply = self._client.post(f"/2010-04-01/Accounts/{self._sid}/Messages.json", data=form)
        except httpx.HTTPError as exc:
            raise SendError(f"Twilio unreachable: {type(exc).__name__}") from None
        if reply.status_code == 201 or reply.is_success:
            sid = reply.json().get("sid")
            return str(sid) if sid else ""
        code = None
        with contextlib.suppress(ValueError):
            code = reply.json().get("code")
        permanent = 400 <= reply.status_code < 500 and reply.status_code != 429
        raise SendError(
            f"Twilio refused the text (HTTP {reply.status_code}, code {code})",
            permanent=permanent,
            opted_out=code == TWILIO_UNSUBSCRIBED,
        )


def valid_twilio_signature(
    auth_token: str, url: str, form: Iterable[tuple[str, str]], signature: str | None
) -> bool:
    """Twilio signs the full URL it called followed by each form field, sorted by name, as
    name+value with no separators, with HMAC-SHA1 under the account's auth token (base64)."""
    if not signature:
        return False
    payload = url + "".join(f"{k}{v}" for k, v in sorted(form, key=lambda kv: kv[0]))
    digest = hmac.new(auth_token.encode(), payload.encode("utf-8"), hashlib.sha1).digest()
    return hmac.compare_digest(base64.b64encode(digest).decode(), signature.strip())


class LocalMessages:
    """Email and app messages: recorded as handed over (the pharmacy's own backends send)."""

    name = "local"

    def send(self, to: str, body: str) -> str:
        return ""


@dataclass
class Senders:
    sms: SmsProvider
    other: LocalMessages

    def for_channel(self, channel: str) -> SmsProvider | LocalMessages:
        return self.sms if channel == "sms" else self.other


def deliver_pending(db: Database, senders: Senders, limit: int = 100) -> int:
    """Send what is queued, oldest first; returns how many went. Rows are claimed in one short
    transaction and recorded in another (``server.core.outbox``), so no lock is held while a
    gateway answers."""
    rows = outbox.claim(db, OutboundMessage, limit, waiting="queued", max_attempts=MAX_ATTEMPTS)
    claimed = [(r.id, r.channel, r.to, r.body) for r in rows]
    sent = 0
    for message_id, channel, to, body in claimed:
        sender = senders.for_channel(channel)
        outcome: Mapping[str, object]
        try:
            provider_id = sender.send(to, body)
        except SendError as exc:
            log.warning("message %s not sent: %s", message_id, exc)
            metrics.OUTBOX_FAILURES.labels(channel).inc()
            outcome = {"status": "failed" if exc.permanent else "queued"}
            if exc.opted_out:
                _record_opt_out(db, to, "provider")
        else:
            outcome = {
                "status": "sent",
                "provider": sender.name,
                "provider_id": provider_id or None,
                "sent_at": utcnow(),
            }
            sent += 1
        _record(db, message_id, outcome)
    return sent


def _record(db: Database, message_id: str, outcome: Mapping[str, object]) -> None:
    from server.messaging import texts  # the thread's event; texts imports this module

    with db.transaction(scoped=True) as session:
        row = locks.row(session, OutboundMessage, message_id)
        if row is None:
            return
        for key, value in outcome.items():
            setattr(row, key, value)
        if row.status == "queued" and row.attempts >= MAX_ATTEMPTS:
            row.status = "failed"
        texts.tell_thread(session, row)


def _record_opt_out(db: Database, number: str, keyword: str) -> None:
    with db.transaction(scoped=True) as session:
        locks.lock(session, locks.Place.NUMBER, number)  # recorded once, however many report it
        row = session.get(SmsOptOut, number)
        if row is None:
            session.add(
                SmsOptOut(number=number, opted_out=True, keyword=keyword, changed_at=utcnow())
            )
        else:
            row.opted_out, row.keyword, row.changed_at = True, keyword, utcnow()
