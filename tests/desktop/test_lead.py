"""The lead's desk: the floor updates live from the event stream (a waiting call, its SLA mark,
a locked challenge to unlock) and the figures come from the server, charted and exported."""

from __future__ import annotations

import asyncio
import csv
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
from PySide6.QtCore import Qt

from backend_client import models as m
from server.core.orm import Account, Conversation
from tests.desktop.conftest import Loop, open_desk, until, widget_text
from tests.live_server import LiveServer
from tests.support import RELAY_TOKEN, aircall


def test_the_floor_shows_a_waiting_call_live_and_marks_its_breach(
    aloop: Loop, live_server: LiveServer, qtbot
) -> None:  # type: ignore[no-untyped-def]
    async def scenario() -> None:
        async with open_desk(live_server, "lead") as app:
            floor = app.window.docks.floor_panel
            lead = app.window.docks.lead
            assert floor is not None and lead is not None
            floor.raise_()
            await until(lambda: lead.floor is not None, what="the floor")
            async with httpx.AsyncClient(base_url=live_server.url) as http:
                reply = await http.post(
                    "/webhooks/aircall", json=aircall("call.created", 8801, user=None)
                )
            waiting_id = reply.json()["conversation_id"]
            # No refresh by hand: floor.updated arrives and the dock fetches the floor again.
            await until(
                lambda: (
                    lead.floor is not None and any(w.id == waiting_id for w in lead.floor.waiting)
                ),
                what="the waiting call on the floor",
            )
            # The call's own start time came from the webhook: set it to 5 seconds ago.
            with live_server.ctx.db.transaction() as session:
                row = session.get(Conversation, waiting_id)
                assert row is not None
                row.started_at = datetime.now(UTC) - timedelta(seconds=5)
            lead.refresh()
            await until(
                lambda: (
                    floor.waiting.count() == 1 and "within 30 s" in floor.waiting.item(0).text()
                ),
                what="the call within its SLA",
            )
            assert "1 waiting, 0 over SLA" in floor.summary.text()
            # 45 seconds later (moved back in the database), the next fetch marks it late.
            with live_server.ctx.db.transaction() as session:
                row = session.get(Conversation, waiting_id)
                assert row is not None
                row.started_at = datetime.now(UTC) - timedelta(seconds=45)
            lead.refresh()
            await until(lambda: "over 30 s" in floor.waiting.item(0).text(), what="the breach")
            assert "1 waiting, 1 over SLA" in floor.summary.text()
            caller = lead.floor.waiting[0].caller_display  # type: ignore[union-attr]
            assert caller in widget_text(app.window)

            # Behind the idle lock, and while the timers tick, no caller's number shows.
            app.desk.idle_lock.lock()
            await until(lambda: app.desk.locked, what="the lock")
            lead.refresh()
            await asyncio.sleep(1.2)  # a tick of the floor's timers passes while locked
            assert caller not in widget_text(app.window)
            app.desk.idle_lock._set_locked(
                False
            )  # as an unlock does, without the password round trip

            # Answered by an agent: it leaves the queue live.
            async with httpx.AsyncClient(base_url=live_server.url) as http:
                await http.post(
                    "/webhooks/aircall",
                    json=aircall("call.answered", 8801, user="advisor", answered=True),
                )
            await until(
                lambda: (
                    lead.floor is not None
                    and not any(w.id == waiting_id for w in lead.floor.waiting)
                ),
                what="the call off the floor",
            )

    aloop.run(scenario(), timeout=60)


def test_the_figures_are_charted_and_exported(
    aloop: Loop, live_server: LiveServer, qtbot, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    async def scenario() -> None:
        async with open_desk(live_server, "lead") as app:
            figures = app.window.docks.kpi_panel
            lead = app.window.docks.lead
            assert figures is not None and lead is not None
            figures.raise_()
            await until(lambda: lead.stats is not None, what="today's figures")
            async with httpx.AsyncClient(base_url=live_server.url) as http:
                for n, event in enumerate(("call.answered", "call.answered")):
                    await http.post(
                        "/webhooks/aircall",
                        json=aircall(event, 8900 + n, user="advisor", answered=True),
                    )
                # An email waiting in the patient-care inbox: the team's row in the figures.
                waiting = (
                    b"From: jo@example.test\r\nTo: care@pharmacy.example\r\n"
                    b"Subject: Waiting\r\nMessage-ID: <lead-fig@example.test>\r\n\r\nHello\r\n"
                )
                relayed = await http.post(
                    "/webhooks/email/raw",
                    content=waiting,
                    headers={"Authorization": f"Bearer {RELAY_TOKEN}"},
                )
                assert relayed.status_code == 200, relayed.text
            figures.refresh.click()
            await until(
                lambda: lead.stats is not None and lead.stats.calls_answered >= 2,
                what="the answered calls counted",
            )
            assert figures.values["answered"].text() == str(lead.stats.calls_answered)  # type: ignore[union-attr]
            assert len(figures.calls_chart.getPlotItem().items) == 3  # answered, missed, abandoned
            figures.period.setCurrentIndex(1)
            await until(lambda: lead.stats is not None and lead.stats.period is m.StatsPeriod.WEEK)
            assert len(lead.stats.buckets) == 7  # type: ignore[union-attr]
            out = tmp_path / "figures.csv"
            figures.save_csv(out)
            rows = list(csv.reader(out.open(encoding="utf-8")))
            assert ["period", "week"] in rows
            assert ["calls_answered", str(lead.stats.calls_answered)] in rows  # type: ignore[union-attr]
            assert "Saved" in figures.banner.text()
            # Each team's enquiries against its response target (24 h, 48 h), shown and exported.
            targeted = [r for r in lead.stats.enquiry_response if r.target_hours]  # type: ignore[union-attr]
            assert [r.team for r in targeted if r.waiting] == ["patient-care"]
            for row in targeted:
                assert f"{row.team}: " in figures.enquiry_response.text()
                assert f"target {row.target_hours} h" in figures.enquiry_response.text()
                assert f"{row.overdue} overdue" in figures.enquiry_response.text()
            header = next(r for r in rows if r[:1] == ["enquiries team"])
            assert header[-3:] == ["target hours", "within target", "overdue"]

    aloop.run(scenario(), timeout=60)


def test_a_lead_clears_an_accounts_challenge_lock_from_the_floor(
    aloop: Loop, live_server: LiveServer, qtbot
) -> None:  # type: ignore[no-untyped-def]
    with live_server.ctx.db.transaction() as session:
        account = session.get(Account, "pat_00095")
        assert account is not None
        account.challenge_locked_at = datetime.now(UTC) - timedelta(minutes=20)

    async def scenario() -> None:
        async with open_desk(live_server, "lead") as app:
            floor, lead = app.window.docks.floor_panel, app.window.docks.lead
            assert floor is not None and lead is not None
            floor.raise_()

            def row() -> int:
                texts = [floor.locked.item(n).text() for n in range(floor.locked.count())]
                return next((n for n, t in enumerate(texts) if "pat_00095" in t), -1)

            await until(lambda: row() >= 0, what="the locked account on the floor")
            floor.locked.setCurrentRow(row())
            assert floor.unlock.isEnabled()
            qtbot.mouseClick(floor.unlock, Qt.MouseButton.LeftButton)
            await until(lambda: row() < 0, what="the lock cleared")
            assert "Unlocked: pat_00095" in floor.banner.text()
        with live_server.ctx.db.reader() as session:
            cleared = session.get(Account, "pat_00095")
            assert cleared is not None and cleared.challenge_locked_at is None

    aloop.run(scenario(), timeout=60)
