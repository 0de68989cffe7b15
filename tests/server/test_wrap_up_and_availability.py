"""Wrap-up closes with a configured disposition and a note; leads see availability."""

from __future__ import annotations

import pytest

from backend_client import errors
from backend_client import models as m
from server.core.config import DEFAULT_DISPOSITIONS, parse_dispositions
from server.core.events import fetch_since, latest_id
from server.core.orm import Note
from tests.support import APP_KEY, aircall, patient


async def answered_call(http, advisor, ctx, call_id: int) -> tuple[str, str]:
    facts = patient(ctx, "pat_00061")
    token = await advisor.patient_app.create_call_token(facts.account_id, APP_KEY)
    reply = await http.post(
        "/webhooks/aircall",
        json=aircall(
            "call.answered", call_id, raw_digits=facts.phone, digits=token.token, answered=True
        ),
    )
    reply.raise_for_status()
    await http.post(
        "/webhooks/aircall", json=aircall("call.ended", call_id, answered=True, ended=True)
    )
    return reply.json()["conversation_id"], facts.account_id


async def test_the_desk_learns_the_disposition_codes_from_the_server(advisor) -> None:
    me = await advisor.agents.me()
    assert [(d.code, d.label) for d in me.settings.dispositions] == list(DEFAULT_DISPOSITIONS)
    assert me.availability is m.Availability.AVAILABLE


async def test_an_answered_conversation_closes_only_with_a_known_disposition(
    http, advisor, ctx
) -> None:
    conv_id, account_id = await answered_call(http, advisor, ctx, 701)
    assert (await advisor.conversations.retrieve(conv_id)).state is m.ConversationState.WRAP_UP
    with pytest.raises(errors.ValidationError) as missing:
        await advisor.conversations.close(conv_id)
    assert missing.value.code == "disposition_required"
    with pytest.raises(errors.ValidationError) as unknown:
        await advisor.conversations.close(conv_id, "made_up")
    assert unknown.value.code == "unknown_disposition"
    assert (await advisor.conversations.retrieve(conv_id)).state is m.ConversationState.WRAP_UP

    closed = await advisor.conversations.close(
        conv_id, "follow_up", "  Will ring back after the GP replies. "
    )
    assert closed.state is m.ConversationState.CLOSED and closed.disposition == "follow_up"
    with ctx.db.reader() as session:
        [note] = session.query(Note).filter(Note.conversation_id == conv_id).all()
        assert note.body == "Will ring back after the GP replies." and note.account_id == account_id
    # The history shows the contact with how it ended.
    conv2, _ = await answered_call(http, advisor, ctx, 702)
    history = await advisor.accounts.history(account_id, conv2)
    [contact] = [c for c in history.contacts if c.conversation_id == conv_id]
    assert contact.disposition == "follow_up" and contact.ended_at is not None


async def test_a_retried_close_is_replayed_not_refused(http, advisor, ctx) -> None:
    conv_id, _ = await answered_call(http, advisor, ctx, 703)
    first = await advisor.conversations.close(conv_id, "resolved", idempotency_key="close-703")
    again = await advisor.conversations.close(conv_id, "resolved", idempotency_key="close-703")
    assert first == again


def test_dispositions_are_configurable_and_bad_lists_refused() -> None:
    assert parse_dispositions("sorted=Sorted;gp=Passed to the GP") == (
        ("sorted", "Sorted"),
        ("gp", "Passed to the GP"),
    )
    assert parse_dispositions("") == DEFAULT_DISPOSITIONS
    for bad in ("no-label", "Bad Code=x", "a=A;a=B", f"x={'y' * 81}"):
        with pytest.raises(SystemExit):
            parse_dispositions(bad)


async def test_availability_is_kept_and_leads_hear_of_it(advisor, lead, ctx) -> None:
    lead_me = await lead.agents.me()
    before = latest_id(ctx.db, lead_me.id)
    presence = await advisor.agents.set_availability(m.Availability.AWAY)
    assert presence.availability is m.Availability.AWAY
    assert (await advisor.agents.me()).availability is m.Availability.AWAY
    [event] = [
        e for e in fetch_since(ctx.db, lead_me.id, before) if e.type == m.EventType.AGENT_UPDATED
    ]
    assert event.data["agent_id"] == presence.agent_id and event.data["availability"] == "away"
    floor = await lead.agents.list()
    [row] = [a for a in floor.agents if a.agent_id == presence.agent_id]
    assert row.availability is m.Availability.AWAY
    with pytest.raises(errors.PermissionDeniedError):
        await advisor.agents.list()
    # Setting the same again changes nothing and says nothing.
    before = latest_id(ctx.db, lead_me.id)
    await advisor.agents.set_availability(m.Availability.AWAY)
    assert fetch_since(ctx.db, lead_me.id, before) == []
