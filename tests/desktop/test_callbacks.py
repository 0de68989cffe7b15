"""Call-backs on the desk, against a real server: a caller who chose the queue's call-back
option is counted in the status bar; Ctrl+4 opens the list; Enter takes it; the colleague who
tried second is told who was first; the taker dials it (through tel: here, as this server has
no dialling API) and records the outcome. A late one says so in words and in colour, and the
idle lock leaves no number on screen."""

from __future__ import annotations

from datetime import timedelta

import httpx
from PySide6.QtCore import Qt
from PySide6.QtGui import QDesktopServices
from sqlalchemy import update

from backend_client import models as m
from desktop import theme
from desktop.views.callbacks import CallbacksPanel
from server.core.orm import CallbackRow, utcnow
from tests.desktop.conftest import Loop, open_desk, until, widget_text
from tests.desktop.test_pharmacist import Softphone
from tests.live_server import LiveServer
from tests.support import aircall

CTRL = Qt.KeyboardModifier.ControlModifier


async def asks_for_call_back(server: LiveServer, call_id: int, number: str) -> None:
    body = aircall("call.hungup", call_id, raw_digits=number, user=None, ended=True)
    # As Aircall documents ivr_options_selected: the menu choice's title, key and branch.
    body["data"]["ivr_options_selected"] = [{"title": "Call back", "key": "2", "branch": "2"}]
    async with httpx.AsyncClient(base_url=server.url) as http:
        (await http.post("/webhooks/aircall", json=body)).raise_for_status()


