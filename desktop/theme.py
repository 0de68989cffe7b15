"""Colours, in one place, for the light and the dark scheme.

The stylesheet (``resources/style.qss``) names colours as ``@token``; painted delegates ask
``colour(token)``. Both schemes define every token, and ``CONTRAST_PAIRS`` lists each text
colour with the background it is drawn on, so a test can hold every pair to WCAG's 4.5:1.
The desk follows the system's colour scheme unless the ``theme`` setting says otherwise, and
switches live when the system does.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from types import MappingProxyType

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

from desktop import resources

LIGHT: Mapping[str, str] = MappingProxyType(
    {
        "window": "#f6f7f9",
        "base": "#ffffff",
        "alternate": "#f1f3f5",
        "text": "#1c2127",
        "muted": "#4f5862",
        "border": "#b9c0c9",
        "divider": "#dde1e6",
        "highlight": "#2f6f9f",
        "highlighted_text": "#ffffff",
        "accent": "#2f6f9f",
        "focus": "#173d5a",
        "primary_bg": "#2f6f9f",
        "primary_fg": "#ffffff",
        "primary_border": "#24597f",
        "primary_disabled_bg": "#d5dee6",
        "primary_disabled_fg": "#46525d",
        "error_bg": "#fbe4e4",
        "error_fg": "#8a1f1f",
        "error_border": "#e5a3a3",
        "ok_bg": "#e3f3e8",
        "ok_fg": "#1e5b35",
        "ok_border": "#9fd0b0",
        "info_bg": "#e6eff7",
        "info_fg": "#1f4b70",
        "info_border": "#a9c6df",
        "warn_bg": "#fdf0d5",
        "warn_fg": "#6e4400",
        "warn_border": "#f0c36d",
        "neutral_bg": "#eceef0",
        "neutral_fg": "#3f444a",
        "ringing_bg": "#fff4d6",
        "ringing_edge": "#e0a100",
        "ringing_fg": "#1f1f1f",
        "ringing_muted": "#4f4a3a",
        "live": "#1e6b3a",
        "reconnecting": "#7a4f00",
        "offline": "#a12a2a",
        "field_error": "#a12a2a",
        "scroll_handle": "#7f8892",
        "scroll_handle_hover": "#5f6872",
    }
)

DARK: Mapping[str, str] = MappingProxyType(
    {
        "window": "#1e2227",
        "base": "#16191d",
        "alternate": "#1b1f23",
        "text": "#e6e9ed",
        "muted": "#aab3bd",
        "border": "#4a525b",
        "divider": "#30363d",
        "highlight": "#2f6f9f",
        "highlighted_text": "#ffffff",
        "accent": "#8cc0e8",
        "focus": "#9cc8ec",
        "primary_bg": "#2f6f9f",
        "primary_fg": "#ffffff",
        "primary_border": "#4d8ec0",
        "primary_disabled_bg": "#2a3540",
        "primary_disabled_fg": "#a3b1be",
        "error_bg": "#4a1f22",
        "error_fg": "#ffc2c2",
        "error_border": "#8a3a3f",
        "ok_bg": "#1d3b2a",
        "ok_fg": "#b0e6c4",
        "ok_border": "#3c7452",
        "info_bg": "#1c3247",
        "info_fg": "#c0dcf4",
        "info_border": "#3d6487",
        "warn_bg": "#45340f",
        "warn_fg": "#ffdc94",
        "warn_border": "#8a6a22",
        "neutral_bg": "#30353b",
        "neutral_fg": "#d6dbe0",
        "ringing_bg": "#3d3216",
        "ringing_edge": "#e0a100",
        "ringing_fg": "#fff1cc",
        "ringing_muted": "#e0d2ad",
        "live": "#85d9a6",
        "reconnecting": "#ffcf70",
        "offline": "#ffa3a3",
        "field_error": "#ffa3a3",
        "scroll_handle": "#7a8591",
        "scroll_handle_hover": "#a3adb8",
    }
)

SCHEMES: Mapping[str, Mapping[str, str]] = MappingProxyType({"light": LIGHT, "dark": DARK})

# (text, background): every colour the desk writes text in, on what it writes it.
CONTRAST_PAIRS: tuple[tuple[str, str], ...] = (
    ("text", "window"),
    ("text", "base"),
    ("text", "alternate"),
    ("muted", "window"),
    ("muted", "base"),
    ("highlighted_text", "highlight"),
    ("accent", "base"),
    ("primary_fg", "primary_bg"),
    ("primary_disabled_fg", "primary_disabled_bg"),
    ("error_fg", "error_bg"),
    ("ok_fg", "ok_bg"),
    ("info_fg", "info_bg"),
    ("warn_fg", "warn_bg"),
    ("neutral_fg", "neutral_bg"),
    ("ringing_fg", "ringing_bg"),
    ("ringing_muted", "ringing_bg"),
    ("live", "window"),
    ("reconnecting", "window"),
    ("offline", "window"),
    ("field_error", "window"),
    ("field_error", "base"),
)

# (graphic, background): what is not text but must be seen to be used (WCAG 1.4.11, 3:1).
GRAPHIC_PAIRS: tuple[tuple[str, str], ...] = (
    ("scroll_handle", "base"),
    ("scroll_handle", "window"),
    ("scroll_handle", "alternate"),
    ("scroll_handle_hover", "base"),
    ("scroll_handle_hover", "window"),
)

_TOKEN = re.compile(r"@([a-z_]+)")
_active = "light"


def relative_luminance(hex_colour: str) -> float:
    colour = QColor(hex_colour)

    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    return (
        0.2126 * channel(colour.red())
        + 0.7152 * channel(colour.green())
        + 0.0722 * channel(colour.blue())
    )


def contrast(foreground: str, background: str) -> float:
    """WCAG 2 contrast ratio, 1 to 21."""
    a, b = relative_luminance(foreground), relative_luminance(background)
    return (max(a, b) + 0.05) / (min(a, b) + 0.05)


def active() -> str:
    return _active


def colour(token: str) -> QColor:
    """A colour of the scheme in use, for painted delegates."""
    return QColor(SCHEMES[_active][token])


def stylesheet(scheme: str) -> str:
    """The stylesheet with the scheme's colours in place of its ``@tokens``."""
    colours = SCHEMES[scheme]

    def value(match: re.Match[str]) -> str:
        try:
            return colours[match.group(1)]
        except KeyError:
            raise KeyError(f"style.qss names @{match.group(1)}, which no scheme defines") from None

    source = re.sub(r"/\*.*?\*/", "", resources.stylesheet(), flags=re.S)
    return _TOKEN.sub(value, source)


