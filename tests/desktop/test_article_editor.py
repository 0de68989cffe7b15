"""A lead edits an article from the desk: the preview renders as advisors will see it, the save
makes a new version the pane shows, and a save over someone else's newer version is refused
with every word typed kept."""

from __future__ import annotations

import httpx
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from desktop.views.article_editor import ArticleEditor
from tests.desktop.conftest import Loop, open_desk, until
from tests.live_server import LiveServer

EXEMPT_TITLE = "Free prescriptions: who is exempt from the charge"


def editor() -> ArticleEditor | None:
    return next(
        (
            w
            for w in QApplication.topLevelWidgets()
            if isinstance(w, ArticleEditor) and w.isVisible()
        ),
        None,
    )


def test_a_lead_edits_an_article_and_a_stale_save_is_refused(
    aloop: Loop, live_server: LiveServer, qtbot
) -> None:
    async def scenario() -> None:
        async with open_desk(live_server, "lead") as desk:
            window = desk.window
            knowledge = desk.desk.knowledge
            await until(lambda: knowledge.articles, what="the articles")
            assert window.menus.new_article.isVisible()  # a lead may write articles
            article = next(a for a in knowledge.articles if a.title == EXEMPT_TITLE)
            knowledge.open(article.id)
            await until(lambda: window.articles.pane and window.articles.pane.isVisible())
            pane = window.articles.pane
            assert pane.edit.isVisible()
            qtbot.mouseClick(pane.edit, Qt.MouseButton.LeftButton)
            await until(lambda: editor() is not None, what="the editor")
            dialog = editor()
            assert dialog.title.text() == EXEMPT_TITLE and dialog.article.version == 1
            dialog.body.setPlainText("## Who is exempt\n\n<script>x()</script> **aged 60+**")
            await until(lambda: "aged 60+" in dialog.preview.toPlainText(), what="the preview")
            assert (
                "<h2" in dialog.preview.toHtml() or "Who is exempt" in dialog.preview.toPlainText()
            )
            assert "x()" in dialog.preview.toPlainText()  # the script tag is shown, not run
            dialog.answer.setPlainText("You don't pay if you're 60 or over.")
            dialog.change_note.setText("Shorter answer")
            qtbot.keyClick(dialog.change_note, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
            await until(lambda: editor() is None, what="the editor closed after the save")
            await until(lambda: pane.meta.text().endswith("version 2"), what="version 2 shown")
            assert pane.answer.text() == "You don't pay if you're 60 or over."

            # Someone else saves version 3 while this lead edits from version 2.
            qtbot.mouseClick(pane.edit, Qt.MouseButton.LeftButton)
            await until(lambda: editor() is not None, what="the editor again")
            dialog = editor()
            async with httpx.AsyncClient(base_url=live_server.url) as http:
                token = (
                    await http.post(
                        "/v1/auth/login", json={"username": "pharmacist", "password": "demo"}
                    )
                ).json()["access_token"]
                other = await http.post(
                    f"/v1/articles/{article.id}/versions",
                    json={
                        "title": EXEMPT_TITLE,
                        "answer": "Another answer.",
                        "body": "Another body.",
                        "tags": ["exempt"],
                        "version": 2,
                    },
                    headers={"Authorization": f"Bearer {token}", "Idempotency-Key": "other-3"},
                )
                other.raise_for_status()
            dialog.answer.setPlainText("My careful rewrite.")
            dialog.save()
            await until(lambda: "newer version" in dialog.banner.text(), what="the refusal")
            assert dialog.isVisible() and dialog.answer.toPlainText() == "My careful rewrite."
            assert dialog.save_button.isEnabled()
            dialog.reject()

    aloop.run(scenario(), timeout=90)
