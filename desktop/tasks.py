"""Tasks owned by the object that started them: kept until done, errors reported, cancelled on
close; a named task replaces (cancels) the previous one of the same name, so a newer request
for the same thing always wins the race. And ``behind``: CPU work nobody waits for, on a thread
below the UI thread's priority."""

from __future__ import annotations

import asyncio
import logging
import os
import sys
import threading
from collections.abc import Callable, Coroutine
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

log = logging.getLogger("caredesk.tasks")

R = TypeVar("R")

# How far below the UI thread work nobody waits for runs: on Linux a nice ten steps up (a
# tenth of the UI thread's share of a busy core), on Windows THREAD_PRIORITY_BELOW_NORMAL, on
# macOS the thread's background band.
LINUX_NICE_STEPS = 10
WINDOWS_BELOW_NORMAL = -1
DARWIN_THREAD, DARWIN_BACKGROUND = 3, 0x1000  # <sys/resource.h>: PRIO_DARWIN_THREAD, _BG

_behind: ThreadPoolExecutor | None = None


def lower_this_threads_priority() -> bool:
    """Put the calling thread below the others of the process in the OS scheduler's eyes; False
    (and the thread as it was) where the platform refuses."""
    try:
        if sys.platform == "win32":
            import ctypes
            from ctypes import wintypes

            kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined,unused-ignore]
            # The thread's pseudo-handle is pointer-sized: declared, so ctypes does not pass it
            # as a 32-bit int.
            kernel32.GetCurrentThread.restype = wintypes.HANDLE
            kernel32.SetThreadPriority.argtypes = (wintypes.HANDLE, ctypes.c_int)
            kernel32.SetThreadPriority.restype = wintypes.BOOL
            return bool(
                kernel32.SetThreadPriority(kernel32.GetCurrentThread(), WINDOWS_BELOW_NORMAL)
            )
        if sys.platform == "darwin":
            os.setpriority(DARWIN_THREAD, 0, DARWIN_BACKGROUND)
            return True
        # Linux schedules threads as tasks: a thread id given to setpriority is that thread.
        tid = threading.get_native_id()
        now = os.getpriority(os.PRIO_PROCESS, tid)
        os.setpriority(os.PRIO_PROCESS, tid, min(19, now + LINUX_NICE_STEPS))
        return True
    except (OSError, AttributeError) as exc:
        log.info("background work runs at normal priority: %s", exc)
        return False


async def behind(fn: Callable[..., R], *args: Any) -> R:
    """Run ``fn(*args)`` on a thread below the UI thread's priority: for CPU-heavy work that
    nobody is waiting for (a password's offline verifier), so that on a busy or single core it
    takes its turns after the UI thread's frames instead of halving them."""
    global _behind
    if _behind is None:
        _behind = ThreadPoolExecutor(
            max_workers=1,
            thread_name_prefix="caredesk-behind",
            initializer=lower_this_threads_priority,
        )
    return await asyncio.get_running_loop().run_in_executor(_behind, fn, *args)


class TaskOwner:
    def __init__(self, on_error: Callable[[str, BaseException], None] | None = None) -> None:
        self._tasks: set[asyncio.Task[Any]] = set()
        self._named: dict[str, asyncio.Task[Any]] = {}
        self._on_error = on_error

    def spawn(self, coro: Coroutine[Any, Any, Any], name: str | None = None) -> asyncio.Task[Any]:
        if name is not None:
            previous = self._named.get(name)
            if previous is not None and not previous.done():
                previous.cancel()
        task = asyncio.get_event_loop().create_task(coro, name=name)
        self._tasks.add(task)
        if name is not None:
            self._named[name] = task
        task.add_done_callback(self._finished)
        return task

    def _finished(self, task: asyncio.Task[Any]) -> None:
        self._tasks.discard(task)
        name = task.get_name()
        if self._named.get(name) is task:
            del self._named[name]
        if task.cancelled():
            return
        exc = task.exception()
        if exc is not None:
            log.error("task %s failed: %s", name, type(exc).__name__, exc_info=exc)
            if self._on_error is not None:
                self._on_error(name, exc)

    def cancel(self, name: str) -> None:
        task = self._named.get(name)
        if task is not None:
            task.cancel()

    async def aclose(self) -> None:
        """Cancel every task and wait for them to finish. Their own errors and cancellations
        are theirs (already reported); a cancellation of the caller is not swallowed."""
        current = asyncio.current_task()
        tasks = [t for t in self._tasks if t is not current]
        for task in tasks:
            task.cancel()
        if tasks:
            # asyncio.wait neither raises the tasks' exceptions nor absorbs our own
            # cancellation, unlike awaiting each task under suppress(CancelledError).
            await asyncio.wait(tasks)

    @property
    def running(self) -> int:
        return len(self._tasks)
