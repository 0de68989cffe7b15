"""The sustained-load generator of ``bench/scale.py``: agents on SSE streams answering calls and
running a workflow while webhooks arrive at a fixed rate; every agent's events counted.

Why not locust: its users are closed loops (a user waits for its reply before its next request),
so a slow server receives fewer webhooks and the latency it would cause is never measured
(coordinated omission); the telephony provider does not wait. Webhooks here leave on a fixed
schedule whatever the replies do. Locust's greenlets also have no way to count, per agent, the
events a long-held SSE stream delivered against those the server stored; this does, exactly.
One asyncio process holds 200 streams; its HTTP is bench.raw_http, a socket's cost, because the
generator shares the machine whose capacity is measured (httpx cost it four times the CPU).
"""

from __future__ import annotations

import asyncio
import itertools
import json
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from bench.fixtures import AIRCALL_TOKEN
from bench.harness import Figure
from bench.raw_http import HttpError, HttpPool, open_stream

AGENT_PASSWORD = "bench-agent-password"
FIRST_USER_ID = 900_000  # Aircall user ids of the bench's agents: FIRST_USER_ID + index
UNKNOWN = "+442079460321"  # 020 7946 0321, Ofcom's drama range: no patient has it
RING_TO_HANGUP = 200  # a call is hung up 200 webhooks (4 s at 50/s) after it rang


@dataclass(frozen=True)
class AgentSeat:
    index: int
    agent_id: str
    username: str
    token: str


def aircall(
    event: str, call_id: int, index: int, *, ended: bool = False, number: str | None = None
) -> dict[str, Any]:
    """An Aircall envelope for agent ``index``; callers are the seed's first 1,000 patients."""
    now = int(time.time())
    return {
        "resource": "call",
        "event": event,
        "timestamp": now,
        "token": AIRCALL_TOKEN,
        "data": {
            "id": call_id,
            "direction": "inbound",
            "status": "done" if ended else "initial",
            "started_at": now,
            "answered_at": None,
            "ended_at": now if ended else None,
            "duration": 0,
            "raw_digits": number or f"+447700900{call_id % 1000:03d}",
            "user": {
                "id": FIRST_USER_ID + index,
                "email": f"scale{index:04d}@bench.test",
                "name": f"Scale {index}",
            },
            "number": {"id": 77, "name": "Patient care", "digits": "+44 20 7946 0000"},
            "missed_call_reason": None,
            "ivr_options_selected": [],
            "tags": [],
        },
    }


@dataclass
class LoadResult:
    agents: int
    rate: float
    seconds: float
    webhooks_sent: int = 0
    errors: Counter[str] = field(default_factory=Counter)
    refused: Counter[str] = field(default_factory=Counter)
    offered: int = 0  # calls that reached an agent's stream
    answered: int = 0
    workflows: int = 0
    sign_ins: int = 0
    late_sends: int = 0
    screen_pop_ms: list[float] = field(default_factory=list)
    stored: dict[str, int] = field(default_factory=dict)  # per agent: events in the table
    received: dict[str, int] = field(default_factory=dict)  # per agent: events delivered
    lost: int = 0
    doubled: int = 0
    out_of_order: int = 0

    def figure(self) -> Figure:
        return Figure(
            f"Sustained load: {self.agents} agents, {self.rate:g} webhooks/s for "
            f"{self.seconds:g} s (PostgreSQL, 4 workers)",
            "0 errors, 0 lost, 0 doubled (screen pop p95 printed)",
            samples=self.screen_pop_ms,
            holds_if=lambda _f: (
                not self.errors and self.lost == self.doubled == self.out_of_order == 0
            ),
            note=(
                f"screen pop p95 printed; {self.webhooks_sent} webhooks, {self.answered} answered, "
                f"{self.workflows} workflows, errors {sum(self.errors.values())}, lost "
                f"{self.lost}, doubled {self.doubled}"
            ),
        )

    def report(self) -> str:
        delivered = sum(self.received.values())
        lines = [
            f"  webhooks sent: {self.webhooks_sent} ({self.late_sends} left >50 ms late)",
            f"  real sign-ins: {self.sign_ins}; calls answered: {self.answered}; "
            f"workflows run: {self.workflows}",
            f"  events stored for the {self.agents} agents: {sum(self.stored.values())}; "
            f"delivered: {delivered}",
            f"  lost: {self.lost}; doubled: {self.doubled}; out of order: {self.out_of_order}",
            f"  errors: {dict(self.errors) or 0}; refusals (expected, e.g. call already "
            f"ended): {dict(self.refused) or 0}",
        ]
        return "\n".join(lines)


