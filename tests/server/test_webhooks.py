"""Webhooks drive conversations: Aircall, Intercom and the generic CTI hook."""

from __future__ import annotations

import itertools
import json

import httpx
import pytest
from sqlalchemy import func, select

from backend_client import CareDeskClient
from server.core.context import AppContext
from server.core.orm import Conversation, EventRow
from tests.support import CTI_PATH, aircall, intercom, patient, post_intercom

LIFECYCLE = ["call.created", "call.ringing_on_agent", "call.answered", "call.hungup", "call.ended"]


def lifecycle(call_id: int) -> list[dict]:
    return [
        aircall("call.created", call_id, user=None),
        aircall("call.ringing_on_agent", call_id),
        aircall("call.answered", call_id, answered=True),
        aircall("call.hungup", call_id, answered=True, ended=True),
        aircall("call.ended", call_id, answered=True, ended=True),
    ]


async def deliver(http: httpx.AsyncClient, envelopes: list[dict]) -> None:
    for env in envelopes:
        response = await http.post("/webhooks/aircall", json=env)
        assert response.status_code == 200, response.text


def final(ctx: AppContext, call_id: int) -> Conversation:
    with ctx.db.reader() as session:
        conv = session.scalar(select(Conversation).where(Conversation.external_id == str(call_id)))
        assert conv is not None
        return conv


async def test_aircall_call_walks_its_states_in_order(http, advisor: CareDeskClient, ctx) -> None:
    envelopes = lifecycle(501)
    seen = []
    for env in envelopes:
        await deliver(http, [env])
        listed = (await advisor.conversations.list(include_recent=True)).items
        seen.append(listed[0].state if listed else None)
    assert seen == [None, "ringing", "active", "wrap_up", "wrap_up"]
    conv = final(ctx, 501)
    assert conv.agent_id == "agent_advisor"
    assert conv.caller_number == "+442079460321"
    assert conv.caller_display == "020 7946 0321"


@pytest.mark.parametrize("order", list(itertools.permutations(range(5)))[::13])
async def test_aircall_any_order_ends_the_same(http, ctx, order) -> None:
    envelopes = lifecycle(600)
    await deliver(http, [envelopes[i] for i in order])
    conv = final(ctx, 600)
    assert (conv.state, conv.agent_id) == ("wrap_up", "agent_advisor")
    assert conv.answered_at is not None and conv.ended_at is not None


async def test_answered_before_created_ends_the_same(http, ctx) -> None:
    envelopes = lifecycle(601)
    await deliver(http, [envelopes[2], envelopes[0], envelopes[1]])
    conv = final(ctx, 601)
    assert conv.state == "active"
    assert conv.agent_id == "agent_advisor"


async def test_duplicates_change_nothing_and_say_nothing(http, ctx) -> None:
    envelopes = lifecycle(602)
    await deliver(http, envelopes)
    with ctx.db.reader() as session:
        events_before = session.scalar(select(func.count()).select_from(EventRow))
    version_before = final(ctx, 602).version
    await deliver(http, envelopes + envelopes[::-1])
    with ctx.db.reader() as session:
        assert session.scalar(select(func.count()).select_from(EventRow)) == events_before
        assert session.scalar(select(func.count()).select_from(Conversation)) == 1
    assert final(ctx, 602).version == version_before
    assert final(ctx, 602).state == "wrap_up"


@pytest.mark.parametrize(
    ("reason", "state"),
    [
        ("short_abandoned", "abandoned"),
        ("abandoned_in_ivr", "abandoned"),
        ("no_available_agent", "missed"),
        ("out_of_opening_hours", "missed"),
    ],
)
async def test_unanswered_call_keeps_its_missed_reason(http, ctx, reason, state) -> None:
    await deliver(
        http,
        [
            aircall("call.created", 700, user=None),
            aircall("call.hungup", 700, user=None, ended=True, missed_call_reason=reason),
            aircall("call.ended", 700, user=None, ended=True, missed_call_reason=reason),
        ],
    )
    conv = final(ctx, 700)
    assert (conv.state, conv.missed_reason) == (state, reason)


