"""Aircall insight cards: on a verified call, a card in the advisor's Aircall phone app with
the patient's first name, why the call rang them, and the link that opens it in CareDesk.

Aircall's public API: ``POST /v1/calls/{id}/insight_cards`` with Basic auth (API id and token)
and ``{"contents": [...]}``, each block a ``title`` or ``shortText`` (``label``, ``text``,
optional ``link``). Cards show on ongoing calls only, which a verified call in routing or
ringing is. Queued in the transaction that verified the caller, at most one per conversation,
sent after the commit, retried by the sweep; never queued without API credentials. Nothing
from the record beyond a first name.
"""

from __future__ import annotations

import logging
from typing import Any

import httpx
from sqlalchemy import select
from sqlalchemy.orm import Session

from server.core import metrics, outbox
from server.core.config import Settings
from server.core.db import Database
from server.core.orm import Account, Conversation, InsightCard, new_id, utcnow

log = logging.getLogger("caredesk.server.insight_cards")
MAX_ATTEMPTS = 8
TIMEOUT = 10.0


def configured(settings: Settings) -> bool:
    return bool(settings.aircall_api_id and settings.aircall_api_token)


def contents(first_name: str, reason: str | None, conversation_id: str) -> list[dict[str, Any]]:
    link = f"caredesk://conversation/{conversation_id}"
    blocks: list[dict[str, Any]] = [
        {"type": "title", "text": "CareDesk: caller verified", "link": link},
        {"type": "shortText", "label": "Patient", "text": first_name},
    ]
    if reason:
        blocks.append({"type": "shortText", "label": "Routed", "text": reason})
    blocks.append({"type": "shortText", "label": "Open", "text": "Open in CareDesk", "link": link})
    return blocks


def queue(session: Session, settings: Settings, conv: Conversation) -> bool:
    """Queue the card for a verified Aircall call; False when there is nothing to send."""
    if conv.source != "aircall" or not configured(settings) or conv.account_id is None:
        return False
    if conv.pending is not None:
        return False  # not verified yet
    if session.scalar(select(InsightCard.id).where(InsightCard.conversation_id == conv.id)):
        return False
    account = session.get(Account, conv.account_id)
    if account is None:
        return False
    session.add(
        InsightCard(
            id=new_id("card"),
            conversation_id=conv.id,
            call_id=conv.external_id,
            contents=contents(account.first_name, conv.routing_reason, conv.id),
        )
    )
    session.flush()
    return True


def deliver_pending(db: Database, settings: Settings) -> int:
    """Send what the outbox holds; returns how many were delivered. Claimed, sent and recorded
    in turn (``server.core.outbox``): no transaction is open while Aircall answers."""
    if not configured(settings):
        return 0
    assert settings.aircall_api_id and settings.aircall_api_token
    cards = outbox.claim(db, InsightCard)
    if not cards:
        return 0
    delivered = 0
    with httpx.Client(
        base_url=settings.aircall_api_url,
        auth=(settings.aircall_api_id, settings.aircall_api_token),
        timeout=TIMEOUT,
    ) as client:
        for card in cards:
            try:
                reply = client.post(
                    f"/v1/calls/{card.call_id}/insight_cards", json={"contents": card.contents}
                )
                reply.raise_for_status()
            except httpx.HTTPError as exc:
                log.warning(
                    "insight card %s not delivered (attempt %d): %s",
                    card.id,
                    card.attempts,
                    type(exc).__name__,
                )
                metrics.OUTBOX_FAILURES.labels("insight_card").inc()
                again = "failed" if card.attempts >= MAX_ATTEMPTS else outbox.WAITING
                outbox.record(db, InsightCard, card.id, status=again)
                continue
            outbox.record(db, InsightCard, card.id, status="sent", sent_at=utcnow())
            delivered += 1
    return delivered
