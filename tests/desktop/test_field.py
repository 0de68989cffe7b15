"""The desk on a workstation as IT finds it: no X11 libraries, no display, no keyring."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import keyring
from keyring.backends import fail
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from desktop import keyring_status, platform_check
from tests.desktop.conftest import open_desk, until
from tests.keyring_backend import MemoryKeyring
from tests.live_server import LiveServer

ROOT = Path(__file__).resolve().parents[2]
X11 = {"DISPLAY": ":0"}


def test_missing_x11_libraries_are_named_with_their_packages() -> None:
    absent = {"libxcb-cursor.so.0", "libxcb-icccm.so.4"}
    text = platform_check.problem(X11, "linux", loads=lambda soname: soname not in absent)
    assert text is not None
    assert "sudo apt-get install libxcb-cursor0 libxcb-icccm4" in text
    assert "libxcb-cursor.so.0" in text and "Reinstalling CareDesk will not help" in text
    # Everything there and a display: nothing to say; Qt takes over.
    assert platform_check.problem(X11, "linux", loads=lambda _s: True) is None


def test_only_linux_x11_is_checked() -> None:
    never = lambda _s: False  # noqa: E731 - every library missing
    assert platform_check.problem(X11, "win32", loads=never) is None
    assert platform_check.problem(X11, "darwin", loads=never) is None
    offscreen = {"QT_QPA_PLATFORM": "offscreen"}
    assert platform_check.problem(offscreen, "linux", loads=never) is None
    wayland = {"WAYLAND_DISPLAY": "wayland-0", "XDG_SESSION_TYPE": "wayland"}
    assert platform_check.problem(wayland, "linux", loads=never) is None
    assert platform_check.problem({"QT_QPA_PLATFORM": "xcb"}, "linux", loads=never) is not None


def test_without_a_display_the_desk_says_so_instead_of_qt() -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env["QT_QPA_PLATFORM"] = "xcb"
    done = subprocess.run(
        [sys.executable, "-m", "desktop", "--server", "http://127.0.0.1:9"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 3, done.stderr
    assert "CareDesk cannot open its window" in done.stderr
    assert "Reinstalling the application" not in done.stderr


def test_self_test_warns_it_when_the_workstation_has_no_keyring() -> None:
    env = dict(os.environ, PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring")
    done = subprocess.run(
        [sys.executable, "-m", "desktop", "--self-test"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "self-test: WARNING keyring: no usable backend (keyring.backends.fail.Keyring)" in (
        done.stdout
    )
    assert "self-test: passed" in done.stdout


async def test_no_keyring_is_told_once_on_screen(live_server: LiveServer, qtbot: QtBot) -> None:
    keyring.set_keyring(fail.Keyring())
    keyring_status.reset()
    async with open_desk(live_server) as app:
        notice = app.window.notice
        await until(lambda: notice.isVisible(), what="the keyring notice")
        assert app.keyring is not None and not app.keyring.usable
        text = notice.banner.text()
        assert "sign in again" in text and "IT service desk" in text
        assert notice.banner.textFormat() == Qt.TextFormat.PlainText
        assert notice.banner.kind() == "warn"
        notice.dismiss.setFocus()
        qtbot.keyClick(notice.dismiss, Qt.Key.Key_Space)
        assert not notice.isVisible()
        # Signing in again in the same run does not say it again.
        await app.desk.session.sign_out()
        app.keyring = None
        await app.desk.session.sign_in(live_server.url, "advisor", "demo")
        app.window.show()
        await until(lambda: app.keyring is not None, what="the second check")
        assert not notice.isVisible()


async def test_a_working_keyring_says_nothing(live_server: LiveServer) -> None:
    keyring.set_keyring(MemoryKeyring())
    keyring_status.reset()
    async with open_desk(live_server) as app:
        await until(lambda: app.keyring is not None, what="the keyring check")
        assert app.keyring.ok
        assert not app.window.notice.isVisible()


LINK_OPENED = """
import sys
from PySide6.QtCore import QCoreApplication, QUrl
from PySide6.QtGui import QFileOpenEvent
from desktop.application import DeskApplication

app = DeskApplication(sys.argv[:1])
followed = []
app.follow_link = followed.append
QCoreApplication.sendEvent(app, QFileOpenEvent(QUrl("caredesk://conversation/conv_123")))
QCoreApplication.sendEvent(app, QFileOpenEvent(QUrl("file:///tmp/a.pdf")))  # not ours
print(followed)
"""


def test_a_link_macos_opens_the_desk_with_is_followed_by_the_application() -> None:
    """macOS sends a clicked caredesk:// link to the running desk's application object."""
    done = subprocess.run(  # noqa: S603 - our own interpreter and script
        [sys.executable, "-c", LINK_OPENED],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        cwd=ROOT,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "['caredesk://conversation/conv_123']"
