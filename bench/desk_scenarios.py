"""Scenarios measured on real widgets, offscreen, in this process, against the bench server."""

from __future__ import annotations

import asyncio
import random
import subprocess
import sys
import time
from array import array
from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING

import httpx
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QWidget

from bench.fixtures import AIRCALL_TOKEN, APP_KEY
from bench.harness import Figure, max_at_most, p95_at_most
from desktop.app import DeskApp
from desktop.config import DeskConfig
from desktop.palette_ranking import Entry
from desktop.views.command_palette import CommandPalette
from desktop.views.window import palette_entries as window_entries
from desktop.workflows.registry import discover

if TYPE_CHECKING:  # the server's code never loads in a desk process
    from bench.backend import ServerProcess

USER = {"id": 1001, "email": "advisor@demo.caredesk.test"}


def envelope(
    event: str,
    call_id: int,
    number: str,
    *,
    answered: bool = False,
    ended: bool = False,
    digits: str | None = None,
) -> dict[str, object]:
    now = int(time.time())
    call = {
        "id": call_id,
        "direction": "inbound",
        "status": "done" if ended else "answered" if answered else "initial",
        "started_at": now,
        "answered_at": now if answered else None,
        "ended_at": now if ended else None,
        "raw_digits": number,
        "user": USER,
        "number": {"digits": "+44 20 7946 0000"},
        "missed_call_reason": "short_abandoned" if ended and not answered else None,
        "ivr_options_selected": [{"key": digits}] if digits else [],
    }
    return {
        "resource": "call",
        "event": event,
        "timestamp": now,
        "token": AIRCALL_TOKEN,
        "data": call,
    }


class PaintWatch(QObject):
    """Resolves a future at the first paint of ``widget`` once ``ready()`` holds."""

    def __init__(self, widget: QWidget) -> None:
        super().__init__(widget)
        self.widget = widget
        self.future: asyncio.Future[float] | None = None
        self.ready: Callable[[], bool] = lambda: False
        widget.installEventFilter(self)

    def arm(self, ready: Callable[[], bool]) -> asyncio.Future[float]:
        self.ready = ready
        self.future = asyncio.get_running_loop().create_future()
        return self.future

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.Paint
            and self.future is not None
            and not self.future.done()
            and self.ready()
        ):
            self.future.set_result(time.perf_counter())
        return False


async def wait_for(condition: Callable[[], object], timeout: float = 20.0) -> None:  # noqa: ASYNC109
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError("the desk did not get there")
        await asyncio.sleep(0.005)


async def open_desk(url: str) -> DeskApp:
    app = DeskApp(QApplication.instance(), DeskConfig(server_url=url))  # type: ignore[arg-type]
    await app.desk.session.sign_in(url, "advisor", "demo")
    app.window.resize(1366, 768)
    app.window.show()
    await wait_for(lambda: app.window.status.connection_label.text() == "● Live")
    return app


async def screen_pop(app: DeskApp, server: ServerProcess, runs: int) -> Figure:
    figure = Figure(
        "Screen pop: webhook → row painted",
        "p95 ≤ 50 ms",
        baseline_name="loopback HTTP round trip",
        holds_if=p95_at_most(50),
    )
    watch = PaintWatch(app.window.panel.list.viewport())
    model = app.desk.conversations
    async with httpx.AsyncClient(base_url=server.url, timeout=10) as http:
        for n in range(runs + 5):  # the first five warm up and are not counted
            t0 = time.perf_counter()
            (await http.get("/v1/health")).raise_for_status()
            rtt = time.perf_counter() - t0
            call_id = 500_000 + n
            number = f"+44113496{n:04d}"
            conversation: dict[str, str] = {}
            painted = watch.arm(
                lambda: conversation.get("id") is not None and model.row_of(conversation["id"]) >= 0
            )
            t0 = time.perf_counter()
            reply = await http.post(
                "/webhooks/aircall", json=envelope("call.ringing_on_agent", call_id, number)
            )
            conversation["id"] = reply.json()["conversation_id"]
            t1 = await asyncio.wait_for(painted, 10)
            if n >= 5:
                figure.samples.append((t1 - t0) * 1000)
                figure.baseline.append(rtt * 1000)
            await http.post(
                "/webhooks/aircall", json=envelope("call.hungup", call_id, number, ended=True)
            )
            await wait_for(lambda: model.row_of(conversation["id"]) < 0)
    return figure


