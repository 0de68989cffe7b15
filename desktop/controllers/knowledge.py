"""The knowledge base's controller: the article list the palette ranks, one article opened beside
the account, its answer read out or inserted (recorded on the conversation), and edits.

The list (titles, answers and tags, no bodies) loads at sign-in and again when the palette
opens after ``STALE_AFTER`` seconds, or after an edit. An article's body is fetched when it is
opened. A read-out is recorded once per article version and conversation: its idempotency key
is kept until the server accepts it, so copying the answer twice, or a retry after a dropped
connection, is one note on the conversation. A save carries a key per draft, and the version
the editor started from, so two editors never overwrite each other (the server says 409).
"""

from __future__ import annotations

import time
import uuid
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from backend_client import errors
from backend_client import models as m
from desktop.controllers.explain import explain
from desktop.i18n import translate

if TYPE_CHECKING:
    from desktop.controllers.desk import DeskController

STALE_AFTER = 300.0  # seconds before the palette's article list is fetched again
EDITORS = frozenset({m.Role.LEAD, m.Role.PHARMACIST})


def tr(text: str) -> str:
    return translate("KnowledgeController", text)


class KnowledgeController(QObject):
    articlesChanged = Signal()  # self.articles is new
    articleOpened = Signal(object)  # m.Article
    failed = Signal(str)  # opening or recording failed, in words
    recorded = Signal(str)  # a read-out was noted on the conversation: what to tell the advisor
    saved = Signal(object)  # m.Article, as the server now holds it
    saveFailed = Signal(str, bool)  # the reason, and whether someone else saved first

    def __init__(self, desk: DeskController) -> None:
        super().__init__(desk)
        self.desk = desk
        self.articles: list[m.ArticleSummary] = []
        self._loaded_at = 0.0
        self._bodies: dict[tuple[str, int], m.Article] = {}
        self._keys: dict[tuple[str, ...], str] = {}
        desk.session.signedIn.connect(lambda _me: self.reload())
        desk.session.signedOut.connect(lambda _why: self._clear())
        if desk.me is not None:
            self.reload()

    @property
    def can_edit(self) -> bool:
        me = self.desk.me
        return me is not None and bool(EDITORS & set(me.roles))

    def summary(self, article_id: str) -> m.ArticleSummary | None:
        return next((a for a in self.articles if a.id == article_id), None)

    def _clear(self) -> None:
        self.articles = []
        self._bodies.clear()
        self._keys.clear()
        self._loaded_at = 0.0
        self.articlesChanged.emit()

    def _key(self, *what: str) -> str:
        return self._keys.setdefault(what, str(uuid.uuid4()))

    # --- the list -------------------------------------------------------------------------

    def reload(self) -> None:
        self.desk.tasks.spawn(self._load(), name="articles")

    def refresh_if_stale(self) -> None:
        if time.monotonic() - self._loaded_at > STALE_AFTER:
            self.reload()

    async def _load(self) -> None:
        client = self.desk.client
        if client is None:
            return
        try:
            listing = await client.knowledge.list()
        except errors.CareDeskError:
            return  # the palette keeps the list it has; workflows do not need it
        self.articles = listing.items
        self._loaded_at = time.monotonic()
        self.articlesChanged.emit()

    # --- one article ----------------------------------------------------------------------

    def open(self, article_id: str) -> None:
        summary = self.summary(article_id)
        cached = self._bodies.get((article_id, summary.version)) if summary else None
        if cached is not None:
            self.articleOpened.emit(cached)
            return
        self.desk.tasks.spawn(self._open(article_id), name="open-article")

    async def _open(self, article_id: str) -> None:
        client = self.desk.client
        if client is None:
            return
        try:
            article = await client.knowledge.get(article_id)
        except errors.CareDeskError as exc:
            self.failed.emit(explain(exc, self.desk.server_url))
            return
        self._bodies[(article.id, article.version)] = article
        self.articleOpened.emit(article)

    def read_out(self, article: m.ArticleSummary, how: str = "read_out") -> None:
        """The answer was copied to read out (or inserted into a text) on the open
        conversation: noted on its history."""
        conversation = self.desk.current
        if conversation is None:
            return
        key = self._key("read", article.id, str(article.version), conversation.id, how)
        self.desk.tasks.spawn(
            self._read_out(article, conversation.id, how, key),
            name=f"read-out-{article.id}-{conversation.id}",
        )

    async def _read_out(
        self, article: m.ArticleSummary, conversation_id: str, how: str, key: str
    ) -> None:
        client = self.desk.client
        if client is None:
            return
        try:
            await client.knowledge.read_out(
                article.id, conversation_id, article.version, how, idempotency_key=key
            )
        except errors.CareDeskError as exc:
            self.failed.emit(
                tr("Not noted on the conversation: {0}").format(explain(exc, self.desk.server_url))
            )
            return
        self.recorded.emit(tr("Noted on the conversation: “{0}”.").format(article.title))

    # --- editing --------------------------------------------------------------------------

    def save(self, draft: m.ArticleDraft, article_id: str | None) -> None:
        key = self._key("save", article_id or "", draft.model_dump_json())
        self.desk.tasks.spawn(self._save(draft, article_id, key), name="save-article")

    async def _save(self, draft: m.ArticleDraft, article_id: str | None, key: str) -> None:
        client = self.desk.client
        if client is None:
            return
        try:
            if article_id is None:
                article = await client.knowledge.create(draft, idempotency_key=key)
            else:
                article = await client.knowledge.revise(article_id, draft, idempotency_key=key)
        except errors.ConflictError as exc:
            if exc.code != "article_changed":
                self.saveFailed.emit(explain(exc, self.desk.server_url), False)
                return
            self._forget_key(key)  # the next save starts from the newer version: a new request
            self.saveFailed.emit(
                tr(
                    "Someone saved a newer version while you were editing. Copy your changes, "
                    "reopen the article and make them again. ({0})"
                ).format(exc.message),
                True,
            )
            return
        except errors.CareDeskError as exc:
            self.saveFailed.emit(explain(exc, self.desk.server_url), False)
            return
        self._forget_key(key)
        self._bodies[(article.id, article.version)] = article
        summary = m.ArticleSummary.model_validate(article.model_dump())
        self.articles = [a for a in self.articles if a.id != article.id] + [summary]
        self.saved.emit(article)
        self.articlesChanged.emit()
        self.reload()

    def _forget_key(self, key: str) -> None:
        self._keys = {what: k for what, k in self._keys.items() if k != key}
