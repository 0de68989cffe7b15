"""A new Intercom chat gets an admin-only note with the link that opens it in CareDesk,
delivered after the commit to a stand-in of Intercom's REST API on loopback: retried when the
stand-in fails, never sent twice, and carrying nothing about the patient."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from typing import Any

import pytest
from fastapi import FastAPI, Request, Response
from sqlalchemy import select

from server.core.config import Settings
from server.core.orm import IntercomNote
from server.threaded import free_port
from tests.support import intercom, patient, post_intercom, serve_on_loopback


@dataclass
class FakeIntercom:
    """``POST /conversations/{id}/reply`` as Intercom documents it: Bearer token, JSON body
    with ``message_type`` note, ``type`` admin, ``admin_id`` and an HTML ``body``."""

    port: int = field(default_factory=free_port)
    received: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    failures_left: int = 0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def app(self) -> FastAPI:
        api = FastAPI()

        @api.post("/conversations/{conversation_id}/reply")
        async def reply(conversation_id: str, request: Request) -> Response:
            if request.headers.get("authorization") != "Bearer intercom-token":
                return Response(status_code=401)
            if self.failures_left > 0:
                self.failures_left -= 1
                return Response(status_code=503)
            self.received.append((conversation_id, await request.json()))
            return Response(status_code=200, content=b"{}", media_type="application/json")

        return api


@pytest.fixture
def fake_intercom() -> Iterator[FakeIntercom]:
    fake = FakeIntercom()
    with serve_on_loopback(fake.app(), fake.port):
        yield fake


@pytest.fixture
def settings(settings: Settings, request: pytest.FixtureRequest) -> Settings:
    if "fake_intercom" not in request.fixturenames:
        return settings
    fake: FakeIntercom = request.getfixturevalue("fake_intercom")
    return replace(
        settings,
        intercom_access_token="intercom-token",
        intercom_admin_id="814",
        intercom_api_url=fake.url,
    )


async def test_new_chat_gets_one_click_through_note(http, ctx, fake_intercom) -> None:
    facts = patient(ctx, "pat_00021")
    fake_intercom.failures_left = 1
    payload = intercom("conversation.user.created", "ic-501", "n-1", external_id=facts.account_id)
    reply = await post_intercom(http, payload)
    assert reply.status_code == 200 and "note_queued" not in reply.json()
    conversation_id = reply.json()["conversation_id"]
    ctx.drain_outboxes()  # the first attempt: the stand-in fails it
    assert fake_intercom.received == []
    ctx.deliver_outboxes()  # what the server's sweep does
    ctx.drain_outboxes()
    [(target, body)] = fake_intercom.received
    assert target == "ic-501"
    assert body["message_type"] == "note" and body["type"] == "admin"
    assert body["admin_id"] == "814"
    assert f'href="caredesk://conversation/{conversation_id}"' in body["body"]
    for private in (facts.first_name, facts.last_name, facts.postcode, str(facts.date_of_birth)):
        assert private not in body["body"]
    # The same chat again (a replay, a later event) queues nothing more; nothing goes twice.
    await post_intercom(http, payload)
    await post_intercom(
        http, intercom("conversation.admin.replied", "ic-501", "n-2", external_id=facts.account_id)
    )
    ctx.deliver_outboxes()
    ctx.drain_outboxes()
    assert len(fake_intercom.received) == 1
    with ctx.db.reader() as session:
        [note] = session.scalars(
            select(IntercomNote).where(IntercomNote.conversation_id == conversation_id)
        ).all()
    assert note.status == "sent" and note.attempts == 2


async def test_no_note_without_intercom_configured(http, ctx) -> None:
    reply = await post_intercom(http, intercom("conversation.user.created", "ic-502", "n-3"))
    assert reply.status_code == 200
    with ctx.db.reader() as session:
        assert session.scalars(select(IntercomNote)).all() == []
