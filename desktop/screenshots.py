"""``python -m desktop.screenshots [folder]``: render the main screens at 1366×768 to PNG.

Runs the real desk against the embedded demo server, offscreen, with calls sent as webhooks,
so the pictures show what an advisor sees (synthetic patients only).
"""

from __future__ import annotations

import asyncio
import datetime
import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Pictures never touch the advisor's own palette history.
os.environ["CAREDESK_DATA_DIR"] = tempfile.mkdtemp(prefix="caredesk-shots-data-")
os.environ["CAREDESK_CACHE_DIR"] = tempfile.mkdtemp(prefix="caredesk-shots-cache-")

import keyring
import qasync
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog

from desktop import demo_launcher, keyring_status
from desktop.app import DeskApp, apply_style
from desktop.config import DeskConfig
from desktop.demo_calls import DemoCalls
from desktop.self_test import MemoryKeyring
from desktop.views.sign_in import SignInDialog

SIZE = (1366, 768)


async def wait_for(condition, timeout: float = 15.0) -> None:  # type: ignore[no-untyped-def]  # noqa: ASYNC109
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not condition():
        if loop.time() > deadline:
            raise TimeoutError("the desk did not reach the state to photograph")
        await asyncio.sleep(0.05)


async def shoot(qapp: QApplication, backend: demo_launcher.DemoBackend, out: Path) -> list[Path]:
    saved: list[Path] = []

    def save(widget, name: str) -> None:  # type: ignore[no-untyped-def]
        path = out / f"{name}.png"
        widget.grab().save(str(path))
        saved.append(path)

    fixtures = backend.wait_ready()
    app = DeskApp(qapp, DeskConfig(server_url=fixtures.url), demo=fixtures)
    dialog = SignInDialog(app.desk.session.sign_in, fixtures.url, username="advisor")
    dialog.resize(460, 300)
    dialog.show()
    await asyncio.sleep(0.2)
    save(dialog, "sign-in")
    dialog.close()

    await app.start()
    app.window.resize(*SIZE)
    calls = DemoCalls(fixtures)
    await calls.unknown_caller()
    await calls.answer_ringing()
    await wait_for(lambda: len(app.window.challenge.fields) > 0)
    answered = app.desk.current_id
    assert answered is not None
    await calls.gp_practice()
    await calls.unknown_caller()
    await calls.intercom_chat()  # a logged-in chat: it opens on its account by itself
    await wait_for(lambda: app.desk.conversations.rowCount() == 4)
    app.desk.conversation.open(answered)  # back to the call being verified
    await wait_for(lambda: len(app.window.challenge.fields) > 0)
    await asyncio.sleep(1.2)  # let the timers count
    save(app.window, "panel-and-challenge")

    await calls.app_token_caller()
    await calls.answer_ringing()  # the GP practice, oldest ringing
    await calls.answer_ringing()  # the unknown caller
    await calls.answer_ringing()  # the app-token caller: announced, opened by the advisor

    def verified_call() -> str | None:
        model = app.desk.conversations
        return next(
            (
                cid
                for cid in model.ids()
                if (c := model.conversation(cid)) is not None
                and c.channel.value == "phone"
                and c.auth_state.is_verified
            ),
            None,
        )

    await wait_for(lambda: verified_call() is not None)
    app.desk.conversation.open(verified_call())  # type: ignore[arg-type]
    await wait_for(
        lambda: (
            app.window.account.name.text() != ""
            and app.window.stack.currentWidget() is app.window.account
        )
    )
    await asyncio.sleep(0.5)
    save(app.window, "account-view")
    app.window.account.tabs.setCurrentIndex(2)
    await wait_for(lambda: app.window.account.history.rowCount() > 0)
    await asyncio.sleep(0.2)
    save(app.window, "history-timeline")
    app.window.account.tabs.setCurrentIndex(0)
    app.window.notice.show_notice(keyring_status.advisor_notice())
    await asyncio.sleep(0.2)
    save(app.window, "keyring-notice")
    app.window.notice.hide()

    app.window.open_palette()
    app.window.palette.input.setText("chase gp")
    await asyncio.sleep(0.2)
    save(app.window, "palette")
    app.window.palette.input.setText("")
    await asyncio.sleep(0.1)
    save(app.window, "palette-empty-query")
    await wait_for(lambda: bool(app.desk.knowledge.articles))
    app.window.palette.input.setText("exe")  # an article and a workflow, side by side
    await asyncio.sleep(0.2)
    save(app.window, "palette-articles")
    app.window.palette.close_palette()
    article = next(a for a in app.desk.knowledge.articles if "exempt" in a.tags)
    app.desk.knowledge.open(article.id)
    pane = app.window.articles
    await wait_for(lambda: pane.pane is not None and pane.pane.isVisible())
    await asyncio.sleep(0.3)
    save(app.window, "article-beside-account")
    pane.clear()
    app.window.open_workflow("change_address")
    runner = app.window.runner
    runner.inputs["postcode"].setText("LS1 4AB")  # type: ignore[attr-defined]
    runner.fields._look_up("address")
    await wait_for(lambda: runner.inputs["address"].count() > 1)  # type: ignore[attr-defined]
    runner.inputs["address"].setCurrentIndex(2)  # type: ignore[attr-defined]
    await asyncio.sleep(0.3)
    save(app.window, "workflow-runner")

    # A refusal: the error band, and no script left to read out.
    app.window.open_workflow("change_gp")
    runner.inputs["ods_code"].setText("Z99999")  # type: ignore[attr-defined]
    runner.submit()
    await wait_for(lambda: runner.banner.kind() == "error" and runner.confirm.isEnabled())
    save(app.window, "workflow-refused")

    # The same desk in the dark scheme.
    runner.finished.emit()
    apply_style(qapp, "dark")
    await asyncio.sleep(0.3)
    save(app.window, "dark-account-view")
    app.window.open_palette()
    app.window.palette.input.setText("refund")
    await asyncio.sleep(0.2)
    save(app.window, "dark-palette")
    app.window.palette.close_palette()
    apply_style(qapp, "light")

    # Large screens: the same desk at 2560×1440.
    app.window.resize(2560, 1440)
    await asyncio.sleep(0.3)
    save(app.window, "large-2560x1440")
    app.window.resize(*SIZE)

    # The call ends: wrap-up with the server's outcomes, a note, Close.
    app.desk.wrap_up.end_conversation()
    await wait_for(lambda: app.window.bar.wrap.isVisible())
    app.window.bar.go_to_wrap_up()
    app.window.bar.outcome.setCurrentIndex(1)
    app.window.bar.note.setText("Confirmed the delivery date; nothing else needed.")
    await asyncio.sleep(0.2)
    save(app.window, "wrap-up")
    app.desk.idle_lock.lock()
    await asyncio.sleep(0.2)
    save(app.window, "idle-lock")
    app.desk.idle_lock._set_locked(False)
    app.window.show_shortcuts()
    await asyncio.sleep(0.2)
    sheet = app.window.findChild(QDialog, "shortcutSheet")
    if sheet is not None:
        save(sheet, "shortcuts")
        sheet.close()
    await app.desk.aclose()
    app.window.close()
    await shoot_texts_and_enquiries(qapp, fixtures, save)
    await shoot_pharmacist(qapp, fixtures, save)
    await shoot_polish(qapp, fixtures, save)
    await shoot_lead(qapp, fixtures, save)  # last: its calls ring on the demo advisor
    return saved


