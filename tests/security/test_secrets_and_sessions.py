"""The CTI token stays out of logs; streams end with their session; concurrent refreshes get
one pair; every mutation needs an Idempotency-Key; retention is enforced; chats are verified
only when Intercom vouches."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import replace
from datetime import timedelta

import httpx
import pytest
from sqlalchemy import func, select, update

from backend_client import CareDeskClient, errors
from backend_client import models as m
from server import maintenance
from server.app import build_context, create_app
from server.core.orm import (
    AuthToken,
    Conversation,
    IdempotencyRecord,
    WebhookDelivery,
    utcnow,
)
from tests.conftest import make_client
from tests.live_server import LiveServer
from tests.support import CTI_TOKEN, aircall, intercom, post_intercom


async def test_the_cti_token_never_reaches_the_access_log(settings, caplog) -> None:
    server = LiveServer(replace(settings), access_log=True)
    server.start()
    try:
        caplog.set_level(logging.INFO)
        async with httpx.AsyncClient(base_url=server.url) as http:
            in_path = await http.post(
                f"/webhooks/cti/{CTI_TOKEN}", json={"event": "newCall", "callId": "log-1"}
            )
            in_header = await http.post(
                "/webhooks/cti",
                json={"event": "newCall", "callId": "log-2"},
                headers={"X-CareDesk-CTI-Token": CTI_TOKEN},
            )
            bearer = await http.post(
                "/webhooks/cti/digits",
                json={"callId": "log-3", "digits": "1"},
                headers={"Authorization": f"Bearer {CTI_TOKEN}"},
            )
            wrong = await http.post(
                "/webhooks/cti", json={"event": "newCall"}, headers={"X-CareDesk-CTI-Token": "no"}
            )
    finally:
        server.stop()
    assert (in_path.status_code, in_header.status_code, bearer.status_code) == (200, 200, 200)
    assert wrong.status_code == 401
    lines = [r.getMessage() for r in caplog.records if r.name == "uvicorn.access"]
    assert any("/webhooks/cti/[redacted]" in line for line in lines), lines
    assert any("/webhooks/cti/digits" in line for line in lines), lines
    assert not any(CTI_TOKEN in line for line in lines)


async def test_an_open_stream_ends_when_its_session_is_signed_out(settings) -> None:
    server = LiveServer(replace(settings, stream_session_check_seconds=0.2))
    server.start()
    try:
        async with (
            CareDeskClient(server.url) as client,
            httpx.AsyncClient(base_url=server.url, timeout=10) as http,
        ):
            pair = await client.login("advisor", "demo")
            headers = {"Authorization": f"Bearer {pair.access_token}"}
            async with http.stream("GET", "/v1/events", headers=headers) as stream:
                lines = stream.aiter_lines()
                assert (await anext(lines)).startswith("retry:")
                await client.logout()
                leaked: list[str] = []

                async def rest() -> None:
                    async for line in lines:
                        leaked.append(line)

                await http.post("/webhooks/aircall", json=aircall("call.ringing_on_agent", 4401))
                await asyncio.wait_for(rest(), timeout=5)  # the server ended the stream
            assert not any(line.startswith("data:") for line in leaked)

            # Revoked from elsewhere (another server process): the periodic check ends it.
            again = await client.login("advisor", "demo")
            headers = {"Authorization": f"Bearer {again.access_token}"}
            async with http.stream("GET", "/v1/events", headers=headers) as stream:
                lines = stream.aiter_lines()
                await anext(lines)
                assert server.ctx is not None
                with server.ctx.db.transaction() as session:
                    session.execute(update(AuthToken).values(revoked_at=utcnow()))

                async def drain() -> None:
                    async for _ in lines:
                        pass

                await asyncio.wait_for(drain(), timeout=5)
    finally:
        server.stop()


async def test_two_refreshes_at_once_get_the_same_pair_and_the_session_lives(app, ctx) -> None:
    async with make_client(app) as client:
        pair = await client.login("advisor", "demo")
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app), base_url="http://testserver"
    ) as http:
        body = {"refresh_token": pair.refresh_token}
        first, second = await asyncio.gather(
            http.post("/v1/auth/refresh", json=body), http.post("/v1/auth/refresh", json=body)
        )
        assert (first.status_code, second.status_code) == (200, 200)
        assert first.json() == second.json()
        new = m.TokenPair.model_validate(first.json())
        me = await http.get("/v1/me", headers={"Authorization": f"Bearer {new.access_token}"})
        assert me.status_code == 200
    # Long after the rotation, the old token again is a stolen copy: the family ends.
    with ctx.db.transaction() as session:
        session.execute(
            update(AuthToken)
            .where(AuthToken.rotated_at.is_not(None))
            .values(rotated_at=utcnow() - timedelta(minutes=5))
        )
    async with make_client(app, refresh_token=pair.refresh_token) as late:
        assert await late.resume() is False
    async with make_client(app, refresh_token=new.refresh_token) as owner:
        assert await owner.resume() is False


async def test_every_mutation_needs_an_idempotency_key(app, lead) -> None:
    exempt = {
        "/v1/auth/login",
        "/v1/auth/refresh",
        "/v1/auth/logout",
        "/v1/patient/app-call-tokens",
        # The patient app's backend (its key, not an agent's session), like app-call tokens.
        "/v1/patient/conversation-links",
        "/v1/enquiries",
    }
    paths = [
        path.replace("{", "").replace("}", "")
        for path, ops in app.openapi()["paths"].items()
        if "post" in ops and path.startswith("/v1/") and path not in exempt
    ]
    assert len(paths) >= 8
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app), base_url="http://testserver"
    ) as http:
        headers = {"Authorization": f"Bearer {lead._access}"}
        for path in paths:
            response = await http.post(path, json={}, headers=headers)
            assert response.status_code == 400, (path, response.status_code)
            assert response.json()["error"]["code"] == "idempotency_key_required", path
        valid = await http.post(
            "/v1/conversations", json={"caller_display": "Walk-in"}, headers=headers
        )
        assert valid.json()["error"]["code"] == "idempotency_key_required"


async def test_callback_and_unlock_replay_a_retried_success(http, advisor, lead, ctx) -> None:
    reply = await http.post("/webhooks/aircall", json=aircall("call.answered", 4501, answered=True))
    conv_id = reply.json()["conversation_id"]
    with ctx.db.transaction() as session:
        conv = session.get(Conversation, conv_id)
        assert conv is not None
        conv.auth_state = "locked"
    first = await lead._post(
        f"/v1/conversations/{conv_id}/unlock", m.Conversation, idempotency_key="unlock-1"
    )
    again = await lead._post(
        f"/v1/conversations/{conv_id}/unlock", m.Conversation, idempotency_key="unlock-1"
    )
    assert first == again  # not a 409 "not locked"
    with ctx.db.transaction() as session:
        conv = session.get(Conversation, conv_id)
        assert conv is not None
        conv.pending, conv.account_id = "callback", "pat_00001"
    body = m.CallbackConfirmation(called_registered_number=True).model_dump()
    path = f"/v1/conversations/{conv_id}/challenge/callback"
    done = await advisor._post(path, m.ChallengeResult, body, idempotency_key="cb-1")
    retried = await advisor._post(path, m.ChallengeResult, body, idempotency_key="cb-1")
    assert done == retried and done.verified
    with pytest.raises(errors.ConflictError):  # a new attempt is a new key: nothing pending
        await advisor._post(path, m.ChallengeResult, body, idempotency_key="cb-2")


async def test_replay_keys_and_idempotency_records_are_purged_after_retention(
    http, advisor, ctx
) -> None:
    await advisor.conversations.create(m.NewConversation(caller_display="Walk-in"))
    await http.post("/webhooks/aircall", json=aircall("call.ringing_on_agent", 4601))
    now = utcnow()
    maintenance.purge(ctx, now)
    with ctx.db.reader() as session:
        kept = (
            session.scalar(select(func.count()).select_from(IdempotencyRecord)),
            session.scalar(select(func.count()).select_from(WebhookDelivery)),
        )
    assert kept == (1, 1)  # recent: kept
    later = now + timedelta(days=ctx.settings.webhook_keep_days, hours=1)
    removed = maintenance.purge(ctx, later)
    assert (removed["idempotency_records"], removed["webhook_deliveries"]) == (1, 1)


async def test_retention_runs_on_its_own_while_the_server_is_up(settings) -> None:
    ctx = build_context(settings)
    app = create_app(settings, ctx=ctx)
    with ctx.db.transaction() as session:
        session.add(
            WebhookDelivery(key="old", source="aircall", received_at=utcnow() - timedelta(days=30))
        )
    try:
        async with app.router.lifespan_context(app):
            for _ in range(200):
                with ctx.db.reader() as session:
                    if session.get(WebhookDelivery, "old") is None:
                        break
                await asyncio.sleep(0.01)
            else:
                raise AssertionError("the retention task did not run at start")
    finally:
        ctx.close()


@pytest.mark.parametrize(
    ("mode", "role", "verified"),
    [("off", None, False), ("enforced", None, True), ("enforced", "lead", False)],
)
async def test_a_chat_is_verified_only_when_intercom_vouches(
    settings, mode: str, role: str | None, verified: bool
) -> None:
    ctx = build_context(replace(settings, intercom_identity=mode))
    app = create_app(ctx.settings, ctx=ctx)
    try:
        async with httpx.AsyncClient(
            transport=httpx.ASGITransport(app), base_url="http://testserver"
        ) as http:
            payload = intercom("conversation.user.created", "ic-1", "n-1", external_id="pat_00002")
            if role:
                payload["data"]["item"]["contacts"]["contacts"][0]["role"] = role
            reply = await post_intercom(http, payload)
            assert reply.status_code == 200
        with ctx.db.reader() as session:
            conv = session.get(Conversation, reply.json()["conversation_id"])
            assert conv is not None
            assert (conv.auth_state == "verified_app") is verified
            assert (conv.pending == "challenge") is not verified
    finally:
        ctx.close()