class _Agent:
    """One agent's desk: its stream, what it received, and the calls it answers."""

    def __init__(
        self, seat: AgentSeat, result: LoadResult, arrivals: dict[str, float], after: int
    ) -> None:
        self.seat = seat
        self.after = after  # the stream starts after this id: events from before the run
        self.result = result
        self.arrivals = arrivals  # conversation id → when its first event arrived
        self.ids: list[int] = []
        self.seen: set[str] = set()
        self.opened = asyncio.Event()
        self.tasks: set[asyncio.Task[None]] = set()

    async def stream(self, http: HttpPool, stop: asyncio.Event) -> None:
        last = self.after

        def on_line(line: bytes) -> None:
            nonlocal last
            if line.startswith(b"id: "):
                last = int(line[4:])
                self.ids.append(last)
            elif line.startswith(b"data: ") and b'"conversation.created"' in line:
                self.on_created(http, json.loads(line[6:]))

        while not stop.is_set():
            headers = {"Authorization": f"Bearer {self.seat.token}"}
            if last:
                headers["Last-Event-ID"] = str(last)
            try:
                transport, status, ended = await open_stream(http, "/v1/events", headers, on_line)
            except HttpError:
                if stop.is_set():
                    return
                self.result.errors["stream dropped"] += 1
                continue
            try:
                if status != 200:
                    self.result.errors[f"stream {status}"] += 1
                    return
                self.opened.set()
                await ended
            finally:
                transport.close()
            if not stop.is_set():
                self.result.errors["stream ended"] += 1

    def on_created(self, http: HttpPool, event: dict[str, Any]) -> None:
        data = event["data"]
        if event["type"] != "conversation.created" or data.get("id") in self.seen:
            return
        self.seen.add(data["id"])
        self.arrivals[data["id"]] = time.perf_counter()
        # One call in five across the floor gets a workflow, whatever the rate: counted per
        # agent, a short run at a low rate gave no agent a fifth call, and so no workflows.
        self.result.offered += 1
        task = asyncio.create_task(
            self.answer(http, data["id"], run_workflow=self.result.offered % 5 == 0)
        )
        self.tasks.add(task)
        task.add_done_callback(self.tasks.discard)

    async def answer(self, http: HttpPool, conversation: str, run_workflow: bool) -> None:
        headers = {"Authorization": f"Bearer {self.seat.token}"}
        answered = await self.post(
            http, f"/v1/conversations/{conversation}/answer", headers, None, "answer"
        )
        if answered:
            self.result.answered += 1
        if answered and run_workflow:
            body = {
                "conversation_id": conversation,
                "workflow_id": "add_note",
                "inputs": {"body": "Caller asked when the parcel would arrive."},
            }
            path = f"/v1/conversations/{conversation}/actions/add_note"
            if await self.post(http, path, headers, body, "workflow"):
                self.result.workflows += 1

    async def post(
        self,
        http: HttpPool,
        path: str,
        headers: dict[str, str],
        body: dict[str, Any] | None,
        what: str,
    ) -> bool:
        headers = {**headers, "Idempotency-Key": str(uuid.uuid4())}
        try:
            status, _ = await http.request("POST", path, headers, body)
        except HttpError as exc:
            self.result.errors[f"{what}: {type(exc).__name__}"] += 1
            return False
        if status == 409:  # the call ended before the agent got to it
            self.result.refused[f"{what} 409"] += 1
            return False
        if status >= 300:
            self.result.errors[f"{what} {status}"] += 1
            return False
        return True


async def _sign_in_for_real(http: HttpPool, seats: list[AgentSeat], result: LoadResult) -> None:
    for seat in seats:
        body = {"username": seat.username, "password": AGENT_PASSWORD}
        status, _ = await http.request("POST", "/v1/auth/login", {}, body)
        if status == 200:
            result.sign_ins += 1
        else:
            result.errors[f"sign-in {status}"] += 1