async def shoot_texts_and_enquiries(qapp: QApplication, fixtures, save) -> None:  # type: ignore[no-untyped-def]
    """A caller who hung up texts back; then the enquiry inbox with one answered by phone."""
    app = DeskApp(qapp, DeskConfig(server_url=fixtures.url), demo=fixtures)
    await app.start()
    app.window.resize(*SIZE)
    calls = DemoCalls(fixtures)
    conversation_id = await calls.abandoned_then_texts_back()
    await wait_for(lambda: app.desk.conversations.conversation(conversation_id) is not None)
    app.desk.conversation.open(conversation_id)
    thread = app.window.thread
    await wait_for(lambda: len(thread.bubbles()) == 2 and thread.quick.count() > 1)
    index = thread.quick.findData("call_back")
    thread.quick.setCurrentIndex(index)
    thread.quick.activated.emit(index)
    thread.send.click()
    await wait_for(
        lambda: len(thread.bubbles()) == 3 and "sent" in thread.bubbles()[-1].meta.text()
    )
    thread.editor.setPlainText("Could you tell me the name of the medicine, please?")
    await asyncio.sleep(0.3)
    save(app.window, "sms-conversation")

    for _ in range(3):
        await calls.web_enquiry()
    await wait_for(lambda: "3 unread" in app.window.status.enquiries_button.text())
    app.window.status.enquiries_button.click()  # the status bar's count opens the inbox
    inbox = app.window.docks.enquiries
    assert inbox is not None
    await wait_for(lambda: inbox.list.count() == 3)
    first = inbox.list.item(0)
    inbox.list.setCurrentItem(first)
    inbox._chosen(first)
    await wait_for(lambda: inbox.body.toPlainText() != "")
    inbox.answer.setPlainText("Called back: the new practice signs from next month.")
    inbox.by_phone.click()
    await wait_for(lambda: inbox.state.text().startswith("Answered"))
    second = inbox.list.item(0)  # the oldest still open
    inbox.list.setCurrentItem(second)
    inbox._chosen(second)
    await wait_for(lambda: inbox.body.toPlainText() != "" and inbox.reply.isVisible())
    inbox.answer.setPlainText("Thanks: please upload the new certificate in the app under Profile.")
    inbox.raise_()
    await asyncio.sleep(0.3)
    save(app.window, "enquiry-inbox")
    emailed = await calls.email_enquiry()  # with a photo attached, then a follow-up
    await wait_for(lambda: inbox.list.count() == 4)
    row = next(
        inbox.list.item(n)
        for n in range(inbox.list.count())
        if inbox.list.item(n).text().find("Damaged parcel") >= 0
    )
    inbox.list.setCurrentItem(row)
    inbox._chosen(row)
    await wait_for(lambda: inbox.current is not None and inbox.current.id == emailed)
    await asyncio.sleep(0.3)
    save(app.window, "email-enquiry")

    for _ in range(3):  # callers in the queue who chose the call-back option
        await calls.call_back_request()
    listed = app.window.docks.callback_list
    assert listed is not None
    await wait_for(lambda: listed.waiting == 3)
    app.window.status.callbacks_button.click()  # the status bar's count opens the list
    panel = app.window.docks.callbacks
    assert panel is not None
    await wait_for(lambda: panel.list.count() == 3)
    panel.list.setCurrentRow(0)
    panel.take.click()
    await wait_for(lambda: panel.dial.isEnabled())
    await asyncio.sleep(0.3)
    save(app.window, "callbacks")
    await app.desk.aclose()
    app.window.close()