def test_a_call_back_is_taken_once_dialled_and_recorded(
    aloop: Loop, live_server: LiveServer, qtbot, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    async def scenario() -> None:
        async with open_desk(live_server) as advisor, open_desk(live_server, "lead") as lead:
            window = advisor.window
            assert window.docks.callbacks is None  # not built until first opened
            await asks_for_call_back(live_server, 9401, "+44 20 7946 0641")
            button = window.status.callbacks_button
            await until(lambda: button.text() == "Call-backs: 1 waiting", what="the count")
            assert button.isVisible() and button.property("late") is False

            window.activateWindow()
            await until(window.isActiveWindow, what="the advisor's window active")
            qtbot.keyClick(window, Qt.Key.Key_4, CTRL)
            panel = window.docks.callbacks
            assert isinstance(panel, CallbacksPanel)
            await until(panel.isVisible, what="the call-backs open")
            assert panel.list.hasFocus()
            await until(lambda: panel.list.count() == 1, what="the call-back listed")
            row = panel.list.item(0)
            assert row.text().startswith(
                "020 7946 0641 · rang 020 7946 0000\nwaited 0 min · call back by"
            )
            assert row.text().endswith("free to take")
            assert panel.summary.text() == "1 waiting · 0 late · call back within 30 min"
            assert panel.take.isEnabled() and not panel.dial.isEnabled()

            lead.window.status.callbacks_button.click()
            theirs = lead.window.docks.callbacks
            assert isinstance(theirs, CallbacksPanel)
            await until(lambda: theirs.list.count() == 1, what="the lead's list")
            callback_id = theirs.list.item(0).data(Qt.ItemDataRole.UserRole)

            # Enter takes it; the server says it is the advisor's.
            qtbot.keyClick(panel.list, Qt.Key.Key_Return)
            await until(
                lambda: panel.banner.text() == "The call-back is yours: dial 020 7946 0641.",
                what="taken",
            )
            assert panel.list.item(0).text().endswith("· yours")
            assert panel.dial.isEnabled() and not panel.take.isEnabled()
            assert button.text() == "Call-backs: 1 yours"
            # The colleague's list learns who took it; taking it from a list not yet updated
            # is refused with the name of who was first.
            await until(
                lambda: theirs.list.item(0).text().endswith("taken by Alex Morgan"),
                what="the lead's list updated",
            )
            assert not theirs.take.isEnabled()
            theirs.callbacks.take(callback_id)
            await until(
                lambda: theirs.banner.text() == "Alex Morgan has taken this call-back.",
                what="the second taker told",
            )
            with live_server.ctx.db.reader() as session:
                stored = session.get(CallbackRow, callback_id)
                assert stored is not None and stored.taken_by == "agent_advisor"

            # Dial: no dialling API on this server, so the softphone gets a tel: link.
            softphone = Softphone()
            QDesktopServices.setUrlHandler("tel", softphone, "dial")
            try:
                qtbot.keyClick(panel.list, Qt.Key.Key_Return)  # Enter on one's own: dial it
                await until(lambda: softphone.dialled, what="the tel: link")
            finally:
                QDesktopServices.unsetUrlHandler("tel")
            assert softphone.dialled == ["tel:+442079460641"]
            assert panel.banner.text() == "Your softphone has the number: press call."

            # A second caller, waiting past the service level: LATE in words and in colour.
            await asks_for_call_back(live_server, 9402, "+44 20 7946 0642")
            await until(lambda: panel.list.count() == 2, what="the second call-back")
            with live_server.ctx.db.transaction() as session:
                session.execute(
                    update(CallbackRow)
                    .where(CallbackRow.number == "+442079460642")
                    .values(
                        requested_at=utcnow() - timedelta(minutes=40),
                        due_at=utcnow() - timedelta(minutes=10),
                    )
                )
            window.docks.callback_list.reload()  # type: ignore[union-attr]
            await until(lambda: "LATE" in panel.list.item(0).text(), what="late")
            late_row = panel.list.item(0)
            assert "waited 40 min" in late_row.text() and late_row.text().endswith("free to take")
            assert late_row.foreground().color() == theme.colour("error_fg")
            assert panel.summary.text() == "1 waiting · 1 late · call back within 30 min"
            assert button.text() == "Call-backs: 1 waiting, 1 late, 1 yours"
            assert button.property("late") is True
            window.grab().save(str(tmp_path / "callbacks.png"))

            # Recorded with a disposition: gone from the list, done on the server.
            panel.list.setCurrentRow(1)
            assert panel.list.currentItem().text().endswith("· yours")
            panel.outcome.setCurrentIndex(panel.outcome.findData("resolved"))
            qtbot.mouseClick(panel.record, Qt.MouseButton.LeftButton)
            await until(lambda: panel.list.count() == 1, what="recorded")
            assert panel.banner.text() == "Call-back recorded: Resolved."
            with live_server.ctx.db.reader() as session:
                stored = session.get(CallbackRow, callback_id)
                assert stored is not None and (stored.status, stored.outcome) == (
                    m.CallbackStatus.DONE.value,
                    "resolved",
                )
            await until(lambda: theirs.list.count() == 1, what="the lead's list updated")

            # Behind the idle lock: no caller's number on screen; after, the list is back.
            advisor.desk.idle_lock.lock()
            await until(lambda: advisor.desk.locked, what="the lock")
            assert "7946 0642" not in widget_text(window)
            assert not panel.isVisible()
            advisor.desk.idle_lock.unlock("demo")
            await until(panel.isVisible, what="the call-backs back")
            await until(lambda: panel.list.count() == 1, what="the list back")

    aloop.run(scenario(), timeout=90)


def test_a_desk_with_nobody_waiting_says_so(aloop: Loop, live_server: LiveServer, qtbot) -> None:  # type: ignore[no-untyped-def]
    async def scenario() -> None:
        async with open_desk(live_server) as advisor:
            window = advisor.window
            assert not window.status.callbacks_button.isVisible()  # nothing to count
            window.docks.focus_callbacks()
            panel = window.docks.callbacks
            assert panel is not None
            await until(panel.empty.isVisible, what="the empty list said")
            assert panel.empty.text() == "Nobody is waiting for a call-back."
            assert not (panel.take.isEnabled() or panel.dial.isEnabled())
            assert not panel.record.isEnabled()

    aloop.run(scenario(), timeout=60)