def palette(scheme: str) -> QPalette:
    c = {k: QColor(v) for k, v in SCHEMES[scheme].items()}
    pal = QPalette()
    role = QPalette.ColorRole
    for r, token in (
        (role.Window, "window"),
        (role.WindowText, "text"),
        (role.Base, "base"),
        (role.AlternateBase, "alternate"),
        (role.Text, "text"),
        (role.Button, "window"),
        (role.ButtonText, "text"),
        (role.ToolTipBase, "base"),
        (role.ToolTipText, "text"),
        (role.PlaceholderText, "muted"),
        (role.Highlight, "highlight"),
        (role.HighlightedText, "highlighted_text"),
        (role.Link, "accent"),
        (role.BrightText, "error_fg"),
        (role.Light, "base"),
        (role.Midlight, "divider"),
        (role.Mid, "border"),
        (role.Dark, "muted"),
        (role.Shadow, "border"),
    ):
        pal.setColor(r, c[token])
    for r in (role.Text, role.WindowText, role.ButtonText):
        pal.setColor(QPalette.ColorGroup.Disabled, r, c["muted"])
    return pal


def system_scheme() -> str:
    hints = QGuiApplication.styleHints()
    return "dark" if hints.colorScheme() is Qt.ColorScheme.Dark else "light"


def apply(qapp: QApplication, preference: str = "system") -> str:
    """Style the application in ``preference`` (``system``, ``light`` or ``dark``); with
    ``system`` the desk follows later changes of the system's scheme too."""
    global _active
    scheme = system_scheme() if preference == "system" else preference
    if scheme not in SCHEMES:
        raise ValueError(f"theme must be system, light or dark, not {preference!r}")
    _active = scheme
    qapp.setPalette(palette(scheme))
    qapp.setStyleSheet(stylesheet(scheme))
    qapp.setProperty("caredeskTheme", preference)
    if preference == "system" and not qapp.property("caredeskFollowsSystem"):
        qapp.setProperty("caredeskFollowsSystem", True)
        QGuiApplication.styleHints().colorSchemeChanged.connect(
            lambda _scheme: _follow(qapp), Qt.ConnectionType.QueuedConnection
        )
    for widget in qapp.allWidgets():  # painted delegates pick the new colours up
        widget.update()
    return scheme


@contextmanager
def one_polish(qapp: QApplication) -> Iterator[None]:
    """Build a large widget tree inside this block: the application's style sheet is applied
    to it once, at the end, instead of at every step. Under a style sheet, Qt polishes a
    widget's whole subtree again each time the widget is given a parent, and a window is put
    together from its parts (a view, then its splitter, then the stack…): for the main window
    that was about 150 ms of a 190 ms build. The result is the same; only the repeats go."""
    sheet = qapp.styleSheet()
    if sheet:
        qapp.setStyleSheet("")
    try:
        yield
    finally:
        if sheet:
            qapp.setStyleSheet(sheet)


def _follow(qapp: QObject) -> None:
    if isinstance(qapp, QApplication) and qapp.property("caredeskTheme") == "system":
        apply(qapp, "system")