async def app_token_call(app: DeskApp, server: ServerProcess, runs: int) -> Figure:
    figure = Figure(
        "App-token call: webhook → account painted", "p95 ≤ 150 ms", holds_if=p95_at_most(150)
    )
    account = app.window.account
    watch = PaintWatch(account.name)
    client = app.desk.client
    assert client is not None
    async with httpx.AsyncClient(base_url=server.url, timeout=10) as http:
        for n in range(runs + 3):
            account_id = f"pat_{n + 1:05d}"
            token = (
                await http.post(
                    "/v1/patient/app-call-tokens",
                    json={"account_id": account_id},
                    headers={"Authorization": f"Bearer {APP_KEY}"},
                )
            ).json()["token"]
            phone = f"+447700900{n:03d}"  # the seed's number for pat_{n+1}
            opened: dict[str, str] = {}
            painted = watch.arm(
                lambda: (
                    bool(account.name.text())
                    and app.desk.current_id == opened.get("id")
                    and app.desk.snapshot is not None
                )
            )
            t0 = time.perf_counter()
            reply = await http.post(
                "/webhooks/aircall",
                json=envelope("call.answered", 600_000 + n, phone, answered=True, digits=token),
            )
            opened["id"] = reply.json()["conversation_id"]
            t1 = await asyncio.wait_for(painted, 10)
            if n >= 3:
                figure.samples.append((t1 - t0) * 1000)
            await client.conversations.close(opened["id"], "resolved")
            await wait_for(lambda: app.desk.current_id is None)
    return figure


async def cached_snapshot(app: DeskApp, accounts: int, passes: int) -> Figure:
    """Offline, the account comes from the encrypted cache: read, decrypt, validate, fill the
    account view, and its first paint by the event loop (what the advisor waits for)."""
    figure = Figure("Open a cached account snapshot", "p95 ≤ 20 ms", holds_if=p95_at_most(20))
    cache = app.desk.cache
    assert cache is not None, "the desk opened no cache"
    account = app.window.account
    app.window.stack.setCurrentWidget(account)
    watch = PaintWatch(account.name)
    ids = [f"pat_{n + 4:05d}" for n in range(accounts)]  # opened by the app-token calls
    await wait_for(lambda: cache.store.count() >= accounts)
    for _ in range(passes):
        for account_id in ids:
            account.clear()  # from an empty view, as when switching conversations
            await asyncio.sleep(0.01)
            expected: dict[str, str] = {}
            painted = watch.arm(lambda: account.name.text() == expected.get("name"))
            t0 = time.perf_counter()
            snap = await cache.snapshot(account_id)
            assert snap is not None, f"{account_id} is not in the cache"
            expected["name"] = snap.identity.name
            account.show_snapshot(snap)
            t1 = await asyncio.wait_for(painted, 10)
            figure.samples.append((t1 - t0) * 1000)
    account.clear()
    figure.note = f"{len(ids)} accounts × {passes}, each from a cleared view to its first paint"
    return figure


def palette_entries(count: int) -> list[Entry]:
    """The workflows and the demo's articles (both languages, as the desk lists them), plus
    conversations and variants of both up to ``count`` entries."""
    rng = random.Random(7)
    workflows = [
        Entry(f"workflow:{w.id}", w.title, w.category, w.keywords, w.id) for w in discover()
    ]
    # The seed's synthetic names and the demo library; imported here so the memory probe,
    # which imports this module, does not load the server's code into the desk process it
    # measures.
    from server.knowledge import library
    from server.seed import FIRST, LAST

    articles = window_entries.articles(library.summaries(date(2026, 6, 1)), "en")
    first, last = FIRST[:16], LAST[:12]
    entries = workflows + articles
    while len(entries) < count:
        n = len(entries)
        if n % 4 == 3:
            a = rng.choice(articles)
            entries.append(
                Entry(
                    f"article:v{n}",
                    f"{a.title} ({rng.choice(last)} team)",
                    a.subtitle,
                    a.keywords,
                    "",
                    "article",
                    a.payload,
                    secondary=a.secondary,
                )
            )
        elif n % 3 == 0:
            entries.append(
                Entry(
                    f"c{n}",
                    f"Go to conversation: {rng.choice(first)} {rng.choice(last)}",
                    "phone",
                    (),
                    f"conv_{n}",
                    "conversation",
                )
            )
        elif n % 3 == 1:
            entries.append(
                Entry(
                    f"c{n}",
                    f"Go to conversation: 0{rng.randint(1000, 9999)} {rng.randint(100000, 999999)}",
                    "phone",
                    (),
                    f"conv_{n}",
                    "conversation",
                )
            )
        else:
            w = rng.choice(workflows)
            entries.append(
                Entry(
                    f"v{n}",
                    f"{w.title} ({rng.choice(last)} team)",
                    w.subtitle,
                    w.keywords,
                    f"{w.ident}_{n}",
                )
            )
    return entries