async def shoot_pharmacist(qapp: QApplication, fixtures, save) -> None:  # type: ignore[no-untyped-def]
    """``caredesk --demo --as pharmacist``: the escalations queue, the day, an appointment open."""
    app = DeskApp(qapp, DeskConfig(server_url=fixtures.url), demo=fixtures, demo_user="pharmacist")
    await app.start()
    app.window.resize(*SIZE)
    queue, diary = app.window.docks.escalations, app.window.docks.appointments
    assert queue is not None and diary is not None and app.window.docks.pharmacy is not None
    pharmacy = app.window.docks.pharmacy
    await wait_for(lambda: queue.list.count() > 0 and pharmacy.diary is not None)
    await asyncio.sleep(0.3)
    save(app.window, "pharmacist-escalations")
    diary.raise_()
    booked = next(
        (n for n in range(diary.list.count()) if diary.list.item(n).data(Qt.ItemDataRole.UserRole)),
        0,
    )
    diary.list.setCurrentRow(booked)
    await asyncio.sleep(0.3)
    save(app.window, "pharmacist-day")
    diary.open.click()
    await wait_for(lambda: app.window.account.name.text() != "")
    await asyncio.sleep(0.4)
    save(app.window, "pharmacist-appointment-open")
    await app.desk.aclose()
    app.window.close()


