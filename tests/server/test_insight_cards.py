"""On a verified Aircall call, an insight card in the advisor's phone app, delivered after the
commit to a stand-in of Aircall's REST API on loopback: retried when the stand-in fails, never
sent twice, carrying the first name only."""

from __future__ import annotations

import base64
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from typing import Any

import pytest
from fastapi import FastAPI, Request, Response
from sqlalchemy import select

from server.core.config import Settings
from server.core.orm import InsightCard
from server.threaded import free_port
from tests.support import APP_KEY, aircall, patient, serve_on_loopback

ROUTING = {"Authorization": "Bearer card-routing-token"}


@dataclass
class FakeAircall:
    """``POST /v1/calls/:id/insight_cards`` as documented: Basic auth, ``{"contents": […]}``."""

    port: int = field(default_factory=free_port)
    cards: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    failures_left: int = 0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def app(self) -> FastAPI:
        api = FastAPI()

        @api.post("/v1/calls/{call_id}/insight_cards")
        async def card(call_id: str, request: Request) -> Response:
            expected = "Basic " + base64.b64encode(b"api-id:api-token").decode()
            if request.headers.get("authorization") != expected:
                return Response(status_code=401)
            if self.failures_left > 0:
                self.failures_left -= 1
                return Response(status_code=500)
            self.cards.append((call_id, await request.json()))
            return Response(status_code=201)

        return api


@pytest.fixture
def fake_aircall() -> Iterator[FakeAircall]:
    fake = FakeAircall()
    with serve_on_loopback(fake.app(), fake.port):
        yield fake


@pytest.fixture
def settings(settings: Settings, request: pytest.FixtureRequest) -> Settings:
    settings = replace(settings, routing_token="card-routing-token")
    if "fake_aircall" not in request.fixturenames:
        return settings
    fake: FakeAircall = request.getfixturevalue("fake_aircall")
    return replace(
        settings, aircall_api_id="api-id", aircall_api_token="api-token", aircall_api_url=fake.url
    )


def _text(body: dict[str, Any]) -> str:
    return " ".join(str(v) for block in body["contents"] for v in block.values())


async def test_verified_routed_call_gets_one_card(http, advisor, ctx, fake_aircall) -> None:
    facts = patient(ctx, "pat_00031")
    code = (await advisor.patient_app.create_call_token(facts.account_id, APP_KEY)).token
    fake_aircall.failures_left = 1
    body = {"call_id": 9901, "from": facts.phone, "to": "+442079460000", "input": code}
    answer = (await http.post("/telephony/route", json=body, headers=ROUTING)).json()
    assert answer["verified"] is True
    ctx.drain_outboxes()  # the first attempt fails at the stand-in
    assert fake_aircall.cards == []
    ctx.deliver_outboxes()  # the sweep
    ctx.drain_outboxes()
    [(call_id, card)] = fake_aircall.cards
    assert call_id == "9901"
    text = _text(card)
    assert facts.first_name in text
    assert f"caredesk://conversation/{answer['conversation_id']}" in text
    assert answer["reason"] in text
    for private in (facts.last_name, facts.postcode, facts.address_line1, str(facts.date_of_birth)):
        assert private not in text
    # The same call asked again, and its webhooks: no second card.
    await http.post("/telephony/route", json=body, headers=ROUTING)
    await http.post(
        "/webhooks/aircall",
        json=aircall("call.answered", 9901, raw_digits=facts.phone, answered=True, digits=code),
    )
    ctx.deliver_outboxes()
    ctx.drain_outboxes()
    assert len(fake_aircall.cards) == 1
    with ctx.db.reader() as session:
        [row] = session.scalars(select(InsightCard)).all()
    assert row.status == "sent" and row.attempts == 2


async def test_token_in_the_webhook_gets_a_card_too(http, advisor, ctx, fake_aircall) -> None:
    facts = patient(ctx, "pat_00032")
    code = (await advisor.patient_app.create_call_token(facts.account_id, APP_KEY)).token
    reply = await http.post(
        "/webhooks/aircall",
        json=aircall("call.ringing_on_agent", 9902, raw_digits=facts.phone, digits=code),
    )
    assert reply.json()["token_matched"] is True and "outbox_work" not in reply.json()
    ctx.drain_outboxes()
    [(call_id, card)] = fake_aircall.cards
    assert call_id == "9902" and facts.first_name in _text(card)


async def test_no_card_for_an_unverified_call(http, ctx, fake_aircall) -> None:
    body = {"call_id": 9903, "from": "+44 20 7946 0555", "to": "+442079460000"}
    assert (await http.post("/telephony/route", json=body, headers=ROUTING)).json()["challenge"]
    ctx.deliver_outboxes()
    ctx.drain_outboxes()
    assert fake_aircall.cards == []


async def test_no_card_without_aircall_credentials(http, advisor, ctx) -> None:
    facts = patient(ctx, "pat_00033")
    code = (await advisor.patient_app.create_call_token(facts.account_id, APP_KEY)).token
    body = {"call_id": 9904, "from": facts.phone, "input": code}
    assert (await http.post("/telephony/route", json=body, headers=ROUTING)).json()["verified"]
    with ctx.db.reader() as session:
        assert session.scalars(select(InsightCard)).all() == []
