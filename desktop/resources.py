"""The one way to find bundled assets, in a checkout, an installed wheel or a frozen app."""

from __future__ import annotations

import sys
from functools import cache
from pathlib import Path

from PySide6.QtGui import QIcon


def resources_dir() -> Path:
    frozen = getattr(sys, "_MEIPASS", None)  # PyInstaller unpacks data beside the code
    if frozen:
        return Path(frozen) / "resources"
    here = Path(__file__).resolve().parent
    # A checkout (or an editable install) has resources/ beside desktop/; a wheel carries them
    # inside the package as desktop/_resources.
    for candidate in (here.parent / "resources", here / "_resources"):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError("CareDesk's resources folder is missing from this installation")


def path(name: str) -> Path:
    return resources_dir() / name


@cache
def icon(name: str) -> QIcon:
    return QIcon(str(path(f"icons/{name}.svg")))


def stylesheet() -> str:
    return path("style.qss").read_text(encoding="utf-8")