async def test_ringing_on_one_agent_then_answered_by_another_moves_it(
    http, advisor, lead, ctx
) -> None:
    await deliver(http, [aircall("call.ringing_on_agent", 710, user="advisor")])
    assert len((await advisor.conversations.list()).items) == 1
    await deliver(http, [aircall("call.answered", 710, user="lead", answered=True)])
    assert (await advisor.conversations.list()).items == []
    [conv] = (await lead.conversations.list()).items
    assert conv.state == "active"
    with ctx.db.reader() as session:
        kinds = session.scalars(
            select(EventRow.type).where(EventRow.agent_id == "agent_advisor").order_by(EventRow.id)
        ).all()
    assert kinds == ["conversation.created", "conversation.removed"]


async def test_aircall_wrong_token_is_refused(http, ctx) -> None:
    response = await http.post(
        "/webhooks/aircall", json=aircall("call.created", 800, token="guess")
    )
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "bad_webhook_token"
    with ctx.db.reader() as session:
        assert session.scalar(select(func.count()).select_from(Conversation)) == 0


@pytest.mark.parametrize(
    "body",
    [
        b"{not json",
        b"[]",
        b'"call"',
        json.dumps(
            {
                "token": "test-aircall-token",
                "resource": "call",
                "event": "call.created",
                "data": "x",
            }
        ).encode(),
        json.dumps(
            {
                "token": "test-aircall-token",
                "resource": "call",
                "event": "call.created",
                "data": {"direction": "inbound"},
            }
        ).encode(),
        json.dumps(
            {
                "token": "test-aircall-token",
                "resource": "call",
                "event": "call.created",
                "data": {"id": 1, "started_at": "yesterday"},
            }
        ).encode(),
    ],
)
async def test_malformed_aircall_bodies_get_a_clear_400(http, body) -> None:
    response = await http.post(
        "/webhooks/aircall", content=body, headers={"Content-Type": "application/json"}
    )
    assert response.status_code in (400, 401)
    error = response.json()["error"]
    assert error["message"] and error["request_id"]


async def test_unknown_aircall_events_and_resources_are_ignored(http, ctx) -> None:
    for env in (
        aircall("call.commented", 900),
        {**aircall("call.created", 901), "resource": "contact"},
        {**aircall("call.created", 902), "resource": "user", "event": "user.opened"},
    ):
        response = await http.post("/webhooks/aircall", json=env)
        assert response.status_code == 200
        assert response.json()["ignored"] is True
    with ctx.db.reader() as session:
        assert session.scalar(select(func.count()).select_from(Conversation)) == 0


# --- Intercom -------------------------------------------------------------------------------


@pytest.mark.parametrize("shape", ["v1", "v2"])
async def test_signed_intercom_chat_arrives_verified_on_the_account(
    http, advisor, ctx, shape
) -> None:
    facts = patient(ctx, "pat_00007")
    payload = intercom(
        "conversation.user.created", "ic-1", "notif_1", external_id=facts.account_id, shape=shape
    )
    response = await post_intercom(http, payload)
    assert response.status_code == 200, response.text
    [conv] = (await advisor.conversations.list()).items
    assert conv.channel == "chat"
    assert conv.auth_state == "verified_app"
    assert conv.account_id == facts.account_id
    assert conv.caller.name == facts.full_name
    snapshot = await advisor.accounts.snapshot(facts.account_id, conv.id)
    assert snapshot.identity.name == facts.full_name


async def test_badly_signed_intercom_is_refused(http, ctx) -> None:
    payload = intercom("conversation.user.created", "ic-2", "notif_2", external_id="pat_00001")
    response = await post_intercom(http, payload, secret="not-the-secret")
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "bad_signature"
    unsigned = await http.post("/webhooks/intercom", json=payload)
    assert unsigned.status_code == 401
    with ctx.db.reader() as session:
        assert session.scalar(select(func.count()).select_from(Conversation)) == 0


async def test_intercom_deduplicates_by_notification_and_closes(http, advisor, ctx) -> None:
    created = intercom("conversation.user.created", "ic-3", "notif_3", external_id="pat_00002")
    for _ in range(3):
        assert (await post_intercom(http, created)).status_code == 200
    assert len((await advisor.conversations.list()).items) == 1
    closed = intercom("conversation.admin.closed", "ic-3", "notif_4", external_id="pat_00002")
    assert (await post_intercom(http, closed)).status_code == 200
    assert (await advisor.conversations.list()).items == []
    [conv] = (await advisor.conversations.list(include_recent=True)).items
    assert conv.state == "closed"


