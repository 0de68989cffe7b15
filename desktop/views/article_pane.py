"""One knowledge article beside the account: its answer to read out, copyable, and its body.

Opened from the palette. The answer sits on top in the same card as a workflow's script, with
Copy (Ctrl+Shift+C), which also notes the read-out on the conversation. The body is rendered
Markdown in a ``SafeBrowser``. Past its review date, the article says so above everything. Esc
closes the pane; leads and pharmacists have Edit.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QGuiApplication, QKeySequence, QShortcut
from PySide6.QtWidgets import QFrame, QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from backend_client import models as m
from desktop.controllers.knowledge import KnowledgeController
from desktop.views.partials.formatting import day
from desktop.views.partials.safe_browser import SafeBrowser
from desktop.views.partials.widgets import Banner, PlainLabel

LANGUAGE_NAMES = {"en": "English", "pl": "Polski"}


class ArticlePane(QFrame):
    closed = Signal()
    editRequested = Signal(object)  # m.Article

    def __init__(self, knowledge: KnowledgeController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("articlePane")
        self.knowledge = knowledge
        self.article: m.Article | None = None
        self.today = date.today  # replaced in tests

        self.title = PlainLabel()
        self.title.setObjectName("viewTitle")
        self.title.setWordWrap(True)
        self.meta = PlainLabel()
        self.meta.setObjectName("viewSubtitle")
        self.meta.setWordWrap(True)
        self.stale = Banner()
        self.stale.setObjectName("articleStale")

        card = QFrame()
        card.setObjectName("scriptCard")
        card.setFrameShape(QFrame.Shape.StyledPanel)
        heading = PlainLabel(self.tr("Answer to read out"))
        heading.setObjectName("statLabel")
        self.answer = PlainLabel()
        self.answer.setObjectName("scriptText")
        self.answer.setWordWrap(True)
        self.answer.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.copy = QPushButton(self.tr("&Copy answer  (Ctrl+Shift+C)"))
        self.copy.setObjectName("copyAnswer")
        self.copy.setAccessibleName(self.tr("Copy answer"))
        self.copy.clicked.connect(self.copy_answer)
        inside = QVBoxLayout(card)
        inside.addWidget(heading)
        inside.addWidget(self.answer)
        inside.addWidget(self.copy, 0, Qt.AlignmentFlag.AlignRight)

        self.body = SafeBrowser()
        self.body.setObjectName("articleBody")
        self.body.setAccessibleName(self.tr("Article"))
        self.message = Banner()
        self.message.setObjectName("articleMessage")
        self.body.linkRefused.connect(
            lambda url: self.message.show_message(
                self.tr("That link was not opened: the desk opens only web and email links."),
                "warn",
            )
        )

        self.edit = QPushButton(self.tr("&Edit article"))
        self.edit.setObjectName("editArticle")
        self.edit.clicked.connect(lambda: self.article and self.editRequested.emit(self.article))
        self.close_button = QPushButton(self.tr("Close  (Esc)"))
        self.close_button.setObjectName("closeArticle")
        self.close_button.clicked.connect(self.close_pane)
        buttons = QHBoxLayout()
        buttons.addWidget(self.edit)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 16)
        layout.setSpacing(10)
        layout.addWidget(self.title)
        layout.addWidget(self.meta)
        layout.addWidget(self.stale)
        layout.addWidget(card)
        layout.addWidget(self.message)
        layout.addWidget(self.body, 1)
        layout.addLayout(buttons)

        context = Qt.ShortcutContext.WidgetWithChildrenShortcut
        QShortcut(QKeySequence("Ctrl+Shift+C"), self, self.copy_answer, context=context)
        QShortcut(QKeySequence("Escape"), self, self.close_pane, context=context)
        knowledge.recorded.connect(lambda text: self.message.show_message(text, "ok"))
        knowledge.failed.connect(self._failed)

    def show_article(self, article: m.Article) -> None:
        self.article = article
        self.title.setText(article.title)
        self.meta.setText(
            self.tr(
                "Article · {language} · {team} · reviewed {reviewed} · version {version}"
            ).format(
                language=LANGUAGE_NAMES.get(article.language.value, article.language.value),
                team=article.team,
                reviewed=day(article.reviewed_on),
                version=article.version,
            )
        )
        if article.review_due < self.today():
            self.stale.show_message(
                self.tr(
                    "Past its review date ({0}): check it with {1} before relying on it."
                ).format(day(article.review_due), article.team),
                "warn",
            )
        else:
            self.stale.clear_message()
        self.answer.setText(article.answer)
        self.body.show_markdown(article.body)
        self.message.clear_message()
        self.edit.setVisible(self.knowledge.can_edit)
        self.setVisible(True)
        self.copy.setFocus()

    def copy_answer(self) -> None:
        if self.article is None:
            return
        QGuiApplication.clipboard().setText(self.article.answer)
        self.message.show_message(self.tr("Answer copied."), "info")
        self.knowledge.read_out(self.article)

    def _failed(self, text: str) -> None:
        if self.isVisible():
            self.message.show_message(text, "error")

    def clear(self) -> None:
        """The idle lock, or the conversation closed: nothing of it left on screen."""
        self.article = None
        for label in (self.title, self.meta, self.answer):
            label.setText("")
        self.body.clear()
        self.stale.clear_message()
        self.message.clear_message()
        self.setVisible(False)

    def close_pane(self) -> None:
        self.clear()
        self.closed.emit()
