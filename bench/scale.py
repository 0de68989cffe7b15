"""``python -m bench.scale`` (``make bench-scale``): the server at contact-centre scale on a real
PostgreSQL that the bench starts itself, on loopback, and stops at the end.

- Screen pop across processes: a webhook to server A, the agent streaming from server B
  (baseline: the same webhook to B itself).
- 400,000 patients: the challenge and the snapshot through the API (baseline: the same on the
  demo's 1,200 patients), with the query plans printed.
- Fan-out: one event to each of 2,000 agents streaming from 4 workers behind one address.
- CPU per webhook on one worker, beside a trivial endpoint's (``bench/capacity.py``), with the
  top of the worker's profile where py-spy is installed.
- Capacity (``bench/capacity.py`` over ``bench/load.py``): 200 agents streaming, answering and
  running a workflow while webhooks arrive at 10, 25, 50, … a second, 45 s at each rate on 4
  workers, every agent's events counted; the highest rate whose cross-process screen pop p95
  stays within 50 ms with nothing lost, doubled or out of order.

Prints the table and writes bench/results-scale.json; exits 1 when a budget fails. ``--quick``
is a smoke run (20,000 patients, 400 clients, 15 seconds a rate), not figures to quote.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import httpx

from backend_client import CareDeskClient
from backend_client import models as m
from bench import backend, capacity, load
from bench.backend import free_port, temp_folder
from bench.fixtures import AIRCALL_TOKEN, APP_KEY
from bench.harness import Figure, p95_at_most, table, write_results
from tests.postgres import PostgresCluster

RESULTS = Path(__file__).with_name("results-scale.json")
ROOT = Path(__file__).resolve().parents[1]
PEPPER = "bench-token-pepper-0123456789"
ROUTING_TOKEN = "bench-routing-token"
SERVER_ENV = {
    "CAREDESK_TOKEN_PEPPER": PEPPER,
    "CAREDESK_AIRCALL_WEBHOOK_TOKEN": AIRCALL_TOKEN,
    "CAREDESK_INTERCOM_CLIENT_SECRET": "bench-intercom",
    "CAREDESK_CTI_TOKEN": "bench-cti",
    "CAREDESK_PATIENT_APP_KEY": APP_KEY,
    "CAREDESK_ROUTING_TOKEN": ROUTING_TOKEN,
    # Streams re-check their session every 5 s; at 2,000 agents that is 400 reads a second.
}


class Server:
    """``python -m server`` on 127.0.0.1 (``workers`` processes behind one port)."""

    def __init__(self, database_url: str, workers: int = 1) -> None:
        self.port = free_port()
        self.proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "server",
                *("--port", str(self.port), "--workers", str(workers), "--log-level", "error"),
            ],
            cwd=ROOT,
            env={**os.environ, **SERVER_ENV, "CAREDESK_DATABASE_URL": database_url},
            stdout=subprocess.DEVNULL,
        )
        self.url = f"http://127.0.0.1:{self.port}"
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"{self.url}/v1/health", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if self.proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("a bench server did not start")
            time.sleep(0.1)  # polling a starting process: nothing to wait on

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


# --- the database ----------------------------------------------------------------------------


def seeded(cluster: PostgresCluster, name: str, patients: int) -> tuple[str, float]:
    from server.core.db import Database, migrate
    from server.seed import seed

    url = cluster.create_database(name)
    db = Database(url)
    migrate(db.engine)
    started = time.perf_counter()
    with db.transaction() as session:
        seed(session, patients=patients)
    seconds = time.perf_counter() - started
    db.dispose()
    # Fresh statistics for the planner, as autovacuum gives a database soon after a bulk load.
    cluster.execute("VACUUM ANALYZE", database=name)
    return url, seconds


def make_agents(database_url: str, count: int, first: int = 0) -> list[load.AgentSeat]:
    """``count`` advisors with an Aircall user id each and an access token issued directly
    (an argon2 sign-in each would take minutes; ``load`` signs a few in for real)."""
    made = backend.make_agents(
        database_url,
        count,
        first=first,
        name="scale",
        digits=4,
        password=load.AGENT_PASSWORD,
        telephony_base=load.FIRST_USER_ID,
    )
    return [
        load.AgentSeat(first + k, agent_id, f"scale{first + k:04d}", token)
        for k, (agent_id, token) in enumerate(made)
    ]


def explain(database_url: str, account_id: str) -> str:
    """The plans of the challenge's and the snapshot's main queries, as PostgreSQL runs them."""
    from sqlalchemy import text

    from server.core.db import Database
    from server.core.orm import Account

    db = Database(database_url)
    out = []
    with db.reader() as session:
        account = session.get(Account, account_id)
        assert account is not None
        queries = {
            "challenge: accounts by date of birth and postcode": (
                "SELECT * FROM accounts WHERE date_of_birth = :dob AND postcode_key = :pc "
                "AND status != 'closed'",
                {"dob": account.date_of_birth, "pc": account.postcode_key},
            ),
            "challenge/snapshot: the last order": (
                "SELECT * FROM orders WHERE account_id = :a ORDER BY placed_at DESC LIMIT 1",
                {"a": account_id},
            ),
            "snapshot: prescriptions": (
                "SELECT * FROM prescriptions WHERE account_id = :a",
                {"a": account_id},
            ),
            "screen pop: accounts by caller number": (
                "SELECT account_id FROM account_phones WHERE number = :n",
                {"n": account.phones[0].number},
            ),
        }
        for title, (sql, params) in queries.items():
            plan = session.scalars(text(f"EXPLAIN (ANALYZE, COSTS OFF) {sql}"), params).all()
            out.append(f"  {title}:\n" + "\n".join(f"    {line}" for line in plan))
    db.dispose()
    return "\n".join(out)


# --- scenarios -------------------------------------------------------------------------------


class Arrivals(dict[str, float]):
    """When the first event of each conversation reached the stream, and a way to wait for it."""

    def __init__(self) -> None:
        super().__init__()
        self._events: dict[str, asyncio.Event] = {}

    def record(self, key: str) -> None:
        if key not in self:
            self[key] = time.perf_counter()
            self._events.setdefault(key, asyncio.Event()).set()

    async def wait(self, key: str) -> float:
        await asyncio.wait_for(self._events.setdefault(key, asyncio.Event()).wait(), 10)
        return self[key]


async def _stream(url: str, token: str, arrivals: Arrivals, opened: asyncio.Event) -> None:
    async with (
        httpx.AsyncClient(base_url=url, timeout=httpx.Timeout(10, read=None)) as http,
        http.stream("GET", "/v1/events", headers={"Authorization": f"Bearer {token}"}) as response,
    ):
        opened.set()
        async for line in response.aiter_lines():
            if line.startswith("data: "):
                data = json.loads(line[6:])["data"]
                key = data.get("id") or data.get("conversation_id")
                if key:
                    arrivals.record(key)


async def cross_process_screen_pop(database_url: str, seat: load.AgentSeat, runs: int) -> Figure:
    figure = Figure(
        "Screen pop across processes (PostgreSQL): webhook to A → event on B's stream",
        "p95 ≤ 50 ms",
        baseline_name="webhook to B itself",
        holds_if=p95_at_most(50),
    )
    a, b = Server(database_url), Server(database_url)
    arrivals = Arrivals()
    opened = asyncio.Event()
    stream = asyncio.create_task(_stream(b.url, seat.token, arrivals, opened))
    try:
        await asyncio.wait_for(opened.wait(), 30)
        async with httpx.AsyncClient(timeout=10) as http:
            for n in range(runs + 5):  # five to warm up
                for target, samples in ((a, figure.samples), (b, figure.baseline)):
                    call = 7_000_000 + n * 2 + (target is b)
                    t0 = time.perf_counter()
                    reply = await http.post(
                        f"{target.url}/webhooks/aircall",
                        json=load.aircall("call.ringing_on_agent", call, seat.index),
                    )
                    arrived = await arrivals.wait(reply.json()["conversation_id"])
                    if n >= 5:
                        samples.append((arrived - t0) * 1000)
                    await http.post(
                        f"{target.url}/webhooks/aircall",
                        json=load.aircall("call.hungup", call, seat.index, ended=True),
                    )
    finally:
        stream.cancel()
        await asyncio.gather(stream, return_exceptions=True)
        a.stop()
        b.stop()
    figure.note = f"{runs} calls each way; poll fallback idle (LISTEN/NOTIFY)"
    return figure


def _facts(database_url: str, account_ids: list[str]) -> list[dict[str, Any]]:
    from sqlalchemy import select

    from server.core.db import Database
    from server.core.orm import Account, Order

    db = Database(database_url)
    out = []
    with db.reader() as session:
        for account_id in account_ids:
            account = session.get(Account, account_id)
            assert account is not None
            last = session.scalar(
                select(Order).where(Order.account_id == account_id).order_by(Order.placed_at.desc())
            )
            assert last is not None
            out.append(
                {
                    "id": account_id,
                    "full_name": f"{account.first_name} {account.last_name}",
                    "date_of_birth": account.date_of_birth.isoformat(),
                    "postcode": account.postcode,
                    "address_line1": account.address_line1,
                    "last_order_medicine": last.lines[0]["medicine"],
                    "phone": account.phones[0].number,
                }
            )
    db.dispose()
    return out


async def _challenge_and_snapshot(
    server: Server, seat: load.AgentSeat, patients: list[dict[str, Any]]
) -> tuple[list[float], list[float]]:
    challenge_ms, snapshot_ms = [], []
    async with (
        httpx.AsyncClient(base_url=server.url, timeout=10) as http,
        CareDeskClient(server.url) as client,
    ):
        client._set_tokens(m.TokenPair(access_token=seat.token, refresh_token="", expires_in=3600))
        for n, facts in enumerate(patients):
            call = 8_000_000 + n
            reply = await http.post(
                "/webhooks/aircall",
                json=load.aircall("call.ringing_on_agent", call, seat.index, number=load.UNKNOWN),
            )
            conversation = reply.json()["conversation_id"]
            questions = await client.challenge.questions(conversation)
            fact_label = questions.questions[-1].label
            fact = facts["address_line1" if "address" in fact_label else "last_order_medicine"]
            body = m.ChallengeAnswers(
                caller_type=m.CallerType.PATIENT,
                answers={
                    "full_name": facts["full_name"],
                    "date_of_birth": facts["date_of_birth"],
                    "postcode": facts["postcode"],
                    "fact": fact,
                },
            )
            t0 = time.perf_counter()
            result = await client.challenge.submit(conversation, body)
            t1 = time.perf_counter()
            assert result.verified, result.message
            await client.accounts.snapshot(facts["id"], conversation)
            t2 = time.perf_counter()
            if n >= 5:
                challenge_ms.append((t1 - t0) * 1000)
                snapshot_ms.append((t2 - t1) * 1000)
            await http.post(
                "/webhooks/aircall",
                json=load.aircall("call.hungup", call, seat.index, ended=True, number=load.UNKNOWN),
            )
    return challenge_ms, snapshot_ms


async def lookups_at_scale(
    big: tuple[str, load.AgentSeat],
    small: tuple[str, load.AgentSeat],
    patients: int,
    runs: int,
) -> list[Figure]:
    import random

    rng = random.Random(400_000)  # the same patients every run
    picks = [f"pat_{rng.randrange(patients) + 1:05d}" for _ in range(runs + 5)]
    few = [f"pat_{rng.randrange(1200) + 1:05d}" for _ in range(runs + 5)]
    results = []
    for (url, seat), ids in ((big, picks), (small, few)):
        server = Server(url)
        try:
            results.append(await _challenge_and_snapshot(server, seat, _facts(url, ids)))
        finally:
            server.stop()
    (big_challenge, big_snapshot), (small_challenge, small_snapshot) = results
    label = f"{patients:,} patients"
    return [
        Figure(
            f"Challenge at {label} (PostgreSQL)",
            "p95 ≤ 30 ms",
            samples=big_challenge,
            baseline=small_challenge,
            baseline_name="1,200 patients",
            holds_if=p95_at_most(30),
            note=f"{runs} patients spread over the whole table",
        ),
        Figure(
            f"Snapshot at {label} (PostgreSQL)",
            "p95 ≤ 30 ms",
            samples=big_snapshot,
            baseline=small_snapshot,
            baseline_name="1,200 patients",
            holds_if=p95_at_most(30),
            note=f"{runs} patients spread over the whole table",
        ),
    ]


async def _routing(server: Server, patients: list[dict[str, Any]]) -> list[float]:
    """The phone system's routing request for a caller dialling from the app: a fresh token
    each, redeemed against the caller's number, the rules run, the call recorded."""
    samples = []
    auth = {"Authorization": f"Bearer {ROUTING_TOKEN}"}
    async with httpx.AsyncClient(base_url=server.url, timeout=10) as http:
        for n, facts in enumerate(patients):
            issued = await http.post(
                "/v1/patient/app-call-tokens",
                json={"account_id": facts["id"]},
                headers={"Authorization": f"Bearer {APP_KEY}"},
            )
            issued.raise_for_status()
            body = {
                "call_id": 9_000_000 + n,
                "from": facts["phone"],
                "to": "+442079460000",
                "input": issued.json()["token"],
            }
            t0 = time.perf_counter()
            reply = await http.post("/telephony/route", json=body, headers=auth)
            t1 = time.perf_counter()
            reply.raise_for_status()
            assert reply.json()["verified"], reply.text
            if n >= 5:
                samples.append((t1 - t0) * 1000)
    return samples


