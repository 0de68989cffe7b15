"""Opening a conversation never returns or moves one that another agent owns."""

from __future__ import annotations

import pytest

from backend_client import errors
from backend_client import models as m
from server.core.orm import Conversation
from tests.support import patient


async def test_an_external_id_in_use_by_another_agent_is_a_409_and_moves_nothing(
    advisor, pharmacist, ctx
) -> None:
    facts = patient(ctx, "pat_00021")
    mine = await advisor.conversations.create(
        m.NewConversation(caller_number=facts.phone, external_id="desk-call-1")
    )
    with ctx.db.transaction() as session:  # verified, so a takeover would reveal the patient
        conv = session.get(Conversation, mine.id)
        assert conv is not None
        conv.account_id, conv.auth_state, conv.pending = facts.account_id, "verified_app", None

    with pytest.raises(errors.ConflictError) as refused:
        await pharmacist.conversations.create(m.NewConversation(external_id="desk-call-1"))
    assert refused.value.code == "external_id_in_use"
    assert refused.value.body is not None
    assert facts.full_name not in str(refused.value.body) and mine.id not in str(refused.value.body)

    with ctx.db.reader() as session:
        conv = session.get(Conversation, mine.id)
        assert conv is not None and conv.agent_id == "agent_advisor"
    assert [c.id for c in (await pharmacist.conversations.list()).items] == []
    # The owner reopening their own id gets their conversation back, not a new one.
    again = await advisor.conversations.create(m.NewConversation(external_id="desk-call-1"))
    assert again.id == mine.id
