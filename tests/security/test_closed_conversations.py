"""Once a conversation is closed its account is closed to it; wrap-up has a short window."""

from __future__ import annotations

from datetime import timedelta

import pytest

from backend_client import errors
from backend_client import models as m
from server.core.orm import Conversation, utcnow
from tests.support import APP_KEY, aircall, patient


async def verified_call(http, advisor, ctx, call_id: int) -> tuple[str, str]:
    facts = patient(ctx, "pat_00051")
    token = await advisor.patient_app.create_call_token(facts.account_id, APP_KEY)
    reply = await http.post(
        "/webhooks/aircall",
        json=aircall(
            "call.answered", call_id, raw_digits=facts.phone, digits=token.token, answered=True
        ),
    )
    return reply.json()["conversation_id"], facts.account_id


def note(conv_id: str) -> m.ActionRequest:
    return m.ActionRequest(
        conversation_id=conv_id, workflow_id="add_note", inputs={"body": "Called back."}
    )


async def test_snapshot_and_actions_are_refused_once_closed(http, advisor, ctx) -> None:
    conv_id, account_id = await verified_call(http, advisor, ctx, 501)
    assert (await advisor.accounts.snapshot(account_id, conv_id)).identity.account_id == account_id
    await advisor.conversations.close(conv_id, "resolved")
    with pytest.raises(errors.ConflictError) as snap:
        await advisor.accounts.snapshot(account_id, conv_id)
    assert snap.value.code == "conversation_ended"
    with pytest.raises(errors.ConflictError) as action:
        await advisor.actions.run("add_note", note(conv_id), account_id=account_id)
    assert action.value.code == "conversation_ended"
    with pytest.raises(errors.ConflictError):
        await advisor.accounts.history(account_id, conv_id)


async def test_wrap_up_is_open_for_its_window_and_not_after(http, advisor, ctx) -> None:
    conv_id, account_id = await verified_call(http, advisor, ctx, 502)
    await http.post("/webhooks/aircall", json=aircall("call.ended", 502, answered=True, ended=True))
    assert (await advisor.conversations.retrieve(conv_id)).state == "wrap_up"
    assert (await advisor.accounts.snapshot(account_id, conv_id)).identity.account_id == account_id
    await advisor.actions.run("add_note", note(conv_id), account_id=account_id)
    with ctx.db.transaction() as session:
        conv = session.get(Conversation, conv_id)
        assert conv is not None
        conv.ended_at = utcnow() - timedelta(minutes=ctx.settings.wrap_up_minutes + 1)
    with pytest.raises(errors.ConflictError) as late:
        await advisor.accounts.snapshot(account_id, conv_id)
    assert late.value.code == "wrap_up_over"
