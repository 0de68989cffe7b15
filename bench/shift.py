"""``python -m bench.shift SERVER FIXTURES N``: a compressed shift in one
desk process, as advisors work it, against the real server.

N conversations, in turn a call (the app's caller, verified by their token), a chat (Intercom,
from the app's signed-in patient) and a text (verified by the one-time link the desk texts back,
opened in the app). Each rings, is answered, verified, opened on the account, has a workflow run
through the runner on screen, and is wrapped up and closed from the desk; each of the advisor's
actions comes after the frame it answers, in a meter interval of its own (Shift.seen). Twice in
the shift the idle lock comes on and the advisor unlocks; three times the desk's network drops
(the desk talks to the server through bench.dropper) and comes back, and the desk is live again
before work goes on.

The world outside the desk (Aircall, Intercom, the SMS gateway, the patient's app) is
bench.phone_system, a process of its own, as it is in the field. Where it can (Linux, two cores
or more) the bench gives the desk a core of its own and the server, the phone system and the
relay the others (bench.harness.pin): on a workstation they are other machines, and a desk that
waits for a core while the server works is not a desk that stalls.

Printed as it goes: ``RSS <n> <MB>`` every 50 conversations, ``COUNT <label> <widgets> <objects>
<timers> <tasks>`` after the first 100 and at the end, ``STALL <longest ms> <ticks>`` (the UI
thread's lateness, sampled every 5 ms, for the whole shift, except across the bench's own pauses
to read RSS and count objects), ``WORST <late ms> <UI thread CPU ms> <step>`` for the eight
latest ticks (with what the shift was doing), and ``DONE``.
"""

from __future__ import annotations

import asyncio
import collections
import gc
import json
import os
import re
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import qasync
from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QApplication

from backend_client import models as m
from bench.bare_window import rss_mb
from bench.desk_scenarios import StallMeter, open_desk, wait_for
from bench.harness import pin
from desktop.app import DeskApp, apply_style
from desktop.state import Connection

LINK = re.compile(r"/confirm/([A-Za-z0-9_-]{16,100})")


class Dropper:
    """The desk's network: bench.dropper in a child process, cut and restored on command."""

    def __init__(self, process: asyncio.subprocess.Process, port: int) -> None:
        self.process, self.port = process, port

    @classmethod
    async def start(cls, server: str) -> Dropper:
        target = server.rsplit(":", 1)[1]
        process = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "bench.dropper",
            target,
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
        )
        assert process.stdout is not None
        line = (await process.stdout.readline()).decode()
        return cls(process, int(line.split()[1]))

    async def set(self, command: str) -> None:
        assert self.process.stdin is not None and self.process.stdout is not None
        self.process.stdin.write(f"{command}\n".encode())
        await self.process.stdin.drain()
        assert (await self.process.stdout.readline()).decode().strip() == f"OK {command}"

    async def stop(self) -> None:
        assert self.process.stdin is not None
        self.process.stdin.close()
        await self.process.wait()


def alive(app: DeskApp) -> list[QObject]:
    """The QObjects under the window and the controller."""
    return app.window.findChildren(QObject) + app.desk.findChildren(QObject)


def kinds(objects: list[QObject]) -> collections.Counter[str]:
    """``objects`` by class and their parent's class: what grew, if any."""
    return collections.Counter(
        f"{type(o).__name__} in {type(o.parent()).__name__ if o.parent() else '-'}" for o in objects
    )


def counts(app: DeskApp, objects: list[QObject]) -> tuple[int, int, int, int]:
    """Widgets alive, ``objects`` (``alive``), timers among them, and asyncio tasks."""
    timers = sum(1 for o in objects if isinstance(o, QTimer))
    return len(QApplication.allWidgets()), len(objects), timers, len(asyncio.all_tasks())


class Steps:
    """What the shift was doing when: the UI thread's longest stalls are told with their step."""

    def __init__(self) -> None:
        self.marks: list[tuple[float, str]] = []

    def __call__(self, label: str) -> None:
        self.marks.append((time.perf_counter(), label))

    def at(self, moment: float) -> str:
        label = "start"
        for when, what in self.marks:
            if when > moment:
                break
            label = what
        return label


STEPS = Steps()


