"""The live feed survives any failure a server or network can produce, and only a sign-out
stops it; a malformed Retry-After is a typed error, not a crash."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

import httpx
import pytest

from backend_client import CareDeskClient, RetryPolicy, StreamStatus, errors
from tests.live_server import LiveServer
from tests.support import aircall

Fault = Callable[[httpx.Request], httpx.Response]


class FaultyNetwork(httpx.AsyncBaseTransport):
    """The real connection to a real server, except that the first requests to chosen paths
    get the faults given, in order: what a broken proxy or an overloaded server answers."""

    def __init__(self, faults: dict[str, list[Fault]]) -> None:
        self.inner = httpx.AsyncHTTPTransport()
        self.faults = faults
        self.seen: list[str] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        pending = self.faults.get(request.url.path)
        if pending:
            fault = pending.pop(0)
            self.seen.append(f"{request.url.path}:{fault.__name__}")
            return fault(request)
        return await self.inner.handle_async_request(request)

    async def aclose(self) -> None:
        await self.inner.aclose()


def unavailable(request: httpx.Request) -> httpx.Response:
    return httpx.Response(503, json={"error": {"code": "down", "message": "Down"}})


def bad_gateway_with_nonsense_retry_after(request: httpx.Request) -> httpx.Response:
    return httpx.Response(502, headers={"Retry-After": "whenever"}, text="<html>proxy</html>")


def garbage(request: httpx.Request) -> httpx.Response:
    return httpx.Response(200, headers={"Content-Type": "text/html"}, content=b"\xff\xfe<html>")


def timeout(request: httpx.Request) -> httpx.Response:
    raise httpx.ReadTimeout("no answer", request=request)


def expired(request: httpx.Request) -> httpx.Response:
    return httpx.Response(401, json={"error": {"code": "unauthenticated", "message": "Again"}})


def server_error(request: httpx.Request) -> httpx.Response:
    return httpx.Response(500, json={"error": {"code": "internal", "message": "Oops"}})


async def first_event(client: CareDeskClient, statuses: list[StreamStatus], server) -> int:
    async def ring() -> None:
        async with httpx.AsyncClient(base_url=server.url) as http:
            await http.post("/webhooks/aircall", json=aircall("call.ringing_on_agent", 7001))

    ringing = asyncio.create_task(ring())
    try:
        async for event in client.events.stream(0, on_status=statuses.append):
            return event.id
    finally:
        await ringing
    raise AssertionError("the stream ended")


async def test_the_live_feed_retries_through_5xx_garbage_and_timeouts(
    live_server: LiveServer,
) -> None:
    network = FaultyNetwork(
        {
            "/v1/events": [
                unavailable,
                garbage,
                bad_gateway_with_nonsense_retry_after,
                timeout,
                expired,  # the access token "expired": a refresh, which fails with a 500
            ],
            "/v1/auth/refresh": [server_error],
        }
    )
    async with CareDeskClient(
        live_server.url,
        transport=network,
        retry=RetryPolicy(backoff_base=0.001, backoff_max=0.01),
    ) as client:
        await client.login("advisor", "demo")
        statuses: list[StreamStatus] = []
        event_id = await asyncio.wait_for(first_event(client, statuses, live_server), 20)
    assert event_id > 0
    problems = [s.error for s in statuses if not s.live]
    assert problems == [
        "The server answered 503.",
        "The connection dropped.",  # not an event stream
        "The server sent something that is not an event stream.",  # Retry-After: whenever
        "No heartbeat from the server.",
        "The server answered 500.",  # the refresh behind the 401
    ]
    assert statuses[-1].live


async def test_a_signed_out_session_still_ends_the_feed(live_server: LiveServer) -> None:
    network = FaultyNetwork({"/v1/events": [expired]})
    async with CareDeskClient(live_server.url, transport=network) as client:
        await client.login("advisor", "demo")
        await client.logout()
        with pytest.raises(errors.AuthenticationError):
            async for _ in client.events.stream(0):
                pass


async def test_a_malformed_retry_after_is_a_typed_error(live_server: LiveServer) -> None:
    network = FaultyNetwork({"/v1/me": [bad_gateway_with_nonsense_retry_after]})
    async with CareDeskClient(live_server.url, transport=network) as client:
        await client.login("advisor", "demo")
        with pytest.raises(errors.ProtocolError, match="Retry-After"):
            await client.agents.me()
