"""PySide6 reads the source of every module imported after it; the desk keeps none of it."""

from __future__ import annotations

import json
import linecache
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest
from PySide6.QtWidgets import QApplication

import desktop  # noqa: F401  (what every entry point imports first)
from desktop.app import DeskApp
from desktop.config import DeskConfig
from tests.desktop.conftest import Loop

FEATURE = "PySide6.support.feature"
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def modules(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, Path]]:
    """Two modules of 3,000 lines each, named after this test's folder: one that uses PySide6
    and one that does not. Forgotten by Python and by PySide6 afterwards."""
    stem = f"caredesk_footprint_{tmp_path.name}"
    files = {
        f"{stem}_qt": "from PySide6 import QtCore\n\n" + "LINE = 1\n" * 3000,
        f"{stem}_plain": "PLAIN = True\n\n" + "LINE = 2\n" * 3000,
    }
    paths = {}
    for name, text in files.items():
        paths[name] = tmp_path / f"{name}.py"
        paths[name].write_text(text)
    monkeypatch.syspath_prepend(str(tmp_path))
    yield paths
    for name, path in paths.items():
        sys.modules.pop(name, None)
        sys.modules[FEATURE].pyside_feature_dict.pop(name, None)
        linecache.cache.pop(str(path), None)


def imported(name: str) -> ModuleType:
    # The import statement, not importlib: PySide6's hook replaces builtins.__import__.
    return __import__(name)


PROBE = """
import json, linecache, sys
sys.path.insert(0, {folder!r})
import desktop  # what every entry point imports first
feature = sys.modules[{feature!r}]
for name in {names!r}:
    __import__(name)
answers = [feature.pyside_feature_dict.get(name) for name in {names!r}]
print(json.dumps({{"answers": answers, "kept": sorted(set({paths!r}) & set(linecache.cache))}}))
"""


def test_pyside_still_checks_each_import_but_no_source_line_stays_in_memory(
    modules: dict[str, Path],
) -> None:
    """In an interpreter of its own: PySide6's hook records a module only when no other thread
    is importing at the same moment (with one thread importing beside it, it missed 1,917 of
    2,000), and in this process the desk's start and keyring threads, left by earlier tests,
    may be. Run here, this test failed once in CI for that reason alone."""
    names = list(modules)
    done = subprocess.run(  # noqa: S603 - our own interpreter
        [
            sys.executable,
            "-c",
            PROBE.format(
                folder=str(next(iter(modules.values())).parent),
                feature=FEATURE,
                names=names,
                paths=[str(p) for p in modules.values()],
            ),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    # PySide6 made its check, with the answers it gives unwrapped: 0 uses PySide6, -1 ignored...
    assert seen["answers"] == [0, -1], seen
    # ...and kept no line of either file.
    assert seen["kept"] == [], seen


def test_unwrapped_the_check_keeps_every_line(modules: dict[str, Path]) -> None:
    """Why the wrapper exists. If a PySide6 release stops keeping the lines, this fails: the
    wrapper can then go."""
    check = sys.modules[FEATURE]._mod_uses_pyside
    assert getattr(check, "__wrapped__", None) is not None, "desktop did not wrap the check"
    qt_name = next(iter(modules))
    module = imported(qt_name)
    linecache.cache.pop(str(modules[qt_name]), None)
    assert check.__wrapped__(module) is True
    assert len(linecache.cache[str(modules[qt_name])][2]) == 3002


def test_lines_read_before_the_desk_was_imported_are_dropped_when_it_is_built(
    aloop: Loop, modules: dict[str, Path]
) -> None:
    path = next(iter(modules.values()))
    assert linecache.getline(str(path), 1).startswith("from PySide6")
    assert str(path) in linecache.cache
    app = DeskApp(QApplication.instance(), DeskConfig(server_url="http://127.0.0.1:9"))  # type: ignore[arg-type]
    try:
        assert str(path) not in linecache.cache
        # A traceback still gets its lines: read again from the file.
        assert linecache.getline(str(path), 1).startswith("from PySide6")
    finally:
        aloop.run(app.desk.aclose())
        app.window.close()
        app.window.deleteLater()


def test_the_quick_answer_is_pysides_own_for_every_module_loaded() -> None:
    """The wrapper reads a source file's bytes instead of asking ``inspect``; for every module
    this test process has (the desk's, its libraries', the standard library's) the answer is
    the one PySide6's own check gives."""
    check = sys.modules[FEATURE]._mod_uses_pyside
    modules = [m for m in list(sys.modules.values()) if isinstance(m, ModuleType)]
    assert len(modules) > 300
    differ = [m.__name__ for m in modules if check(m) != check.__wrapped__(m)]
    linecache.clearcache()
    assert differ == []
    assert any(check(m) for m in modules)  # the desk's views use PySide6
