"""Work nobody waits for (the password's offline verifier, half a second of a core) runs on a
thread below the UI thread's priority, so that on a busy or single core the advisor's frames go
first; the desk still gets its verifier, and keeps it in the cache."""

from __future__ import annotations

import os
import sys
import threading

import pytest

from desktop.controllers import idle_lock
from desktop.tasks import behind
from tests.desktop.conftest import Loop, open_desk, until
from tests.live_server import LiveServer


def _where() -> tuple[str, int | None]:
    name = threading.current_thread().name
    if sys.platform.startswith("linux"):
        return name, os.getpriority(os.PRIO_PROCESS, threading.get_native_id())
    return name, None


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads a Linux thread's nice")
def test_behind_runs_off_the_ui_thread_below_its_priority(aloop: Loop) -> None:
    ui_nice = os.getpriority(os.PRIO_PROCESS, threading.get_native_id())
    if ui_nice >= 19:
        pytest.skip("the tests already run at the lowest priority: nothing is below it")
    name, nice = aloop.run(behind(_where))
    assert name.startswith("caredesk-behind") and name != threading.current_thread().name
    assert nice is not None and nice > ui_nice
    # The UI thread itself is left as it was.
    assert os.getpriority(os.PRIO_PROCESS, threading.get_native_id()) == ui_nice


def test_the_offline_verifier_is_made_behind_the_ui_and_kept_in_the_cache(
    aloop: Loop, live_server: LiveServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    hashed_on: list[str] = []
    real = idle_lock.hash_password

    def watched(password: str) -> str:
        hashed_on.append(threading.current_thread().name)
        return real(password)

    monkeypatch.setattr(idle_lock, "hash_password", watched)

    async def scenario() -> None:
        async with open_desk(live_server) as desk:
            controller = desk.desk
            await until(lambda: controller.idle_lock.verifier is not None, what="the verifier")
            assert idle_lock.password_matches(controller.idle_lock.verifier or "", "demo")
            await until(lambda: controller.cache is not None, what="the cache")
            cache = controller.cache
            assert cache is not None
            # Its write is queued on the cache's one worker when it is set: read after it.
            assert await cache.verifier() == controller.idle_lock.verifier
            # An unlock (the server accepts the password) makes a fresh one, behind as well.
            first = controller.idle_lock.verifier
            controller.idle_lock.lock()
            controller.idle_lock.unlock("demo")
            await until(lambda: not controller.locked, what="unlocked")
            await until(lambda: controller.idle_lock.verifier != first, what="a fresh verifier")
            assert hashed_on and all(n.startswith("caredesk-behind") for n in hashed_on)
            assert len(hashed_on) == 2

    aloop.run(scenario(), timeout=90)
