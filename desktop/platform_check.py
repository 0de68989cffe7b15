"""Before Qt starts: can it open a window here? On Linux, Qt (6.5 and newer) draws through its
xcb platform plugin, which needs X11/xcb libraries that desktop installs often lack
(``libxcb-cursor0`` most of all). Without them Qt ends the process with "Could not load the Qt
platform plugin "xcb" … Reinstalling the application may fix this problem", which is never true.
This module names the missing packages and how to install them instead, and says so when there
is no display at all.

Only Linux's X11 platform is checked: Windows and macOS ship everything Qt needs, Wayland
sessions fall back to xcb by themselves, and ``offscreen`` (tests, ``--self-test``) needs
only what the system step installs.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Mapping
from pathlib import Path

# What the xcb platform plugin (libqxcb.so and libQt6XcbQpa) links against, by soname, with the
# Debian/Ubuntu package that has it (scripts/system-deps.sh installs the same list).
XCB_LIBRARIES: dict[str, str] = {
    "libxcb.so.1": "libxcb1",
    "libX11.so.6": "libx11-6",
    "libX11-xcb.so.1": "libx11-xcb1",
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-render.so.0": "libxcb-render0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-shm.so.0": "libxcb-shm0",
    "libxcb-sync.so.1": "libxcb-sync1",
    "libxcb-util.so.1": "libxcb-util1",
    "libxcb-xfixes.so.0": "libxcb-xfixes0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
    "libxkbcommon.so.0": "libxkbcommon0",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libfontconfig.so.1": "libfontconfig1",
    "libfreetype.so.6": "libfreetype6",
    "libGL.so.1": "libgl1",
    "libEGL.so.1": "libegl1",
    "libdbus-1.so.3": "libdbus-1-3",
    "libglib-2.0.so.0": "libglib2.0-0",
}


def _loads(soname: str) -> bool:
    bundle = getattr(sys, "_MEIPASS", None)  # the frozen app ships most of them itself
    if bundle is not None and (Path(bundle) / soname).exists():
        return True
    try:
        ctypes.CDLL(soname)  # Qt loads the same libraries a moment later: nothing is wasted
    except OSError:
        return False
    return True


def platform_name(env: Mapping[str, str]) -> str:
    """The platform Qt will try first: QT_QPA_PLATFORM's first choice, or its own default."""
    chosen = env.get("QT_QPA_PLATFORM", "").split(";")[0].split(":")[0].strip()
    if chosen:
        return chosen
    if env.get("WAYLAND_DISPLAY") and env.get("XDG_SESSION_TYPE") == "wayland":
        return "wayland"
    return "xcb"


def problem(
    env: Mapping[str, str] | None = None,
    platform: str = sys.platform,
    loads: Callable[[str], bool] = _loads,
) -> str | None:
    """What stops Qt from opening a window here, in words for whoever reads it; None if
    nothing does (or nothing we can tell before Qt tries)."""
    env = os.environ if env is None else env
    if not platform.startswith("linux") or platform_name(env) != "xcb":
        return None
    missing = [package for soname, package in XCB_LIBRARIES.items() if not loads(soname)]
    if missing:
        packages = " ".join(dict.fromkeys(missing))
        return (
            "CareDesk cannot open its window: this computer lacks system libraries that Qt "
            f"needs to draw on an X11 desktop ({packages}).\n"
            f"On Debian or Ubuntu, install them with:\n    sudo apt-get install {packages}\n"
            "On other systems, install the packages that provide these libraries: "
            + ", ".join(s for s, p in XCB_LIBRARIES.items() if p in missing)
            + ".\nReinstalling CareDesk will not help; your IT service desk can install them."
        )
    if not env.get("DISPLAY"):
        return (
            "CareDesk cannot open its window: there is no display (DISPLAY is not set). Start "
            "it from a desktop session. To check an installation without a screen, run "
            "caredesk --self-test."
        )
    return None


def tell(text: str) -> None:
    """Say it where a desk started from a menu can be seen: stderr, and a desktop notification
    when the system has one (it needs no Qt)."""
    print(text, file=sys.stderr)
    notify = shutil.which("notify-send")
    if notify and os.environ.get("DISPLAY"):
        with contextlib.suppress(OSError, subprocess.SubprocessError):
            subprocess.run(  # noqa: S603 - a fixed program, our own words
                [notify, "--urgency=critical", "CareDesk cannot start", text],
                timeout=5,
                check=False,
                capture_output=True,
            )
