"""Answers at hand, on the desk against a real server: Ctrl+K finds an article beside the
workflows, opens it beside the account and copies its answer (noted on the conversation); in a
text reply Ctrl+K inserts an answer; a suggestion shows its reason and runs with Enter; and
nothing in an article's markup runs or loads."""

from __future__ import annotations

import re

import httpx
from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import QApplication
from sqlalchemy import select

from backend_client import models as m
from desktop.views.window.palette_entries import Suggested
from server.accounts import snapshot as server_snapshot
from server.core.orm import Account, Note
from tests.desktop.conftest import Loop, open_desk, until
from tests.desktop.test_input_counts import Keyboard
from tests.desktop.test_palette_and_runner import app_token_call
from tests.desktop.test_texts_and_enquiries import text_in
from tests.live_server import LiveServer
from tests.support import patient

CTRL = Qt.KeyboardModifier.ControlModifier
CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
EXEMPT_TITLE = "Free prescriptions: who is exempt from the charge"


def notes_on(server: LiveServer, conversation_id: str) -> list[str]:
    with server.ctx.db.reader() as session:  # type: ignore[union-attr]
        return list(
            session.scalars(
                select(Note.body)
                .where(Note.conversation_id == conversation_id)
                .order_by(Note.created_at)
            )
        )


def shown(window) -> bool:  # type: ignore[no-untyped-def]
    pane = window.articles.pane
    return pane is not None and pane.isVisible()


def english_patient_with(
    server: LiveServer, wanted: str | None = None, *, none: bool = False
) -> tuple[str, m.Snapshot]:
    """A seeded English-speaking patient (with a suggestion for workflow ``wanted``, or with no
    suggestion at all when ``none``)."""
    for n in range(1, 800):
        with server.ctx.db.reader() as session:  # type: ignore[union-attr]
            account = session.get(Account, f"pat_{n:05d}")
            snap = server_snapshot.build(session, account, None) if account else None
        if snap is None or snap.identity.language != "en":
            continue
        if none:
            if not snap.suggestions:
                return f"pat_{n:05d}", snap
        elif wanted is None or any(s.workflow_id == wanted for s in snap.suggestions):
            return f"pat_{n:05d}", snap
    raise AssertionError(f"no seeded patient fits (suggestion {wanted}, none {none})")


def test_ctrl_k_exempt_opens_the_article_and_copies_its_answer_in_4_inputs(
    aloop: Loop, live_server: LiveServer, qtbot
) -> None:
    account_id, _snap = english_patient_with(live_server)
    facts = patient(live_server.ctx, account_id)

    async def scenario() -> None:
        async with open_desk(live_server) as desk:
            window = desk.window
            await app_token_call(live_server, account_id, 241)
            await until(lambda: window.account.name.text() == facts.full_name, what="the account")
            await until(lambda: desk.desk.knowledge.articles, what="the articles")
            keys = Keyboard(qtbot)
            keys.command(window, Qt.Key.Key_K, CTRL)
            palette = window.palette
            keys.fill(palette.input, "exe")
            first = palette.model.rows[0].match.entry
            assert (first.kind, first.title) == ("article", EXEMPT_TITLE)
            # The same words also find the workflow that records a certificate, just below.
            assert "workflow:exemption" in [r.match.entry.key for r in palette.model.rows[:4]]
            keys.command(palette.input, Qt.Key.Key_Return)
            await until(lambda: shown(window), what="the article")
            pane = window.articles.pane
            assert pane.title.text() == EXEMPT_TITLE
            assert window.stack.currentWidget() is window.account  # beside, not instead
            assert window.account.isVisible() and pane.copy.hasFocus()
            keys.command(QApplication.focusWidget(), Qt.Key.Key_C, CTRL_SHIFT)
            answer = QGuiApplication.clipboard().text()
            assert answer == pane.answer.text() and "60 or over" in answer
            assert keys.inputs <= 4, keys.log
            conv_id = desk.desk.current_id
            await until(lambda: notes_on(live_server, conv_id), what="the read-out noted")
            assert notes_on(live_server, conv_id) == [
                f"Read out the article “{EXEMPT_TITLE}” (version 1)."
            ]
            # Copied again: the same read-out, noted once.
            pane.copy_answer()
            await until(lambda: "Noted" in pane.message.text(), what="the second copy answered")
            assert len(notes_on(live_server, conv_id)) == 1
            qtbot.keyClick(pane.copy, Qt.Key.Key_Escape)
            assert not pane.isVisible()

    aloop.run(scenario(), timeout=90)


