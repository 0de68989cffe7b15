"""Sign-in, lockout, token rotation and sign-out."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from datetime import timedelta

import pytest
from sqlalchemy import update

from backend_client import errors
from server.app import create_app
from server.core.orm import AuthToken, utcnow
from tests.conftest import make_client


async def test_bad_credentials_and_unknown_users_get_the_same_answer(app) -> None:
    async with make_client(app) as client:
        for username in ("advisor", "nobody"):
            with pytest.raises(errors.AuthenticationError) as caught:
                await client.login(username, "wrong")
            assert caught.value.code == "invalid_credentials"


async def test_sign_in_by_email_and_me(app) -> None:
    async with make_client(app) as client:
        pair = await client.login("Pharmacist@demo.caredesk.test", "demo")
        me = await client.agents.me()
        async with make_client(app, refresh_token=pair.refresh_token) as resumed:
            assert resumed.agent is None
            assert await resumed.resume() is True
            refreshed = resumed.agent
    assert (me.username, me.roles, me.settings.idle_lock_minutes) == (
        "pharmacist",
        ["advisor", "pharmacist"],
        10,
    )
    # A sign-in and a refresh name the agent as /v1/me does: a desk starts on one request.
    assert pair.agent == me and client.agent == me
    assert refreshed == me


async def test_expired_access_token_is_refreshed_once_transparently(settings) -> None:
    from server.app import build_context

    short = replace(settings, access_token_seconds=1)
    ctx = build_context(short)
    try:
        stored = []
        async with make_client(create_app(short, ctx=ctx), on_tokens=stored.append) as client:
            first = await client.login("advisor", "demo")
            await asyncio.sleep(1.2)
            results = await asyncio.gather(*(client.agents.me() for _ in range(5)))
            assert {r.username for r in results} == {"advisor"}
            assert len(stored) == 2  # the sign-in and exactly one refresh
            assert stored[-1] is not None and stored[-1].refresh_token != first.refresh_token
    finally:
        ctx.close()


async def test_reused_refresh_token_ends_the_whole_session(app, ctx) -> None:
    async with make_client(app) as client:
        pair = await client.login("advisor", "demo")
        async with make_client(app, refresh_token=pair.refresh_token) as thief:
            assert await thief.resume() is True  # rotates the token
        # Past the grace window for two windows refreshing at once (tests/security covers it).
        with ctx.db.transaction() as session:
            session.execute(
                update(AuthToken)
                .where(AuthToken.rotated_at.is_not(None))
                .values(rotated_at=utcnow() - timedelta(minutes=5))
            )
        async with make_client(app, refresh_token=pair.refresh_token) as replay:
            assert await replay.resume() is False  # the old one again: the family is revoked
        await client.resume()
        with pytest.raises(errors.AuthenticationError):
            await client.agents.me()


async def test_sign_out_revokes_both_tokens(app) -> None:
    async with make_client(app) as client:
        pair = await client.login("advisor", "demo")
        await client.logout()
        assert not client.signed_in
    async with make_client(app, refresh_token=pair.refresh_token) as again:
        assert await again.resume() is False
    from backend_client.models import TokenPair

    async with make_client(app) as stale:
        stale._set_tokens(
            TokenPair(access_token=pair.access_token, refresh_token="x", expires_in=1)
        )
        with pytest.raises(errors.AuthenticationError):
            await stale.agents.me()


async def test_a_signed_in_request_reads_its_context_and_key_on_the_event_loop(
    advisor, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The session check and the route's own work go to worker threads (they read the
    database); the app's context and the Idempotency-Key are read on the event loop. As plain
    functions FastAPI ran each on a worker thread too: a hand-off there and back, CPU the server
    paid on every request (about 0.07 ms each, in process)."""
    import anyio.to_thread

    from backend_client import models as m

    real = anyio.to_thread.run_sync
    handed: list[str] = []

    async def counted(func, *args, **kwargs):  # type: ignore[no-untyped-def]
        named = getattr(func, "func", func)  # FastAPI hands over functools.partial objects
        handed.append(getattr(named, "__name__", repr(named)))
        return await real(func, *args, **kwargs)

    monkeypatch.setattr(anyio.to_thread, "run_sync", counted)
    await advisor.agents.me()
    await advisor.agents.set_availability(m.Availability.AWAY)
    assert handed.count("current_agent") == 2  # once per request
    assert "get_ctx" not in handed and "request_ctx" not in handed
    assert "required_key" not in handed
