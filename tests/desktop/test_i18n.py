"""English and Polish: every UI string translatable and translated, the compiled files current,
placeholders kept, and the desk built in Polish with distinct mnemonics."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QMenu

from desktop import i18n, resources
from desktop.config import load
from desktop.workflows import strings
from desktop.workflows.registry import discover

ROOT = Path(__file__).resolve().parents[2]
I18N = resources.path("i18n")
BIN = Path(sys.executable).parent
PLACEHOLDER = re.compile(r"\{[^}]*\}|%n")


def messages(ts: Path) -> list[tuple[str, str, ET.Element]]:
    root = ET.parse(ts).getroot()  # noqa: S314 - our own file
    return [
        (ctx.findtext("name") or "", msg.findtext("source") or "", msg)
        for ctx in root.iter("context")
        for msg in ctx.iter("message")
    ]


def translations(msg: ET.Element) -> list[str]:
    node = msg.find("translation")
    assert node is not None
    forms = [f.text or "" for f in node.iter("numerusform")]
    return forms or [node.text or ""]


def test_polish_is_complete_and_keeps_every_placeholder() -> None:
    found = messages(I18N / "caredesk_pl.ts")
    assert len(found) > 300
    for context, source, msg in found:
        node = msg.find("translation")
        assert node is not None and node.get("type") != "unfinished", f"{context}: {source}"
        for text in translations(msg):
            assert text.strip(), f"{context}: {source!r} has an empty translation"
            assert sorted(PLACEHOLDER.findall(text)) == sorted(PLACEHOLDER.findall(source)), (
                f"{context}: {source!r} → {text!r} changes its placeholders"
            )
        if msg.get("numerus") == "yes":
            assert len(translations(msg)) == 3  # Polish: 1, 2–4, 5+


def test_the_catalogue_strings_file_is_current() -> None:
    registry = discover(include_plugins=False)
    assert strings.GENERATED.read_text("utf-8") == strings.render(
        strings.catalogue_strings(registry)
    ), "run `make translations`"


def test_every_string_in_the_code_is_in_the_translation_files(tmp_path: Path) -> None:
    """lupdate over today's code finds nothing new: whoever added UI text ran
    `make translations` and translated it."""
    lupdate = shutil.which("pyside6-lupdate", path=str(BIN)) or "pyside6-lupdate"
    copy = tmp_path / "caredesk_pl.ts"
    shutil.copy(I18N / "caredesk_pl.ts", copy)
    sources = subprocess.run(
        ["git", "ls-files", "desktop/*.py"],  # noqa: S607
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    sources += ["desktop/workflows/_strings.py"]
    subprocess.run(  # noqa: S603
        [lupdate, "-no-obsolete", "-locations", "none", *sources, "-ts", str(copy)],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    new = [
        f"{c}: {s}"
        for c, s, msg in messages(copy)
        if (msg.find("translation") is not None)
        and msg.find("translation").get("type") == "unfinished"  # type: ignore[union-attr]
    ]
    assert new == [], "untranslated after `make translations`"


@pytest.mark.parametrize("language", ["pl", "en"])
def test_the_compiled_translations_match_their_sources(tmp_path: Path, language: str) -> None:
    lrelease = shutil.which("pyside6-lrelease", path=str(BIN)) or "pyside6-lrelease"
    out = tmp_path / f"caredesk_{language}.qm"
    subprocess.run(  # noqa: S603
        [lrelease, str(I18N / f"caredesk_{language}.ts"), "-qm", str(out)],
        check=True,
        capture_output=True,
    )
    assert out.read_bytes() == (I18N / f"caredesk_{language}.qm").read_bytes(), (
        "run `make translations`"
    )


def test_language_comes_from_the_command_line_and_falls_back_to_english() -> None:
    assert load({"language": "pl"}, env={}).language == "pl"
    assert i18n.resolve("pl_PL") == "pl"
    assert i18n.resolve("de") == "en"


def test_the_desk_in_polish(qapp: QApplication, qtbot) -> None:
    from desktop.controllers.desk import DeskController
    from desktop.views.main_window import MainWindow

    assert i18n.install(qapp, "pl") == "pl"
    try:
        desk = DeskController(lambda url: None)  # type: ignore[arg-type,return-value]
        window = MainWindow(desk)
        qtbot.addWidget(window)
        bar = window.menuBar()
        titles = [a.text() for a in bar.actions()]
        assert titles[:4] == ["&Plik", "&Widok", "&Rozmowa", "Pomo&c"]
        for group in [titles] + [
            [a.text() for a in a.menu().actions() if not a.isSeparator()]
            for a in bar.actions()
            if isinstance(a.menu(), QMenu)
        ]:
            letters = [t[t.index("&") + 1].lower() for t in group if "&" in t]
            assert len(letters) == len(group) and len(set(letters)) == len(letters), group
        entries, _ = window.palette_entries()
        refund = next(e for e in entries if e.ident == "refund")
        assert refund.title == "Zwróć płatność"
        # English words still find it: advisors and the keyword lists are not all translated.
        window.palette.open(entries, {}, {})
        window.palette.input.setText("refund")
        assert window.palette.model.rows[0].match.entry.ident == "refund"
        assert window.challenge.title.text() == "Zweryfikuj rozmówcę"
        window.challenge._set_attempts(3)
        assert window.challenge.attempts.text() == "Zostały 3 próby"
        window.challenge._set_attempts(5)
        assert window.challenge.attempts.text() == "Zostało 5 prób"
    finally:
        i18n.install(qapp, "en")


def test_english_plurals(qapp: QApplication, qtbot) -> None:
    from desktop.controllers.desk import DeskController
    from desktop.views.challenge_view import ChallengeView

    i18n.install(qapp, "en")
    view = ChallengeView(DeskController(lambda url: None))  # type: ignore[arg-type,return-value]
    qtbot.addWidget(view)
    view._set_attempts(1)
    assert view.attempts.text() == "1 attempt left"
    view._set_attempts(2)
    assert view.attempts.text() == "2 attempts left"
