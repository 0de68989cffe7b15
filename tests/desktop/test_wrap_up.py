"""After a call: wrap-up with the server's outcomes, a note and Close, by keyboard; availability
kept by the server and seen by leads; the account view's records by keyboard."""

from __future__ import annotations

import httpx
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication
from sqlalchemy import select

from backend_client import models as m
from server.core.orm import Agent, Conversation, Note
from tests.desktop.conftest import Loop, open_desk, until
from tests.desktop.test_palette_and_runner import app_token_call
from tests.live_server import LiveServer
from tests.support import aircall, patient


async def end_call(server: LiveServer, call_id: int) -> None:
    async with httpx.AsyncClient(base_url=server.url) as http:
        env = aircall("call.ended", call_id, answered=True, ended=True)
        (await http.post("/webhooks/aircall", json=env)).raise_for_status()


def test_wrap_up_and_close_by_keyboard(aloop: Loop, live_server: LiveServer, qtbot) -> None:
    facts = patient(live_server.ctx, "pat_00074")

    async def scenario() -> None:
        async with open_desk(live_server) as desk:
            window = desk.window
            bar = window.bar
            await app_token_call(live_server, facts.account_id, 74)
            await until(lambda: window.account.name.text() == facts.full_name, what="account")
            conv_id = desk.desk.current_id
            assert bar.isVisible() and bar.end.isVisible() and not bar.wrap.isVisible()
            window.account.orders_table.setFocus()
            await end_call(live_server, 74)
            await until(lambda: bar.wrap.isVisible(), what="the wrap-up")
            assert "ended" in bar.summary.text()
            # The call ending never moves the advisor's focus.
            assert window.account.orders_table.hasFocus()

            # Close without an outcome: told, nothing sent.
            qtbot.keyClick(
                window,
                Qt.Key.Key_Return,
                Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
            )
            assert bar.banner.kind() == "warn" and bar.outcome.hasFocus()
            assert desk.desk.current_id == conv_id

            qtbot.keyClick(
                window,
                Qt.Key.Key_W,
                Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
            )
            assert bar.outcome.hasFocus()
            labels = [bar.outcome.itemText(i) for i in range(bar.outcome.count())]
            assert labels[1:] == [d.label for d in desk.desk.wrap_up.dispositions]
            qtbot.keyClick(bar.outcome, Qt.Key.Key_Down)  # the first outcome
            qtbot.keyClick(bar.outcome, Qt.Key.Key_Tab)
            assert bar.note.hasFocus()
            qtbot.keyClicks(bar.note, "Card expired; new card taken.")
            qtbot.keyClick(bar.note, Qt.Key.Key_Return)
            await until(lambda: desk.desk.current_id is None, what="closed")
            assert desk.desk.conversations.conversation(conv_id) is None  # type: ignore[arg-type]
            assert not bar.isVisible()
            with live_server.ctx.db.reader() as session:  # type: ignore[union-attr]
                conv = session.get(Conversation, conv_id)
                note = session.scalar(select(Note).where(Note.conversation_id == conv_id))
            assert conv is not None and conv.state == "closed"
            assert conv.disposition == desk.desk.wrap_up.dispositions[0].code
            assert note is not None and note.body == "Card expired; new card taken."

    aloop.run(scenario(), timeout=90)


def test_end_call_from_the_desk_then_wrap_up(aloop: Loop, live_server: LiveServer, qtbot) -> None:
    facts = patient(live_server.ctx, "pat_00075")

    async def scenario() -> None:
        async with open_desk(live_server) as desk:
            window = desk.window
            await app_token_call(live_server, facts.account_id, 75)
            await until(lambda: window.account.name.text() == facts.full_name, what="account")
            qtbot.keyClick(
                window,
                Qt.Key.Key_E,
                Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
            )
            await until(lambda: window.bar.wrap.isVisible(), what="the wrap-up")
            current = desk.desk.current
            assert current is not None and current.state is m.ConversationState.WRAP_UP
            # The account stays open for the wrap-up window: a note can still be added.
            assert window.stack.currentWidget() is window.account

    aloop.run(scenario(), timeout=90)


def test_availability_is_kept_by_the_server_and_leads_see_it(
    aloop: Loop, live_server: LiveServer, qtbot
) -> None:
    async def scenario() -> None:
        async with open_desk(live_server, "lead") as lead, open_desk(live_server) as advisor:
            team = lead.window.docks.team
            assert team is not None
            await until(lambda: team.list.count() > 1, what="the floor")
            combo = advisor.window.status.availability
            assert combo.currentText() == "Available"
            advisor.window.activateWindow()
            await until(lambda: advisor.window.isActiveWindow(), what="the advisor's window")
            qtbot.keyClick(
                advisor.window,
                Qt.Key.Key_A,
                Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
            )
            assert combo.view().isVisible()  # the choices are open, ready for arrows and Enter
            combo.hidePopup()
            combo.setCurrentIndex(combo.findData("away"))
            combo.activated.emit(combo.currentIndex())
            me = advisor.desk.me
            assert me is not None
            await until(
                lambda: any(
                    me.display_name in team.list.item(i).text()
                    and "Away" in team.list.item(i).text()
                    for i in range(team.list.count())
                ),
                what="the lead's floor",
            )
            with live_server.ctx.db.reader() as session:  # type: ignore[union-attr]
                agent = session.get(Agent, me.id)
            assert agent is not None and agent.availability == "away"

    aloop.run(scenario(), timeout=90)


def test_account_records_by_keyboard(aloop: Loop, live_server: LiveServer, qtbot) -> None:
    facts = patient(live_server.ctx, "pat_00076")

    async def scenario() -> None:
        async with open_desk(live_server) as desk:
            window = desk.window
            account = window.account
            await app_token_call(live_server, facts.account_id, 76)
            await until(lambda: account.name.text() == facts.full_name, what="account")
            orders = account.orders_table
            assert orders.model().rowCount() >= 1
            first = account.orders_model.rows[0]
            # The selected order's whole record is beneath the table, refunds in pounds.
            assert account.order_details.values["Order"].text().startswith(first.id)
            refunds = account.order_details.values["Refunds"].text()
            assert "£" in refunds or "nothing was paid" in refunds
            orders.setFocus()
            qtbot.keyClick(orders, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
            header, row = QGuiApplication.clipboard().text().split("\n")[:2]
            assert header.split("\t")[0] == "Order" and row.split("\t")[0] == first.id
            # Tab leaves the table (no walking its cells).
            qtbot.keyClick(orders, Qt.Key.Key_Tab)
            assert not orders.hasFocus()
            focused = QApplication.focusWidget()
            assert focused is not None and focused is not orders
            # The details are selectable by keyboard too.
            value = account.order_details.values["Tracking"]
            assert value.focusPolicy() & Qt.FocusPolicy.TabFocus
            # History: Alt+H opens it; the call is there.
            qtbot.keyClick(account.tabs, Qt.Key.Key_H, Qt.KeyboardModifier.AltModifier)
            await until(lambda: account.history.rowCount() > 0, what="the history")
            kinds = [e.kind for e in account.history.rows]
            assert "Call" in kinds

    aloop.run(scenario(), timeout=90)
