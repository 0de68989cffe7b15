"""Colours: every text colour readable (WCAG 4.5:1) on its background, in both schemes; the
stylesheet names no colour of its own; errors look like errors and are announced."""

from __future__ import annotations

import re

import pytest
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication, QLabel, QVBoxLayout, QWidget

from desktop import resources, theme
from desktop.app import apply_style
from desktop.views.partials.widgets import Banner, Busy


@pytest.mark.parametrize("scheme", sorted(theme.SCHEMES))
@pytest.mark.parametrize(("text", "background"), theme.CONTRAST_PAIRS)
def test_text_contrast_is_at_least_4_5(scheme: str, text: str, background: str) -> None:
    colours = theme.SCHEMES[scheme]
    ratio = theme.contrast(colours[text], colours[background])
    assert ratio >= 4.5, f"{scheme}: {text} on {background} is {ratio:.2f}:1"


@pytest.mark.parametrize("scheme", sorted(theme.SCHEMES))
@pytest.mark.parametrize(("graphic", "background"), theme.GRAPHIC_PAIRS)
def test_graphics_to_be_seen_have_contrast_of_at_least_3(
    scheme: str, graphic: str, background: str
) -> None:
    colours = theme.SCHEMES[scheme]
    ratio = theme.contrast(colours[graphic], colours[background])
    assert ratio >= 3.0, f"{scheme}: {graphic} on {background} is {ratio:.2f}:1"


def test_contrast_formula_matches_wcag_reference_values() -> None:
    assert theme.contrast("#000000", "#ffffff") == pytest.approx(21.0)
    assert theme.contrast("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)
    assert theme.contrast("#a0a0a0", "#ffffff") == pytest.approx(2.6, abs=0.05)


def test_schemes_define_the_same_colours_and_the_stylesheet_only_uses_them() -> None:
    assert set(theme.LIGHT) == set(theme.DARK)
    source = resources.stylesheet()
    declarations = re.sub(r"/\*.*?\*/", "", source, flags=re.S)
    assert not re.findall(r"#[0-9a-fA-F]{3,8}\b|\bpalette\(|\b(white|black)\b", declarations)
    for scheme in theme.SCHEMES:
        assert "@" not in theme.stylesheet(scheme)


HOSTS: list[QWidget] = []


def _banner(kind: str, qtbot) -> Banner:  # type: ignore[no-untyped-def]
    host = QWidget()
    HOSTS.append(host)  # kept alive until qtbot closes it
    qtbot.addWidget(host)
    banner = Banner(host)
    banner.setObjectName("runnerMessage")  # views name their banners; the style must still hold
    QVBoxLayout(host).addWidget(banner)
    banner.show_message("The refund is over the limit.", kind)
    host.resize(400, 80)
    host.show()
    return banner


@pytest.mark.parametrize("scheme", sorted(theme.SCHEMES))
def test_an_error_banner_is_painted_as_an_error_and_announced(
    scheme: str, qapp: QApplication, qtbot
) -> None:
    apply_style(qapp, scheme)
    try:
        banner = _banner("error", qtbot)
        image = banner.grab().toImage()
        inside = image.pixelColor(image.width() // 2, 3)
        assert inside.name() == theme.SCHEMES[scheme]["error_bg"]
        assert banner.accessibleName() == "Error: The refund is over the limit."
        assert banner.announced[-1] == "Error: The refund is over the limit."
        ok = _banner("ok", qtbot).grab().toImage()
        assert ok.pixelColor(ok.width() // 2, 3).name() == theme.SCHEMES[scheme]["ok_bg"]
    finally:
        apply_style(qapp, "light")


def test_dark_scheme_keeps_every_label_readable(qapp: QApplication, qtbot) -> None:
    from desktop.views.partials.details import StatTile

    apply_style(qapp, "dark")
    try:
        tile = StatTile("Orders", "orders")
        qtbot.addWidget(tile)
        tile.set("3", "1 open")
        tile.show()
        background = QColor(theme.DARK["base"])
        for label in tile.findChildren(QLabel):
            fg = label.palette().color(label.foregroundRole())
            ratio = theme.contrast(fg.name(), background.name())
            assert ratio >= 4.5, f"{label.objectName()} is {ratio:.2f}:1 on a dark tile"
    finally:
        apply_style(qapp, "light")


def test_the_busy_bar_shows_only_for_slow_work_and_paints_the_accent(qtbot) -> None:
    host = QWidget()
    layout = QVBoxLayout(host)
    busy = Busy()
    layout.addWidget(busy)
    qtbot.addWidget(host)
    host.resize(400, 40)
    host.show()
    assert not busy.isVisible()  # shown with its parent only when asked

    busy.setVisible(True)  # work that answers fast: the bar never appears
    assert busy.wanted and not busy.isVisible()
    busy.setVisible(False)
    assert not busy._reveal.isActive()  # the reveal that would have come is cancelled
    assert not busy.isVisible()

    busy.setVisible(True)  # slow work: it appears, and slides
    qtbot.waitUntil(busy.isVisible, timeout=2000)
    accent = busy.palette().color(busy.palette().ColorRole.Highlight)
    shown = []

    def block_at() -> int:
        image = busy.grab().toImage()
        columns = [x for x in range(image.width()) if QColor(image.pixel(x, 1)) == accent]
        shown.append(columns[0] if columns else -1)
        return shown[-1]

    first = block_at()
    qtbot.waitUntil(lambda: block_at() != first, timeout=2000)
    busy.hide()
    assert not busy.isVisible() and not busy.wanted
