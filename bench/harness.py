"""Figures, their statistics and budgets, the table and results.json."""

from __future__ import annotations

import contextlib
import json
import math
import os
import platform
import statistics
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..100) of the samples."""
    if not values:
        return math.nan
    ordered = sorted(values)
    rank = max(1, math.ceil(q / 100 * len(ordered)))
    return ordered[rank - 1]


@dataclass
class Figure:
    name: str
    budget: str  # in words, as QUALITY.md states it
    samples: list[float] = field(default_factory=list)
    unit: str = "ms"
    baseline: list[float] = field(default_factory=list)
    baseline_name: str = ""
    holds_if: Callable[[Figure], bool] | None = None
    note: str = ""
    measured: bool = True

    @property
    def median(self) -> float:
        return statistics.median(self.samples) if self.samples else math.nan

    @property
    def p95(self) -> float:
        return percentile(self.samples, 95)

    @property
    def maximum(self) -> float:
        return max(self.samples) if self.samples else math.nan

    @property
    def baseline_median(self) -> float:
        return statistics.median(self.baseline) if self.baseline else math.nan

    @property
    def ratio(self) -> float:
        base = self.baseline_median
        return self.median / base if self.baseline and base > 0 else math.nan

    @property
    def holds(self) -> bool | None:
        if not self.measured or self.holds_if is None:
            return None
        return bool(self.holds_if(self))

    def as_dict(self) -> dict[str, Any]:
        def num(x: float) -> float | None:
            return None if math.isnan(x) else round(x, 3)

        return {
            "name": self.name,
            "measured": self.measured,
            "unit": self.unit,
            "runs": len(self.samples),
            "median": num(self.median),
            "p95": num(self.p95),
            "max": num(self.maximum),
            "baseline": self.baseline_name or None,
            "baseline_runs": len(self.baseline),
            "baseline_median": num(self.baseline_median),
            "ratio": num(self.ratio),
            "budget": self.budget,
            "holds": self.holds,
            "note": self.note,
        }


def p95_at_most(limit: float) -> Callable[[Figure], bool]:
    return lambda f: f.p95 <= limit


def max_at_most(limit: float) -> Callable[[Figure], bool]:
    return lambda f: f.maximum <= limit


def ratio_at_most(limit: float) -> Callable[[Figure], bool]:
    return lambda f: f.ratio <= limit


def not_measured(name: str, budget: str, why: str) -> Figure:
    return Figure(name=name, budget=budget, measured=False, note=why)


def _fmt(x: float, unit: str) -> str:
    if math.isnan(x):
        return "—"
    return f"{x:.1f} {unit}" if x < 1000 or unit != "ms" else f"{x / 1000:.2f} s"


def table(figures: list[Figure]) -> str:
    rows = [("figure", "runs", "median", "p95", "baseline (median)", "ratio", "budget", "holds")]
    for f in figures:
        if not f.measured:
            rows.append((f.name, "—", "—", "—", "—", "—", f.budget, "not measured"))
            continue
        base = f"{f.baseline_name}: {_fmt(f.baseline_median, f.unit)}" if f.baseline else "—"
        ratio = "—" if math.isnan(f.ratio) else f"{f.ratio:.2f}×"
        verdict = {True: "yes", False: "NO", None: "—"}[f.holds]
        rows.append(
            (
                f.name,
                str(len(f.samples)),
                _fmt(f.median, f.unit),
                _fmt(f.p95, f.unit),
                base,
                ratio,
                f.budget,
                verdict,
            )
        )
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = []
    for n, row in enumerate(rows):
        lines.append("| " + " | ".join(cell.ljust(widths[i]) for i, cell in enumerate(row)) + " |")
        if n == 0:
            lines.append("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    notes = [f"- {f.name}: {f.note}" for f in figures if f.note]
    return "\n".join(lines) + ("\n\n" + "\n".join(notes) if notes else "")


def write_results(figures: list[Figure], path: Path, seconds: float) -> None:
    path.write_text(
        json.dumps(
            {
                "when": datetime.now(UTC).isoformat(timespec="seconds"),
                "machine": {
                    "python": platform.python_version(),
                    "system": platform.platform(),
                    "cpus": __import__("os").cpu_count(),
                },
                "seconds": round(seconds, 1),
                "figures": [f.as_dict() for f in figures],
            },
            indent=2,
        )
        + "\n",
        encoding="utf-8",
    )


def desk_core() -> set[int] | None:
    """The core the desk runs on where the bench can pin processes (Linux, two cores or more),
    else None: the first core the bench may use."""
    if not hasattr(os, "sched_getaffinity"):
        return None
    cores = sorted(os.sched_getaffinity(0))
    return {cores[0]} if len(cores) >= 2 else None


def pin(pid: int, *, desk: bool | None) -> None:
    """On a workstation the desk has a core of its own and the server, the phone system and the
    network are other machines: the desk's process on ``desk_core()``, everything else on the
    remaining cores; ``desk=None`` gives a process every core again. Every thread of the
    process (0: this one) is moved. Does nothing where processes cannot be pinned."""
    core = desk_core()
    if core is None:
        return
    every = set(os.sched_getaffinity(0)) | set(range(os.cpu_count() or 1))
    cores = every if desk is None else core if desk else every - core
    task = Path(f"/proc/{pid or os.getpid()}/task")
    for tid in [int(t) for t in os.listdir(task)] if task.is_dir() else [pid]:
        with contextlib.suppress(ProcessLookupError):  # a thread that ended meanwhile
            os.sched_setaffinity(tid, cores)
