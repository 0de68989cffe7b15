"""The server's capacity, for ``bench/scale.py``: what one webhook costs a worker, and the knee.

- ``cpu_per_request``: one worker process; its CPU time (user and system, from the kernel) read
  before and after a run of Aircall webhooks (a call ringing on an agent, then hung up: two
  each), and the same for ``GET /livez``, the cheapest route there is, in the same run. Where
  py-spy is installed, the webhook run is also profiled and the top of it printed.
- ``knee``: the sustained load of ``bench/load.py`` (agents answering on their streams,
  workflows, real sign-ins) at rising webhook rates on several workers; the highest rate at which
  the cross-process screen pop p95 stays within its budget with nothing lost, doubled or out of
  order. The generator runs on the same machine, as it says.
"""

from __future__ import annotations

import asyncio
import collections
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

from bench import load
from bench.harness import Figure, percentile

POP_BUDGET_MS = 50.0
GOAL_PER_SECOND = 100.0


def cpu_seconds(pid: int, *, reaped_children: bool = False) -> float:
    """User plus system CPU time of a process (Linux: /proc/PID/stat); with ``reaped_children``,
    also that of its children that have ended and been waited for (cutime and cstime)."""
    fields = Path(f"/proc/{pid}/stat").read_text(encoding="ascii").rsplit(")", 1)[1].split()
    ticks = int(fields[11]) + int(fields[12])
    if reaped_children:
        ticks += int(fields[13]) + int(fields[14])
    return ticks / os.sysconf("SC_CLK_TCK")


async def _in_flight(
    count: int, parallel: int, one: Callable[[int], Coroutine[Any, Any, None]]
) -> None:
    """``one(k)`` for k in range(count), ``parallel`` at a time."""
    queue = iter(range(count))

    async def lane() -> None:
        for k in queue:
            await one(k)

    await asyncio.gather(*(lane() for _ in range(parallel)))


async def _webhooks(url: str, calls: int, agent_index: int, first_call: int) -> None:
    async with httpx.AsyncClient(base_url=url, timeout=30) as http:

        async def one(k: int) -> None:
            call_id = first_call + k
            for event, ended in (("call.ringing_on_agent", False), ("call.hungup", True)):
                body = load.aircall(event, call_id, agent_index, ended=ended)
                (await http.post("/webhooks/aircall", json=body)).raise_for_status()

        await _in_flight(calls, 4, one)


async def _trivial(url: str, requests: int) -> None:
    async with httpx.AsyncClient(base_url=url, timeout=30) as http:

        async def one(_k: int) -> None:
            (await http.get("/livez")).raise_for_status()

        await _in_flight(requests, 4, one)


def _top_of_profile(raw: Path, lines: int = 15) -> str:
    """py-spy's raw (collapsed) stacks, sampled only while a thread held the GIL (the worker's
    Python CPU time, not its waits on PostgreSQL): the functions with the most samples, on
    their own and with what they called."""
    own: collections.Counter[str] = collections.Counter()
    inclusive: collections.Counter[str] = collections.Counter()
    total = 0
    for line in raw.read_text(encoding="utf-8").splitlines():
        stack, _, count = line.rpartition(" ")
        if not count.isdigit():
            continue
        n = int(count)
        total += n
        frames = [re.sub(r" \((?:[^()]*/)?([^()/]*)\)$", r" (\1)", f) for f in stack.split(";")]
        own[frames[-1]] += n
        for frame in set(frames):
            inclusive[frame] += n
    if not total:
        return "  (no samples)"
    rows = [f"  {'own':>6} {'with callees':>13}  function (file:line)"]
    for frame, n in own.most_common(lines):
        rows.append(f"  {n / total:6.1%} {inclusive[frame] / total:13.1%}  {frame}")
    return "\n".join(rows)


WHERE_TIME_GOES = {
    # (metric family, label that must match or None): what the server says about a step
    "writer lock wait": ("caredesk_writer_lock_wait_seconds", None),
    "call lock wait": ("caredesk_lock_wait_seconds", ("place", "call")),
    "events tail wait": ("caredesk_lock_wait_seconds", ("place", "events")),
    "webhook answered in": (
        "caredesk_http_request_duration_seconds",
        ("route", "/webhooks/aircall"),
    ),
    "commit → stream": ("caredesk_event_delivery_lag_seconds", None),
}
# Counters over a step: how often the workers' hubs read new events, and what they did with the
# notices of commits (server/core/events.py, EventHub._noticed).
HOW_OFTEN = {
    "hub reads": ("caredesk_event_hub_reads", None),
    "notices read": ("caredesk_event_notices", ("outcome", "read")),
    "notices skipped": ("caredesk_event_notices", ("outcome", "skipped")),
}


