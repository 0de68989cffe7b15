"""The floor under the desk's cold start: the bare window (bench.bare_window), plus only what any
signed-in desk on this stack must do before its first frame, and nothing else of CareDesk.

- the asyncio event loop on Qt's (qasync), which every network call of the desk runs on;
- one request with httpx's AsyncClient to the server (its ``/livez``), read into a pydantic model:
  a desk cannot show a signed-in frame before the server has answered it once;
- Qt's namespace of enums (``Qt.AlignmentFlag`` and the rest), which any real window touches and
  the bare label does not (PySide6 makes them as Python enums when first used).

PySide6's check of every module imported after it is answered from the file's bytes, as the desk
does (desktop.footprint), so that the floor does not carry a cost the desk has removed. Started
the same way as the bare window; says READY at its first paint. The bench prints it as a
reference beside the workstation starts: a ratio to the bare window below this one's cannot be
reached on this stack, whatever the desk does.
"""

from __future__ import annotations

import asyncio
import os
import sys

from desktop.footprint import keep_import_sources_out_of_memory

keep_import_sources_out_of_memory()

import httpx  # noqa: E402
import pydantic  # noqa: E402
import qasync  # noqa: E402
from PySide6.QtCore import QEvent, QObject, Qt  # noqa: E402
from PySide6.QtWidgets import QApplication, QLabel  # noqa: E402


class Alive(pydantic.BaseModel):
    status: str


class FirstPaint(QObject):
    def __init__(self, parent: QObject, painted: asyncio.Event) -> None:
        super().__init__(parent)
        self.painted = painted

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            print("READY", flush=True)
            self.painted.set()
        return False


async def first_frame(label: QLabel, server_url: str) -> None:
    async with httpx.AsyncClient(base_url=server_url) as client:
        reply = await client.get("/livez")
        reply.raise_for_status()
        alive = Alive.model_validate_json(reply.content)
    label.setText(alive.status)
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    painted = asyncio.Event()
    label.installEventFilter(FirstPaint(label, painted))
    label.show()
    await painted.wait()


def main() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    app = QApplication(sys.argv[:1])
    label = QLabel()
    label.resize(1366, 768)
    loop = qasync.QEventLoop(app)
    task = loop.create_task(first_frame(label, os.environ["CAREDESK_SERVER_URL"]))
    with loop:
        loop.run_until_complete(asyncio.wait_for(task, timeout=30))
    return 0


if __name__ == "__main__":
    sys.exit(main())