def test_ctrl_k_in_a_text_reply_inserts_an_article_answer(
    aloop: Loop, live_server: LiveServer, qtbot
) -> None:
    async def scenario() -> None:
        async with open_desk(live_server) as desk:
            window = desk.window
            conv_id = await text_in(live_server, "SMknow1", "Where is my fridge medicine?")
            await until(lambda: desk.desk.conversations.conversation(conv_id), what="the text")
            desk.desk.conversation.open(conv_id)
            thread = window.thread
            await until(
                lambda: window.thread is not None and window.thread.bubbles(), what="the thread"
            )
            await until(lambda: desk.desk.knowledge.articles, what="the articles")
            thread = window.thread
            thread.editor.setFocus()
            qtbot.keyClicks(thread.editor, "Hi! ")
            qtbot.keyClick(thread.editor, Qt.Key.Key_K, CTRL)
            palette = window.palette
            assert palette.isVisible() and palette.mode == "insert"
            assert {r.match.entry.kind for r in palette.model.rows} == {"article"}
            qtbot.keyClick(palette.input, Qt.Key.Key_Escape)  # changed their mind: back to typing
            assert not palette.isVisible() and thread.editor.hasFocus()
            assert thread.editor.toPlainText() == "Hi! "
            qtbot.keyClick(thread.editor, Qt.Key.Key_K, CTRL)
            qtbot.keyClicks(palette.input, "fridge")
            article = palette.model.rows[0].match.entry.payload
            assert article.title == "Fridge medicines: how they're delivered"
            qtbot.keyClick(palette.input, Qt.Key.Key_Return)
            assert not palette.isVisible() and thread.editor.hasFocus()
            written = thread.editor.toPlainText()
            assert written == "Hi! " + article.answer  # inserted at the cursor, nothing lost
            # The text's limit still holds, and the counter shows the answer against it.
            assert thread.counter.text() == f"{len(written)} / {m.SMS_MAX_CHARS}"
            assert thread.send.isEnabled() is (len(written) <= m.SMS_MAX_CHARS)
            await until(lambda: notes_on(live_server, conv_id), what="the insert noted")
            assert notes_on(live_server, conv_id) == [
                f"Sent the article “{article.title}” (version 1)."
            ]

    aloop.run(scenario(), timeout=90)


