"""Offline, workflows that allow it queue their action (sealed, with its key made first); back
online they are sent in order, once each; a refusal is shown and kept until dismissed."""

from __future__ import annotations

from PySide6.QtCore import Qt
from sqlalchemy import select

from desktop.state import Connection
from server.core.orm import Conversation, Note
from tests.desktop.conftest import Loop, open_desk, until
from tests.desktop.test_palette_and_runner import app_token_call
from tests.live_server import LiveServer
from tests.support import patient


def notes_saying(server: LiveServer, text: str) -> list[Note]:
    with server.ctx.db.reader() as session:  # type: ignore[union-attr]
        return list(session.scalars(select(Note).where(Note.body == text)))


async def add_note_offline(window, qtbot, text: str) -> None:  # type: ignore[no-untyped-def]
    window.open_workflow("add_note")
    runner = window.runner
    await until(lambda: window.stack.currentWidget() is runner, what="the runner")
    qtbot.keyClicks(runner.inputs["body"], text)
    qtbot.keyClick(runner.inputs["body"], Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    await until(lambda: runner.banner.text().startswith("Offline: kept"), what="queued")
    qtbot.keyClick(runner, Qt.Key.Key_Escape)


def test_actions_made_offline_are_sent_once_when_back(
    aloop: Loop, live_server: LiveServer, qtbot
) -> None:
    facts = patient(live_server.ctx, "pat_00090")

    async def scenario() -> None:
        async with open_desk(live_server) as desk:
            window, controller = desk.window, desk.desk
            await app_token_call(live_server, facts.account_id, 90)
            await until(lambda: window.account.name.text() == facts.full_name, what="account")
            await until(lambda: controller.cache is not None, what="the cache")
            conversation_id = controller.current_id

            live_server.stop()
            await until(
                lambda: controller.connection.state is not Connection.LIVE,
                what="offline",
                timeout=20,
            )
            await add_note_offline(window, qtbot, "Offline note one")
            await add_note_offline(window, qtbot, "Offline note two")
            await until(
                lambda: window.status.outbox_label.text() == "2 waiting to send", what="2 waiting"
            )

            live_server.start()  # the same address: the desk reconnects by itself
            await until(
                lambda: not window.status.outbox_label.isVisible(), what="all sent", timeout=40
            )
            one, two = (
                notes_saying(live_server, "Offline note one"),
                notes_saying(live_server, "Offline note two"),
            )
            assert len(one) == 1 and len(two) == 1
            assert one[0].created_at <= two[0].created_at  # in the order made
            assert one[0].conversation_id == conversation_id
            # Replaying again (a second reconnect) sends nothing twice.
            await controller.outbox.replay_outbox()
            assert len(notes_saying(live_server, "Offline note one")) == 1

    aloop.run(scenario(), timeout=120)


def test_a_refusal_after_reconnecting_is_shown_and_kept(
    aloop: Loop, live_server: LiveServer, qtbot
) -> None:
    facts = patient(live_server.ctx, "pat_00091")

    async def scenario() -> None:
        async with open_desk(live_server) as desk:
            window, controller = desk.window, desk.desk
            await app_token_call(live_server, facts.account_id, 91)
            await until(lambda: window.account.name.text() == facts.full_name, what="account")
            await until(lambda: controller.cache is not None, what="the cache")
            conversation_id = controller.current_id
            live_server.stop()
            await until(
                lambda: controller.connection.state is not Connection.LIVE,
                what="offline",
                timeout=20,
            )
            await add_note_offline(window, qtbot, "Too late a note")
            # Meanwhile the conversation was closed (by a lead, say): the note will be refused.
            live_server.start()
            with live_server.ctx.db.transaction() as session:  # type: ignore[union-attr]
                conv = session.get(Conversation, conversation_id)
                assert conv is not None
                conv.state = "closed"
            await until(
                lambda: window.status.outbox_label.text() == "1 refused", what="refused", timeout=40
            )
            assert "Too late a note" not in [
                n.body for n in notes_saying(live_server, "Too late a note")
            ]
            assert window.desk.outbox.items[0].refusal
            window.show_outbox()
            from desktop.views.outbox import OutboxDialog

            dialog = window.findChild(OutboxDialog)
            assert dialog is not None and "refused" in dialog.list.item(0).text()
            assert dialog.dismiss.isEnabled()
            dialog.dismiss.click()
            await until(lambda: not window.status.outbox_label.isVisible(), what="dismissed")
            dialog.close()

    aloop.run(scenario(), timeout=120)


def test_signing_out_with_unsent_actions_asks_first(
    aloop: Loop, live_server: LiveServer, qtbot, monkeypatch
) -> None:
    from PySide6.QtWidgets import QMessageBox

    facts = patient(live_server.ctx, "pat_00092")

    async def scenario() -> None:
        async with open_desk(live_server) as desk:
            window, controller = desk.window, desk.desk
            await app_token_call(live_server, facts.account_id, 92)
            await until(lambda: window.account.name.text() == facts.full_name, what="account")
            await until(lambda: controller.cache is not None, what="the cache")
            live_server.stop()
            await until(
                lambda: controller.connection.state is not Connection.LIVE,
                what="offline",
                timeout=20,
            )
            await add_note_offline(window, qtbot, "Unsent note")
            await until(lambda: window.status.outbox_label.isVisible(), what="waiting")
            asked: list[str] = []
            signed_out: list[bool] = []
            window.signOutRequested.connect(lambda: signed_out.append(True))

            def answer_no(*args):  # type: ignore[no-untyped-def]
                asked.append(args[2])
                return QMessageBox.StandardButton.No

            monkeypatch.setattr(QMessageBox, "question", answer_no)
            window.ask_sign_out()
            assert asked and asked[0].startswith("1 action made offline has not been sent")
            assert signed_out == []
            monkeypatch.setattr(QMessageBox, "question", lambda *a: QMessageBox.StandardButton.Yes)
            window.ask_sign_out()
            assert signed_out == [True]
            live_server.start()

    aloop.run(scenario(), timeout=90)
