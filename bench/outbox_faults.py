"""``python -m bench.outbox_faults [--runs N]``: kill the desk or the server while the outbox
replays, over and over, then count on the server that every queued action was applied exactly
once. Prints the counts; exits 1 on any action missing or doubled.

Each run queues a few notes in a real sealed outbox (``desktop.cache``), starts a replaying
"desk" process (the same ``outbox.replay`` the desk uses), and at a random moment SIGKILLs the
desk, or SIGKILLs the server and restarts it on the same database and address, or lets it be.
The parent then replays whatever is left, as a restarted desk would. Loopback only; everything
lives in a temporary folder.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import secrets
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import httpx

from backend_client import CareDeskClient
from backend_client import models as m
from bench.backend import AIRCALL_TOKEN, APP_KEY, ServerProcess, free_port, seeded_database
from desktop.cache import outbox
from desktop.cache.store import CacheStore

MARK = "fault-run"


def start_on(database_url: str, port: int) -> ServerProcess:
    process = subprocess.Popen(
        [sys.executable, "-m", "bench.serve", database_url, str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    assert process.stdout is not None
    for line in process.stdout:
        if "SERVING" in line:
            return ServerProcess(f"http://127.0.0.1:{port}", database_url, process)
    raise RuntimeError("the server did not start")


async def verified_conversation(url: str) -> tuple[str, str]:
    async with httpx.AsyncClient(base_url=url, timeout=10) as http:
        token = (
            await http.post(
                "/v1/patient/app-call-tokens",
                json={"account_id": "pat_00001"},
                headers={"Authorization": f"Bearer {APP_KEY}"},
            )
        ).json()["token"]
        reply = await http.post(
            "/webhooks/aircall",
            json={
                "event": "call.answered",
                "resource": "call",
                "timestamp": int(time.time()),
                "token": AIRCALL_TOKEN,
                "data": {
                    "id": 990_001,
                    "direction": "inbound",
                    "status": "answered",
                    "raw_digits": "+447700900000",
                    "digits": token,
                    "started_at": int(time.time()),
                    "answered_at": int(time.time()),
                    "user": {"email": "advisor@demo.caredesk.test"},
                },
            },
        )
        reply.raise_for_status()
        return reply.json()["conversation_id"], "pat_00001"


async def drain(url: str, store: CacheStore) -> None:
    """A restarted desk: replay until nothing is pending (the server may be restarting)."""
    async with CareDeskClient(url) as client:
        for _ in range(200):
            try:
                await client.login("advisor", "demo")
                break
            except Exception:
                await asyncio.sleep(0.1)
        while True:
            report = await outbox.replay(client, store, asyncio.to_thread)
            if report.refused:
                raise RuntimeError(f"refused on replay: {report.refused[0][1]}")
            if report.stopped is None:
                return
            await asyncio.sleep(0.1)


def child(url: str, cache_path: str, key_hex: str) -> int:
    """The replaying desk, to be killed."""

    async def run() -> None:
        store = CacheStore(Path(cache_path), bytes.fromhex(key_hex))
        async with CareDeskClient(url) as client:
            await client.login("advisor", "demo")
            await outbox.replay(client, store, asyncio.to_thread)

    try:
        asyncio.run(run())
    except Exception:
        return 3
    return 0


def count_notes(database_url: str) -> Counter[str]:
    from sqlalchemy import select

    from server.core.db import Database
    from server.core.orm import Note

    db = Database(database_url)
    with db.reader() as session:
        bodies = session.scalars(select(Note.body).where(Note.body.like(f"{MARK} %"))).all()
    db.dispose()
    return Counter(bodies)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.outbox_faults")
    parser.add_argument("--runs", type=int, default=1000)
    parser.add_argument("--actions", type=int, default=3, help="queued per run")
    parser.add_argument("--seed", type=int, default=20261122)
    parser.add_argument("--child", nargs=3, metavar=("URL", "CACHE", "KEY"))
    args = parser.parse_args(argv)
    if args.child:
        return child(*args.child)

    rng = random.Random(args.seed)
    folder = Path(tempfile.mkdtemp(prefix="caredesk-faults-"))
    database_url = seeded_database(folder)
    port = free_port()
    server = start_on(database_url, port)
    started = time.monotonic()
    kills: Counter[str] = Counter()
    queued: list[str] = []
    try:
        conversation_id, account_id = asyncio.run(verified_conversation(server.url))
        key = secrets.token_bytes(32)
        cache_path = folder / "outbox.sqlite3"
        store = CacheStore(cache_path, key)
        for run in range(args.runs):
            for k in range(args.actions):
                body = f"{MARK} {run}.{k}"
                request = m.ActionRequest(
                    conversation_id=conversation_id, workflow_id="add_note", inputs={"body": body}
                )
                outbox.queue(store, "add_note", request, account_id, "Add a note")
                queued.append(body)
            desk = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "bench.outbox_faults",
                    "--child",
                    server.url,
                    str(cache_path),
                    key.hex(),
                ],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            victim = rng.choices(["desk", "server", "none"], weights=[6, 2, 2])[0]
            time.sleep(rng.uniform(0.2, 0.9))  # the child starts in ~0.5 s: kills land mid-replay
            if victim == "desk" and desk.poll() is None:
                os.kill(desk.pid, signal.SIGKILL)
                kills["desk"] += 1
            elif victim == "server":
                os.kill(server.process.pid, signal.SIGKILL)
                server.process.wait()
                kills["server"] += 1
                server = start_on(database_url, port)
            desk.wait(timeout=120)
            asyncio.run(drain(server.url, store))
            if (run + 1) % 100 == 0:
                print(f"  {run + 1} runs, {time.monotonic() - started:.0f} s", flush=True)
        left = outbox.waiting(store)
    finally:
        server.stop()
    counted = count_notes(database_url)
    once = sum(1 for body in queued if counted[body] == 1)
    missing = [body for body in queued if counted[body] == 0]
    doubled = [body for body in queued if counted[body] > 1]
    print(
        f"{args.runs} runs in {time.monotonic() - started:.0f} s: "
        f"desk killed {kills['desk']} times, server killed {kills['server']} times, "
        f"{args.runs - kills['desk'] - kills['server']} runs left alone.\n"
        f"{len(queued)} actions queued; applied exactly once: {once}; missing: {len(missing)}; "
        f"applied twice or more: {len(doubled)}; still in the outbox: {len(left)}."
    )
    return 0 if once == len(queued) and not left else 1


if __name__ == "__main__":
    sys.exit(main())