def test_a_suggestion_shows_its_reason_and_runs_with_enter(
    aloop: Loop, live_server: LiveServer, qtbot
) -> None:
    account_id, snap = english_patient_with(live_server, "chase_gp")
    facts = patient(live_server.ctx, account_id)
    expected = next(s for s in snap.suggestions if s.workflow_id == "chase_gp")

    async def scenario() -> None:
        async with open_desk(live_server) as desk:
            window = desk.window
            await app_token_call(live_server, account_id, 242)
            await until(lambda: window.account.name.text() == facts.full_name, what="the account")
            strip = window.account.suggested
            await until(lambda: strip.isVisible() and strip.buttons, what="the suggestions")
            texts = [b.full for b in strip.buttons]
            assert f"Chase a prescription with the GP: {expected.reason}" in texts
            assert len(texts) <= m.MAX_SUGGESTIONS

            qtbot.keyClick(window, Qt.Key.Key_K, CTRL)
            palette = window.palette
            rows = [r.match.entry for r in palette.model.rows]
            suggested = [e for e in rows[: m.MAX_SUGGESTIONS] if e.kind == "suggestion"]
            assert suggested and rows[: len(suggested)] == suggested  # above every result
            while palette.model.rows[palette.list.currentIndex().row()].match.entry.subtitle != (
                expected.reason
            ):
                qtbot.keyClick(palette.input, Qt.Key.Key_Down)
            chosen = palette.model.rows[palette.list.currentIndex().row()].match.entry
            assert (
                isinstance(chosen.payload, Suggested)
                and chosen.title == "Chase a prescription with the GP"
            )
            qtbot.keyClick(palette.input, Qt.Key.Key_Return)
            runner = window.runner
            await until(lambda: window.stack.currentWidget() is runner, what="the runner")
            assert runner.workflow.id == "chase_gp" and expected.inputs
            # The form starts with what the rule knew (the prescription waiting on the GP).
            await until(
                lambda: all(runner.raw_values().get(k) == v for k, v in expected.inputs.items()),
                what="the waiting prescription chosen",
            )

    aloop.run(scenario(), timeout=90)


HOSTILE = """Read this carefully.

<script>window.pwned = 1</script>
<img src="http://127.0.0.1:9/tracker.png" onerror="alert(1)">
![a remote image](http://127.0.0.1:9/pixel.png)
[click me](javascript:alert(1)) and [data](data:text/html,<b>x</b>)
<a href="javascript:alert(2)">an anchor</a>
<iframe src="http://127.0.0.1:9/frame"></iframe>
<style>body { display: none }</style>
[the NHS](https://www.nhs.uk/) is a real link."""


def test_markup_in_an_article_never_runs_or_loads(
    aloop: Loop, live_server: LiveServer, qtbot, monkeypatch
) -> None:
    opened: list[str] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url.toString()))

    async def scenario() -> None:
        async with httpx.AsyncClient(base_url=live_server.url) as http:
            token = (
                await http.post("/v1/auth/login", json={"username": "lead", "password": "demo"})
            ).json()["access_token"]
            created = await http.post(
                "/v1/articles",
                json={
                    "title": "A hostile article",
                    "answer": "<b>Not bold</b> <script>alert(3)</script>",
                    "body": HOSTILE,
                    "tags": ["hostile"],
                },
                headers={"Authorization": f"Bearer {token}", "Idempotency-Key": "hostile-1"},
            )
            created.raise_for_status()
            article_id = created.json()["id"]
        async with open_desk(live_server, "lead") as desk:
            window = desk.window
            desk.desk.knowledge.open(article_id)
            await until(lambda: shown(window), what="the article")
            pane = window.articles.pane
            pane.body.grab()  # laid out and painted: any resource would be asked for now
            html = pane.body.toHtml().lower()
            for forbidden in ("<script", "<img", "<iframe", "<style>"):
                assert forbidden not in html, forbidden  # as text (&lt;…) at most, never a tag
            assert pane.body.requested == []  # nothing was loaded, not even refused
            # The one link left is the web one; the others are words on the page.
            assert re.findall(r'href="([^"]*)"', pane.body.toHtml()) == ["https://www.nhs.uk/"]
            assert "window.pwned" in pane.body.toPlainText()  # the script shown as text
            # The answer is plain text: the tags are shown, not rendered.
            assert pane.answer.text() == "<b>Not bold</b> <script>alert(3)</script>"
            assert pane.answer.textFormat() is Qt.TextFormat.PlainText
            # Links open only when clicked, and only web ones, in the system browser.
            assert opened == []
            pane.body.anchorClicked.emit(QUrl("javascript:alert(1)"))
            assert opened == [] and "not opened" in pane.message.text()
            pane.body.anchorClicked.emit(QUrl("https://www.nhs.uk/"))
            assert opened == ["https://www.nhs.uk/"]
            assert pane.edit.isVisible()  # a lead may edit

    aloop.run(scenario(), timeout=90)
