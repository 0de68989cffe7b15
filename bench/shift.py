"""``python -m bench.shift SERVER FIXTURES N``: a compressed shift in one
desk process, as advisors work it, against the real server.

N conversations, in turn a call (the app's caller, verified by their token), a chat (Intercom,
from the app's signed-in patient) and a text (verified by the one-time link the desk texts back,
opened in the app). Each rings, is answered, verified, opened on the account, has a workflow run
through the runner on screen, and is wrapped up and closed from the desk. Twice in the shift the
idle lock comes on and the advisor unlocks; three times the desk's network drops (the desk talks
to the server through bench.dropper) and comes back, and the desk is live again before work goes
on.

Printed as it goes: ``RSS <n> <MB>`` every 50 conversations, ``COUNT <label> <widgets> <objects>
<timers> <tasks>`` after the first 100 and at the end, ``STALL <longest ms> <ticks>`` (the UI
thread's lateness, sampled every 5 ms, for the whole shift) and ``DONE``.
"""

from __future__ import annotations

import asyncio
import gc
import json
import os
import re
import sys
import time
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import httpx
import qasync
from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QApplication

from backend_client import models as m
from bench.bare_window import rss_mb
from bench.desk_scenarios import StallMeter, envelope, open_desk, wait_for
from bench.fixtures import APP_KEY
from desktop.app import DeskApp, apply_style
from desktop.demo_calls import DemoCalls, DemoFixtures, DemoPatient
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


def counts(app: DeskApp) -> tuple[int, int, int, int]:
    """Widgets alive, QObjects under the window and the controller, timers among them, and
    asyncio tasks."""
    objects = app.window.findChildren(QObject) + app.desk.findChildren(QObject)
    timers = sum(1 for o in objects if isinstance(o, QTimer))
    return len(QApplication.allWidgets()), len(objects), timers, len(asyncio.all_tasks())


class Shift:
    def __init__(self, app: DeskApp, fixtures: DemoFixtures, http: httpx.AsyncClient) -> None:
        self.app, self.fx, self.http = app, fixtures, http
        self.calls = DemoCalls(fixtures)
        self.patients = fixtures.patients
        self.call_ids = 900_000 + (os.getpid() % 5000) * 1000
        self.finished: set[str] = set()  # conversation ids this shift has closed
        window = app.window
        self.failures: list[str] = []
        window.texts.failed.connect(self.failures.append)

    async def ring(self, n: int) -> str:
        kind = n % 3
        patient = self.patients[n % len(self.patients)]
        if kind == 0:
            token = (
                await self.http.post(
                    "/v1/patient/app-call-tokens",
                    json={"account_id": patient.account_id},
                    headers={"Authorization": f"Bearer {APP_KEY}"},
                )
            ).json()["token"]
            call_id = self.call_ids + n
            number = f"+447700900{n % 1000:03d}"
            await self.post_call("call.ringing_on_agent", call_id, number, token, answered=False)
            reply = await self.post_call("call.answered", call_id, number, token, answered=True)
            return str(reply["conversation_id"])
        if kind == 1:
            await self.calls.intercom_chat()
            return await self.conversation_for(
                lambda c: c.channel.value == "chat" and c.id not in self.finished
            )
        return await self.calls.text_message(f"Shift text {n}: where is my order?")

    async def post_call(
        self, event: str, call_id: int, number: str, token: str, *, answered: bool
    ) -> dict[str, Any]:
        body = envelope(event, call_id, number, answered=answered, digits=token)
        reply = await self.http.post("/webhooks/aircall", json=body)
        reply.raise_for_status()
        return dict(reply.json())

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

    async def work(self, n: int) -> None:
        app, desk = self.app, self.app.desk
        conversation_id = await self.ring(n)
        await wait_for(lambda: desk.conversations.conversation(conversation_id) is not None)
        if desk.current_id != conversation_id:
            desk.conversation.open(conversation_id)
        await wait_for(lambda: desk.current_id == conversation_id)
        current = desk.current
        assert current is not None
        if current.state.value == "ringing":
            await desk.client.conversations.answer(conversation_id)  # type: ignore[union-attr]
        if not current.auth_state.is_verified:
            await self.verify_by_link(conversation_id, self.patients[n % len(self.patients)])
        await wait_for(lambda: desk.snapshot is not None and bool(app.window.account.name.text()))
        await wait_for(lambda: desk.current is not None and desk.current.state.value == "active")
        app.window.open_workflow("add_note")
        runner = app.window.runner
        await wait_for(lambda: app.window.stack.currentWidget() is runner)
        done: list[object] = []
        runner.controller.done.connect(done.append)
        runner.inputs["body"].setPlainText(f"Shift note {n}")  # type: ignore[attr-defined]
        runner.submit()
        await wait_for(lambda: bool(done))
        runner.controller.done.disconnect(done.append)
        desk.wrap_up.end_conversation()
        await wait_for(lambda: desk.current is not None and desk.current.state.value == "wrap_up")
        desk.wrap_up.close_conversation(desk.wrap_up.dispositions[0].code, "")
        await wait_for(lambda: desk.current_id is None)
        self.finished.add(conversation_id)

    async def verify_by_link(self, conversation_id: str, patient: DemoPatient) -> None:
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
        reply = await self.http.post(
            "/v1/patient/conversation-links",
            json={"token": token.group(1), "account_id": patient.account_id},
            headers={"Authorization": f"Bearer {APP_KEY}"},
        )
        reply.raise_for_status()
        desk = self.app.desk
        await wait_for(lambda: desk.current is not None and desk.current.auth_state.is_verified)

    async def lock_and_unlock(self) -> None:
        desk = self.app.desk
        desk.idle_lock.lock()
        await wait_for(lambda: desk.locked)
        desk.idle_lock.unlock("demo")
        await wait_for(lambda: not desk.locked)

    async def drop_network(self, dropper: Dropper) -> None:
        connection = self.app.desk.connection
        await dropper.set("down")
        await wait_for(lambda: connection.state is not Connection.LIVE, timeout=60)
        await dropper.set("up")
        await wait_for(lambda: connection.state is Connection.LIVE, timeout=60)