def tree_cpu_seconds(pid: int) -> float:
    """CPU time of a process and all its descendants, those alive now and those that ended and
    were waited for (Linux: /proc). Counting the living alone made a step's PostgreSQL figure
    negative when a backend ended during it (-0.1 ms a webhook at 100/s): its time left the sum."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text(encoding="ascii")
        except OSError:
            continue  # ended meanwhile
        children.setdefault(int(stat.rsplit(")", 1)[1].split()[1]), []).append(int(entry.name))
    total, todo = 0.0, [pid]
    while todo:
        current = todo.pop()
        try:
            total += cpu_seconds(current, reaped_children=True)
        except OSError:
            continue
        todo += children.get(current, [])
    return total


@dataclass
class CpuSplit:
    """Whose CPU a step used: the server's workers, PostgreSQL's processes, and the generator
    (this process: the webhooks, the agents' streams and answers)."""

    server: int
    postgres: int

    def now(self) -> tuple[float, float, float]:
        return (
            tree_cpu_seconds(self.server),
            tree_cpu_seconds(self.postgres),
            cpu_seconds(os.getpid()),
        )

    @staticmethod
    def per_webhook(before: tuple[float, ...], after: tuple[float, ...], webhooks: int) -> str:
        if not webhooks:
            return ""
        server, postgres, generator = (
            (b - a) * 1000 / webhooks for a, b in zip(before, after, strict=True)
        )
        return (
            f"CPU per webhook: server {server:.1f} ms, PostgreSQL {postgres:.1f} ms, "
            f"generator {generator:.1f} ms"
        )


def machine_ticks() -> tuple[int, int]:
    """(busy, total) clock ticks of every core so far, from /proc/stat ((0, 0) elsewhere): over a
    step, how much of the machine the server, PostgreSQL and the generator used together."""
    try:
        with open("/proc/stat", encoding="ascii") as stat:
            fields = [int(v) for v in stat.readline().split()[1:]]
    except OSError:
        return 0, 0
    idle = fields[3] + (fields[4] if len(fields) > 4 else 0)  # idle and waiting for I/O
    total = sum(fields[:8])  # guest time is already counted in user time
    return total - idle, total


def machine_busy(before: tuple[int, int], after: tuple[int, int]) -> str:
    busy, total = after[0] - before[0], after[1] - before[1]
    cores = os.cpu_count() or 1
    return f"the machine was {busy / total:.0%} busy ({cores} cores)" if total else ""


def scrape(url: str) -> dict[str, tuple[float, float]]:
    """From the server's /metrics (every worker's, added up): (sum of seconds, count) for each
    of ``WHERE_TIME_GOES``."""
    from prometheus_client.parser import text_string_to_metric_families

    text = httpx.get(f"{url}/metrics", timeout=30).text
    found = {name: [0.0, 0.0] for name in (*WHERE_TIME_GOES, *HOW_OFTEN)}
    for family in text_string_to_metric_families(text):
        for name, (wanted, label) in HOW_OFTEN.items():
            if family.name == wanted:
                found[name][1] += sum(
                    sample.value
                    for sample in family.samples
                    if sample.name.endswith("_total")
                    and (label is None or sample.labels.get(label[0]) == label[1])
                )
        for name, (wanted, label) in WHERE_TIME_GOES.items():
            if family.name != wanted:
                continue
            for sample in family.samples:
                if label is not None and sample.labels.get(label[0]) != label[1]:
                    continue
                if sample.name.endswith("_sum"):
                    found[name][0] += sample.value
                elif sample.name.endswith("_count"):
                    found[name][1] += sample.value
    return {name: (total, count) for name, (total, count) in found.items()}


def where_time_went(
    before: dict[str, tuple[float, float]], after: dict[str, tuple[float, float]]
) -> str:
    """The mean of each of ``WHERE_TIME_GOES`` over a step, in words."""
    parts = []
    for name in WHERE_TIME_GOES:
        seconds = after[name][0] - before[name][0]
        count = after[name][1] - before[name][1]
        if count:
            parts.append(f"{name} {seconds / count * 1000:.1f} ms mean over {count:,.0f}")
    counts = [f"{name} {after[name][1] - before[name][1]:,.0f}" for name in HOW_OFTEN]
    return "; ".join(parts) + ("; " + ", ".join(counts) if counts else "")


def cpu_per_request(
    server_factory: Callable[[], Any], agent_index: int, calls: int, first_call: int
) -> tuple[Figure, str]:
    """CPU milliseconds per webhook on one worker beside ``/livez``'s, and the profile's top."""
    server = server_factory()
    profile = ""
    try:
        pid = server.proc.pid
        asyncio.run(_trivial(server.url, 200))  # connections and first-use costs out of the way
        asyncio.run(_webhooks(server.url, 20, agent_index, first_call))
        before = cpu_seconds(pid)
        asyncio.run(_trivial(server.url, calls * 2))
        trivial_ms = (cpu_seconds(pid) - before) * 1000 / (calls * 2)
        beside = Path(sys.executable).with_name("py-spy")  # the bench's own environment's
        spy = str(beside) if beside.exists() else shutil.which("py-spy")
        raw = Path(tempfile.mkdtemp(prefix="caredesk-profile-")) / "worker.txt"
        recorder = (
            subprocess.Popen(
                [
                    *(spy, "record", "--pid", str(pid), "--format", "raw", "--rate", "250"),
                    *("--gil", "--output", str(raw), "--nonblocking"),
                ],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            if spy
            else None
        )
        before = cpu_seconds(pid)
        started = time.perf_counter()
        asyncio.run(_webhooks(server.url, calls, agent_index, first_call + 20))
        seconds = time.perf_counter() - started
        webhook_ms = (cpu_seconds(pid) - before) * 1000 / (calls * 2)
        if recorder is not None:
            recorder.send_signal(2)  # SIGINT: py-spy writes what it has and ends
            recorder.wait(timeout=60)
            profile = _top_of_profile(raw) if raw.exists() else "  (py-spy wrote nothing)"
        else:
            profile = "  (install py-spy to see where the worker's time goes)"
    finally:
        server.stop()
    figure = Figure(
        "CPU per webhook on one worker (PostgreSQL)",
        "printed beside a trivial endpoint's",
        samples=[webhook_ms],
        baseline=[trivial_ms],
        baseline_name="GET /livez",
        note=(
            f"{calls * 2:,} Aircall webhooks (a call ringing on an agent, then hung up), 4 in "
            f"flight, {calls * 2 / seconds:.0f}/s; one worker's user+system CPU time"
        ),
    )
    return figure, profile


def knee(
    run_at: Callable[[float], load.LoadResult],
    rates: tuple[float, ...],
) -> Figure:
    """The highest of ``rates`` (tried in rising order, stopping at the first that fails) at
    which the cross-process screen pop p95 ≤ 50 ms with no error, nothing lost, doubled or out
    of order."""
    steps: list[str] = []
    highest = 0.0
    for rate in rates:
        result = run_at(rate)
        p95 = percentile(result.screen_pop_ms, 95)
        clean = not result.errors and result.lost == result.doubled == result.out_of_order == 0
        holds = clean and p95 <= POP_BUDGET_MS
        steps.append(
            f"{rate:g}/s: pop p95 {p95:.1f} ms, {result.webhooks_sent} webhooks "
            f"({result.late_sends} left late), lost {result.lost}, doubled {result.doubled}, "
            f"out of order {result.out_of_order}, errors {sum(result.errors.values())}"
            + ("" if holds else "  ← over")
        )
        if not holds:
            break
        highest = rate
    figure = Figure(
        "Capacity: highest sustained webhook rate, cross-process pop p95 ≤ 50 ms, 0 lost",
        f"≥ {GOAL_PER_SECOND:g} webhooks/s on this machine, generator included",
        samples=[highest],
        unit="/s",
        holds_if=lambda f: f.samples[0] >= GOAL_PER_SECOND,
        note="; ".join(steps),
    )
    return figure
