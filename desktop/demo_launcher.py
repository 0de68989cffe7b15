"""``caredesk --demo``: the embedded reference server, seeded, on 127.0.0.1.

The server runs as a child process owned by the desk: it boots on the other core while Qt
starts here, and the desk process never loads the server's code (the import contract forbids
it). ``spawn`` returns at once; ``wait_ready`` (called off the UI thread) blocks until the
server prints its address, then reads the fixtures it wrote for the Demo menu.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tempfile
import threading
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path

from desktop.demo_calls import DemoFixtures, DemoPatient

READY_TIMEOUT = 60.0


class DemoServerError(RuntimeError):
    """The embedded server did not start; the message says what it printed."""


@dataclass
class DemoBackend:
    process: subprocess.Popen[str]
    data_dir: Path
    fixtures: DemoFixtures | None = None
    # What the server printed (its log), the latest lines: for errors and for tests.
    _output: deque[str] = field(default_factory=lambda: deque(maxlen=20_000))
    _lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def url(self) -> str:
        return self.wait_ready().url

    def wait_ready(self, timeout: float = READY_TIMEOUT) -> DemoFixtures:
        with self._lock:
            if self.fixtures is not None:
                return self.fixtures
            url = self._read_url(timeout)
            raw = json.loads((self.data_dir / "demo-fixtures.json").read_text(encoding="utf-8"))
            self.fixtures = DemoFixtures(
                url=url,
                aircall_token=raw["aircall_token"],
                intercom_secret=raw["intercom_secret"],
                cti_token=raw["cti_token"],
                patient_app_key=raw["patient_app_key"],
                email_relay_token=raw.get("email_relay_token") or "",
                patients=tuple(DemoPatient(p["account_id"], p["phone"]) for p in raw["patients"]),
                gp_phone=raw["gp_phone"],
            )
            # Keep draining what the server prints, so its pipe never fills and blocks it.
            threading.Thread(target=self._drain, name="demo-server-output", daemon=True).start()
            return self.fixtures

    def _read_url(self, timeout: float) -> str:
        assert self.process.stdout is not None
        timer = threading.Timer(timeout, self.process.kill)
        timer.start()
        try:
            for line in self.process.stdout:
                self._output.append(line)
                found = re.search(r"demo server on (http://127\.0\.0\.1:\d+)", line)
                if found:
                    return found.group(1)
        finally:
            timer.cancel()
        tail = "".join(list(self._output)[-15:])
        raise DemoServerError(f"The embedded demo server stopped before it was ready:\n{tail}")

    def _drain(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self._output.append(line)

    def output(self) -> str:
        """What the server has printed so far (its log lines)."""
        return "".join(self._output)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()


def server_command() -> list[str]:
    """How to start the reference server: ``python -m server`` beside an installed desk; in
    the frozen app (where ``sys.executable`` is the desk itself) the ``caredesk-server``
    program that build.spec puts in the same folder."""
    if getattr(sys, "frozen", False):
        name = "caredesk-server.exe" if sys.platform == "win32" else "caredesk-server"
        program = Path(sys.executable).with_name(name)
        if not program.exists():
            raise DemoServerError(f"This build has no demo server ({program} is missing).")
        return [str(program)]
    return [sys.executable, "-m", "server"]


def spawn(data_dir: Path | None = None, port: int = 0, log_level: str = "warning") -> DemoBackend:
    folder = data_dir or Path(tempfile.mkdtemp(prefix="caredesk-demo-"))
    env = {k: v for k, v in os.environ.items() if k != "CAREDESK_DATABASE_URL"}
    env["PYTHONUNBUFFERED"] = "1"
    process = subprocess.Popen(  # noqa: S603 - our own interpreter and module, fixed arguments
        [
            *server_command(),
            "--demo",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--log-level",
            log_level,
            "--data-dir",
            str(folder),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=env,
    )
    return DemoBackend(process, folder)


def start(data_dir: Path | None = None, port: int = 0) -> DemoBackend:
    """Spawn and wait: for tools that have nothing else to do meanwhile."""
    backend = spawn(data_dir, port)
    backend.wait_ready()
    return backend