async def run(server: str, raw: dict[str, Any], n: int) -> None:
    fixtures = DemoFixtures(
        url=server,
        aircall_token=raw["aircall_token"],
        intercom_secret=raw["intercom_secret"],
        cti_token=raw["cti_token"],
        patient_app_key=raw["patient_app_key"],
        patients=tuple(DemoPatient(p["account_id"], p["phone"]) for p in raw["patients"]),
        gp_phone=raw["gp_phone"],
    )
    dropper = await Dropper.start(server)
    app = await open_desk(f"http://127.0.0.1:{dropper.port}")
    meter = StallMeter()
    locks = {n // 3, 2 * n // 3}
    drops = {n // 4, n // 2, 3 * n // 4}
    async with httpx.AsyncClient(base_url=server, timeout=30) as http:
        shift = Shift(app, fixtures, http)
        meter.start()
        started = time.perf_counter()
        for i in range(n):
            if i in locks:
                await shift.lock_and_unlock()
            if i in drops:
                await shift.drop_network(dropper)
            await shift.work(i)
            done = i + 1
            if done % 50 == 0 or done == n:
                gc.collect()
                print(f"RSS {done} {rss_mb():.1f}", flush=True)
            if done == min(100, n):
                print(f"COUNT first-{done} " + " ".join(map(str, counts(app))), flush=True)
        meter.stop()
        await asyncio.sleep(1.5)  # the list's cache save and the last events settle
        gc.collect()
        print("COUNT end " + " ".join(map(str, counts(app))), flush=True)
    print(f"STALL {max(meter.lateness, default=0.0):.1f} {len(meter.lateness)}", flush=True)
    print(f"SECONDS {time.perf_counter() - started:.1f}", flush=True)
    await app.desk.aclose()
    await dropper.stop()
    print("DONE", flush=True)


def main() -> int:
    server, fixtures, n = sys.argv[1:4]
    raw = json.loads(Path(fixtures).read_text(encoding="utf-8"))
    qapp = QApplication(sys.argv[:1])
    apply_style(qapp)
    with asyncio.Runner(loop_factory=lambda: qasync.QEventLoop(qapp)) as runner:
        runner.run(run(server, raw, int(n)))
    return 0


if __name__ == "__main__":
    code = main()
    sys.stdout.flush()
    os._exit(code)
