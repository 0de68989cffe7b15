"""A server process sets its start-up heap aside from the cyclic collector once its app is built
(``server.serving.settle_heap``): under the sustained load a full collection walked all of it,
100–300 ms with the worker stopped. Checked in a process of its own, as a worker is made: the
test process builds many apps and must not freeze them."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.support import server_env

ROOT = Path(__file__).resolve().parents[2]

PROBE = """
import gc, json
from server.__main__ import worker_app
app = worker_app()
print(json.dumps({"frozen": gc.get_freeze_count(), "tracked": len(gc.get_objects())}))
"""


def test_a_worker_sets_its_start_up_heap_aside_from_the_collector(tmp_path: Path) -> None:
    env = server_env(f"sqlite:///{tmp_path / 'heap.sqlite3'}")
    done = subprocess.run(  # noqa: S603 - our own program
        [sys.executable, "-c", PROBE],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    heap = json.loads(done.stdout.strip().splitlines()[-1])
    # The app, its routes and models, the ORM's mappers: well over 50,000 objects, all frozen;
    # what a full collection still walks is what was made after (a few, here).
    assert heap["frozen"] > 50_000, heap
    assert heap["tracked"] < heap["frozen"] // 10, heap
