"""The per-agent event stream: replay, heartbeats, random drops, and two servers on one database."""

from __future__ import annotations

import asyncio
from dataclasses import replace

import httpx
from sqlalchemy import select

from backend_client import CareDeskClient, RetryPolicy, StreamStatus
from server.core.orm import EventRow
from tests.fault_proxy import DroppingProxy
from tests.live_server import LiveServer
from tests.support import aircall


async def produce_calls(base_url: str, first_id: int, count: int, pause: float) -> None:
    async with httpx.AsyncClient(base_url=base_url, timeout=10) as http:
        for n in range(count):
            response = await http.post(
                "/webhooks/aircall", json=aircall("call.ringing_on_agent", first_id + n)
            )
            assert response.status_code == 200
            await asyncio.sleep(pause)


def stored_ids(server: LiveServer, agent_id: str = "agent_advisor") -> list[int]:
    assert server.ctx is not None
    with server.ctx.db.reader() as session:
        return list(
            session.scalars(
                select(EventRow.id).where(EventRow.agent_id == agent_id).order_by(EventRow.id)
            )
        )


async def collect(client: CareDeskClient, count: int, after: int = 0, **kw) -> list[int]:
    ids: list[int] = []
    async for event in client.events.stream(after, **kw):
        ids.append(event.id)
        if len(ids) == count:
            break
    return ids


async def test_every_event_arrives_once_in_order_through_50_random_drops(
    live_server: LiveServer,
) -> None:
    proxy = DroppingProxy(live_server.port, drops=50, max_bytes=1200)
    await proxy.start()
    statuses: list[StreamStatus] = []
    try:
        async with CareDeskClient(
            proxy.url, retry=RetryPolicy(backoff_base=0.005, backoff_max=0.05)
        ) as client:
            # Sign in straight to the server: the proxy is for the stream under test.
            async with CareDeskClient(live_server.url) as direct:
                pair = await direct.login("advisor", "demo")
            client._set_tokens(pair)
            total = 240
            producer = asyncio.create_task(produce_calls(live_server.url, 10_000, total, 0.01))
            ids = await asyncio.wait_for(
                collect(client, total, on_status=statuses.append), timeout=120
            )
            await producer
    finally:
        await proxy.stop()
    assert proxy.drops_done >= 50
    assert ids == stored_ids(live_server)  # each once, in order, none missing
    assert len(ids) == total
    assert any(not s.live and s.retry_in is not None for s in statuses)
    assert statuses[-1].live or len(ids) == total


async def test_reconnect_with_last_event_id_replays_what_was_missed(
    live_server: LiveServer,
) -> None:
    async with CareDeskClient(live_server.url) as client:
        await client.login("advisor", "demo")
        await produce_calls(live_server.url, 20_000, 5, 0)
        first = await asyncio.wait_for(collect(client, 2), 10)
        await produce_calls(live_server.url, 30_000, 3, 0)
        rest = await asyncio.wait_for(collect(client, 6, after=first[-1]), 10)
    assert first + rest == stored_ids(live_server)


async def test_heartbeat_comments_keep_an_idle_stream_open(live_server: LiveServer) -> None:
    async with httpx.AsyncClient(base_url=live_server.url, timeout=10) as http:
        token = (
            await http.post("/v1/auth/login", json={"username": "advisor", "password": "demo"})
        ).json()
        headers = {"Authorization": f"Bearer {token['access_token']}"}
        lines: list[str] = []

        async def read() -> None:
            async with http.stream("GET", "/v1/events", headers=headers) as response:
                assert response.headers["content-type"].startswith("text/event-stream")
                async for line in response.aiter_lines():
                    lines.append(line)
                    if line.startswith(": heartbeat"):
                        return

        await asyncio.wait_for(read(), timeout=5)  # the test server beats every second
    assert ": heartbeat" in lines


async def test_stream_needs_a_valid_token(live_server: LiveServer) -> None:
    async with httpx.AsyncClient(base_url=live_server.url) as http:
        response = await http.get("/v1/events", headers={"Authorization": "Bearer nope"})
    assert response.status_code == 401


async def test_two_servers_on_one_database_serve_the_same_stream(live_server: LiveServer) -> None:
    other = LiveServer(replace(live_server.settings))
    other.start()
    try:
        async with CareDeskClient(other.url) as client:
            await client.login("advisor", "demo")
            # Events written through the first server reach a client of the second one.
            producer = asyncio.create_task(produce_calls(live_server.url, 40_000, 10, 0.05))
            ids = await asyncio.wait_for(collect(client, 10), timeout=20)
            await producer
    finally:
        other.stop()
    assert ids == stored_ids(live_server)


async def test_many_subscribers_connecting_at_once_start_one_hub(live_server: LiveServer) -> None:
    async with httpx.AsyncClient(base_url=live_server.url, timeout=10) as http:
        sign_in = {"username": "advisor", "password": "demo"}
        token = (await http.post("/v1/auth/login", json=sign_in)).json()
        headers = {"Authorization": f"Bearer {token['access_token']}"}

        async def first_line() -> None:
            async with http.stream("GET", "/v1/events", headers=headers) as response:
                async for _ in response.aiter_lines():
                    return

        await asyncio.wait_for(asyncio.gather(*(first_line() for _ in range(30))), 20)
    assert live_server.ctx is not None
    assert live_server.ctx.hub.started == 1


async def test_open_streams_check_their_sessions_together(live_server: LiveServer) -> None:
    """Twenty streams re-checking at once cost one query (or a very few), not twenty."""
    assert live_server.ctx is not None and live_server.ctx.session_checks is not None
    checks = live_server.ctx.session_checks
    async with httpx.AsyncClient(base_url=live_server.url, timeout=10) as http:
        token = (
            await http.post("/v1/auth/login", json={"username": "advisor", "password": "demo"})
        ).json()
        headers = {"Authorization": f"Bearer {token['access_token']}"}
        opened = asyncio.Event()
        count = 0

        async def hold() -> None:
            nonlocal count
            async with http.stream("GET", "/v1/events", headers=headers) as response:
                async for _ in response.aiter_lines():
                    count += 1
                    if count == 20:
                        opened.set()
                    await asyncio.Event().wait()  # hold the stream open until cancelled

        streams = [asyncio.create_task(hold()) for _ in range(20)]
        try:
            await asyncio.wait_for(opened.wait(), 10)
            queries, checked = checks.queries, checks.checked
            live_server.ctx.hub.recheck_sessions()  # every stream asks at once
            deadline = asyncio.get_running_loop().time() + 10
            while checks.checked < checked + 20:
                assert asyncio.get_running_loop().time() < deadline, "the streams did not check"
                await asyncio.sleep(0.01)  # the server's thread answers; nothing to await on
        finally:
            for stream in streams:
                stream.cancel()
            await asyncio.gather(*streams, return_exceptions=True)
    assert checks.queries - queries <= 3
