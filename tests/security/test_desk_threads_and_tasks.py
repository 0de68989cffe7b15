"""The keyring is never called on the UI thread, and closing a TaskOwner never swallows the
cancellation of whoever closes it (a sign-out that is itself cancelled)."""

from __future__ import annotations

import asyncio
import threading

import keyring
import pytest
from PySide6.QtWidgets import QApplication

from desktop.app import DeskApp
from desktop.config import DeskConfig
from desktop.tasks import TaskOwner
from tests.desktop.conftest import Loop, until
from tests.keyring_backend import MemoryKeyring


class WatchedKeyring(MemoryKeyring):
    """Remembers the thread of every call."""

    def __init__(self) -> None:
        super().__init__()
        self.threads: list[str] = []

    def get_password(self, service: str, username: str) -> str | None:
        self.threads.append(threading.current_thread().name)
        return super().get_password(service, username)

    def set_password(self, service: str, username: str, password: str) -> None:
        self.threads.append(threading.current_thread().name)
        super().set_password(service, username, password)

    def delete_password(self, service: str, username: str) -> None:
        self.threads.append(threading.current_thread().name)
        super().delete_password(service, username)


def test_keyring_reads_and_writes_never_run_on_the_ui_thread(aloop: Loop, live_server) -> None:
    watched = WatchedKeyring()
    keyring.set_keyring(watched)
    qapp = QApplication.instance()
    config = DeskConfig(server_url=live_server.url)

    async def scenario() -> None:
        first = DeskApp(qapp, config)  # type: ignore[arg-type]
        await first.desk.session.sign_in(live_server.url, "advisor", "demo")  # writes the token
        await first.desk.aclose()
        second = DeskApp(qapp, config)  # type: ignore[arg-type]
        await second.start()  # reads it, refreshes (writes), signs in silently
        await until(lambda: second.window.isVisible())
        await second.desk.session.sign_out()  # forgets it
        assert second.dialog is not None
        second.dialog.close()

    aloop.run(scenario(), timeout=90)
    ui = threading.main_thread().name
    assert len(watched.threads) >= 4, watched.threads  # write, read, write, delete
    assert ui not in watched.threads


async def test_closing_tasks_does_not_swallow_the_callers_cancellation() -> None:
    owner = TaskOwner()
    release = asyncio.Event()

    async def slow_to_stop() -> None:
        try:
            await asyncio.sleep(3600)
        except asyncio.CancelledError:
            await release.wait()  # a task that takes a while to wind down
            raise

    owner.spawn(slow_to_stop(), name="slow")
    await asyncio.sleep(0)
    closing = asyncio.create_task(owner.aclose())
    await asyncio.sleep(0.01)
    closing.cancel()  # e.g. the app quits while sign-out is waiting
    with pytest.raises(asyncio.CancelledError):
        await closing
    release.set()
    await asyncio.sleep(0)


async def test_a_task_may_close_its_own_owner_and_carry_on() -> None:
    owner = TaskOwner()
    done: list[str] = []

    async def forever() -> None:
        await asyncio.sleep(3600)

    async def sign_out() -> None:
        await owner.aclose()
        await asyncio.sleep(0)  # the rest of the sign-out still runs
        done.append("signed out")

    background = owner.spawn(forever(), name="live-feed")
    await owner.spawn(sign_out(), name="sign-out")
    assert done == ["signed out"] and background.cancelled()


def test_a_lead_desk_announces_a_spent_token_budget(aloop: Loop, live_server) -> None:
    import httpx

    from tests.desktop.conftest import open_desk
    from tests.support import CTI_PATH

    async def scenario() -> None:
        async with open_desk(live_server, "lead") as desk:
            budget = live_server.settings.app_token_line_budget_per_hour
            async with httpx.AsyncClient(base_url=live_server.url) as http:
                for n in range(budget):
                    reply = await http.post(
                        f"{CTI_PATH}/digits",
                        json={"callId": f"b-{n}", "from": f"+4477009{n:05d}", "digits": "000000"},
                    )
                    reply.raise_for_status()
            await until(
                lambda: any(title == "Security alert" for title, _ in desk.notifier.shown),
                what="the alert",
            )
            assert "wrong app-call tokens" in desk.window.statusBar().currentMessage()

    aloop.run(scenario(), timeout=90)
