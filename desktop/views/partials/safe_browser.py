"""A read-only view of an article's rendered Markdown in which nothing runs or loads.

The HTML it is given is already sanitised (``desktop.article_html``); this widget adds the
browser's own half: no resource is ever loaded (no images, no style sheets, local or remote),
a link is never followed inside it, and a click on one hands it to the system browser only
for http, https and mailto.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QTextBrowser, QWidget

from desktop import article_html


class SafeBrowser(QTextBrowser):
    linkOpened = Signal(str)  # handed to the system browser
    linkRefused = Signal(str)  # a link of a kind the desk does not open

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.setReadOnly(True)
        self.requested: list[str] = []  # resources the document asked for (and was refused)
        self.anchorClicked.connect(self._clicked)

    def show_markdown(self, markdown: str) -> None:
        self.setHtml(article_html.render(markdown))

    def loadResource(self, kind: int, name: QUrl | str) -> Any:
        self.requested.append(name.toString() if isinstance(name, QUrl) else str(name))
        return None

    def _clicked(self, url: QUrl) -> None:
        text = url.toString()
        if article_html.may_open(text):
            QDesktopServices.openUrl(url)
            self.linkOpened.emit(text)
        else:
            self.linkRefused.emit(text)