async def test_intercom_unknown_user_stays_unverified(http, advisor) -> None:
    payload = intercom("conversation.user.created", "ic-4", "notif_5", external_id="nobody")
    assert (await post_intercom(http, payload)).status_code == 200
    [conv] = (await advisor.conversations.list()).items
    assert conv.auth_state == "unverified" and conv.account_id is None and conv.caller.name is None


async def test_intercom_other_topics_are_ignored(http) -> None:
    payload = intercom("contact.created", "ic-5", "notif_6")
    response = await post_intercom(http, payload)
    assert response.status_code == 200 and response.json()["ignored"] is True


# --- generic CTI ----------------------------------------------------------------------------


async def test_cti_json_walks_the_states(http, advisor) -> None:
    base = {"from": "020 7946 0321", "to": "+442079460000", "direction": "in", "callId": "cti-1"}
    assert (
        await http.post(CTI_PATH, json={**base, "event": "newCall", "user": ["Alex Morgan"]})
    ).json() == {}
    [conv] = (await advisor.conversations.list()).items
    assert (conv.state, conv.caller.number) == ("ringing", "+442079460321")
    await http.post(
        CTI_PATH, json={**base, "event": "answer", "user": "advisor", "answeringNumber": "201"}
    )
    assert (await advisor.conversations.retrieve(conv.id)).state == "active"
    await http.post(CTI_PATH, json={**base, "event": "hangup", "cause": "normalClearing"})
    assert (await advisor.conversations.retrieve(conv.id)).state == "wrap_up"


async def test_cti_form_data_with_user_list(http, advisor) -> None:
    form = {
        "event": "newCall",
        "from": "+1 800-123-4567",
        "to": "442079460000",
        "direction": "in",
        "callId": "cti-2",
        "user[]": ["Someone Else", "advisor"],
    }
    response = await http.post(CTI_PATH, data=form)
    assert response.status_code == 200 and response.json() == {}
    [conv] = (await advisor.conversations.list()).items
    assert conv.caller.number == "+18001234567"
    assert conv.caller.display == "+1 800-123-4567"
    await http.post(
        CTI_PATH,
        data={
            "event": "hangup",
            "callId": "cti-2",
            "cause": "cancel",
            "direction": "in",
            "from": "+1 800-123-4567",
        },
    )
    [gone] = (await advisor.conversations.list(include_recent=True)).items
    assert (gone.state, gone.missed_reason) == ("abandoned", "cancel")


async def test_cti_wrong_token_and_bad_bodies(http) -> None:
    assert (
        await http.post("/webhooks/cti/wrong", json={"event": "newCall", "callId": "x"})
    ).status_code == 401
    missing_id = await http.post(CTI_PATH, json={"event": "newCall", "from": "123"})
    assert missing_id.status_code == 400
    assert "callId" in missing_id.json()["error"]["message"]
    assert (
        await http.post(CTI_PATH, content=b"<xml/>", headers={"Content-Type": "text/xml"})
    ).status_code == 415
    assert (await http.post(CTI_PATH, json={"event": "transfer", "callId": "y"})).json() == {}


@pytest.mark.parametrize(
    ("raw", "e164"),
    [
        ("+44 20 7946 0321", "+442079460321"),
        ("020 7946 0321", "+442079460321"),
        ("+1 800-123-4567", "+18001234567"),
        ("0044 20 7946 0321", "+442079460321"),
    ],
)
async def test_caller_numbers_are_normalised(http, advisor, raw, e164) -> None:
    await http.post("/webhooks/aircall", json=aircall("call.ringing_on_agent", 950, raw_digits=raw))
    [conv] = (await advisor.conversations.list()).items
    assert conv.caller.number == e164


async def test_withheld_number_is_shown_as_such(http, advisor) -> None:
    await http.post(
        "/webhooks/aircall", json=aircall("call.ringing_on_agent", 951, raw_digits="anonymous")
    )
    [conv] = (await advisor.conversations.list()).items
    assert conv.caller.number is None
    assert conv.caller.display == "anonymous"
