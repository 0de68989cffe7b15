"""Scenarios measured on whole processes: cold start and memory, each against a bare PySide6
window started the same way, alternated so drift hits both alike."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time

from bench import desk_venv
from bench.backend import ServerProcess, temp_folder
from bench.harness import Figure, ratio_at_most


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        {
            "QT_QPA_PLATFORM": "offscreen",
            # Never the real keyring or the advisor's data from the bench.
            "PYTHON_KEYRING_BACKEND": "keyring.backends.null.Keyring",
            "CAREDESK_DATA_DIR": str(temp_folder("caredesk-bench-data-")),
            # The desk says READY at its first painted, signed-in frame, then exits.
            "CAREDESK_STARTUP_PROBE": "1",
        }
    )
    return env


def _time_until_ready(args: list[str], env: dict[str, str] | None = None) -> tuple[float, str]:
    t0 = time.perf_counter()
    process = subprocess.Popen(
        args, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env or _env()
    )
    assert process.stdout is not None
    for line in process.stdout:
        if line.startswith("READY"):
            elapsed = time.perf_counter() - t0
            process.wait(timeout=30)
            return elapsed * 1000, line.strip()
    process.wait(timeout=30)
    raise RuntimeError(f"{args} never said READY")


def workstation_cold_starts(server_url: str, runs: int) -> list[Figure]:
    """The desk's start as advisors meet it (bench.workstation), installed and frozen, against
    a bare window on the desk-only environment's PySide6; the three alternated, run by run."""
    from bench import workstation

    installed = Figure(
        "Cold start (installed, production): process → window painted, signed in",
        "≤ 2.0 × bare PySide6 window",
        baseline_name="bare window",
        holds_if=ratio_at_most(2.0),
    )
    frozen = Figure(
        "Cold start (frozen app, production): process → window painted, signed in",
        "≤ 2.5 × bare PySide6 window",
        baseline_name="bare window",
        holds_if=ratio_at_most(2.5),
    )
    desk = workstation.installed_desk()
    app = workstation.frozen_desk()
    bare = [str(desk_venv.prepare()), "-m", "bench.bare_window"]
    station = workstation.Workstation.make(server_url)
    # One unmeasured start of each: the files come into the page cache, as on any second start.
    for args in (bare, desk, app):
        station.store_session()
        _time_until_ready(args, station.env)
    for _ in range(runs):
        ms = _time_until_ready(bare, station.env)[0]
        installed.baseline.append(ms)
        frozen.baseline.append(ms)
        station.store_session()
        installed.samples.append(_time_until_ready(desk, station.env)[0])
        station.store_session()
        frozen.samples.append(_time_until_ready(app, station.env)[0])
    installed.note = (
        "the caredesk command installed from this checkout's wheels, signing in with the "
        "refresh token in the keyring (a file-backed keyring the bench configures)"
    )
    frozen.note = "dist/CareDesk from make package, the same way; the baseline is the same"
    return [installed, frozen]


def cold_start(runs: int) -> Figure:
    figure = Figure(
        "Cold start (demo): process → window painted, signed in",
        "≤ 1.5 × bare PySide6 window",
        baseline_name="bare window",
        holds_if=ratio_at_most(1.5),
    )
    # One unmeasured start fills the seed cache, as the first start on a workstation does.
    _time_until_ready([sys.executable, "-m", "desktop", "--demo", "--log-level", "error"])
    for _ in range(runs):
        figure.baseline.append(_time_until_ready([sys.executable, "-m", "bench.bare_window"])[0])
        figure.samples.append(
            _time_until_ready([sys.executable, "-m", "desktop", "--demo", "--log-level", "error"])[
                0
            ]
        )
    figure.note = (
        "demo mode starts the reference server as a child process (imports alone ≈1.2 s) "
        "and signs in; "
        "the seed comes from the cache filled by one unmeasured first start"
    )
    return figure


def memory(server: ServerProcess, accounts: int, runs: int = 2) -> Figure:
    """Both processes in the desk-only environment (bench.desk_venv): the desk as installed on
    a workstation, and the bare window on the same PySide6."""
    figure = Figure(
        f"Memory after opening {accounts} accounts (RSS)",
        "≤ 250 MB and ≤ 2.5 × bare window",
        unit="MB",
        baseline_name="bare window",
        holds_if=lambda f: f.maximum <= 250 and f.ratio <= 2.5,
    )
    python = str(desk_venv.prepare())
    env = {**_env(), **desk_venv.env()}
    env.pop("CAREDESK_STARTUP_PROBE", None)
    for _ in range(runs):
        line = _time_until_ready([python, "-m", "bench.bare_window"], env)[1]
        figure.baseline.append(float(re.search(r"rss=([\d.]+)", line).group(1)))  # type: ignore[union-attr]
        out = subprocess.run(
            [python, "-m", "bench.memory_probe", server.url, str(accounts)],
            capture_output=True,
            text=True,
            env=env,
            timeout=300,
            check=True,
        ).stdout
        figure.samples.append(float(re.search(r"RSS ([\d.]+)", out).group(1)))  # type: ignore[union-attr]
    figure.note = "the desk as installed from its wheel, without the test tools"
    return figure
