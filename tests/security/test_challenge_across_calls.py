"""Failed challenges add up on the account across calls: five in a day lock its challenge until
a lead clears it, and every step is audited."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from backend_client import errors
from backend_client import models as m
from server.core.orm import Account, AuditRow, Conversation, EventRow
from tests.support import aircall, patient


async def call_and_answer(http, advisor, ctx, call_id: int, facts, fact: str) -> m.ChallengeResult:
    reply = await http.post(
        "/webhooks/aircall", json=aircall("call.ringing_on_agent", call_id, answered=True)
    )
    conv_id = reply.json()["conversation_id"]
    await advisor.challenge.questions(conv_id)
    with ctx.db.transaction() as session:  # the same question each call, so "fact" answers it
        conv = session.get(Conversation, conv_id)
        assert conv is not None
        conv.challenge_fact = "last_order_medicine"
    return await advisor.challenge.submit(
        conv_id,
        m.ChallengeAnswers(
            caller_type=m.CallerType.PATIENT,
            answers={
                "full_name": facts.full_name,
                "date_of_birth": facts.date_of_birth.isoformat(),
                "postcode": facts.postcode,
                "fact": fact,
            },
        ),
    )


async def test_five_failures_over_five_calls_lock_the_account_until_a_lead_clears_it(
    http, advisor, lead, ctx
) -> None:
    facts = patient(ctx, "pat_00041")
    limit = ctx.settings.account_challenge_max_failures
    for call in range(limit):  # one wrong answer per call: no single call ever locks
        result = await call_and_answer(http, advisor, ctx, 700 + call, facts, "Paracetamol")
        assert result.outcome is m.ChallengeOutcome.NOT_VERIFIED
    with ctx.db.reader() as session:
        account = session.get(Account, facts.account_id)
        assert account is not None and account.challenge_locked_at is not None
        alerts = session.scalars(select(EventRow).where(EventRow.type == "security.alert")).all()
    assert [a.data["kind"] for a in alerts] == ["account_challenge_locked"]
    assert alerts[0].agent_id == "agent_lead"

    # The right answers no longer pass, and the advisor is told why, without the account.
    right = await call_and_answer(http, advisor, ctx, 800, facts, facts.medicine_name)
    assert right.outcome is m.ChallengeOutcome.LOCKED and not right.verified
    assert right.conversation.account_id is None and facts.full_name not in right.message

    with pytest.raises(errors.PermissionDeniedError):
        await advisor._post(
            f"/v1/accounts/{facts.account_id}/challenge/unlock", m.ChallengeLockCleared
        )
    cleared = await lead._post(
        f"/v1/accounts/{facts.account_id}/challenge/unlock", m.ChallengeLockCleared
    )
    assert cleared.failures_cleared == limit + 1
    again = await call_and_answer(http, advisor, ctx, 801, facts, facts.medicine_name)
    assert again.verified

    with ctx.db.reader() as session:
        audited = [
            r.action
            for r in session.scalars(
                select(AuditRow).where(AuditRow.account_id == facts.account_id)
            )
        ]
    assert "challenge.account_locked" in audited and "challenge.account_cleared" in audited


async def test_answers_naming_nobody_charge_no_account(http, advisor, ctx) -> None:
    facts = patient(ctx, "pat_00042")
    for call in range(6):
        wrong_name = facts.__class__(**{**facts.__dict__, "first_name": "Nobody"})
        await call_and_answer(http, advisor, ctx, 900 + call, wrong_name, "Paracetamol")
    with ctx.db.reader() as session:
        account = session.get(Account, facts.account_id)
        assert account is not None and account.challenge_locked_at is None


async def test_a_lead_unlocking_the_conversation_clears_the_lock_it_caused(
    http, advisor, lead, ctx
) -> None:
    facts = patient(ctx, "pat_00043")
    for call in range(ctx.settings.account_challenge_max_failures):
        result = await call_and_answer(http, advisor, ctx, 950 + call, facts, "Paracetamol")
    last = result.conversation.id
    nonsense = {"full_name": "x", "date_of_birth": "x", "postcode": "x", "fact": "x"}
    for _ in range(ctx.settings.challenge_max_attempts - 1):  # the last call locks too
        result = await advisor.challenge.submit(
            last, m.ChallengeAnswers(caller_type=m.CallerType.PATIENT, answers=nonsense)
        )
    assert result.outcome is m.ChallengeOutcome.LOCKED
    with ctx.db.reader() as session:
        account = session.get(Account, facts.account_id)
        assert account is not None and account.challenge_locked_at is not None
    await lead.challenge.unlock(last)  # the lead has spoken to this caller
    with ctx.db.reader() as session:
        account = session.get(Account, facts.account_id)
        assert account is not None and account.challenge_locked_at is None
