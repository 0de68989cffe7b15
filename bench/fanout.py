"""Server fan-out: one event published to 200 connected agents, delivery time to each."""

from __future__ import annotations

import json
import queue
import subprocess
import sys
import threading
import time
from pathlib import Path

from bench.backend import bench_settings, free_port, make_agents
from bench.harness import Figure, p95_at_most
from server.core.events import append_event
from server.threaded import ThreadedServer


def fanout(database_url: str, folder: Path, clients: int = 200, rounds: int = 20) -> Figure:
    figure = Figure(
        f"Server fan-out: one event → {clients} SSE clients",
        "p95 ≤ 100 ms",
        holds_if=p95_at_most(100),
    )
    agents = make_agents(database_url, clients)
    tokens_file = folder / "fanout-tokens.json"
    tokens_file.write_text(json.dumps([token for _, token in agents]))
    server = ThreadedServer(bench_settings(database_url), port=free_port())
    server.start()
    lines: queue.Queue[str] = queue.Queue()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "bench.fanout_clients",
            server.url,
            str(tokens_file),
            str(clients * (rounds + 1)),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    reader = threading.Thread(
        target=lambda: [lines.put(line) for line in process.stdout], daemon=True
    )  # type: ignore[union-attr]
    reader.start()
    try:
        while "CONNECTED" not in lines.get(timeout=90):
            pass
        assert server.ctx is not None
        for round_ in range(rounds + 1):  # round 0 warms up (first rows, caches) and is not counted
            t0 = time.time()
            with server.ctx.db.transaction() as session:  # one notice to every agent, one commit
                for agent_id, _ in agents:
                    append_event(
                        session, agent_id, "issue.updated", {"round": round_, "notice": "bench"}
                    )
            received = 0
            while received < clients:
                line = lines.get(timeout=30)
                if line.startswith("RECV"):
                    _, _, _, at = line.split()
                    if round_ > 0:
                        figure.samples.append((float(at) - t0) * 1000)
                    received += 1
            time.sleep(0.05)
    finally:
        process.terminate()
        process.wait(timeout=10)
        server.stop()
    figure.note = f"{rounds} rounds; from the commit that publishes it to receipt by each client"
    return figure
