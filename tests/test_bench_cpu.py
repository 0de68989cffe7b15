"""The capacity bench's CPU split (bench/capacity.py) counts a process tree's ended children too:
PostgreSQL's backends come and go during a step, and a count of the living alone went negative."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from bench.capacity import tree_cpu_seconds

PARENT = """
import os, subprocess, sys
child = subprocess.Popen([sys.executable, "-c", "sum(i * i for i in range(3_000_000))"])
_, _, usage = os.wait4(child.pid, 0)
print(usage.ru_utime + usage.ru_stime, flush=True)
sys.stdin.read()  # alive until the test has looked
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_a_child_that_ended_still_counts() -> None:
    parent = subprocess.Popen(  # noqa: S603 - this interpreter, our own snippet
        [sys.executable, "-c", PARENT], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    try:
        assert parent.stdout is not None
        child_seconds = float(parent.stdout.readline())
        assert child_seconds > 0.05  # enough work that a lost child shows
        tick = 1 / os.sysconf("SC_CLK_TCK")
        assert tree_cpu_seconds(parent.pid) >= child_seconds - tick
    finally:
        assert parent.stdin is not None
        parent.stdin.close()
        parent.wait(timeout=30)