async def routing_at_scale(big: str, small: str, patients: int, runs: int) -> Figure:
    import random

    rng = random.Random(400_001)  # the same patients every run
    picks = [f"pat_{rng.randrange(patients) + 1:05d}" for _ in range(runs + 5)]
    few = [f"pat_{rng.randrange(1200) + 1:05d}" for _ in range(runs + 5)]
    results = []
    for url, ids in ((big, picks), (small, few)):
        server = Server(url)
        try:
            results.append(await _routing(server, _facts(url, ids)))
        finally:
            server.stop()
    return Figure(
        f"Routing answer at {patients:,} patients (PostgreSQL)",
        "p95 ≤ 50 ms",
        samples=results[0],
        baseline=results[1],
        baseline_name="1,200 patients",
        holds_if=p95_at_most(50),
        note=f"{runs} app-token calls: token redeemed, rules run, call recorded",
    )


def fanout(database_url: str, seats: list[load.AgentSeat], workers: int, rounds: int) -> Figure:
    """One event to each agent (one commit, one NOTIFY), timed to each client's receipt."""
    import queue
    import threading

    from server.core.db import Database
    from server.core.events import broadcast

    clients = len(seats)
    figure = Figure(
        f"Fan-out: one event → {clients:,} SSE clients on {workers} workers (PostgreSQL)",
        "p95 ≤ 250 ms",
        holds_if=p95_at_most(250),
    )
    server = Server(database_url, workers=workers)
    folder = temp_folder("caredesk-fanout-")
    groups = [seats[k::2] for k in range(2)]  # two client processes, one per core
    procs, lines = [], queue.Queue[str]()
    for k, group in enumerate(groups):
        tokens = folder / f"tokens-{k}.json"
        tokens.write_text(json.dumps([s.token for s in group]))
        proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "bench.sse_clients",
                server.url,
                str(tokens),
                str(len(group) * (rounds + 1)),
            ],
            stdout=subprocess.PIPE,
            text=True,
        )
        assert proc.stdout is not None
        threading.Thread(
            target=lambda out=proc.stdout: [lines.put(line) for line in out], daemon=True
        ).start()
        procs.append(proc)
    db = Database(database_url)
    try:
        connected = 0
        while connected < len(groups):
            connected += "CONNECTED" in lines.get(timeout=180)
        for round_ in range(rounds + 1):  # round 0 warms up and is not counted
            t0 = time.time()
            with db.transaction() as session:
                broadcast(session, [s.agent_id for s in seats], "issue.updated", {"round": round_})
            received = 0
            while received < clients:
                line = lines.get(timeout=60)
                if line.startswith("RECV"):
                    if round_ > 0:
                        figure.samples.append((float(line.split()[3]) - t0) * 1000)
                    received += 1
    finally:
        for proc in procs:
            proc.terminate()
            proc.wait(timeout=20)
        db.dispose()
        server.stop()
    figure.note = f"{rounds} rounds; from the publishing commit to each client's receipt"
    return figure