class PhoneSystem:
    """bench.phone_system in a child process: Aircall, Intercom, the SMS gateway and the
    patient's app, outside the desk's process and its UI thread, as they are in the field."""

    def __init__(self, process: asyncio.subprocess.Process) -> None:
        self.process = process

    @classmethod
    async def start(cls, server: str, fixtures: str) -> PhoneSystem:
        process = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "bench.phone_system",
            server,
            fixtures,
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
        )
        return cls(process)

    async def do(self, **command: Any) -> dict[str, Any]:
        assert self.process.stdin is not None and self.process.stdout is not None
        self.process.stdin.write((json.dumps(command) + "\n").encode())
        await self.process.stdin.drain()
        answer: dict[str, Any] = json.loads(await self.process.stdout.readline())
        if "error" in answer:
            raise RuntimeError(f"the phone system could not {command['do']}: {answer['error']}")
        return answer

    async def stop(self) -> None:
        assert self.process.stdin is not None
        self.process.stdin.close()
        await self.process.wait()


class Shift:
    def __init__(
        self, app: DeskApp, patients: list[dict[str, str]], phone: PhoneSystem, meter: StallMeter
    ) -> None:
        self.app, self.phone, self.patients, self.meter = app, phone, patients, meter
        self.call_ids = 900_000 + (os.getpid() % 5000) * 1000
        self.finished: set[str] = set()  # conversation ids this shift has closed
        self.failures: list[str] = []
        app.window.texts.failed.connect(self.failures.append)

    async def ring(self, n: int) -> str:
        kind = n % 3
        patient = self.patients[n % len(self.patients)]
        if kind == 0:
            answer = await self.phone.do(
                do="call", id=self.call_ids + n, account_id=patient["account_id"]
            )
            return str(answer["id"])
        if kind == 1:
            await self.phone.do(do="chat")
            return await self.conversation_for(
                lambda c: c.channel.value == "chat" and c.id not in self.finished
            )
        answer = await self.phone.do(do="text", body=f"Shift text {n}: where is my order?")
        return str(answer["id"])

    async def conversation_for(self, match: Any) -> str:
        model = self.app.desk.conversations
        found: list[str] = []

        def seen() -> bool:
            for cid in model.ids():
                conv = model.conversation(cid)
                if conv is not None and match(conv):
                    found.append(cid)
                    return True
            return False

        await wait_for(seen)
        return found[0]

    async def seen(self, condition: Callable[[], object]) -> None:
        """Until the desk shows what the advisor waits for, and then one tick of the meter more.
        An advisor acts on a frame after it is on the screen, never within the 5 ms it took to
        come: acting at once, the shift's next action ran in the same interval as the frame
        before it, and the meter charged the two as one stall (the account's second turn, its
        paint and the runner's opening came to 20-30 ms as one, each well inside 16)."""
        await wait_for(condition)
        await self.meter.next_tick()

    async def work(self, n: int) -> None:
        app, desk = self.app, self.app.desk
        STEPS(f"{n} ring")
        conversation_id = await self.ring(n)
        STEPS(f"{n} open")
        await self.seen(lambda: desk.conversations.conversation(conversation_id) is not None)
        if desk.current_id != conversation_id:
            desk.conversation.open(conversation_id)
        await self.seen(lambda: desk.current_id == conversation_id)
        current = desk.current
        assert current is not None
        if current.state.value == "ringing":
            await desk.client.conversations.answer(conversation_id)  # type: ignore[union-attr]
        if not current.auth_state.is_verified:
            STEPS(f"{n} verify")
            patient = self.patients[n % len(self.patients)]
            await self.verify_by_link(conversation_id, patient["account_id"])
        await wait_for(lambda: desk.snapshot is not None and bool(app.window.account.name.text()))
        await self.seen(lambda: desk.current is not None and desk.current.state.value == "active")
        STEPS(f"{n} workflow")
        app.window.open_workflow("add_note")
        runner = app.window.runner
        await self.seen(lambda: app.window.stack.currentWidget() is runner)
        done: list[object] = []
        runner.controller.done.connect(done.append)
        runner.inputs["body"].setPlainText(f"Shift note {n}")  # type: ignore[attr-defined]
        runner.submit()
        await self.seen(lambda: bool(done))
        runner.controller.done.disconnect(done.append)
        STEPS(f"{n} wrap-up")
        desk.wrap_up.end_conversation()
        await self.seen(lambda: desk.current is not None and desk.current.state.value == "wrap_up")
        desk.wrap_up.close_conversation(desk.wrap_up.dispositions[0].code, "")
        await wait_for(lambda: desk.current_id is None)
        self.finished.add(conversation_id)

    async def verify_by_link(self, conversation_id: str, account_id: str) -> None:
        """The desk texts the one-time link; the patient opens it in the app."""
        texts = self.app.window.texts
        if texts.conversation is None or texts.conversation.id != conversation_id:
            raise RuntimeError(f"unverified, and not a text: {self.app.desk.current}")

        notices: list[str] = []
        texts.notice.connect(notices.append)
        texts.send_app_link()
        await wait_for(lambda: bool(notices) or bool(self.failures))
        texts.notice.disconnect(notices.append)
        if self.failures:
            raise RuntimeError(f"no link for {self.app.desk.current}: {self.failures[-1]}")
        # What the patient's phone received: the thread as the server holds it.
        thread = await self.app.desk.client.texts.thread(conversation_id)  # type: ignore[union-attr]
        sent = next(t for t in thread.items if t.kind is m.TextKind.APP_LINK)
        token = LINK.search(sent.body)
        assert token is not None, sent.body
        await self.phone.do(do="open_link", token=token.group(1), account_id=account_id)
        desk = self.app.desk
        await wait_for(lambda: desk.current is not None and desk.current.auth_state.is_verified)

    async def lock_and_unlock(self) -> None:
        desk = self.app.desk
        STEPS("idle lock")
        desk.idle_lock.lock()
        await self.seen(lambda: desk.locked)
        desk.idle_lock.unlock("demo")
        await wait_for(lambda: not desk.locked)

    async def drop_network(self, dropper: Dropper) -> None:
        connection = self.app.desk.connection
        STEPS("network drop")
        await dropper.set("down")
        await wait_for(lambda: connection.state is not Connection.LIVE, timeout=60)
        await dropper.set("up")
        await wait_for(lambda: connection.state is Connection.LIVE, timeout=60)


