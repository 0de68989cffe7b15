"""App-call tokens: the caller who dialled from the app lands on their account."""

from __future__ import annotations

import hashlib
from datetime import timedelta

import pytest
from sqlalchemy import select, update

from backend_client import errors
from backend_client import models as m
from server.core.orm import AppCallToken, AuditRow, utcnow
from server.core.security import peppered_hash
from tests.support import APP_KEY, CTI_PATH, TOKEN_PEPPER, aircall, patient, stored_bytes


async def token_for(advisor, account_id: str) -> m.AppCallToken:
    return await advisor.patient_app.create_call_token(account_id, APP_KEY)


async def test_token_call_lands_verified_on_the_account(http, advisor, ctx) -> None:
    facts = patient(ctx, "pat_00003")
    token = await token_for(advisor, facts.account_id)
    assert len(token.token) == 6 and token.token.isdigit()
    assert token.dial.endswith(",," + token.token)
    assert timedelta(minutes=4) < token.expires_at - utcnow() <= timedelta(minutes=5)
    response = await http.post(
        "/webhooks/aircall",
        json=aircall("call.ringing_on_agent", 1, raw_digits=facts.phone, digits=token.token),
    )
    assert response.json()["token_matched"] is True
    [conv] = (await advisor.conversations.list()).items
    assert conv.auth_state == "verified_app"
    assert conv.account_id == facts.account_id
    assert conv.caller.name == facts.full_name
    assert conv.pending is None
    snapshot = await advisor.accounts.snapshot(facts.account_id, conv.id)
    assert snapshot.identity.account_id == facts.account_id


async def test_token_by_keypad_digits_endpoint(http, advisor, ctx) -> None:
    facts = patient(ctx, "pat_00004")
    token = await token_for(advisor, facts.account_id)
    reply = await http.post(
        f"{CTI_PATH}/digits",
        json={"callId": "k-1", "from": facts.phone, "digits": token.token + "#"},
    )
    assert reply.status_code == 200
    assert reply.json()["matched"] is True
    # The call then reaches the advisor through the same CTI hook and is already verified.
    await http.post(
        CTI_PATH,
        json={
            "event": "newCall",
            "callId": "k-1",
            "from": facts.phone,
            "direction": "in",
            "user": "advisor",
        },
    )
    [conv] = (await advisor.conversations.list()).items
    assert (conv.auth_state, conv.account_id) == ("verified_app", facts.account_id)


async def test_token_is_hashed_at_rest_under_a_pepper_kept_out_of_the_database(
    advisor, ctx
) -> None:
    token = await token_for(advisor, "pat_00005")
    with ctx.db.reader() as session:
        [row] = session.execute(
            select(AppCallToken.token_hash, AppCallToken.account_id).where(
                AppCallToken.account_id == "pat_00005"
            )
        ).all()
    # Stored as the keyed hash, and not as the plain digits or an unkeyed hash of them that a
    # copied database could be searched for.
    assert row.token_hash == peppered_hash(TOKEN_PEPPER, token.token)
    assert row.token_hash not in (token.token, hashlib.sha256(token.token.encode()).hexdigest())
    assert TOKEN_PEPPER.encode() not in stored_bytes(ctx)


async def test_expired_token_does_not_link(http, advisor, ctx) -> None:
    facts = patient(ctx, "pat_00006")
    token = await token_for(advisor, facts.account_id)
    with ctx.db.transaction() as session:
        session.execute(update(AppCallToken).values(expires_at=utcnow() - timedelta(seconds=1)))
    response = await http.post(
        "/webhooks/aircall",
        json=aircall("call.ringing_on_agent", 2, raw_digits=facts.phone, digits=token.token),
    )
    assert response.json()["token_matched"] is False
    [conv] = (await advisor.conversations.list()).items
    assert (conv.auth_state, conv.account_id, conv.pending) == ("unverified", None, "challenge")


async def test_token_is_single_use(http, advisor, ctx) -> None:
    facts = patient(ctx, "pat_00008")
    token = await token_for(advisor, facts.account_id)
    first = await http.post(
        "/webhooks/aircall",
        json=aircall("call.ringing_on_agent", 3, raw_digits=facts.phone, digits=token.token),
    )
    second = await http.post(
        "/webhooks/aircall",
        json=aircall("call.ringing_on_agent", 4, raw_digits=facts.phone, digits=token.token),
    )
    assert (first.json()["token_matched"], second.json()["token_matched"]) == (True, False)


async def test_wrong_token_does_not_link_and_is_audited(http, advisor, ctx) -> None:
    facts = patient(ctx, "pat_00009")
    token = await token_for(advisor, facts.account_id)
    wrong = f"{(int(token.token) + 1) % 10**6:06d}"
    response = await http.post(
        "/webhooks/aircall",
        json=aircall("call.ringing_on_agent", 5, raw_digits=facts.phone, digits=wrong),
    )
    assert response.json()["token_matched"] is False
    [conv] = (await advisor.conversations.list()).items
    assert conv.account_id is None
    with ctx.db.reader() as session:
        actions = session.scalars(select(AuditRow.action)).all()
    assert "app_token.failed" in actions


async def test_token_from_a_number_not_on_the_account_asks_date_of_birth(
    http, advisor, ctx
) -> None:
    facts = patient(ctx, "pat_00010")
    token = await token_for(advisor, facts.account_id)
    await http.post(
        "/webhooks/aircall",
        json=aircall("call.ringing_on_agent", 6, raw_digits="+44 113 496 0999", digits=token.token),
    )
    [conv] = (await advisor.conversations.list()).items
    assert (conv.auth_state, conv.pending, conv.account_id) == ("unverified", "date_of_birth", None)
    with pytest.raises(errors.PermissionDeniedError):
        await advisor.accounts.snapshot(facts.account_id, conv.id)
    questions = await advisor.challenge.questions(conv.id)
    assert [q.key for q in questions.questions] == ["date_of_birth"]
    wrong = await advisor.challenge.submit(
        conv.id,
        m.ChallengeAnswers(
            caller_type=m.CallerType.PATIENT, answers={"date_of_birth": "01/01/1901"}
        ),
    )
    assert (wrong.verified, wrong.attempts_left) == (False, 2)
    right = await advisor.challenge.submit(
        conv.id,
        m.ChallengeAnswers(
            caller_type=m.CallerType.PATIENT,
            answers={"date_of_birth": facts.date_of_birth.strftime("%d %B %Y")},
        ),
    )
    assert right.verified and right.conversation.auth_state == "verified_app"
    assert right.conversation.account_id == facts.account_id


async def test_patient_app_key_is_required(http) -> None:
    response = await http.post("/v1/patient/app-call-tokens", json={"account_id": "pat_00001"})
    assert response.status_code == 401
    missing = await http.post(
        "/v1/patient/app-call-tokens",
        json={"account_id": "nobody"},
        headers={"Authorization": f"Bearer {APP_KEY}"},
    )
    assert missing.status_code == 404