# --- main --------------------------------------------------------------------------------------


class _Done(Exception):
    """``--routing-only``: the figures wanted are taken."""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.scale", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="a smoke run, not figures to quote")
    parser.add_argument("--patients", type=int, default=None, help="default 400,000")
    parser.add_argument("--routing-only", action="store_true", help="only the routing figure")
    parser.add_argument(
        "--capacity-only", action="store_true", help="only the CPU per webhook and the capacity"
    )
    args = parser.parse_args(argv)
    patients = args.patients or (20_000 if args.quick else 400_000)
    clients = 400 if args.quick else 2000
    load_seconds = 15 if args.quick else 45  # at each rate of the capacity ramp
    runs = 30 if args.quick else 200
    started = time.perf_counter()
    cluster = PostgresCluster(
        max_connections=600, settings={"shared_buffers": "512MB", "work_mem": "8MB"}
    ).start()
    figures: list[Figure] = []
    try:
        print(f"Seeding {patients:,} patients into PostgreSQL {cluster.bindir}…", flush=True)
        big_url, seconds = seeded(cluster, "scale", patients)
        print(f"  seeded in {seconds:.1f} s", flush=True)
        small_url, _ = seeded(cluster, "demo", 1200)
        if not args.capacity_only:
            print("The routing answer…", flush=True)
            figures.append(asyncio.run(routing_at_scale(big_url, small_url, patients, runs)))
        if args.routing_only:
            raise _Done
        # Three agents for the one-at-a-time figures, then the floor for fan-out and load.
        solo = make_agents(big_url, 3)
        seats = make_agents(big_url, clients, first=3)
        [small_seat] = make_agents(small_url, 1)
        if not args.capacity_only:
            print(
                "Query plans at scale:\n" + explain(big_url, f"pat_{patients // 2:05d}"),
                flush=True,
            )
            print("Screen pop across processes…", flush=True)
            figures.append(asyncio.run(cross_process_screen_pop(big_url, solo[0], runs)))
            print("Challenge and snapshot…", flush=True)
            figures += asyncio.run(
                lookups_at_scale((big_url, solo[1]), (small_url, small_seat), patients, runs)
            )
            print(f"Fan-out to {clients:,} clients on 4 workers…", flush=True)
            figures.append(fanout(big_url, seats, workers=4, rounds=10 if args.quick else 20))
        print("CPU per webhook on one worker, beside GET /livez…", flush=True)
        calls = 300 if args.quick else 1500
        cpu, profile = capacity.cpu_per_request(
            lambda: Server(big_url, workers=1), solo[2].index, calls, first_call=5_000_000
        )
        print(f"  the worker's profile under webhooks (py-spy):\n{profile}", flush=True)
        figures.append(cpu)
        rates = (10, 25, 35, 40, 45, 50, 60, 75, 100, 125, 150, 200)
        print(
            f"Capacity: 200 agents on 4 workers, {load_seconds} s at each of "
            f"{', '.join(map(str, rates))} webhooks/s until the screen pop p95 passes 50 ms…",
            flush=True,
        )
        server = Server(big_url, workers=4)
        split = capacity.CpuSplit(server.proc.pid, cluster.pid)
        steps = iter(range(1, len(rates) + 1))

        def run_at(rate: float) -> load.LoadResult:
            first_call = 10_000_000 * next(steps)  # each step's calls are new calls
            before = capacity.scrape(server.url)
            ticks = capacity.machine_ticks()
            cpu = split.now()
            result = asyncio.run(
                load.run(
                    server.url,
                    big_url,
                    seats[:200],
                    rate=rate,
                    seconds=load_seconds,
                    first_call=first_call,
                )
            )
            busy = capacity.machine_busy(ticks, capacity.machine_ticks())
            whose = split.per_webhook(cpu, split.now(), result.webhooks_sent)
            print(f"  at {rate:g}/s:\n{result.report()}\n  {busy}; {whose}", flush=True)
            said = capacity.where_time_went(before, capacity.scrape(server.url))
            print(f"  the server: {said}", flush=True)
            return result

        try:
            knee = capacity.knee(run_at, rates)
        finally:
            server.stop()
        figures.append(knee)
    except _Done:
        pass
    finally:
        cluster.stop()
    print()
    print(table(figures))
    write_results(figures, RESULTS, time.perf_counter() - started)
    return 0 if all(f.holds is not False for f in figures) else 1


if __name__ == "__main__":
    sys.exit(main())