async def run(server: str, fixtures: str, patients: list[dict[str, str]], n: int) -> None:
    dropper = await Dropper.start(server)
    phone = await PhoneSystem.start(server, fixtures)
    app = await open_desk(f"http://127.0.0.1:{dropper.port}")
    meter = StallMeter()
    locks = {n // 3, 2 * n // 3}
    drops = {n // 4, n // 2, 3 * n // 4}
    shift = Shift(app, patients, phone, meter)
    early: collections.Counter[str] = collections.Counter()
    meter.start()
    started = time.perf_counter()
    for i in range(n):
        if i in locks:
            await shift.lock_and_unlock()
        if i in drops:
            await shift.drop_network(dropper)
        await shift.work(i)
        done = i + 1
        if done % 50 == 0 or done == n or done == min(100, n):
            # The bench's own pauses (a full collection to read a settled RSS, a walk over
            # every object to count them) are not the desk's: the meter does not run across.
            meter.stop()
            gc.collect()
            if done % 50 == 0 or done == n:
                print(f"RSS {done} {rss_mb():.1f}", flush=True)
            if done == min(100, n):
                objects = alive(app)
                print(f"COUNT first-{done} " + " ".join(map(str, counts(app, objects))), flush=True)
                early = kinds(objects)
                del objects
            meter.start()
    meter.stop()
    seconds = time.perf_counter() - started
    await asyncio.sleep(1.5)  # the list's cache save and the last events settle
    gc.collect()
    objects = alive(app)
    print("COUNT end " + " ".join(map(str, counts(app, objects))), flush=True)
    grew = kinds(objects) - early
    if grew:  # named, so that a growth seen once can be looked for
        print("GREW " + ", ".join(f"{n} {kind}" for kind, n in grew.most_common()), flush=True)
    print(f"STALL {max(meter.lateness, default=0.0):.1f} {len(meter.lateness)}", flush=True)
    worst = sorted(zip(meter.lateness, meter.busy, meter.moments, strict=True), reverse=True)
    for late, busy, moment in worst[:8]:
        print(f"WORST {late:.1f} {busy:.1f} {STEPS.at(moment - late / 1000)}", flush=True)
    print(f"SECONDS {seconds:.1f}", flush=True)
    await app.desk.aclose()
    await phone.stop()
    await dropper.stop()
    print("DONE", flush=True)


def main() -> int:
    server, fixtures, n = sys.argv[1:4]
    patients = json.loads(Path(fixtures).read_text(encoding="utf-8"))["patients"]
    pin(0, desk=True)
    qapp = QApplication(sys.argv[:1])
    apply_style(qapp)
    with asyncio.Runner(loop_factory=lambda: qasync.QEventLoop(qapp)) as runner:
        runner.run(run(server, fixtures, patients, int(n)))
    return 0


if __name__ == "__main__":
    code = main()
    sys.stdout.flush()
    os._exit(code)
