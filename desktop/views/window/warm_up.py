"""What the first workflow, the first Ctrl+K and the first phone number would otherwise load in
the middle of a call, loaded once the first signed-in frame is painted.

The first frame imports none of it (tests/desktop/test_startup_imports.py holds it to that), so
without this the advisor's first workflow waited about 80 ms for the catalogue and its libraries,
and the first account with a phone number 20 ms for phonenumbers. The libraries, which touch no
Qt, load on a thread, and the contract's models the first call needs are built on another (and
while they run, the UI thread gets the GIL back within a millisecond); the desk's own modules,
which define widgets, load on the UI thread one at a time, each in its own turn of the event
loop, so input and paints go between them. Then, a turn each, what would otherwise be set up in
the day's first account, workflow and text: Qt's text machinery for selectable labels, and the
widgets the window asks for (the runner).

Each step is a few milliseconds (up to about 12 in a slow hour), and each waits for a quiet turn
of the loop: one in which a short timer fires on time, so nothing else was waiting. A call that
rings during the warm-up has its row, its sound and its account's fetch done first; a step that
ran in the same turn as those added its time to theirs, the shift's longest stall (25 ms at the
day's first ring)."""

from __future__ import annotations

import asyncio
import gc
import importlib
import inspect
import sys
import time
from collections.abc import Callable

# Libraries with no Qt in them, loaded off the UI thread (a single import of jinja2 alone is
# longer than a frame).
LIBRARIES = ("jinja2", "phonenumbers", "rapidfuzz", "importlib.metadata")
# The desk's modules for the runner and the palette, after the catalogue.
MODULES = (
    "desktop.views.runner.form",
    "desktop.views.workflow_runner",
    "desktop.palette_ranking",
    "desktop.views.command_palette",
    "desktop.views.text_thread",  # the first text's thread, 4 ms
)


def _load_libraries() -> None:
    for name in LIBRARIES:
        importlib.import_module(name)
    from desktop.views.partials.formatting import readable_number

    # The numbering data of +44: a landline is the United Kingdom's; a number the United
    # Kingdom's patterns do not claim (Ofcom's drama range, as in the demo, or a Channel Islands
    # or Isle of Man mobile) loads Guernsey's, Jersey's and the Isle of Man's too, and compiles
    # their patterns (5 ms on the UI thread at the first such account, without this).
    for number in ("+442079460000", "+447700900123"):
        readable_number(number)


# The contract's models the first call, chat or text validates (an event, the conversation, its
# questions, the snapshot, a workflow's action, the texts), built ahead instead of by the first
# of each on the UI thread: their validators are made the first time they validate (defer_build,
# backend_client/models/_base.py), the snapshot's and the event's 10-16 ms each. pydantic
# serialises rebuilds with a lock (2.14), so a UI thread that needs one meanwhile waits for that
# model's build, never builds it twice nor meets it half-built.
FIRST_CALL_MODELS = (
    "Event",
    "Conversation",
    "ChallengeQuestions",
    "Snapshot",
    "ActionRequest",
    "ActionResult",
    "CloseRequest",
    "TextThread",
    "QuickResponseList",
)


def _build_contract() -> None:
    from backend_client import models as m

    for name in FIRST_CALL_MODELS:
        getattr(m, name).model_rebuild()


def _selectable_text() -> None:
    """Lay out and draw, once, a grid of details like the account's (plain, wrapped, selectable):
    the first such label sets up Qt's text document machinery, 5 ms that otherwise fell in the
    day's first account, against 0.3-0.6 ms for every label after it."""
    from PySide6.QtGui import QImage

    from desktop.views.partials.details import DetailsGrid

    grid = DetailsGrid(("Address",))
    grid.resize(240, 40)
    grid.show_values({"Address": "Warm-up, 1 Example Street, Leeds LS1 4AB"})
    grid.render(QImage(grid.size(), QImage.Format.Format_ARGB32_Premultiplied))
    grid.deleteLater()


async def warm_up(
    catalogue: Callable[[], list[Callable[[], object]]],
    widgets: Callable[[], list[Callable[[], object]]] = list,
) -> None:
    """The contract's first models and the libraries on threads, then a turn of the loop each:
    the steps ``catalogue()`` gives (the workflow registry's loads, a module each), the
    runner's, palette's and texts' modules, the text machinery, and the steps ``widgets()``
    gives; then the collector's freeze."""
    # While the warm-up's threads run Python, the UI thread takes the GIL back within a
    # millisecond instead of CPython's five: a call can ring in the first second, while they
    # still load, and each of its frames waited up to 5 ms at every hand-over.
    switch = sys.getswitchinterval()
    sys.setswitchinterval(min(switch, 0.001))
    try:
        await _warm_up(catalogue, widgets)
    finally:
        sys.setswitchinterval(switch)


QUIET_S = 0.002  # the short timer a quiet turn is tested with
LATE_S = 0.002  # how late it may fire and the loop still count as quiet
PATIENCE = 100  # turns a step waits for quiet at most (a second or so): then it runs anyway


async def quiet_turn() -> None:
    """Return in a turn of the loop that had nothing else to do: a short timer that fired on
    time. While the desk is busy (a ring's events, an open's layout and paint) it fires late,
    and the step waits; so a warm-up step never shares a turn with the advisor's work, unless
    the desk stays busy for a second on end."""
    for _ in range(PATIENCE):
        asked = time.perf_counter()
        await asyncio.sleep(QUIET_S)
        if time.perf_counter() - asked <= QUIET_S + LATE_S:
            return


async def _warm_up(
    catalogue: Callable[[], list[Callable[[], object]]],
    widgets: Callable[[], list[Callable[[], object]]],
) -> None:
    # The contract's models on a thread, meanwhile. Not below the UI thread's priority: that
    # thread (desktop.tasks.behind) is the idle lock's too, and at sign-in it hashes the offline
    # verifier for about half a second, so the models waited behind it and the day's first
    # call, ringing 250 ms after the first frame in the shift, built the snapshot's on the UI
    # thread in the middle of its open (8 ms of one frame).
    contract = asyncio.ensure_future(asyncio.to_thread(_build_contract))
    await asyncio.to_thread(_load_libraries)
    for step in catalogue():
        await quiet_turn()
        done = step()
        if inspect.isawaitable(done):  # a step handed to a thread
            await done
    for name in MODULES:
        await quiet_turn()
        importlib.import_module(name)
    await quiet_turn()
    _selectable_text()
    for step in widgets():
        await quiet_turn()
        step()
    await contract
    # Everything loaded so far (modules, classes, the window) lives as long as the desk: out of
    # the collector's sight, so that its full collections, which Python runs now and then on its
    # own, walk what the day made instead of the whole desk (38-54 ms on the UI thread each
    # before this, 2-4 ms after, over a shift).
    gc.freeze()
