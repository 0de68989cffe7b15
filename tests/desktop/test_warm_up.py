"""The warm-up after the first frame does not wait behind the idle lock's thread (which hashes
the offline verifier at sign-in, about half a second), and while its threads run Python the UI
thread gets the GIL back within a millisecond; CPython's own interval comes back after."""

from __future__ import annotations

import asyncio
import sys
import threading

from desktop.tasks import behind
from desktop.views.window.warm_up import warm_up
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
