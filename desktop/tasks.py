"""Tasks owned by the object that started them: kept until done, errors reported, cancelled on
close; a named task replaces (cancels) the previous one of the same name, so a newer request
for the same thing always wins the race."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Coroutine
from typing import Any

log = logging.getLogger("caredesk.tasks")


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
