"""Workflows from other packages (caredesk.workflows entry points); broken ones are skipped."""

from __future__ import annotations

import sys
import textwrap
import threading
from pathlib import Path

import pytest

from desktop.workflows.registry import discover, discovery

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def plugin_distribution(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A real (if tiny) installed distribution, found by importlib.metadata on sys.path."""
    (tmp_path / "pharmacy_extras.py").write_text(
        textwrap.dedent('''
        """Tell the caller the opening hours of the pharmacy counter."""
        from desktop.workflows.base import Workflow

        WORKFLOW = Workflow(id="opening_hours", title="Give the opening hours", category="General",
                            action="add_note", needs_verified=False, keywords=("hours", "open"),
                            fixed_inputs={"body": "Gave the opening hours"},
                            script="We're open 8am to 8pm, Monday to Friday.")
    ''')
    )
    (tmp_path / "broken_extras.py").write_text("raise RuntimeError('this plug-in is broken')\n")
    (tmp_path / "clashing_extras.py").write_text(
        textwrap.dedent("""
        from desktop.workflows.base import Workflow
        WORKFLOW = Workflow(id="refund", title="Another refund", category="X", action="refund",
                            script="x")
    """)
    )
    (tmp_path / "bad_script_extras.py").write_text(
        textwrap.dedent("""
        from desktop.workflows.base import Workflow
        WORKFLOW = Workflow(id="bad_script", title="Bad", category="X", action="add_note",
                            script="{% if %}")
    """)
    )
    info = tmp_path / "pharmacy_extras-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: pharmacy-extras\nVersion: 1.0\n")
    (info / "entry_points.txt").write_text(
        "[caredesk.workflows]\nopening_hours = pharmacy_extras\nbroken = broken_extras\n"
        "clash = clashing_extras\nbad_script = bad_script_extras\n"
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    yield tmp_path
    for name in ("pharmacy_extras", "broken_extras", "clashing_extras", "bad_script_extras"):
        sys.modules.pop(name, None)


def test_plugins_are_found_and_broken_ones_reported_not_fatal(plugin_distribution: Path) -> None:
    registry = discover()
    builtin = {w.id for w in discover(include_plugins=False)}
    assert builtin | {"opening_hours"} <= {w.id for w in registry}
    extra = registry.get("opening_hours")
    assert (
        extra is not None
        and extra.doc == "Tell the caller the opening hours of the pharmacy counter."
    )
    problems = dict(registry.problems)
    assert "this plug-in is broken" in problems["broken_extras"]
    assert "already taken" in problems["clashing_extras"]
    assert "does not compile" in problems["bad_script_extras"]
    assert registry.get("refund").title == "Refund a payment"  # the built-in one stays


def test_the_builtin_catalogue_alone() -> None:
    registry = discover(include_plugins=False)
    modules = {
        p.stem for p in (ROOT / "desktop/workflows/catalogue").glob("*.py") if p.stem[0] != "_"
    }
    assert {w.id for w in registry} and len(registry) == len(modules)  # one file per workflow
    assert registry.problems == []


def test_scripts_checked_later_on_another_thread_give_the_same_registry(
    plugin_distribution: Path,
) -> None:
    """The desk imports the catalogue a module a turn and compiles the scripts on a thread
    afterwards: until then no workflow is listed (none with a script that may not compile), and
    then the registry is the one ``discover`` makes, in the same order, with the same problems."""
    whole = discover()
    registry, steps = discovery(check_later=True)
    for step in steps:
        step()
    assert len(registry) == 0 and registry.unchecked
    assert not any("does not compile" in what for _, what in registry.problems)
    checker = threading.Thread(target=registry.check_scripts)
    checker.start()
    registry.check_scripts()  # a second caller (the palette, meanwhile) waits, then none left
    checker.join()
    assert registry.unchecked == []
    assert [w.id for w in registry] == [w.id for w in whole]
    assert sorted(registry.problems) == sorted(whole.problems)


def test_a_listed_workflows_script_is_the_one_compiled_at_discovery() -> None:
    """The first run of a workflow does not compile its script again (on the UI thread)."""
    registry = discover(include_plugins=False)
    for workflow in registry:
        assert "template" in vars(workflow), workflow.id