def palette_keystrokes(host: QWidget, passes: int) -> Figure:
    figure = Figure(
        "Palette: keystroke → re-ranked and painted (10,000 workflows, articles, callers)",
        "p95 ≤ 8 ms",
        holds_if=p95_at_most(8),
    )
    entries = palette_entries(10_000)
    palette = CommandPalette(host)
    t0 = time.perf_counter()
    palette.open(entries, {}, {"workflow:refund": 3.0, "workflow:track_order": 1.0})
    built = (time.perf_counter() - t0) * 1000
    figure.note = f"index of 10,000 entries built in {built:.0f} ms when the palette opens"
    phrases = [
        "change address",
        "refnd",
        "chase gp",
        "oliver smith",
        "pharmacist",
        "track ordr",
        "0123 45",
        "sms",
        "exempt",
        "lodowka",
        "out of stock",
    ]
    viewport = palette.list.viewport()
    for _ in range(passes):
        for phrase in phrases:
            palette.input.clear()
            for k in range(1, len(phrase) + 1):
                t0 = time.perf_counter()
                palette.input.setText(phrase[:k])  # textChanged → rank → model reset
                viewport.repaint()  # the paint, synchronously
                figure.samples.append((time.perf_counter() - t0) * 1000)
    palette.close_palette()
    palette.deleteLater()
    return figure


class StallMeter(QObject):
    """A 5 ms timer that measures how late it fires: the UI thread's longest stall."""

    def __init__(self) -> None:
        super().__init__()
        self.timer = QTimer(self)
        self.timer.setInterval(5)
        self.timer.timeout.connect(self._tick)
        self.last = 0.0
        # Arrays of doubles, not lists of floats: over a shift's 30,000 ticks the lists were
        # 3 MB of the very RSS the shift soak measures.
        self.lateness = array("d")
        self.moments = array("d")  # when each tick came
        # The UI thread's own CPU time in each interval: a late tick with little of it was the
        # process waiting for a core, not the desk being busy.
        self.busy = array("d")
        self.last_cpu = 0.0
        self._waiting: list[asyncio.Future[None]] = []

    def start(self) -> None:
        self.last = time.perf_counter()
        self.last_cpu = time.thread_time()
        self.timer.start()

    def stop(self) -> None:
        self.timer.stop()
        self._release()

    async def next_tick(self) -> None:
        """Until the meter has ticked once more (at once when it is not running): what comes
        after it is measured in an interval of its own."""
        if not self.timer.isActive():
            return
        waiter = asyncio.get_running_loop().create_future()
        self._waiting.append(waiter)
        try:
            await asyncio.wait_for(waiter, timeout=10)
        except TimeoutError:
            raise TimeoutError("the stall meter is running but has not ticked in 10 s") from None

    def _release(self) -> None:
        waiting, self._waiting = self._waiting, []
        for waiter in waiting:
            if not waiter.done():
                waiter.set_result(None)

    def _tick(self) -> None:
        now = time.perf_counter()
        self.lateness.append(max(0.0, (now - self.last) * 1000 - 5))
        self.moments.append(now)
        cpu = time.thread_time()
        self.busy.append((cpu - self.last_cpu) * 1000)
        self.last, self.last_cpu = now, cpu
        self._release()


async def ui_stall_during_burst(app: DeskApp, server: ServerProcess, events: int) -> Figure:
    figure = Figure(
        f"UI stall during a burst of {events:,} events", "longest ≤ 16 ms", holds_if=max_at_most(16)
    )
    received = {"n": 0}
    base_rows = app.desk.conversations.rowCount()

    def count(*_: object) -> None:
        received["n"] += 1

    model = app.desk.conversations
    model.rowsInserted.connect(count)
    model.rowsRemoved.connect(count)
    meter = StallMeter()
    # The burst comes from another process, as webhooks from the phone system would.
    burst = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bench.burst", server.url, str(events // 2), stdout=subprocess.DEVNULL
    )
    meter.start()
    await wait_for(lambda: received["n"] >= events, timeout=120)
    meter.stop()
    await burst.wait()
    model.rowsInserted.disconnect(count)
    model.rowsRemoved.disconnect(count)
    figure.samples = list(meter.lateness)
    figure.note = (
        f"timer lateness over {len(meter.lateness)} ticks while {events} events arrived "
        f"({events // 2} calls ringing then abandoned); "
        f"rows before/after {base_rows}/{model.rowCount()}"
    )
    return figure
