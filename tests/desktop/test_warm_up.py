"""The warm-up after the first frame does not wait behind the idle lock's thread (which hashes
the offline verifier at sign-in, about half a second), and while its threads run Python the UI
thread gets the GIL back within a millisecond; CPython's own interval comes back after; and its
steps on the UI thread wait for a turn in which the desk has nothing else to do."""

from __future__ import annotations

import asyncio
import sys
import threading
import time

from desktop.tasks import behind
from desktop.views.window.warm_up import quiet_turn, warm_up
from tests.desktop.conftest import Loop


def test_the_warm_up_is_not_queued_behind_the_idle_locks_thread(aloop: Loop) -> None:
    before = sys.getswitchinterval()
    release = threading.Event()
    seen: list[float] = []

    async def scenario() -> asyncio.Future[bool]:
        # The idle lock's thread, busy for as long as the test holds it.
        held = asyncio.ensure_future(behind(release.wait, 30))
        await warm_up(list, lambda: [lambda: seen.append(sys.getswitchinterval())])
        assert not held.done()
        return held

    try:
        held = aloop.run(scenario(), timeout=10)
    finally:
        release.set()
    assert aloop.run(held) is True
    assert seen == [min(before, 0.001)]  # during it
    assert sys.getswitchinterval() == before  # and CPython's own again after


def test_a_warm_up_step_waits_for_a_turn_in_which_the_desk_is_not_busy(aloop: Loop) -> None:
    """While the UI thread is kept busy (a ring's events and an open's layout and paint, here
    8 ms chunks of work queued one after another for 0.15 s), the warm-up's next step waits: run
    in the same turn, its time added to theirs in one stall."""

    async def scenario() -> tuple[float, float]:
        loop = asyncio.get_running_loop()
        busy_until = time.perf_counter() + 0.15

        def chunk() -> None:
            if time.perf_counter() < busy_until:
                end = time.perf_counter() + 0.008
                while time.perf_counter() < end:
                    pass
                loop.call_soon(chunk)

        loop.call_soon(chunk)
        await asyncio.sleep(0)  # the first chunk has run
        await quiet_turn()
        return time.perf_counter(), busy_until

    returned, busy_until = aloop.run(scenario(), timeout=10)
    assert returned >= busy_until
