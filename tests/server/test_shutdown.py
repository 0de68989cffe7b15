"""The server as its own process, the way an init system runs it: JSON log lines with the request
id, and SIGTERM under load: not ready at once, streams ended with a retry hint, requests in
flight finished, every acknowledged webhook stored, a clean exit within the grace."""

from __future__ import annotations

import asyncio
import itertools
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families

from tests.live_server import free_port
from tests.support import AIRCALL_TOKEN, aircall

GRACE = 5
ROOT = Path(__file__).resolve().parents[2]


@dataclass
class ServerProcess:
    proc: subprocess.Popen[bytes]
    url: str
    data: Path
    log: Path

    def lines(self) -> list[dict[str, object]]:
        return [json.loads(line) for line in self.log.read_text().splitlines() if line.strip()]

    def stop(self) -> int:
        self.proc.send_signal(signal.SIGTERM)
        return self.proc.wait(timeout=GRACE + 10)


@pytest.fixture
def server(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[ServerProcess]:
    """``caredesk-server --demo`` in a process of its own; ``@pytest.mark.workers(n)`` for n."""
    marker = request.node.get_closest_marker("workers")
    workers = marker.args[0] if marker else 1
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("CAREDESK_")}
    env["CAREDESK_AIRCALL_WEBHOOK_TOKEN"] = AIRCALL_TOKEN
    log = tmp_path / "server.log"
    with log.open("wb") as sink:
        proc = subprocess.Popen(  # noqa: S603 - this interpreter, our own module
            [
                sys.executable,
                "-m",
                "server",
                "--demo",
                "--patients",
                "40",
                "--data-dir",
                str(tmp_path / "data"),
                "--port",
                str(port),
                "--log-format",
                "json",
                "--grace-seconds",
                str(GRACE),
                "--workers",
                str(workers),
            ],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=sink,
        )
    running = ServerProcess(proc, f"http://127.0.0.1:{port}", tmp_path / "data", log)
    try:
        deadline = time.monotonic() + 60
        while True:  # polling a starting process's readiness probe, as an orchestrator does
            assert proc.poll() is None, log.read_text()[-2000:]
            try:
                if httpx.get(f"{running.url}/readyz", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert time.monotonic() < deadline, "the server did not become ready"
            time.sleep(0.1)
        yield running
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.wait()


def test_json_log_lines_carry_the_request_id(server: ServerProcess) -> None:
    with httpx.Client(base_url=server.url) as http:
        ok = http.get("/v1/health", headers={"X-Request-ID": "ops-test-1"})
        refused = http.post("/webhooks/aircall", json=aircall("call.created", 5, token="wrong"))
        # The first request with a body, where FastAPI's body field made pydantic warn.
        signed_in = http.post("/v1/auth/login", json={"username": "advisor", "password": "demo"})
    assert ok.headers["x-request-id"] == "ops-test-1"
    assert refused.status_code == 401
    assert signed_in.status_code == 200
    server.proc.send_signal(signal.SIGTERM)
    assert server.proc.wait(timeout=GRACE + 5) == 0
    lines = server.lines()  # every line parses, or json.loads raised
    assert {"time", "level", "logger", "message"} <= set(lines[0])
    by_id = {line.get("request_id"): line for line in lines if line["logger"] == "uvicorn.access"}
    assert by_id["ops-test-1"]["path"] == "/v1/health"
    assert by_id["ops-test-1"]["status"] == 200
    refused_line = by_id[refused.headers["x-request-id"]]
    assert (refused_line["path"], refused_line["status"]) == ("/webhooks/aircall", 401)
    assert any("stopping" in str(line["message"]) for line in lines)
    assert [line["message"] for line in lines if line["logger"] == "py.warnings"] == []


@dataclass
class Load:
    acknowledged: set[int] = field(default_factory=set)
    refused: int = 0  # the port no longer takes connections: the sender tries again later
    dropped: int = 0  # the connection closed before an answer: the sender tries again too
    failed: list[str] = field(default_factory=list)  # an error status: must never happen


async def keep_posting(url: str, ids: Iterator[int], load: Load, until: asyncio.Event) -> None:
    # A fresh connection per webhook, as Aircall's deliveries come.
    limits = httpx.Limits(max_keepalive_connections=0)
    async with httpx.AsyncClient(base_url=url, timeout=GRACE + 5, limits=limits) as http:
        while not until.is_set():
            call_id = next(ids)
            try:
                reply = await http.post("/webhooks/aircall", json=aircall("call.created", call_id))
            except httpx.ConnectError:
                load.refused += 1
                await asyncio.sleep(0.01)  # a sender's back-off
                continue
            except (httpx.ReadError, httpx.RemoteProtocolError, httpx.WriteError):
                load.dropped += 1
                continue
            if reply.status_code == 200:
                load.acknowledged.add(call_id)
            else:
                load.failed.append(f"{call_id}: {reply.status_code} {reply.text[:200]}")


async def watch_stream(url: str, token: str, ended: list[tuple[float, str]]) -> None:
    async with (
        httpx.AsyncClient(base_url=url, timeout=30) as http,
        http.stream("GET", "/v1/events", headers={"Authorization": f"Bearer {token}"}) as reply,
    ):
        assert reply.status_code == 200
        blocks = [b async for b in reply.aiter_text()]
    ended.append((time.monotonic(), "".join(blocks).rstrip().rsplit("\n\n", 1)[-1]))


async def test_sigterm_under_load_loses_nothing(server: ServerProcess) -> None:
    async with httpx.AsyncClient(base_url=server.url) as http:
        pair = (
            await http.post("/v1/auth/login", json={"username": "advisor", "password": "demo"})
        ).json()
    ended: list[tuple[float, str]] = []
    streams = [
        asyncio.create_task(watch_stream(server.url, pair["access_token"], ended)) for _ in range(3)
    ]
    load, stop = Load(), asyncio.Event()
    ids = itertools.count(10_000)
    senders = [asyncio.create_task(keep_posting(server.url, ids, load, stop)) for _ in range(8)]
    while len(load.acknowledged) < 60:  # under load before the signal
        assert not load.failed, load.failed
        await asyncio.sleep(0.02)
    server.proc.send_signal(signal.SIGTERM)
    signalled = time.monotonic()
    while server.proc.poll() is None:
        assert time.monotonic() - signalled < GRACE + 5, "the server did not stop in its grace"
        await asyncio.sleep(0.02)
    exited = time.monotonic() - signalled
    stop.set()
    await asyncio.gather(*senders)
    await asyncio.wait_for(asyncio.gather(*streams), 5)

    assert server.proc.returncode == 0
    assert exited < GRACE, f"stopped after {exited:.1f} s: something waited out the grace"
    assert not load.failed, load.failed
    # Every stream was ended by the server, promptly and with its parting hint.
    assert len(ended) == 3
    for at, last_block in ended:
        assert last_block == "retry: 500"
        assert at - signalled < 2.0
    # Every acknowledged webhook is in the database (read after the process is gone).
    with sqlite3.connect(server.data / "demo.sqlite3") as db:
        stored = {
            int(row[0])
            for row in db.execute("SELECT external_id FROM conversations WHERE source = 'aircall'")
        }
    assert load.acknowledged <= stored, sorted(load.acknowledged - stored)[:10]
    print(  # the figures, for the closing note (pytest -s)
        f"acknowledged {len(load.acknowledged)}, refused after close {load.refused}, "
        f"dropped {load.dropped}, exit after {exited:.2f} s"
    )


@pytest.mark.workers(2)
def test_every_worker_counts_in_one_scrape(server: ServerProcess) -> None:
    """Under --workers, a scrape answered by any worker adds up all of them (Prometheus's
    multi-process mode): 40 probes over fresh connections, spread by the kernel."""

    def probes(text: str) -> float:
        for family in text_string_to_metric_families(text):
            for sample in family.samples:
                if sample.name == "caredesk_http_requests_total" and sample.labels == {
                    "route": "/livez",
                    "method": "GET",
                    "status": "200",
                }:
                    return sample.value
        return 0.0

    limits = httpx.Limits(max_keepalive_connections=0)  # each request may reach either worker
    with httpx.Client(base_url=server.url, limits=limits) as http:
        before = probes(http.get("/metrics").text)
        for _ in range(40):
            assert http.get("/livez").status_code == 200
        scrapes = [probes(http.get("/metrics").text) for _ in range(6)]
    # Without the shared folder each worker would count only what it answered (about half,
    # differing from scrape to scrape); that all 40 fell on one worker and all 6 scrapes on
    # the same one has a chance of 2**-44.
    assert scrapes == [before + 40] * 6
    assert server.stop() == 0
