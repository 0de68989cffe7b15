"""The reference server on loopback in a thread of this process: for tests and the bench."""

from __future__ import annotations

import socket
import threading
import time

import uvicorn

from server.app import build_context, create_app
from server.core.config import Settings
from server.core.context import AppContext


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class ThreadedServer:
    def __init__(
        self, settings: Settings, port: int | None = None, *, access_log: bool = False
    ) -> None:
        self.settings = settings
        # With the access log on, uvicorn's loggers are left unconfigured and propagate, so a
        # test sees the lines a production log file would get.
        self.access_log = access_log
        self.port = port or free_port()
        self.ctx: AppContext | None = None
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        self.ctx = build_context(self.settings)
        app = create_app(self.settings, ctx=self.ctx)
        config = uvicorn.Config(
            app,
            host="127.0.0.1",
            port=self.port,
            log_level="info" if self.access_log else "warning",
            log_config=None if self.access_log else uvicorn.config.LOGGING_CONFIG,
            access_log=self.access_log,
            lifespan="on",
            timeout_graceful_shutdown=1,
        )
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(target=self._server.run, name="live-server", daemon=True)
        self._thread.start()
        deadline = time.monotonic() + 15
        while not self._server.started:
            if time.monotonic() > deadline or not self._thread.is_alive():
                raise RuntimeError("the test server did not start")
            time.sleep(0.01)

    def stop(self) -> None:
        if self._server is not None:
            self._server.should_exit = True
            self._server.force_exit = True
        if self._thread is not None:
            self._thread.join(timeout=10)
        if self.ctx is not None:
            self.ctx.close()
        self._server = self._thread = None