async def run(
    url: str,
    database_url: str,
    seats: list[AgentSeat],
    *,
    rate: float,
    seconds: float,
    first_call: int = 1_000_000,
) -> LoadResult:
    """``rate`` webhooks a second for ``seconds``, calls numbered from ``first_call`` (runs
    against one server take ranges of their own: a call id seen before is that call again)."""
    from server.core.db import Database
    from server.core.events import latest_id

    result = LoadResult(len(seats), rate, seconds)
    sent_at: dict[int, float] = {}  # call id → when its ringing webhook left
    conversation_of: dict[int, str] = {}  # call id → the conversation the server opened
    arrivals: dict[str, float] = {}
    db = Database(database_url)
    before = {seat.agent_id: latest_id(db, seat.agent_id) for seat in seats}
    agents = [_Agent(seat, result, arrivals, before[seat.agent_id]) for seat in seats]
    stop = asyncio.Event()
    where = urlsplit(url)
    http = HttpPool(where.hostname or "127.0.0.1", where.port or 80)
    try:
        readers = [asyncio.create_task(a.stream(http, stop)) for a in agents]
        await asyncio.wait_for(asyncio.gather(*(a.opened.wait() for a in agents)), 120)
        await _sign_in_for_real(http, seats[:10], result)

        async def send(k: int) -> None:
            call, hangup = divmod(k, 2)
            if hangup:
                call -= RING_TO_HANGUP // 2
                if call < 0:
                    return
            call += first_call
            seat = seats[call % len(seats)]
            event = "call.hungup" if hangup else "call.ringing_on_agent"
            body = aircall(event, call, seat.index, ended=bool(hangup))
            if not hangup:
                sent_at[call] = time.perf_counter()
            try:
                status, answer = await asyncio.wait_for(
                    http.request("POST", "/webhooks/aircall", {}, body), 30
                )
            except (HttpError, TimeoutError) as exc:
                result.errors[f"webhook: {type(exc).__name__}"] += 1
                return
            result.webhooks_sent += 1
            if status != 200:
                result.errors[f"webhook {status}"] += 1
            elif not hangup:
                conversation_of[call] = json.loads(answer)["conversation_id"]

        start = time.perf_counter()
        pending: set[asyncio.Task[None]] = set()
        for k in range(int(rate * seconds)):
            due = start + k / rate
            delay = due - time.perf_counter()
            if delay > 0:
                await asyncio.sleep(delay)
            elif delay < -0.05:
                result.late_sends += 1
            task = asyncio.create_task(send(k))
            pending.add(task)
            task.add_done_callback(pending.discard)
        await asyncio.gather(*pending)
        for agent in agents:
            await asyncio.gather(*agent.tasks)

        # Drain: wait until every agent has what the table holds for it (or 30 s have passed).
        def tally() -> None:
            for agent in agents:
                stored = _stored_ids(db, agent.seat.agent_id, before[agent.seat.agent_id])
                result.stored[agent.seat.agent_id] = len(stored)
                received = agent.ids
                result.received[agent.seat.agent_id] = len(received)
                result.doubled += len(received) - len(set(received))
                result.lost += len(set(stored) - set(received))
                result.out_of_order += sum(1 for a, b in itertools.pairwise(received) if b <= a)

        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if all(
                len(set(a.ids)) >= len(_stored_ids(db, a.seat.agent_id, before[a.seat.agent_id]))
                for a in agents
            ):
                break
            await asyncio.sleep(0.2)  # polling the table for the drain; the run is over
        tally()
        for call, sent in sent_at.items():
            arrived = arrivals.get(conversation_of.get(call, ""))
            if arrived is not None:
                result.screen_pop_ms.append((arrived - sent) * 1000)
        stop.set()
        for reader in readers:
            reader.cancel()
        await asyncio.gather(*readers, return_exceptions=True)
    finally:
        http.close()
    db.dispose()
    return result


def _stored_ids(db: Any, agent_id: str, after: int) -> list[int]:
    from server.core.events import fetch_since

    out: list[int] = []
    while True:
        rows = fetch_since(db, agent_id, out[-1] if out else after, 500)
        out += [r.id for r in rows]
        if len(rows) < 500:
            return out