async def shoot_lead(qapp: QApplication, fixtures, save) -> None:  # type: ignore[no-untyped-def]
    """``caredesk --demo --as lead``: the floor with a call waiting, and the figures."""
    app = DeskApp(qapp, DeskConfig(server_url=fixtures.url), demo=fixtures, demo_user="lead")
    await app.start()
    app.window.resize(*SIZE)
    calls = DemoCalls(fixtures)
    await calls.unknown_caller()
    await calls.abandoned_call()
    lead = app.window.docks.lead
    assert lead is not None and app.window.docks.floor_panel and app.window.docks.kpi_panel
    await wait_for(lambda: lead.floor is not None and lead.stats is not None)
    await asyncio.sleep(1.5)  # the floor refetches after the calls' events
    save(app.window, "lead-floor")
    app.window.docks.kpi_panel.raise_()
    app.window.docks.kpi_panel.period.setCurrentIndex(1)  # the last 7 days
    await wait_for(lambda: lead.stats is not None and lead.stats.period.value == "week")
    await asyncio.sleep(0.4)
    save(app.window, "lead-figures")
    await wait_for(lambda: bool(app.desk.knowledge.articles))
    today = datetime.date.today()
    stale = next(a for a in app.desk.knowledge.articles if a.review_due < today)
    app.desk.knowledge.open(stale.id)
    await wait_for(
        lambda: app.window.articles.pane is not None and app.window.articles.pane.isVisible()
    )
    await asyncio.sleep(0.3)
    save(app.window, "article-past-review")  # a lead sees the banner and Edit
    app.window.articles.edit(app.window.articles.pane.article)  # type: ignore[union-attr]
    from desktop.views.article_editor import ArticleEditor

    await wait_for(
        lambda: any(isinstance(w, ArticleEditor) and w.isVisible() for w in qapp.topLevelWidgets())
    )
    editor = next(w for w in qapp.topLevelWidgets() if isinstance(w, ArticleEditor))
    editor.resize(1200, 720)
    await asyncio.sleep(0.5)
    save(editor, "article-editor")
    editor.reject()
    await app.desk.aclose()
    app.window.close()


async def shoot_polish(qapp: QApplication, fixtures, save) -> None:  # type: ignore[no-untyped-def]
    """The same desk in Polish: built after the translations are in, as ``--lang pl`` does."""
    apply_style(qapp, "light", "pl")
    try:
        app = DeskApp(qapp, DeskConfig(server_url=fixtures.url), demo=fixtures)
        await app.start()
        app.window.resize(*SIZE)
        calls = DemoCalls(fixtures)
        await calls.app_token_caller()
        await calls.answer_ringing()
        await wait_for(lambda: app.desk.conversations.rowCount() > 0)
        app.desk.conversation.open(app.desk.conversations.ids()[0])
        await wait_for(lambda: app.window.account.name.text() != "")
        await asyncio.sleep(0.4)
        save(app.window, "polish-account-view")
        app.window.open_workflow("track_order")
        await asyncio.sleep(0.3)
        save(app.window, "polish-workflow")
        await app.desk.aclose()
        app.window.close()
    finally:
        apply_style(qapp, "light", "en")


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    out = Path(args[0] if args else "screenshots")
    out.mkdir(parents=True, exist_ok=True)
    # Pictures never touch the real keyring; one in memory, so they show a desk that has one
    # (the notice for a computer without is a picture of its own).
    keyring.set_keyring(MemoryKeyring())
    qapp = QApplication.instance() or QApplication([])
    assert isinstance(qapp, QApplication)
    apply_style(qapp)
    qapp.setQuitOnLastWindowClosed(False)  # windows open and close as the pictures are taken
    backend = demo_launcher.start(Path(tempfile.mkdtemp(prefix="caredesk-shots-")))
    try:
        with asyncio.Runner(loop_factory=lambda: qasync.QEventLoop(qapp)) as runner:
            saved = runner.run(shoot(qapp, backend, out))
    finally:
        backend.stop()
    for path in saved:
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
