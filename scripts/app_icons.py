"""Render resources/icons/caredesk.svg into the icon files installers want: caredesk.png (Linux
menus, 256 px), caredesk.ico (Windows: 16–256 px) and caredesk.icns (macOS). Run after changing
the SVG: ``QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/app_icons.py``."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QImage, QImageWriter, QPainter
from PySide6.QtSvg import QSvgRenderer

ICONS = Path(__file__).resolve().parents[1] / "resources" / "icons"


def render(renderer: QSvgRenderer, size: int) -> QImage:
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    renderer.render(painter)
    painter.end()
    return image


def main() -> int:
    _app = QGuiApplication(sys.argv[:1])
    renderer = QSvgRenderer(str(ICONS / "caredesk.svg"))
    if not renderer.isValid():
        print("caredesk.svg does not render", file=sys.stderr)
        return 1
    big = render(renderer, 256)
    for name, fmt in (
        ("caredesk.png", b"png"),
        ("caredesk.ico", b"ico"),
        ("caredesk.icns", b"icns"),
    ):
        writer = QImageWriter(str(ICONS / name), fmt)
        if not writer.write(big):
            print(f"{name}: {writer.errorString()}", file=sys.stderr)
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
