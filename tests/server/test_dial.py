"""Click-to-call through Aircall's dial API, against a stand-in for Aircall's REST API served on
loopback: the pharmacist's Aircall user gets the patient's number; without credentials the
server says so and the desk falls back to tel:."""

from __future__ import annotations

import base64
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Any

import pytest
from fastapi import FastAPI, Request, Response

from backend_client import errors
from server.core.config import Settings
from server.threaded import free_port
from tests.server.test_pharmacy import book, next_weekday
from tests.server.test_snapshot_and_actions import verified_call
from tests.support import patient, serve_on_loopback


@dataclass
class FakeAircall:
    """Aircall's ``POST /v1/users/:id/dial`` as documented: Basic auth, JSON ``{"to"}``, 204."""

    port: int = field(default_factory=free_port)
    dials: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    status: int = 204

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def app(self) -> FastAPI:
        api = FastAPI()

        @api.post("/v1/users/{user_id}/dial")
        async def dial(user_id: str, request: Request) -> Response:
            expected = "Basic " + base64.b64encode(b"api-id:api-token").decode()
            if request.headers.get("authorization") != expected:
                return Response(status_code=401)
            self.dials.append((user_id, await request.json()))
            return Response(status_code=self.status)

        return api


@pytest.fixture
def fake_aircall() -> Iterator[FakeAircall]:
    fake = FakeAircall()
    with serve_on_loopback(fake.app(), fake.port):
        yield fake


@pytest.fixture
def settings(settings: Settings, request: pytest.FixtureRequest) -> Settings:
    if "fake_aircall" not in request.fixturenames:
        return settings
    fake: FakeAircall = request.getfixturevalue("fake_aircall")
    return replace(
        settings,
        aircall_api_id="api-id",
        aircall_api_token="api-token",
        aircall_api_url=fake.url,
    )


async def booked(http, advisor, ctx, account_id: str, call_id: int) -> str:  # type: ignore[no-untyped-def]
    conv = await verified_call(http, advisor, ctx, account_id, call_id)
    return await book(advisor, conv, next_weekday(datetime.now(UTC).date(), 2), "Review")


async def test_aircall_dials_the_patient_for_the_pharmacist(
    fake_aircall, http, advisor, pharmacist, ctx
) -> None:  # type: ignore[no-untyped-def]
    appointment_id = await booked(http, advisor, ctx, "pat_00071", 7101)
    result = await pharmacist.appointments.dial(appointment_id)
    phone = patient(ctx, "pat_00071").phone
    assert (result.via, result.number) == ("aircall", phone)
    assert fake_aircall.dials == [("1002", {"to": phone})]  # the demo pharmacist's Aircall user
    # A retry with the same key is answered from the record: Aircall is not asked again.
    for _ in range(2):
        await pharmacist.appointments.dial(appointment_id, idempotency_key="dial-once")
    assert len(fake_aircall.dials) == 2

    fake_aircall.status = 422
    with pytest.raises(errors.ServerError) as refused:
        await pharmacist.appointments.dial(appointment_id)
    assert "HTTP 422" in refused.value.message
    with pytest.raises(errors.PermissionDeniedError):
        await advisor.appointments.dial(appointment_id)


async def test_without_credentials_the_desk_is_told_to_use_its_softphone(
    http, advisor, pharmacist, ctx
) -> None:  # type: ignore[no-untyped-def]
    appointment_id = await booked(http, advisor, ctx, "pat_00072", 7201)
    with pytest.raises(errors.ConflictError) as caught:
        await pharmacist.appointments.dial(appointment_id)
    assert caught.value.code == "dial_not_configured"


async def test_a_call_back_is_dialled_for_its_taker_once_per_key(
    fake_aircall, http, advisor, lead
) -> None:  # type: ignore[no-untyped-def]
    from tests.server.test_callbacks import ivr_callback

    await ivr_callback(http, 7301, "+44 20 7946 0631")
    [item] = (await advisor.callbacks.list()).items
    with pytest.raises(errors.ConflictError) as not_taken:
        await advisor.callbacks.dial(item.id)  # nobody may dial a call-back they do not hold
    assert not_taken.value.code == "callback_not_yours"
    await advisor.callbacks.take(item.id)
    with pytest.raises(errors.ConflictError):
        await lead.callbacks.dial(item.id)
    for _ in range(2):  # the desk's retry after a dropped answer: Aircall is asked once
        result = await advisor.callbacks.dial(item.id, idempotency_key="callback-dial")
    assert (result.via, result.number) == ("aircall", "+442079460631")
    assert fake_aircall.dials == [("1001", {"to": "+442079460631"})]  # the advisor's user
