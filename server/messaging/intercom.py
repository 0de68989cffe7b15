"""Notes back to Intercom conversations.

An action writes the note into the ``intercom_notes`` outbox inside its own transaction; after the
commit, ``deliver_pending`` hands pending notes to an ``IntercomNotes`` implementation: the real
one calls Intercom's REST API, the local one (demo and tests) records the note as delivered here.
"""

from __future__ import annotations

import html
import logging
from typing import Protocol

import httpx

from server.core import metrics, outbox
from server.core.db import Database
from server.core.orm import IntercomNote, utcnow

log = logging.getLogger("caredesk.server.intercom")
MAX_ATTEMPTS = 8


class IntercomNotes(Protocol):
    name: str

    def send(self, intercom_conversation_id: str, body_html: str) -> None:
        """Deliver one note; raise on failure so it is retried."""


class LocalIntercomNotes:
    """Demo implementation: nothing leaves the machine; the outbox row records the delivery."""

    name = "local"

    def __init__(self) -> None:
        self.sent: list[tuple[str, str]] = []

    def send(self, intercom_conversation_id: str, body_html: str) -> None:
        self.sent.append((intercom_conversation_id, body_html))


class HttpIntercomNotes:
    """Intercom's REST API: ``POST /conversations/{id}/reply`` with an admin note."""

    name = "intercom"

    def __init__(
        self, access_token: str, admin_id: str, base_url: str = "https://api.intercom.io"
    ) -> None:
        self._admin_id = admin_id
        self._client = httpx.Client(
            base_url=base_url,
            timeout=10.0,
            headers={
                "Authorization": f"Bearer {access_token}",
                "Accept": "application/json",
                "Intercom-Version": "2.11",
            },
        )

    def send(self, intercom_conversation_id: str, body_html: str) -> None:
        response = self._client.post(
            f"/conversations/{intercom_conversation_id}/reply",
            json={
                "message_type": "note",
                "type": "admin",
                "admin_id": self._admin_id,
                "body": body_html,
            },
        )
        response.raise_for_status()


def note_html(text: str) -> str:
    return "".join(f"<p>{html.escape(line)}</p>" for line in text.splitlines() if line.strip())


def deliver_pending(db: Database, notes: IntercomNotes) -> int:
    """Send what the outbox holds; returns how many were delivered. Claimed, sent and recorded
    in turn (``server.core.outbox``): no transaction is open while Intercom answers, and of
    several server processes one sends each note."""
    delivered = 0
    for note in outbox.claim(db, IntercomNote):
        try:
            notes.send(note.intercom_conversation_id, note.body_html)
        except (httpx.HTTPError, OSError) as exc:
            log.warning(
                "intercom note %s not delivered (attempt %d): %s",
                note.id,
                note.attempts,
                type(exc).__name__,
            )
            metrics.OUTBOX_FAILURES.labels("intercom_note").inc()
            again = "failed" if note.attempts >= MAX_ATTEMPTS else outbox.WAITING
            outbox.record(db, IntercomNote, note.id, status=again)
            continue
        outbox.record(
            db, IntercomNote, note.id, status="sent", delivered_by=notes.name, sent_at=utcnow()
        )
        delivered += 1
    return delivered
