"""Intercom's conversation webhooks: the X-Hub-Signature over the body, the chat read
defensively, and one notification applied to the chat's conversation."""

from __future__ import annotations

import hashlib
import hmac
import html
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from backend_client import models as m
from server.conversations import lifecycle
from server.core.audit import audit
from server.core.config import Settings
from server.core.errors import ApiError, bad_request
from server.core.orm import Account, Conversation, IntercomNote, new_id, utcnow
from server.telephony import payload
from server.telephony.calls import first_delivery

TOPICS = {
    "conversation.user.created",
    "conversation.user.replied",
    "conversation.admin.assigned",
    "conversation.admin.closed",
    "conversation.admin.opened",
}


def check_signature(settings: Settings, raw: bytes, signature: str) -> None:
    expected = (
        "sha1=" + hmac.new(settings.intercom_client_secret.encode(), raw, hashlib.sha1).hexdigest()
    )
    if not hmac.compare_digest(signature.strip().lower().encode(), expected.encode()):
        raise ApiError(401, "bad_signature", "The X-Hub-Signature does not match the body.")


def _user(item: dict[str, Any]) -> tuple[str | None, bool]:
    """The chatting contact's external id (our account id) in any API version's shape, and
    whether Intercom holds it as a user: only users carry an external id, and a contact whose
    role says lead or visitor is never taken for one."""
    contacts = item.get("contacts")
    listed = contacts.get("contacts") if isinstance(contacts, dict) else None
    source = item.get("source")
    author = source.get("author") if isinstance(source, dict) else None
    user = item.get("user")
    for found, key in [
        *((c, "external_id") for c in (listed if isinstance(listed, list) else [])),
        (author, "external_id"),
        (user, "user_id"),
    ]:
        if isinstance(found, dict) and found.get(key):
            role = found.get("role") or found.get("type")
            return payload.text(found[key], key), role not in ("lead", "visitor")
    return None, False


def _assignee(item: dict[str, Any]) -> tuple[str | None, str | None]:
    assignee = item.get("assignee")
    if isinstance(assignee, dict) and assignee.get("type") in (None, "admin"):
        return (
            payload.text(assignee.get("id"), "assignee.id"),
            payload.text(assignee.get("email"), "assignee.email"),
        )
    return (payload.text(item.get("admin_assignee_id"), "admin_assignee_id"), None)


@dataclass(frozen=True)
class ChatEvent:
    topic: str
    notification_id: str
    conversation_id: str
    external: str | None  # the contact's external id, our account id
    identified: bool  # Intercom holds the contact as a user
    admin_id: str | None
    admin_email: str | None
    display: str


def parse(body: dict[str, Any]) -> ChatEvent | None:
    """The notification, or None for a type or topic CareDesk does not take."""
    payload.check_shape(body)
    topic = payload.choice(body.get("topic"), TOPICS)
    if body.get("type") not in (None, "notification_event") or topic is None:
        return None
    notification_id = payload.required_text(body.get("id"), "id")
    data = body.get("data")
    item = data.get("item") if isinstance(data, dict) else None
    if not isinstance(item, dict) or item.get("type", "conversation") != "conversation":
        raise bad_request("“data.item” must be the conversation.", "malformed_body")
    conversation_id = payload.required_text(item.get("id"), "data.item.id")
    external, identified = _user(item)
    admin_id, admin_email = _assignee(item)
    source = item.get("source")
    author = source.get("author") if isinstance(source, dict) else None
    display = "Chat visitor"
    if isinstance(author, dict) and isinstance(author.get("name"), str) and author["name"].strip():
        display = f"Chat: {author['name'].strip()[:100]}"
    return ChatEvent(
        topic,
        notification_id,
        conversation_id,
        external,
        identified,
        admin_id,
        admin_email,
        display,
    )


def open_link(conversation_id: str) -> str:
    return f"caredesk://conversation/{conversation_id}"


def click_through_note(session: Session, settings: Settings, conv: Conversation) -> bool:
    """On a new chat, an admin-only note in Intercom with the link that opens it in CareDesk,
    for the advisor working in Intercom's inbox. Queued in the webhook's transaction, sent
    after the commit; not queued when Intercom's API is not configured. It carries the link
    only: nothing about the patient."""
    if not (settings.intercom_access_token and settings.intercom_admin_id):
        return False
    link = html.escape(open_link(conv.id), quote=True)
    session.add(
        IntercomNote(
            id=new_id("inote"),
            conversation_id=conv.id,
            intercom_conversation_id=conv.external_id,
            body_html=f'<p>Open this chat in CareDesk: <a href="{link}">{link}</a></p>',
        )
    )
    return True


def apply(session: Session, settings: Settings, chat: ChatEvent) -> dict[str, Any]:
    if not first_delivery(session, "intercom", chat.notification_id):
        return {"ok": True, "duplicate": True}
    # Only Intercom's identity verification vouches for who is chatting: with it enforced, an
    # identified user's external id was signed (user_hash) by the app's backend. Without it,
    # anyone can claim any external id, so the chat gets the challenge like a call.
    vouched = settings.intercom_identity == "enforced" and chat.identified
    queued = False
    conv = session.scalar(
        select(Conversation).where(
            Conversation.source == "intercom", Conversation.external_id == chat.conversation_id
        )
    )
    if conv is None:
        conv = Conversation(
            id=new_id("conv"),
            source="intercom",
            external_id=chat.conversation_id,
            channel=m.Channel.CHAT.value,
            direction=m.Direction.INBOUND.value,
            state=m.ConversationState.RINGING.value,
            auth_state=m.AuthState.UNVERIFIED.value,
            caller_display=chat.display,
            started_at=utcnow(),
            pending=m.PendingCheck.CHALLENGE.value,
            challenge_failures=0,
            version=1,
            updated_at=utcnow(),
            line="intercom",
        )
        session.add(conv)
        change = lifecycle.begin_change(conv, is_new=True)
        queued = click_through_note(session, settings, conv)
    else:
        change = lifecycle.begin_change(conv)
    if (
        chat.external
        and vouched
        and conv.account_id is None
        and conv.auth_state == m.AuthState.UNVERIFIED
    ):
        account = session.get(Account, chat.external)
        if account is not None and account.status != "closed":
            # The app's logged-in user: the chat arrives verified, no questions asked.
            conv.account_id, conv.pending = account.id, None
            conv.auth_state = m.AuthState.VERIFIED_APP.value
            audit(
                session,
                "chat.verified_by_login",
                agent_id=None,
                account_id=account.id,
                conversation_id=conv.id,
                vouched_by="intercom_identity_verification",
            )
    agent_id = lifecycle.resolve_agent_id(
        session, settings, user_id=chat.admin_id, email=chat.admin_email
    )
    if agent_id is not None and m.ConversationState(conv.state) in lifecycle.OPEN_STATES:
        conv.agent_id = agent_id
        lifecycle.advance(conv, m.ConversationState.ACTIVE)
        conv.answered_at = conv.answered_at or utcnow()
    if chat.topic == "conversation.admin.closed":
        conv.ended_at = conv.ended_at or utcnow()
        lifecycle.advance(conv, m.ConversationState.CLOSED)
    lifecycle.publish(session, settings, change, chat.topic)
    return {"ok": True, "conversation_id": conv.id, "note_queued": queued}
