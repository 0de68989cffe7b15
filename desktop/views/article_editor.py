"""Writing or revising a knowledge article (leads and pharmacists): plain text in, a rendered
preview beside it, rendered the way the desk shows it (sanitised; nothing in it runs).

Saving sends the version the editor started from; if someone saved a newer one meanwhile, the
server refuses and the dialog says so, keeping every word typed. Ctrl+S saves, Esc cancels.
"""

from __future__ import annotations

from pydantic import ValidationError
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from backend_client import models as m
from desktop.controllers.knowledge import KnowledgeController
from desktop.views.article_pane import LANGUAGE_NAMES
from desktop.views.partials.safe_browser import SafeBrowser
from desktop.views.partials.widgets import Banner, Busy, PlainLabel

TEAMS = ("patient-care", "pharmacy", "prescriptions", "logistics", "engineering")


class ArticleEditor(QDialog):
    def __init__(
        self,
        knowledge: KnowledgeController,
        article: m.Article | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("articleEditor")
        self.knowledge = knowledge
        self.article = article
        self.setWindowTitle(self.tr("Edit article") if article else self.tr("New article"))
        self.resize(1100, 700)

        self.title = QLineEdit()
        self.title.setObjectName("articleTitle")
        self.title.setMaxLength(200)
        self.language = QComboBox()
        for code in m.ARTICLE_LANGUAGES:
            self.language.addItem(LANGUAGE_NAMES.get(code, code), code)
        self.team = QComboBox()
        self.team.setEditable(True)
        self.team.addItems(TEAMS)
        self.tags = QLineEdit()
        self.tags.setObjectName("articleTags")
        self.tags.setPlaceholderText(self.tr("Words callers use, separated by commas"))
        self.answer = QPlainTextEdit()
        self.answer.setObjectName("articleAnswer")
        self.answer.setTabChangesFocus(True)
        self.answer.setFixedHeight(90)
        self.answer_count = PlainLabel()
        self.answer_count.setObjectName("statLabel")
        self.review_days = QSpinBox()
        self.review_days.setRange(7, m.MAX_REVIEW_DAYS)
        self.review_days.setSuffix(self.tr(" days"))
        self.reviewed = QCheckBox(self.tr("This edit is a review: the review date becomes today"))
        self.reviewed.setChecked(True)
        self.change_note = QLineEdit()
        self.change_note.setMaxLength(300)
        self.change_note.setPlaceholderText(self.tr("What changed, for the history"))

        form = QFormLayout()
        form.addRow(self.tr("&Title"), self.title)
        form.addRow(self.tr("&Language"), self.language)
        form.addRow(self.tr("Owner &team"), self.team)
        form.addRow(self.tr("Ta&gs"), self.tags)
        form.addRow(self.tr("&Answer to read out"), self.answer)
        form.addRow("", self.answer_count)
        form.addRow(self.tr("Review &every"), self.review_days)
        form.addRow("", self.reviewed)
        form.addRow(self.tr("Change &note"), self.change_note)

        self.body = QPlainTextEdit()
        self.body.setObjectName("articleSource")
        self.body.setAccessibleName(self.tr("Article body, in Markdown"))
        self.body.setTabChangesFocus(True)
        self.preview = SafeBrowser()
        self.preview.setObjectName("articlePreview")
        self.preview.setAccessibleName(self.tr("Preview"))
        split = QSplitter(Qt.Orientation.Horizontal)
        left = QWidget()
        column = QVBoxLayout(left)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(PlainLabel(self.tr("Body (Markdown)")))
        column.addWidget(self.body, 1)
        right = QWidget()
        column = QVBoxLayout(right)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(PlainLabel(self.tr("Preview, as advisors see it")))
        column.addWidget(self.preview, 1)
        split.addWidget(left)
        split.addWidget(right)

        self.banner = Banner()
        self.banner.setObjectName("editorMessage")
        self.busy = Busy()
        self.save_button = QPushButton(self.tr("&Save  (Ctrl+S)"))
        self.save_button.setObjectName("primary")
        self.save_button.setAccessibleName(self.tr("Save"))
        self.save_button.clicked.connect(self.save)
        cancel = QPushButton(self.tr("Cancel  (Esc)"))
        cancel.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.busy, 1)
        buttons.addStretch(1)
        buttons.addWidget(cancel)
        buttons.addWidget(self.save_button)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(split, 1)
        layout.addWidget(self.banner)
        layout.addLayout(buttons)
        QShortcut(QKeySequence.StandardKey.Save, self, self.save)

        # The preview follows the typing, a moment after it stops (a long body renders in ms,
        # but not on every key).
        self._render = QTimer(self)
        self._render.setSingleShot(True)
        self._render.setInterval(250)
        self._render.timeout.connect(lambda: self.preview.show_markdown(self.body.toPlainText()))
        self.body.textChanged.connect(self._render.start)
        self.answer.textChanged.connect(self._count)
        knowledge.saved.connect(self._saved)
        knowledge.saveFailed.connect(self._refused)
        self._fill(article)

    def _fill(self, article: m.Article | None) -> None:
        self.review_days.setValue(article.review_days if article else m.DEFAULT_REVIEW_DAYS)
        if article is None:
            self._count()
            return
        self.title.setText(article.title)
        self.language.setCurrentIndex(max(0, self.language.findData(article.language.value)))
        self.team.setCurrentText(article.team)
        self.tags.setText(", ".join(article.tags))
        self.answer.setPlainText(article.answer)
        self.body.setPlainText(article.body)
        self.preview.show_markdown(article.body)

    def _count(self) -> None:
        length = len(self.answer.toPlainText().strip())
        text = self.tr("{0} / {1} characters").format(length, m.ARTICLE_ANSWER_MAX)
        if length > m.SMS_MAX_CHARS:
            text += " · " + self.tr("longer than one text ({0})").format(m.SMS_MAX_CHARS)
        self.answer_count.setText(text)

    def draft(self) -> m.ArticleDraft | None:
        """The form as the server's draft, or None with the problem shown."""
        tags = [t.strip() for t in self.tags.text().split(",") if t.strip()]
        try:
            return m.ArticleDraft(
                title=self.title.text().strip(),
                answer=self.answer.toPlainText().strip(),
                body=self.body.toPlainText().strip(),
                tags=tags,
                language=m.ArticleLanguage(self.language.currentData()),
                team=self.team.currentText().strip(),
                review_days=self.review_days.value(),
                reviewed=self.reviewed.isChecked(),
                change_note=self.change_note.text().strip(),
                version=self.article.version if self.article else None,
            )
        except ValidationError as exc:
            where = ", ".join(str(e["loc"][0]) for e in exc.errors() if e["loc"])
            self.banner.show_message(
                self.tr("Check these before saving: {0}.").format(where or exc), "warn"
            )
            return None

    def save(self) -> None:
        if not self.save_button.isEnabled():
            return
        draft = self.draft()
        if draft is None:
            return
        self.save_button.setEnabled(False)
        self.busy.setVisible(True)
        self.banner.clear_message()
        self.knowledge.save(draft, self.article.id if self.article else None)

    def _saved(self, article: m.Article) -> None:
        self.busy.setVisible(False)
        self.save_button.setEnabled(True)
        self.article = article
        self.accept()

    def _refused(self, reason: str, conflict: bool) -> None:
        self.busy.setVisible(False)
        self.save_button.setEnabled(True)
        self.banner.show_message(reason, "error" if conflict else "warn")
