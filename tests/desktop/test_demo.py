"""``caredesk --demo``: the embedded server as a child process, and the Demo menu's simulations
arriving on the desk as real vendor-format webhooks."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication

from backend_client import models as m
from desktop import demo_launcher
from desktop.app import DeskApp
from desktop.config import DeskConfig
from desktop.state import Roles
from tests.desktop.conftest import Loop, until


def test_demo_backend_and_every_simulation(aloop: Loop, tmp_path) -> None:
    backend = demo_launcher.spawn(tmp_path / "demo")

    async def scenario() -> None:
        app = DeskApp(QApplication.instance(), DeskConfig(), demo=backend)  # type: ignore[arg-type]
        try:
            await app.start()
            assert app.desk.me is not None and app.desk.me.username == "advisor"
            actions = {a.text(): a for a in app.demo_menu.actions()}
            model = app.desk.conversations

            def rows() -> list[m.Conversation]:
                return [
                    model.data(model.index(i), Roles.CONVERSATION) for i in range(model.rowCount())
                ]

            actions["Unknown caller rings"].trigger()
            await until(lambda: len(rows()) == 1, 15, "the unknown caller")
            assert (rows()[0].state, rows()[0].auth_state) == ("ringing", "unverified")
            actions["Answer the ringing call (softphone)"].trigger()
            await until(
                lambda: app.window.stack.currentWidget() is app.window.challenge,
                15,
                "the challenge",
            )

            actions["App-token caller rings"].trigger()
            await until(
                lambda: any(r.auth_state == "verified_app" for r in rows()), 15, "the app caller"
            )
            actions["App-token caller from a number not on the account"].trigger()
            await until(
                lambda: any(r.pending == "date_of_birth" for r in rows()), 15, "the DOB check"
            )
            actions["GP practice rings"].trigger()
            await until(lambda: len(rows()) == 4, 15, "the GP practice")
            actions["Intercom chat from a logged-in patient"].trigger()
            await until(
                lambda: any(r.channel == "chat" and r.auth_state == "verified_app" for r in rows()),
                15,
                "the chat",
            )
            # Announced, not opened over the call the advisor is on…
            await until(lambda: app.notifier.shown[-1][0] == "New chat", 15, "the announcement")
            assert app.window.stack.currentWidget() is app.window.challenge
            # …until the advisor opens it.
            chat = next(r for r in rows() if r.channel == "chat")
            app.desk.conversation.open(chat.id)
            await until(
                lambda: app.window.stack.currentWidget() is app.window.account,
                15,
                "the chat's account",
            )
            before, rang = len(rows()), len(app.notifier.shown)
            actions["Abandoned call"].trigger()
            # It rings (the tray says so), then the caller gives up and it leaves the panel.
            await until(
                lambda: len(app.notifier.shown) == rang + 1, 15, "the abandoned call ringing"
            )
            assert app.notifier.shown[-1][0] == "Incoming call"
            await until(lambda: len(rows()) == before, 15, "the abandoned call gone from the panel")

            # Texts: one from a mobile, and an abandoned caller who answers the missed-call text.
            actions["Text from a mobile"].trigger()
            await until(lambda: app.notifier.shown[-1][0] == "New text", 15, "the text")
            actions["Abandoned call, then the caller texts back"].trigger()
            await until(
                lambda: sum(r.channel == "sms" for r in rows()) == 2, 15, "the reply to the text"
            )
            texting = next(r for r in rows() if r.channel == "sms")
            app.desk.conversation.open(texting.id)
            await until(lambda: app.window.thread.bubbles(), 15, "the thread")
            # The enquiry inbox hears of a web-form enquiry.
            actions["Enquiry from the website's contact form"].trigger()
            await until(
                lambda: app.window.status.enquiries_button.text() == "Enquiries: 1 unread",
                15,
                "the count",
            )
            app.window.status.enquiries_button.click()
            inbox = app.window.docks.enquiries
            assert inbox is not None
            await until(lambda: inbox.list.count() == 1, 15, "the enquiry")
            assert "Change of GP practice" in inbox.list.item(0).text()
        finally:
            await app.desk.aclose()
            app.window.close()

    try:
        aloop.run(scenario(), timeout=120)
    finally:
        backend.stop()
    assert backend.process.poll() is not None  # the child server is gone with the desk
