"""``caredesk --self-test``: does this installation work? For IT after a roll-out, and for CI on
the built package. Offscreen, it loads every workflow (plug-ins too), the resources and the
translations, starts the embedded demo server, signs in, rings an app-token call through the
server's webhook and waits until the desk shows the caller's account. Prints each step; exits 0
only when all of them passed. It never touches the user's keyring, cache or log folder."""

from __future__ import annotations

import asyncio
import importlib
import importlib.util
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import keyring
import keyring.backend
from PySide6.QtWidgets import QApplication, QWidget

from desktop import keyring_status
from desktop.keyring_status import KeyringStatus

TIMEOUT = 90.0
# What a frozen desk must not carry (build.spec): test and type-checking tools, and the command
# lines httpx would import at every start if it found click and rich.
NOT_BUNDLED = ("pytest", "_pytest", "hypothesis", "mypy", "rich", "pygments", "click")


class MemoryKeyring(keyring.backend.KeyringBackend):
    """A keyring in memory, gone when the process exits: the self-test's, the screenshots' and
    the bench's (never the user's)."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.values: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.values.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.values[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.values.pop((service, username), None)


def isolate() -> Path:
    """Before anything reads them: a throwaway cache and log folder, a keyring in memory."""
    folder = Path(tempfile.mkdtemp(prefix="caredesk-self-test-"))
    os.environ["CAREDESK_CACHE_DIR"] = str(folder / "cache")
    os.environ["CAREDESK_LOG_DIR"] = str(folder / "logs")
    os.environ["CAREDESK_DATA_DIR"] = str(folder / "data")
    os.environ["CAREDESK_INSTANCE_NAME"] = f"caredesk-self-test-{os.getpid()}"
    keyring.set_keyring(MemoryKeyring())
    return folder


def step(text: str) -> None:
    print(f"self-test: {text}", flush=True)


async def _until(check: Callable[[], bool], what: str) -> None:
    deadline = time.monotonic() + TIMEOUT
    while not check():
        if time.monotonic() > deadline:
            raise TimeoutError(f"gave up waiting for {what} after {TIMEOUT:.0f} s")
        await asyncio.sleep(0.05)


async def run(
    qapp: QApplication, folder: Path, expected: list[str], screenshot: str | None = None
) -> int:
    from desktop import demo_launcher, i18n, resources
    from desktop.app import DeskApp, apply_style
    from desktop.config import DeskConfig
    from desktop.demo_calls import DemoCalls
    from desktop.workflows.registry import discover

    registry = discover()
    if registry.problems:
        for where, what in registry.problems:
            step(f"FAILED workflow {where}: {what}")
        return 1
    step(f"{len(registry)} workflows loaded")
    builtin = {w.id for w in discover(include_plugins=False)}
    plugins = sorted(w.id for w in registry if w.id not in builtin)
    step("from plug-ins: " + (", ".join(plugins) or "none"))
    missing = [w for w in expected if registry.get(w) is None]
    if missing:
        step(f"FAILED expected workflows missing: {', '.join(missing)}")
        return 1
    resources.stylesheet()
    if i18n.install(qapp, "pl") != "pl":
        step("FAILED the Polish translation did not load")
        return 1
    i18n.install(qapp, "en")
    step(f"resources and translations found in {resources.resources_dir()}")
    # The role docks load their modules at a pharmacist's or lead's sign-in (the lead's bring
    # the charts): load them here, so a build without them fails now, not at a lead's desk.
    for module in (
        "desktop.views.escalations",
        "desktop.views.diary",
        "desktop.views.lead_floor",
        "desktop.views.lead_figures",
    ):
        importlib.import_module(module)
    step("the pharmacist's and the lead's docks load (charts included)")

    if getattr(sys, "frozen", False):
        bundled = [name for name in NOT_BUNDLED if importlib.util.find_spec(name) is not None]
        if bundled:
            step(f"FAILED the frozen desk carries {', '.join(bundled)} (build.spec's excludes)")
            return 1
        step("no development tools or command lines bundled")

    apply_style(qapp)  # as the desk starts: the screenshot shows what an advisor sees
    backend = demo_launcher.spawn(folder / "demo")
    app: DeskApp | None = None
    try:
        fixtures = await asyncio.to_thread(backend.wait_ready)
        step(f"embedded demo server on {fixtures.url}")
        app = DeskApp(qapp, DeskConfig(server_url=fixtures.url), demo=fixtures)
        await app.start()
        assert app.desk.me is not None
        step(f"signed in as {app.desk.me.username}")
        calls = DemoCalls(fixtures)
        await calls.app_token_caller()
        desk = app.desk
        await _until(lambda: desk.conversations.rowCount() == 1, "the demo call to ring")
        await calls.answer_ringing()
        await _until(
            lambda: desk.current is not None and desk.snapshot is not None,
            "the demo caller's account",
        )
        step("a demo call rang, was answered, and the caller's account opened")
        # The offline cache's cipher is a native library (libsodium): sealed and opened here,
        # so a build that lacks it fails now, not when the network first drops.
        await _until(lambda: desk.cache is not None, "the offline cache to open")
        assert desk.cache is not None and desk.snapshot is not None
        await desk.cache.put_snapshot(desk.snapshot)
        kept = await desk.cache.snapshot(desk.snapshot.identity.account_id)
        if kept != desk.snapshot:
            step("FAILED the offline cache did not give back the account it sealed")
            return 1
        step("the offline cache sealed and opened the caller's account")
        app.window.grab()  # paints every view once
        if screenshot:
            await _save_screen(qapp, app.window, Path(screenshot))
        return 0
    except Exception as exc:
        step(f"FAILED {type(exc).__name__}: {exc}")
        return 1
    finally:
        if app is not None:
            await app.desk.aclose()
            app.window.close()
        backend.stop()


async def _save_screen(qapp: QApplication, window: QWidget, path: Path) -> None:
    """What the display shows of the window (on xcb: the X server's pixels, so a window that
    never reached the screen shows as such), or the window's own rendering offscreen."""
    window.raise_()
    window.activateWindow()
    await _until(window.isVisible, "the window to be shown")
    await asyncio.sleep(0.5)  # the window manager and the first frames settle
    qapp.processEvents()
    screen = window.screen() or qapp.primaryScreen()
    shot = (
        window.grab()
        if qapp.platformName() == "offscreen" or screen is None
        else screen.grabWindow(window.winId())
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    if shot.isNull() or not shot.save(str(path)):
        raise RuntimeError(f"could not save the screenshot to {path}")
    image = shot.toImage()
    colours = {
        image.pixel(x, y)
        for x in range(0, image.width(), max(1, image.width() // 64))
        for y in range(0, image.height(), max(1, image.height() // 48))
    }
    if len(colours) < 8:  # a black or blank frame: the window never reached the screen
        raise RuntimeError(f"the screen shows nothing of the window ({len(colours)} colours)")
    step(f"screenshot of the window ({shot.width()}×{shot.height()}) saved to {path}")


def main(
    qapp: QApplication,
    folder: Path,
    expected: list[str] | None = None,
    *,
    keyring_found: KeyringStatus | None = None,
    expect_platform: str | None = None,
    screenshot: str | None = None,
) -> int:
    import qasync

    step(f"Qt platform {qapp.platformName()}")
    if expect_platform and qapp.platformName() != expect_platform:
        step(f"FAILED Qt runs on {qapp.platformName()}, not {expect_platform}")
        return 1
    if keyring_found is not None:
        # A warning, not a failure: the desk works, but forgets sessions and the cache.
        step(keyring_status.it_notice(keyring_found))
    with asyncio.Runner(loop_factory=lambda: qasync.QEventLoop(qapp)) as runner:
        code = runner.run(run(qapp, folder, expected or [], screenshot))
    step("passed" if code == 0 else "failed")
    sys.stdout.flush()
    return code
