"""The client's behaviour on the wire: typed errors, bounded retries, Retry-After, garbage."""

from __future__ import annotations

import httpx
import pytest

from backend_client import CareDeskClient, RetryPolicy, errors
from backend_client import models as m


def scripted(
    responses: list[httpx.Response | Exception], seen: list[httpx.Request]
) -> httpx.MockTransport:
    """A transport that answers from a script: faults a real server cannot be asked to make."""

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        item = responses.pop(0)
        if isinstance(item, Exception):
            raise item
        return item

    return httpx.MockTransport(handler)


HEALTH = {"status": "ok", "version": "1", "database": "sqlite"}


def client_for(transport: httpx.MockTransport, sleeps: list[float]) -> CareDeskClient:
    async def sleep(seconds: float) -> None:
        sleeps.append(seconds)

    return CareDeskClient(
        "http://server",
        transport=transport,
        sleep=sleep,
        retry=RetryPolicy(max_retries=3, backoff_base=0.1, backoff_max=1.0),
    )


async def test_safe_calls_retry_on_503_and_honour_retry_after() -> None:
    seen: list[httpx.Request] = []
    sleeps: list[float] = []
    transport = scripted(
        [
            httpx.Response(503, headers={"Retry-After": "2"}),
            httpx.ConnectError("refused"),
            httpx.Response(200, json=HEALTH),
        ],
        seen,
    )
    async with client_for(transport, sleeps) as client:
        assert (await client.health()).status == "ok"
    assert len(seen) == 3
    assert sleeps[0] >= 2.0 and 0 < sleeps[1] <= 0.2


async def test_retries_are_bounded() -> None:
    seen: list[httpx.Request] = []
    sleeps: list[float] = []
    transport = scripted([httpx.ConnectError("down")] * 4, seen)
    async with client_for(transport, sleeps) as client:
        with pytest.raises(errors.APIConnectionError):
            await client.health()
    assert len(seen) == 4 and len(sleeps) == 3
    # Full jitter within an exponentially growing window: 0.1 s, 0.2 s, 0.4 s ceilings.
    for attempt, slept in enumerate(sleeps):
        ceiling = 0.1 * 2**attempt
        assert ceiling / 2 <= slept <= ceiling, (attempt, slept)


async def test_mutations_reuse_their_idempotency_key_across_retries() -> None:
    seen: list[httpx.Request] = []
    result = {
        "run_id": "r",
        "action": "add_note",
        "workflow_id": "w",
        "outcome": "done",
        "summary": "s",
        "note_id": "n",
        "created_at": "2026-11-22T10:00:00Z",
    }
    transport = scripted(
        [httpx.ReadTimeout("slow"), httpx.Response(502), httpx.Response(200, json=result)], seen
    )
    async with client_for(transport, []) as client:
        await client.actions.run(
            "add_note", m.ActionRequest(conversation_id="c", workflow_id="w"), account_id="a"
        )
    keys = {r.headers["Idempotency-Key"] for r in seen}
    assert len(seen) == 3 and len(keys) == 1


async def test_a_long_retry_after_is_not_slept_through() -> None:
    seen: list[httpx.Request] = []
    sleeps: list[float] = []
    body = {"error": {"code": "throttled", "message": "Slow down.", "request_id": "r1"}}
    transport = scripted([httpx.Response(429, json=body, headers={"Retry-After": "600"})], seen)
    async with client_for(transport, sleeps) as client:
        with pytest.raises(errors.ThrottledError) as caught:
            await client.health()
    assert caught.value.retry_after == 600 and sleeps == []
    assert (caught.value.message, caught.value.request_id) == ("Slow down.", "r1")


@pytest.mark.parametrize(
    ("status", "cls"),
    [
        (400, errors.BadRequestError),
        (401, errors.AuthenticationError),
        (403, errors.PermissionDeniedError),
        (404, errors.NotFoundError),
        (409, errors.ConflictError),
        (422, errors.ValidationError),
        (423, errors.LockedError),
        (500, errors.ServerError),
    ],
)
async def test_each_status_has_its_exception(status, cls) -> None:
    body = {"error": {"code": "some_code", "message": "Said plainly.", "fields": {"x": "bad"}}}
    transport = scripted([httpx.Response(status, json=body)], [])
    async with client_for(transport, []) as client:
        with pytest.raises(cls) as caught:
            await client.agents.me()
    assert (caught.value.status_code, caught.value.code, caught.value.message) == (
        status,
        "some_code",
        "Said plainly.",
    )


async def test_garbage_answers_are_a_protocol_error_not_a_crash() -> None:
    transport = scripted(
        [
            httpx.Response(200, content=b"<html>proxy login</html>"),
            httpx.Response(200, json={"status": "maybe"}),
            httpx.Response(500, content=b"oops"),
        ],
        [],
    )
    async with client_for(transport, []) as client:
        with pytest.raises(errors.ProtocolError):
            await client.health()
        with pytest.raises(errors.ProtocolError):
            await client.health()
        with pytest.raises(errors.ServerError) as caught:
            await client.agents.me()
    assert "try again" in caught.value.message.lower()


async def test_unreachable_real_port_is_a_connection_error() -> None:
    from tests.live_server import free_port

    async with CareDeskClient(
        f"http://127.0.0.1:{free_port()}", retry=RetryPolicy(max_retries=1, backoff_base=0.01)
    ) as client:
        with pytest.raises(errors.APIConnectionError):
            await client.health()
