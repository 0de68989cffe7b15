"""How the server process runs the app under uvicorn, and how it stops.

On SIGTERM (or SIGINT) a process becomes not ready at once (``/readyz`` answers 503), stops
accepting connections, ends every event stream with a retry hint (``retry:`` in the stream, and
503 ``draining`` for a new one) so desks reconnect, to another worker or to this server once it
is back, lets in-flight requests finish for up to ``grace`` seconds, then runs the app's
shutdown (the outboxes' worker finishes what it holds) and exits. uvicorn alone would keep the
streams open until the grace ran out and then cut them, the requests beside them with them.
"""

from __future__ import annotations

import contextlib
import gc
import logging
import socket
from collections.abc import Iterator
from types import FrameType

import uvicorn

from server.core import logs
from server.core.context import AppContext

log = logging.getLogger("caredesk.server")
GRACE_SECONDS = 10.0  # in-flight requests get this long to finish after SIGTERM


class DrainingServer(uvicorn.Server):
    def __init__(self, config: uvicorn.Config, ctx: AppContext) -> None:
        super().__init__(config)
        self.ctx = ctx

    def handle_exit(self, sig: int, frame: FrameType | None) -> None:
        self.ctx.draining = True  # not ready from this moment: the balancer stops sending
        super().handle_exit(sig, frame)

    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        with super().capture_signals():
            yield
            # uvicorn raises the signal again once it has stopped, so the process dies of it;
            # after a drain that finished, the stop was clean: exit status 0.
            self._captured_signals.clear()

    async def shutdown(self, sockets: list[socket.socket] | None = None) -> None:
        # Stop accepting before the streams end, or a desk could reconnect to this process.
        for server in self.servers:
            server.close()
        for sock in sockets or []:
            sock.close()
        open_streams = self.ctx.hub.subscriber_count
        self.ctx.begin_drain()
        log.info("stopping: ended %d event streams; finishing requests in flight", open_streams)
        await super().shutdown(sockets)


def config(
    app: object, *, log_level: str, grace: float = GRACE_SECONDS, **kwargs: object
) -> uvicorn.Config:
    """uvicorn's settings for our app: logging is ours (``server.core.logs``), never uvicorn's
    own configuration, so every line has one format and a request id."""
    return uvicorn.Config(
        app,  # type: ignore[arg-type]
        log_level=log_level,
        log_config=None,
        timeout_graceful_shutdown=max(1, round(grace)),
        **kwargs,  # type: ignore[arg-type]
    )


def settle_heap() -> None:
    """Once a server process has built its app: collect what building it left, then set what is
    still alive aside from the cyclic collector (``gc.freeze``).

    That start-up heap (the modules, the app with its routes and models, the ORM's mappers, the
    migrations' code) lives as long as the process, yet every full collection walked all of it:
    100–300 ms with the worker stopped, measured under the sustained load, and every request and
    event of that worker waited behind it. Frozen objects are still freed by reference counting;
    only a cycle among them is never collected, and they are the process's own structures. Not
    for tests, which build many apps in one process."""
    gc.collect()
    gc.freeze()


def run_worker(log_level: str, log_format: str, grace: float, sock: socket.socket) -> None:
    """One worker process of ``--workers N`` (settings from the environment)."""
    from server.app import create_app
    from server.core.config import Settings

    logs.configure(log_level, log_format)
    app = create_app(Settings.from_env())
    settle_heap()
    server = DrainingServer(config(app, log_level=log_level, grace=grace), app.state.ctx)
    server.run(sockets=[sock])
