"""Call-backs: asked for from the queue (the IVR's option, the CTI's event, a text "CALL ME"),
waiting on the floor against their service level, taken by exactly one advisor, finished with
a disposition."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest
from sqlalchemy import update

from backend_client import errors
from backend_client import models as m
from server.core.events import fetch_since, latest_id
from server.core.orm import CallbackRow, utcnow
from tests.support import CTI_PATH, aircall

CALLER = "+44 20 7946 0611"


async def ivr_callback(http, call_id: int, number: str = CALLER) -> None:  # type: ignore[no-untyped-def]
    body = aircall("call.hungup", call_id, raw_digits=number, user=None, ended=True)
    # As Aircall documents ivr_options_selected: the menu choice's title, key and branch.
    body["data"]["ivr_options_selected"] = [{"title": "Call back", "key": "2", "branch": "2"}]
    assert (await http.post("/webhooks/aircall", json=body)).status_code == 200


async def test_ivr_option_queues_one_callback(http, advisor) -> None:
    await ivr_callback(http, 8101)
    await ivr_callback(http, 8101)  # Aircall retries
    listing = await advisor.callbacks.list()
    [item] = listing.items
    assert item.source == m.CallbackSource.IVR and item.number == "+442079460611"
    assert item.status == m.CallbackStatus.WAITING and not item.late
    assert listing.waiting == 1 and listing.late == 0 and listing.sla_minutes == 30


async def test_cti_event_and_text_queue_callbacks(http, advisor) -> None:
    reply = await http.post(
        CTI_PATH, json={"event": "callback", "callId": "c-9", "from": "+44 20 7946 0612"}
    )
    assert reply.status_code == 200
    text = await http.post(
        "/webhooks/sms",
        json={
            "id": "sms-77",
            "from": "+44 20 7946 0613",
            "to": "+442079460000",
            "body": "Call me!",
        },
        headers={"Authorization": "Bearer test-cti-token"},
    )
    assert text.status_code == 200, text.text
    sources = {i.source for i in (await advisor.callbacks.list()).items}
    assert sources == {m.CallbackSource.CTI, m.CallbackSource.TEXT}


async def test_two_advisors_take_at_once_and_exactly_one_wins(http, advisor, lead, ctx) -> None:
    await ivr_callback(http, 8102)
    [item] = (await advisor.callbacks.list()).items
    before = latest_id(ctx.db)
    results = await asyncio.gather(
        advisor.callbacks.take(item.id), lead.callbacks.take(item.id), return_exceptions=True
    )
    won = [r for r in results if isinstance(r, m.Callback)]
    lost = [r for r in results if isinstance(r, errors.APIStatusError)]
    assert len(won) == 1 and len(lost) == 1, results
    assert lost[0].code == "callback_taken"
    names = {"agent_advisor": "Alex Morgan", "agent_lead": "Sam Taylor"}
    # The loser is told who was first; the list says it too.
    assert lost[0].message == f"{names[won[0].taken_by or '']} has taken this call-back."
    assert won[0].taken_by_name == names[won[0].taken_by or ""]
    [listed] = (await advisor.callbacks.list()).items
    assert listed.taken_by_name == won[0].taken_by_name
    # Every advisor's desk hears of it once (the take), without the number.
    heard = [
        e for e in fetch_since(ctx.db, "agent_advisor", before) if e.type == "callback.updated"
    ]
    assert [e.data for e in heard] == [
        {"id": item.id, "status": "taken", "taken_by": won[0].taken_by}
    ]
    winner = advisor if won[0].taken_by == "agent_advisor" else lead
    again = await winner.callbacks.take(item.id)  # a retry by the winner is safe
    assert again.taken_by == won[0].taken_by
    # Without a dialling API the desk dials through tel: (the server says so).
    with pytest.raises(errors.APIStatusError) as dial:
        await winner.callbacks.dial(item.id)
    assert dial.value.code == "dial_not_configured"
    loser = lead if winner is advisor else advisor
    with pytest.raises(errors.APIStatusError) as not_yours:
        await loser.callbacks.finish(item.id, "resolved")
    assert not_yours.value.code == "callback_not_yours"
    with pytest.raises(errors.APIStatusError):
        await winner.callbacks.finish(item.id, "not-a-disposition")
    done = await winner.callbacks.finish(item.id, "resolved")
    assert done.status == m.CallbackStatus.DONE and done.outcome == "resolved"
    assert (await winner.callbacks.finish(item.id, "resolved")).status == m.CallbackStatus.DONE
    assert (await advisor.callbacks.list()).items == []


async def test_leads_floor_shows_callbacks_waiting_and_late(http, lead, ctx) -> None:
    await ivr_callback(http, 8103, "+44 20 7946 0614")
    await ivr_callback(http, 8104, "+44 20 7946 0615")
    with ctx.db.transaction() as session:
        session.execute(
            update(CallbackRow)
            .where(CallbackRow.number == "+442079460614")
            .values(
                requested_at=utcnow() - timedelta(minutes=45),
                due_at=utcnow() - timedelta(minutes=15),
            )
        )
    floor = await lead.floor.retrieve()
    assert floor.callbacks_waiting == 2 and floor.callbacks_late == 1
    assert floor.oldest_callback_minutes is not None and 44 < floor.oldest_callback_minutes < 50
    listing = await lead.callbacks.list()
    assert [i.late for i in listing.items] == [True, False]
