"""A throwaway PostgreSQL server on loopback, for the tests and the bench.

It runs the binaries of the distribution's ``postgresql`` package (``scripts/system-deps.sh``
installs it), in a fresh data folder, on 127.0.0.1 and a free port, with ``trust`` for the one
role it creates. PostgreSQL refuses to run as root, so under root it runs as the ``postgres``
user the package creates. On Linux the server gets SIGINT (a fast shutdown) when the process that
started it dies, even by SIGKILL, so a killed test run leaves nothing behind; ``stop`` is also
registered with ``atexit``.
"""

from __future__ import annotations

import atexit
import contextlib
import ctypes
import glob
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROLE = "caredesk"
_PR_SET_PDEATHSIG = 1


class PostgresUnavailable(RuntimeError):
    pass


def find_bindir() -> Path:
    """Where initdb and postgres are: $CAREDESK_PG_BIN, Debian's versioned folder, or PATH."""
    candidates = [os.environ.get("CAREDESK_PG_BIN", "")]
    candidates += sorted(
        glob.glob("/usr/lib/postgresql/*/bin"),
        key=lambda p: int(Path(p).parent.name) if Path(p).parent.name.isdigit() else 0,
        reverse=True,
    )
    which = shutil.which("initdb")
    if which:
        candidates.append(str(Path(which).parent))
    candidates += sorted(glob.glob("/opt/homebrew/opt/postgresql*/bin"), reverse=True)
    for folder in filter(None, candidates):
        if (Path(folder) / "initdb").exists() and (Path(folder) / "postgres").exists():
            return Path(folder)
    raise PostgresUnavailable(
        "PostgreSQL's server programs (initdb, postgres) were not found: run "
        "scripts/system-deps.sh (Debian/Ubuntu), install PostgreSQL 14 or newer, "
        "or set CAREDESK_PG_BIN to their folder"
    )


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class PostgresCluster:
    def __init__(self, *, max_connections: int = 200, settings: dict[str, str] | None = None):
        self.bindir = find_bindir()
        self.port = _free_port()
        self.max_connections = max_connections
        self.extra = settings or {}
        self._root: Path | None = None
        self._proc: subprocess.Popen[bytes] | None = None
        self._user: tuple[int, int] | None = None
        if os.name == "posix" and os.geteuid() == 0:
            import pwd

            try:
                entry = pwd.getpwnam("postgres")
            except KeyError as exc:
                raise PostgresUnavailable(
                    "running as root, and there is no 'postgres' user to run PostgreSQL as"
                ) from exc
            self._user = (entry.pw_uid, entry.pw_gid)

    @property
    def data(self) -> Path:
        assert self._root is not None
        return self._root / "data"

    @property
    def pid(self) -> int:
        """The postmaster's process id (its backends are its children)."""
        assert self._proc is not None, "the cluster is not running"
        return self._proc.pid

    def url(self, database: str = "postgres", driver: str = "postgresql+psycopg") -> str:
        return f"{driver}://{ROLE}@127.0.0.1:{self.port}/{database}"

    def _demote(self) -> None:  # runs in the child, between fork and exec
        if self._user is not None:
            uid, gid = self._user
            os.setgroups([])
            os.setgid(gid)
            os.setuid(uid)
        if sys.platform.startswith("linux"):
            # After setuid: a change of credentials clears the parent-death signal.
            ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGINT)

    def _run(self, *args: str) -> None:
        done = subprocess.run(  # noqa: S603 - our own binaries and arguments
            [str(self.bindir / args[0]), *args[1:]],
            preexec_fn=self._demote,
            capture_output=True,
            check=False,
        )
        if done.returncode != 0:
            raise PostgresUnavailable(
                f"{args[0]} failed ({done.returncode}): {done.stderr.decode(errors='replace')}"
            )

    def start(self) -> PostgresCluster:
        self._root = Path(tempfile.mkdtemp(prefix="caredesk-pg-"))
        if self._user is not None:
            os.chown(self._root, *self._user)
        self._run(
            "initdb",
            "-D",
            str(self.data),
            "-U",
            ROLE,
            "--auth=trust",
            "--encoding=UTF8",
            "--locale=C",
            "--no-sync",
        )
        self._launch()
        atexit.register(self.stop)
        return self

    def restart(self) -> None:
        """Start the stopped server again on the same data and port (a database outage)."""
        assert self._root is not None and self._proc is None, "restart a started, stopped cluster"
        self._launch()

    def _launch(self) -> None:
        assert self._root is not None
        options = {
            "listen_addresses": "127.0.0.1",
            "port": str(self.port),
            "unix_socket_directories": str(self._root),
            "max_connections": str(self.max_connections),
            # A throwaway cluster: durability buys nothing and costs the tests time.
            "fsync": "off",
            "synchronous_commit": "off",
            "full_page_writes": "off",
            "shared_buffers": "128MB",
            **self.extra,
        }
        command = [str(self.bindir / "postgres"), "-D", str(self.data)]
        for key, value in options.items():
            command += ["-c", f"{key}={value}"]
        self._proc = subprocess.Popen(  # noqa: S603 - our own binaries and arguments
            command,
            preexec_fn=self._demote,
            stdout=subprocess.DEVNULL,
            stderr=open(self._root / "server.log", "ab"),  # noqa: SIM115 - the child owns it
        )
        self._wait_ready()

    def _wait_ready(self, timeout: float = 30.0) -> None:
        import psycopg

        deadline = time.monotonic() + timeout
        while True:
            if self._proc is not None and self._proc.poll() is not None:
                raise PostgresUnavailable(f"postgres exited at start-up: {self.log_tail()}")
            try:
                with psycopg.connect(self.url(driver="postgresql"), connect_timeout=2):
                    return
            except psycopg.OperationalError:
                if time.monotonic() > deadline:
                    raise PostgresUnavailable(
                        f"postgres did not accept connections: {self.log_tail()}"
                    ) from None
                time.sleep(0.05)  # polling a starting server: nothing to wait on instead

    def log_tail(self) -> str:
        if self._root is None:
            return ""
        log = self._root / "server.log"
        return log.read_text(errors="replace")[-2000:] if log.exists() else ""

    def execute(self, sql: str, database: str = "postgres") -> None:
        """Run statements outside a transaction (CREATE/DROP DATABASE, VACUUM need that)."""
        import psycopg

        with psycopg.connect(self.url(database, driver="postgresql"), autocommit=True) as conn:
            conn.execute(sql)  # type: ignore[arg-type]

    def create_database(self, name: str, template: str | None = None) -> str:
        clause = f" TEMPLATE {template} STRATEGY FILE_COPY" if template else ""
        self.execute(f'CREATE DATABASE "{name}"{clause}')
        return self.url(name)

    def drop_database(self, name: str) -> None:
        self.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def stop(self) -> None:
        """Stop the server and remove its data."""
        self.halt()
        if self._root is not None:
            with contextlib.suppress(OSError):
                shutil.rmtree(self._root)
            self._root = None

    def halt(self) -> None:
        """Stop the server, keeping its data for ``restart``."""
        proc, self._proc = self._proc, None
        if proc is not None and proc.poll() is None:
            proc.send_signal(
                signal.SIGINT
            )  # fast shutdown: disconnects clients, no checkpoint wait
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
