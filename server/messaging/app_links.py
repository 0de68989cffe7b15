"""A one-time link texted to the caller that, opened in the pharmacy's app by the signed-in
patient, verifies the conversation ("confirm it's you in the app"). Only its hash is kept."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from backend_client import models as m
from server.conversations.lifecycle import (
    OPEN_STATES,
    begin_change,
    publish,
)
from server.core.audit import audit
from server.core.config import Settings
from server.core.errors import ApiError
from server.core.orm import (
    Account,
    Agent,
    Conversation,
    ConversationLink,
    new_id,
    utcnow,
)
from server.messaging.texts import queue_text, to_wire

APP_LINK_MINUTES = 10
APP_LINK_URL = "https://app.example/confirm/{token}"


def _hash(token: str, settings: Settings) -> str:
    return hashlib.sha256(f"{settings.token_pepper}:{token}".encode()).hexdigest()


def send_app_link(session: Session, settings: Settings, agent: Agent, conv: Conversation) -> m.Text:
    """A one-time link (10 minutes) the patient opens in the app, signed in: the app's backend
    then confirms the conversation is theirs (``confirm_app_link``)."""
    if m.AuthState(conv.auth_state).is_verified:
        raise ApiError(409, "already_verified", "The caller is already verified.")
    if conv.auth_state == m.AuthState.LOCKED.value:
        raise ApiError(
            409, "challenge_locked", "This conversation is locked: a lead must unlock it."
        )
    token = secrets.token_urlsafe(24)
    session.add(
        ConversationLink(
            id=new_id("link"),
            conversation_id=conv.id,
            token_hash=_hash(token, settings),
            expires_at=utcnow() + timedelta(minutes=APP_LINK_MINUTES),
        )
    )
    body = (
        "To confirm it's you, open this link on the phone with the pharmacy app: "
        f"{APP_LINK_URL.format(token=token)} (valid {APP_LINK_MINUTES} minutes)."
    )
    row = queue_text(session, conv, body, m.TextKind.APP_LINK, agent_id=agent.id)
    audit(session, "text.app_link_sent", agent_id=agent.id, conversation_id=conv.id)
    return to_wire(row, agent.display_name)


def confirm_app_link(session: Session, settings: Settings, token: str, account_id: str) -> str:
    """The app's backend, with the patient signed in, says whose link was opened."""
    link = session.scalar(
        select(ConversationLink).where(ConversationLink.token_hash == _hash(token, settings))
    )
    now = utcnow()
    if link is None or link.used_at is not None or link.expires_at < now:
        raise ApiError(404, "link_not_valid", "The link is unknown, used or expired.")
    account = session.get(Account, account_id)
    if account is None or account.status == "closed":
        raise ApiError(404, "not_found", "The account was not found.")
    conv = session.get(Conversation, link.conversation_id)
    assert conv is not None
    link.used_at = now
    if m.ConversationState(conv.state) not in OPEN_STATES:
        raise ApiError(409, "conversation_ended", "The conversation has ended.")
    change = begin_change(conv)
    conv.auth_state = m.AuthState.VERIFIED_APP.value
    conv.account_id = account.id
    conv.pending = None
    publish(session, settings, change, "verified_app_link")
    audit(session, "auth.app_link", agent_id=None, account_id=account.id, conversation_id=conv.id)
    return conv.id
