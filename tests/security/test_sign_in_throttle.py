"""Failed sign-ins slow the guesser down and expire; nobody can lock an agent out."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select, update

from backend_client import errors
from backend_client import models as m
from server.core import security
from server.core.errors import ApiError
from server.core.orm import AuditRow, LoginFailure, utcnow
from server.identity import auth, login_throttle
from tests.conftest import make_client

ATTACKER = "203.0.113.9"
OFFICE = "198.51.100.20"


def sign_in(ctx, username: str, password: str, client: str) -> m.TokenPair:
    return auth.login(ctx, m.LoginRequest(username=username, password=password), client)


def refusal(ctx, username: str, password: str, client: str) -> ApiError:
    with pytest.raises(ApiError) as caught:
        sign_in(ctx, username, password, client)
    return caught.value


def flood(ctx, username: str, failures: int, clients: int) -> None:
    """Failures recorded as a distributed attack would leave them (many addresses)."""
    with ctx.db.transaction() as session:
        for n in range(failures):
            keys = login_throttle.keys(ctx.settings, username, f"192.0.2.{n % clients}")
            login_throttle.record_failure(session, keys, utcnow())


def test_wrong_passwords_slow_the_next_try_but_never_lock_the_agent(ctx) -> None:
    for _ in range(login_throttle.PAIR_FREE):
        assert refusal(ctx, "advisor", "wrong", ATTACKER).code == "invalid_credentials"
    # The next try from the same place must wait, even with the right password, and is not
    # evaluated (so the wait bounds how fast anyone can guess).
    throttled = refusal(ctx, "advisor", "demo", ATTACKER)
    assert throttled.status == 429 and throttled.code == "sign_in_throttled"
    assert int(throttled.headers["Retry-After"]) >= 1
    # The agent at their own desk is not held up by someone else's failures…
    assert sign_in(ctx, "advisor", "demo", OFFICE).access_token
    # …and once the failures expire, the guesser's address may try again: nothing is locked.
    with ctx.db.transaction() as session:
        session.execute(update(LoginFailure).values(at=utcnow() - timedelta(minutes=16)))
    assert sign_in(ctx, "advisor", "demo", ATTACKER).access_token


def test_a_distributed_flood_cannot_keep_the_agent_out_of_their_usual_address(ctx) -> None:
    sign_in(ctx, "advisor", "demo", OFFICE)  # the agent's usual address
    flood(ctx, "advisor", failures=500, clients=250)
    assert sign_in(ctx, "advisor", "demo", OFFICE).access_token
    # From an address the agent never used, the name-wide back-off applies, capped at a minute.
    elsewhere = refusal(ctx, "advisor", "demo", "192.0.2.250")
    assert elsewhere.status == 429
    assert 1 <= int(elsewhere.headers["Retry-After"]) <= login_throttle.USER_CAP


def test_known_and_unknown_names_cost_one_hash_check_and_get_the_same_answer(
    ctx, monkeypatch
) -> None:
    checks: list[str] = []
    real = security._hasher

    class Counting:
        def verify(self, stored: str, password: str) -> bool:
            checks.append(stored)
            return bool(real.verify(stored, password))

    monkeypatch.setattr(security, "_hasher", Counting())
    answers = []
    for username in ("advisor", "nobody-by-this-name"):
        checks.clear()
        error = refusal(ctx, username, "wrong", OFFICE)
        answers.append((error.status, error.code, error.message))
        assert len(checks) == 1, f"{username}: {len(checks)} hash checks"
    assert answers[0] == answers[1]


async def test_a_lead_unlocks_an_agent_and_it_is_audited(app, ctx, lead, advisor) -> None:
    for _ in range(login_throttle.PAIR_FREE + 1):
        with pytest.raises(ApiError):
            sign_in(ctx, "pharmacist", "wrong", ATTACKER)
    with pytest.raises(errors.PermissionDeniedError):
        await advisor._post("/v1/agents/pharmacist/unlock", m.AgentUnlocked)
    result = await lead._post("/v1/agents/pharmacist/unlock", m.AgentUnlocked)
    assert (result.username, result.failures_cleared) == ("pharmacist", login_throttle.PAIR_FREE)
    assert sign_in(ctx, "pharmacist", "demo", ATTACKER).access_token
    with ctx.db.reader() as session:
        actions = list(session.scalars(select(AuditRow.action).order_by(AuditRow.id)))
        unlocked = session.scalar(select(AuditRow).where(AuditRow.action == "auth.unlocked"))
    assert actions.count("auth.login_failed") == login_throttle.PAIR_FREE
    assert "auth.login_throttled" in actions
    assert unlocked is not None and unlocked.agent_id == "agent_lead"
    assert unlocked.detail["target_agent_id"] == "agent_pharmacist"
    # Through HTTP too: the throttle answers with Retry-After, and the client says so.
    async with make_client(app) as client:
        flood(ctx, "lead", failures=0, clients=1)
        for _ in range(login_throttle.PAIR_FREE):
            with pytest.raises(errors.AuthenticationError):
                await client.login("lead", "wrong")
        with pytest.raises(errors.ThrottledError) as caught:
            await client.login("lead", "demo")
        assert caught.value.retry_after is not None and caught.value.retry_after >= 1


def test_spraying_from_one_place_is_slowed_but_a_shared_office_address_is_not(ctx) -> None:
    sign_in(ctx, "advisor", "demo", OFFICE)  # the office's NAT address, where agents work
    with ctx.db.transaction() as session:
        for n in range(login_throttle.ADDRESS_FREE + 5):
            for client in (OFFICE, ATTACKER):  # many names, one failure each
                keys = login_throttle.keys(ctx.settings, f"someone{n}", client)
                login_throttle.record_failure(session, keys, utcnow())
    assert sign_in(ctx, "advisor", "demo", OFFICE).access_token  # colleagues' typos: no wait
    sprayed = refusal(ctx, "pharmacist", "demo", ATTACKER)
    assert (sprayed.status, sprayed.code) == (429, "sign_in_throttled")
