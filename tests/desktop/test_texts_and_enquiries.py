"""The desk's texts and enquiries, against a real server: a text in becomes a conversation the
advisor answers with a quick response; STOP greys the reply out; an enquiry is read, answered by
phone and shows its state; the idle lock leaves none of it in a widget."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import httpx
from PySide6.QtCore import Qt
from sqlalchemy import select

from backend_client import models as m
from desktop.state import Roles
from desktop.views.enquiries import EnquiriesPanel, OutOfOfficeDialog
from server import maintenance
from server.core.orm import EnquiryRow, OutboundMessage, TeamSetting
from tests.desktop.conftest import Loop, open_desk, until, widget_text
from tests.live_server import LiveServer
from tests.support import APP_KEY, CTI_TOKEN

MOBILE = "+447700900188"


async def text_in(server: LiveServer, message_id: str, body: str) -> str:
    async with httpx.AsyncClient(base_url=server.url) as http:
        response = await http.post(
            "/webhooks/sms",
            json={"id": message_id, "from": MOBILE, "to": "+442079460000", "body": body},
            headers={"X-CareDesk-CTI-Token": CTI_TOKEN},
        )
    response.raise_for_status()
    return str(response.json()["conversation_id"])


def test_a_text_becomes_a_conversation_answered_with_a_quick_response(
    aloop: Loop, live_server: LiveServer, qtbot, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    async def scenario() -> None:
        async with open_desk(live_server) as advisor:
            window = advisor.window
            conv_id = await text_in(live_server, "SMdesk1", "Hi, is my parcel on its way?")
            # It rings in the panel as a new text, and opens with its thread above the challenge.
            await until(lambda: advisor.desk.conversations.conversation(conv_id), what="the text")
            conv = advisor.desk.conversations.conversation(conv_id)
            assert conv.channel is m.Channel.SMS and conv.state is m.ConversationState.RINGING
            # The first text listed makes the thread's view in a turn of its own, hidden until
            # the text is opened: not in the open's frame.
            await until(lambda: window.thread is not None, what="the thread's view, made ahead")
            assert not window.thread.isVisible()
            # A second text before it is opened: announced, as the first was.
            await until(lambda: advisor.notifier.shown, what="the first announcement")
            announced = len(advisor.notifier.shown)
            await text_in(live_server, "SMdesk0", "Order 12345")
            await until(lambda: len(advisor.notifier.shown) == announced + 1, what="the second")
            assert advisor.notifier.shown[-1] == ("New text", "+44 7700 900188")
            model = advisor.desk.conversations
            index = model.index(model.row_of(conv_id))
            assert model.data(index, Roles.UNREAD) is True  # the row says so until it is opened
            assert model.data(index, Qt.ItemDataRole.AccessibleTextRole).endswith("new text")
            advisor.desk.conversation.open(conv_id)
            await until(lambda: model.data(index, Roles.UNREAD) is False, what="read")
            thread = window.thread
            await until(lambda: thread.isVisible() and thread.bubbles(), what="the thread")
            assert [b.body.text() for b in thread.bubbles()] == [
                "Hi, is my parcel on its way?",
                "Order 12345",
            ]
            assert all(b.body.textFormat() is Qt.TextFormat.PlainText for b in thread.bubbles())
            assert window.stack.currentWidget() is window.challenge  # verify while texting

            # A quick response, chosen and sent unchanged, goes as the quick response.
            await until(lambda: thread.quick.count() > 1, what="the quick responses")
            index = thread.quick.findData("call_back")
            thread.quick.setCurrentIndex(index)
            thread.quick.activated.emit(index)
            preview = thread.editor.toPlainText()
            assert preview.startswith("Hi, it's Alex from the pharmacy")
            assert thread.counter.text() == f"{len(preview)} / 255"
            assert thread.send.isEnabled()
            qtbot.mouseClick(thread.send, Qt.MouseButton.LeftButton)
            await until(
                lambda: [b.body.text() for b in thread.bubbles()][-1:] == [preview],
                what="the reply in the thread",
            )
            await until(lambda: "sent" in thread.bubbles()[-1].meta.text(), what="the reply sent")
            assert "quick response" in thread.bubbles()[-1].meta.text()
            assert thread.editor.toPlainText() == ""
            with live_server.ctx.db.reader() as session:
                sent = session.scalars(
                    select(OutboundMessage).where(OutboundMessage.conversation_id == conv_id)
                ).all()
            assert [(s.kind, s.body, s.status) for s in sent] == [
                ("quick_response", preview, "sent")
            ]
            await until(
                lambda: (
                    advisor.desk.conversations.conversation(conv_id).state
                    is m.ConversationState.ACTIVE
                ),
                what="the text taken",
            )

            # Over 255 characters the send button greys out and the counter says so.
            thread.editor.setPlainText("x" * 256)
            assert not thread.send.isEnabled() and thread.counter.property("over") is True
            thread.editor.clear()

            # A quick response in the box, then Polish chosen: the box keeps what the advisor
            # read, and it goes as written (not refilled in Polish by the server).
            thread.quick.setCurrentIndex(index)
            thread.quick.activated.emit(index)
            pl = thread.language.findData("pl")
            thread.language.setCurrentIndex(pl)
            thread.language.activated.emit(pl)
            await until(
                lambda: any("Oddzwonimy" in q.preview for q in advisor.window.texts.quick),
                what="the Polish quick responses",
            )
            assert thread.editor.toPlainText() == preview
            qtbot.mouseClick(thread.send, Qt.MouseButton.LeftButton)
            await until(lambda: len(thread.bubbles()) == 4, what="the second reply")
            assert "quick response" not in thread.bubbles()[-1].meta.text()
            assert thread.bubbles()[-1].body.text() == preview

            # STOP: the thread says so, and nothing can be sent.
            await text_in(live_server, "SMdesk2", "STOP")
            await until(lambda: thread.opted_out.isVisible(), what="the opt-out")
            thread.editor.setPlainText("Hello?")
            assert not thread.send.isEnabled() and not thread.app_link.isEnabled()
            window.grab().save(str(tmp_path / "sms.png"))

            # The idle lock: no text, and no draft, left in any widget; the draft comes back.
            advisor.desk.idle_lock.lock()
            await until(lambda: advisor.desk.locked, what="the lock")
            shown = widget_text(window)
            assert "parcel" not in shown and "Alex from the pharmacy" not in shown
            assert thread.editor.toPlainText() == ""

    aloop.run(scenario(), timeout=60)


def test_an_enquiry_is_read_answered_by_phone_and_shows_its_state(
    aloop: Loop, live_server: LiveServer, qtbot, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    form = {
        "name": "Jo Bloggs",
        "email": "jo@example.test",
        "subject": "Change of GP",
        "body": "I moved house; which GP will sign my repeat now?",
    }

    async def scenario() -> None:
        async with open_desk(live_server) as advisor:
            controller = advisor.window.docks.enquiry_inbox
            assert (
                controller is not None and advisor.window.docks.enquiries is None
            )  # not built yet
            async with httpx.AsyncClient(base_url=live_server.url) as http:
                made = await http.post(
                    "/v1/enquiries", json=form, headers={"Authorization": f"Bearer {APP_KEY}"}
                )
            enquiry_id = made.json()["id"]

            def row():  # type: ignore[no-untyped-def]
                for n in range(inbox.list.count()):
                    if inbox.list.item(n).data(Qt.ItemDataRole.UserRole) == enquiry_id:
                        return inbox.list.item(n)
                return None

            # The status bar counts it; its count opens the inbox (built then).
            button = advisor.window.status.enquiries_button
            await until(lambda: button.text() == "Enquiries: 1 unread", what="the count")
            qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
            inbox = advisor.window.docks.enquiries
            assert isinstance(inbox, EnquiriesPanel)
            await until(inbox.isVisible, what="the inbox open")
            await until(row, what="the enquiry in the inbox")
            assert row().text().startswith("[NEW] Change of GP") and row().font().bold()
            # Two days unread (the server's clock moved on by the sweep): the desk says so.
            with live_server.ctx.db.reader() as session:
                stored = session.get(EnquiryRow, enquiry_id)
                assert stored is not None
                created = stored.created_at
            swept = maintenance.sweep(live_server.ctx, created + timedelta(days=2, seconds=1))
            assert swept == {"reminded": 1, "rerouted": 0}
            await until(lambda: "reminder sent" in row().text(), what="the reminder")
            assert "waited two days" in advisor.window.statusBar().currentMessage()
            assert "1 unread" in inbox.count.text()

            # Opening it marks it read, on the server and in the list.
            inbox.list.setCurrentItem(row())
            qtbot.mouseClick(
                inbox.list.viewport(),
                Qt.MouseButton.LeftButton,
                pos=inbox.list.visualItemRect(row()).center(),
            )
            await until(lambda: inbox.body.toPlainText() == form["body"], what="the enquiry")
            await until(lambda: not row().font().bold(), what="read")
            assert "NEW" not in row().text() and "0 unread" in inbox.count.text()
            assert advisor.window.status.enquiries_button.text() == "Enquiries"
            assert inbox.state.text() == "Open · read by Alex Morgan"
            assert not inbox.by_phone.isEnabled()  # nothing to note yet

            inbox.answer.setPlainText("Called Jo: the new practice takes over next month.")
            # A click that also activates (some platforms' styles) keeps the draft.
            inbox.list.itemActivated.emit(row())
            assert inbox.answer.toPlainText().startswith("Called Jo")
            assert inbox.by_phone.isEnabled() and inbox.reject.isEnabled()
            qtbot.mouseClick(inbox.by_phone, Qt.MouseButton.LeftButton)
            await until(lambda: inbox.state.text().startswith("Answered by phone"), what="done")
            assert "by Alex Morgan" in inbox.state.text()
            assert inbox.banner.text() == "Recorded as answered by phone."
            assert "answered by phone" in row().text()
            assert not (inbox.reply.isEnabled() or inbox.by_phone.isEnabled())
            with live_server.ctx.db.reader() as session:
                stored = session.get(EnquiryRow, enquiry_id)
                assert stored is not None
                assert (stored.state, stored.answer_channel) == ("answered", "phone")
            advisor.window.grab().save(str(tmp_path / "enquiries.png"))

            advisor.desk.idle_lock.lock()
            await until(lambda: advisor.desk.locked, what="the lock")
            assert "Change of GP" not in widget_text(advisor.window)
            assert inbox.body.toPlainText() == "" and not inbox.isVisible()
            advisor.desk.idle_lock.unlock("demo")  # the password: the inbox comes back as it was
            await until(inbox.isVisible, what="the inbox back")
            await until(row, what="the list back")

    aloop.run(scenario(), timeout=60)


def test_a_lead_switches_a_teams_out_of_office_reply_on(
    aloop: Loop, live_server: LiveServer, qtbot
) -> None:  # type: ignore[no-untyped-def]
    async def scenario() -> None:
        async with open_desk(live_server, "lead") as lead:
            lead.window.status.enquiries_button.click()
            inbox = lead.window.docks.enquiries
            assert isinstance(inbox, EnquiriesPanel) and not inbox.away.isHidden()
            inbox._ask_out_of_office()
            dialog = inbox.findChild(OutOfOfficeDialog)
            assert dialog is not None
            dialog.team.setCurrentText("patient-care")
            dialog.on.click()  # no reply written: refused, the dialog stays
            assert dialog.isVisible() and dialog.problem.isVisible()
            dialog.message.setPlainText("We're closed for training until 2 pm.")
            dialog.on.click()
            await until(lambda: "Out-of-office reply on" in inbox.banner.text(), what="set")
            with live_server.ctx.db.reader() as session:
                setting = session.get(TeamSetting, "patient-care")
                assert setting is not None
                assert setting.out_of_office_message == "We're closed for training until 2 pm."
                assert setting.out_of_office_until is not None
                assert setting.out_of_office_until > datetime.now(UTC)

    aloop.run(scenario(), timeout=60)
