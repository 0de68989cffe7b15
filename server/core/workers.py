"""``caredesk-server --workers N`` on Linux: N processes, each with its own listening socket on
one port (SO_REUSEPORT), so the kernel spreads connections evenly among them.

uvicorn's own ``--workers`` shares one socket, and whichever process is awake takes the next
connection: 2,000 event streams over 4 workers landed 204/114/50/32 in a sample of 400, and the
busiest worker set the fan-out's p95. Elsewhere (macOS and Windows do not balance
SO_REUSEPORT) the command uses uvicorn's workers.

The supervisor restarts a worker that dies, gives up if workers keep dying at start-up (a port
in use, a bad setting), and stops them all on SIGTERM or SIGINT. It also gives the workers one
folder for their metrics (Prometheus's multi-process mode), set before any of them starts.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import signal
import socket
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from typing import Any

from prometheus_client import multiprocess

from server.core import metrics

log = logging.getLogger("caredesk.server.workers")
START_GRACE_SECONDS = 10.0  # a worker that dies sooner than this after starting failed to start
MAX_FAILED_STARTS = 3


def balanced_sockets_supported() -> bool:
    return sys.platform.startswith("linux") and hasattr(socket, "SO_REUSEPORT")


def _listen(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    sock.bind((host, port))
    sock.listen(2048)
    return sock


def _worker(target: Callable[..., None], host: str, port: int, args: tuple[Any, ...]) -> None:
    target(*args, _listen(host, port))


def metrics_folder() -> tempfile.TemporaryDirectory[str] | None:
    """Prometheus's multi-process mode: every worker writes its samples under one folder. A
    fresh one per run unless the operator named one (it must then be emptied between runs)."""
    if os.environ.get(metrics.MULTIPROC_ENV):
        return None
    folder = tempfile.TemporaryDirectory(prefix="caredesk-metrics-")
    os.environ[metrics.MULTIPROC_ENV] = folder.name
    return folder


def supervise(
    host: str,
    port: int,
    workers: int,
    target: Callable[..., None],
    args: tuple[Any, ...] = (),
    grace: float = 10.0,
) -> int:
    """Run ``workers`` processes of ``target(*args, listening_socket)`` until a signal; returns
    the exit status. On SIGTERM each worker drains (``server.serving``) within ``grace``."""
    _listen(host, port).close()  # the port is free for us (else say so now, once)
    folder = metrics_folder()
    spawn = multiprocessing.get_context("spawn")
    stop = threading.Event()

    def start(n: int) -> tuple[multiprocessing.process.BaseProcess, float]:
        proc = spawn.Process(
            target=_worker, args=(target, host, port, args), name=f"caredesk-worker-{n}"
        )
        proc.start()
        return proc, time.monotonic()

    def gone(proc: multiprocessing.process.BaseProcess) -> None:
        if proc.pid is not None:  # its live gauges (open streams, connections) leave the sum
            multiprocess.mark_process_dead(proc.pid)  # type: ignore[no-untyped-call]

    def on_signal(signum: int, _frame: object) -> None:
        stop.set()

    previous = {sig: signal.signal(sig, on_signal) for sig in (signal.SIGTERM, signal.SIGINT)}
    running = [start(n) for n in range(workers)]
    failed_starts = 0
    try:
        while not stop.wait(0.5):
            for n, (proc, started) in enumerate(running):
                if proc.is_alive():
                    continue
                gone(proc)
                if time.monotonic() - started < START_GRACE_SECONDS:
                    failed_starts += 1
                    if failed_starts >= MAX_FAILED_STARTS:
                        log.error("workers keep failing at start-up; stopping")
                        return 1
                log.warning("worker %d exited (%s); starting another", n, proc.exitcode)
                running[n] = start(n)
    finally:
        for proc, _ in running:
            if proc.is_alive():
                proc.terminate()  # SIGTERM: the worker drains, then exits
        for proc, _ in running:
            proc.join(timeout=grace + 5)
            if proc.is_alive():
                proc.kill()
                proc.join()
            gone(proc)
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        if folder is not None:
            os.environ.pop(metrics.MULTIPROC_ENV, None)
            folder.cleanup()
    return 0
