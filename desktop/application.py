"""The desk's application object.

macOS hands a clicked caredesk:// link to the running desk as an open-URL event (a
``QFileOpenEvent``) sent to the application object, so the application looks at the events sent
to itself, which are few. It was an event filter installed on the application, which Qt calls for
every event of every object in the desk: a call into Python (about 2 µs) on every paint, layout
and timer event of every widget, on every platform, for an event only macOS sends.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent
from PySide6.QtGui import QFileOpenEvent
from PySide6.QtWidgets import QApplication


def caredesk_link(event: QEvent) -> str | None:
    """The caredesk:// link an open-URL event carries, if that is what ``event`` is."""
    if event.type() == QEvent.Type.FileOpen and isinstance(event, QFileOpenEvent):
        url = event.url().toString()
        if url.lower().startswith("caredesk:"):
            return url
    return None


class DeskApplication(QApplication):
    def __init__(self, argv: list[str]) -> None:
        super().__init__(argv)
        self.follow_link: Callable[[str], None] | None = None

    def event(self, event: QEvent) -> bool:
        if self.follow_link is not None:
            link = caredesk_link(event)
            if link is not None:
                self.follow_link(link)
                return True
        return super().event(event)
