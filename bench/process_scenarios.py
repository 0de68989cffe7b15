"""Scenarios measured on whole processes: cold start and memory, each against a bare PySide6
window started the same way, alternated so drift hits both alike."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from pathlib import Path

from bench import desk_venv
from bench.backend import ServerProcess, temp_folder
from bench.harness import Figure, max_at_most, pin, ratio_at_most


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
    floor = Figure(
        "Cold start floor of the stack: bare window + qasync, one httpx request, pydantic",
        "printed, no budget: what no desk on this stack can start under",
        baseline_name="bare window",
    )
    desk = workstation.installed_desk()
    app = workstation.frozen_desk()
    bare = [str(desk_venv.prepare()), "-m", "bench.bare_window"]
    stack = [str(desk_venv.prepare()), "-m", "bench.stack_window"]
    station = workstation.Workstation.make(server_url)
    # One unmeasured start of each: the files come into the page cache, as on any second start.
    for args in (bare, stack, desk, app):
        station.store_session()
        _time_until_ready(args, station.env)
    for _ in range(runs):
        ms = _time_until_ready(bare, station.env)[0]
        installed.baseline.append(ms)
        frozen.baseline.append(ms)
        floor.baseline.append(ms)
        floor.samples.append(_time_until_ready(stack, station.env)[0])
        station.store_session()
        installed.samples.append(_time_until_ready(desk, station.env)[0])
        station.store_session()
        frozen.samples.append(_time_until_ready(app, station.env)[0])
    installed.note = (
        "the caredesk command installed from this checkout's wheels, signing in with the "
        "refresh token in the keyring (a file-backed keyring the bench configures)"
    )
    frozen.note = "dist/CareDesk from make package, the same way; the baseline is the same"
    floor.note = (
        "bench/stack_window.py, no CareDesk code: the bare window on the qasync loop, one "
        "request to the server read into a pydantic model, and Qt's enums touched"
    )
    return [installed, frozen, floor]


def cold_start(runs: int) -> Figure:
    figure = Figure(
        "Cold start (demo): process → window painted, signed in",
        "printed, no budget: it boots a server too (QUALITY.md)",
        baseline_name="bare window",
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
        "≤ 250 MB and ≤ 2.25 × bare window",
        unit="MB",
        baseline_name="bare window",
        holds_if=lambda f: f.maximum <= 250 and f.ratio <= 2.25,
    )
    python = str(desk_venv.prepare())
    env = {**_env(), **desk_venv.env()}
    env.pop("CAREDESK_STARTUP_PROBE", None)
    for _ in range(runs):
        line = _time_until_ready([python, "-m", "bench.bare_window", "--settled"], env)[1]
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
    figure.note = (
        "the desk as installed from its wheel, without the test tools; both read once their "
        "1366×768 window is painted, after a collection"
    )
    return figure


def shift_soak(server: ServerProcess, conversations: int) -> list[Figure]:
    """bench.shift in the desk-only environment: memory, the UI thread and what is alive, over a
    compressed shift."""
    from bench.backend import bench_settings
    from server.__main__ import write_fixtures

    fixtures = write_fixtures(
        bench_settings(server.database_url), temp_folder("caredesk-bench-shift-")
    )
    _more_patients(fixtures, server.database_url, conversations)
    python = str(desk_venv.prepare())
    env = {**_env(), **desk_venv.env()}
    env.pop("CAREDESK_STARTUP_PROBE", None)
    pin(server.process.pid, desk=False)
    try:
        out = subprocess.run(
            [python, "-m", "bench.shift", server.url, str(fixtures), str(conversations)],
            capture_output=True,
            text=True,
            env=env,
            timeout=3600,
        )
    finally:
        pin(server.process.pid, desk=None)
    if "DONE" not in out.stdout:
        raise RuntimeError(f"the shift did not finish:\n{out.stdout[-2000:]}\n{out.stderr[-4000:]}")
    rss = {int(n): float(mb) for n, mb in re.findall(r"^RSS (\d+) ([\d.]+)$", out.stdout, re.M)}
    count = {
        label: [int(x) for x in numbers.split()]
        for label, numbers in re.findall(r"^COUNT (\S+) ([\d ]+)$", out.stdout, re.M)
    }
    stall = re.search(r"^STALL ([\d.]+) (\d+)$", out.stdout, re.M)
    seconds = re.search(r"^SECONDS ([\d.]+)$", out.stdout, re.M)
    assert stall is not None and seconds is not None
    early = min(100, conversations)
    memory = Figure(
        f"Shift soak, {conversations:,} conversations: RSS at the end",
        f"≤ 1.10 × RSS after the first {early}",
        unit="MB",
        baseline_name=f"after {early}",
        holds_if=ratio_at_most(1.10),
    )
    memory.baseline = [rss[early]]
    memory.samples = [rss[conversations]]
    memory.note = (
        f"RSS every 50: {', '.join(f'{mb:.0f}' for _, mb in sorted(rss.items()))} MB; "
        f"{float(seconds.group(1)):.0f} s of calls, chats and texts, 2 idle locks, 3 drops"
    )
    longest = Figure(
        f"Shift soak, {conversations:,} conversations: longest UI stall",
        "≤ 16 ms",
        holds_if=max_at_most(16),
    )
    longest.samples = [float(stall.group(1))]
    worst = re.findall(r"^WORST ([\d.]+) ([\d.]+) (\d+ \S+|.+)$", out.stdout, re.M)[:3]
    longest.note = (
        f"timer lateness over {int(stall.group(2)):,} ticks of 5 ms, the whole shift; the "
        "latest: "
        + ", ".join(f"{late} ms (UI thread busy {busy} ms) at {step}" for late, busy, step in worst)
    )
    names = ("widgets", "QObjects", "timers", "asyncio tasks")
    before, after = count[f"first-{early}"], count["end"]
    alive = Figure(
        f"Shift soak, {conversations:,} conversations: growth of what is alive",
        f"none: widgets, QObjects, timers and tasks at the end ≤ after the first {early}",
        unit="objects",
        holds_if=lambda f: f.maximum <= 0,
    )
    alive.samples = [float(b - a) for a, b in zip(before, after, strict=True)]
    alive.note = "; ".join(
        f"{name} {a} → {b}" for name, a, b in zip(names, before, after, strict=True)
    )
    grew = re.search(r"^GREW (.+)$", out.stdout, re.M)
    if grew:
        alive.note += f"; more at the end: {grew.group(1)}"
    return [memory, longest, alive]


def _more_patients(fixtures: Path, database_url: str, conversations: int) -> None:
    """One patient (with a mobile) per conversation, up to the seed's: a patient who calls
    every few minutes all day is not a shift."""
    import json

    from sqlalchemy import select

    from server.core.db import Database
    from server.core.orm import Account

    db = Database(database_url)
    with db.reader() as session:
        accounts = session.scalars(
            select(Account)
            .where(Account.parent_account_id.is_(None), Account.status == "active")
            .order_by(Account.id)
            .limit(conversations)
        ).all()
        patients = [{"account_id": a.id, "phone": a.phones[0].number} for a in accounts if a.phones]
    db.dispose()
    raw = json.loads(fixtures.read_text(encoding="utf-8"))
    raw["patients"] = patients
    fixtures.write_text(json.dumps(raw), encoding="utf-8")
