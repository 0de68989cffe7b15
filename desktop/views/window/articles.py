"""The window's knowledge side: the article pane beside the account, made when first opened;
the replies an article's answer can be inserted into; and the editor for leads and pharmacists.

An editor takes articles when it is registered with ``accept_articles``: Ctrl+K in it opens the
palette on articles only, and the chosen answer goes in at the cursor (a text's length counter
then shows it against the limit). Inserted into a text of the open conversation, it is noted on
the conversation as a read-out is.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QLineEdit, QMainWindow, QPlainTextEdit, QWidget

from backend_client import models as m
from desktop.controllers.desk import DeskController

if TYPE_CHECKING:
    from desktop.views.article_pane import ArticlePane


def _is_palette_key(event: QEvent) -> bool:
    if not isinstance(event, QKeyEvent):
        return False
    combination = event.keyCombination()
    return bool(
        combination.key() == Qt.Key.Key_K
        and combination.keyboardModifiers() == Qt.KeyboardModifier.ControlModifier
    )


class ArticleSide(QObject):
    def __init__(self, window: QMainWindow, desk: DeskController) -> None:
        super().__init__(window)
        self.window = window
        self.desk = desk
        self.pane: ArticlePane | None = None
        self.insert_into: QWidget | None = None  # where the palette's chosen answer goes
        knowledge = desk.knowledge
        knowledge.articleOpened.connect(self._show)
        knowledge.failed.connect(self._failed)
        desk.idle_lock.lockedChanged.connect(lambda locked: locked and self.clear())
        desk.session.signedOut.connect(lambda _why: self.clear())

    # --- the pane -------------------------------------------------------------------------

    def open(self, article_id: str) -> None:
        self.desk.knowledge.open(article_id)

    def _made(self) -> ArticlePane:
        if self.pane is None:
            from desktop.views.article_pane import ArticlePane

            self.pane = ArticlePane(self.desk.knowledge)
            self.pane.setMinimumWidth(330)
            self.pane.setVisible(False)
            self.pane.editRequested.connect(self.edit)
            self.pane.closed.connect(self._closed)
            self.window.side.addWidget(self.pane)  # type: ignore[attr-defined]
        return self.pane

    def _show(self, article: m.Article) -> None:
        pane = self._made()
        was_visible = pane.isVisible()
        pane.show_article(article)
        if not was_visible:
            side = self.window.side  # type: ignore[attr-defined]
            # A third for the article: the account beside it keeps room for its two columns.
            total = max(side.width(), 900)
            side.setSizes([total - total // 3, total // 3])

    def _closed(self) -> None:
        centre = self.window.stack  # type: ignore[attr-defined]
        centre.currentWidget().setFocus()

    def _failed(self, text: str) -> None:
        if self.pane is None or not self.pane.isVisible():
            self.window.statusBar().showMessage(text, 10_000)

    def clear(self) -> None:
        if self.pane is not None:
            self.pane.clear()
        self.insert_into = None

    # --- inserting into a reply -----------------------------------------------------------

    def accept_articles(self, editor: QPlainTextEdit | QLineEdit, noted: bool) -> None:
        """``editor`` takes an article's answer from Ctrl+K; ``noted``: it writes to the open
        conversation, which then records the read-out."""
        editor.setProperty("insertsArticles", "noted" if noted else "plain")
        editor.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Text editors take Ctrl+K themselves (delete to the end of the line on X11 and macOS),
        # so the window's shortcut never sees it there: claim it, and open the palette.
        kind = event.type()
        if kind == QEvent.Type.ShortcutOverride and _is_palette_key(event):
            event.accept()
            return True
        if kind == QEvent.Type.KeyPress and _is_palette_key(event):
            self.window.open_palette()  # type: ignore[attr-defined]
            return True
        return super().eventFilter(watched, event)

    def insert(self, article: m.ArticleSummary) -> None:
        editor, self.insert_into = self.insert_into, None
        if editor is None:
            return
        if isinstance(editor, QPlainTextEdit):
            editor.insertPlainText(article.answer)
        elif isinstance(editor, QLineEdit):
            editor.insert(article.answer)
        editor.setFocus()
        if editor.property("insertsArticles") == "noted":
            self.desk.knowledge.read_out(article, how="inserted")

    # --- editing --------------------------------------------------------------------------

    def edit(self, article: m.Article | None = None) -> None:
        if not self.desk.knowledge.can_edit or self.desk.locked:
            return
        from desktop.views.article_editor import ArticleEditor

        dialog = ArticleEditor(self.desk.knowledge, article, self.window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: dialog.article and self._show(dialog.article))
        dialog.open()
