"""The shape of the house holds (docs/architecture.md): no import circle anywhere, no widget in a
desk controller, and no module past 400 lines without saying why at its top. The layers
themselves are import-linter's contracts (``lint-imports``, in ``make lint``)."""

from __future__ import annotations

import ast
from pathlib import Path

import grimp
import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("backend_client", "server", "desktop")
LONG = 400
# A longer module says why on one of its first lines, in these words.
REASON = "# Longer than 400 lines:"


def circles(graph: grimp.ImportGraph, modules: set[str]) -> list[list[str]]:
    """Every set of modules that import each other round (Tarjan's strongly connected
    components over direct imports), smallest module name first."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    # Iterative, so a deep chain of imports cannot exhaust the recursion limit.
    work: list[tuple[str, list[str]]] = []

    def enter(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        targets = sorted(graph.find_modules_directly_imported_by(node) & modules)
        work.append((node, targets))

    for root in sorted(modules):
        if root in index:
            continue
        enter(root)
        while work:
            node, targets = work[-1]
            if targets:
                target = targets.pop()
                if target not in index:
                    enter(target)
                elif target in on_stack:
                    low[node] = min(low[node], index[target])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
    return found


def test_the_circle_finder_finds_a_circle_and_nothing_else() -> None:
    graph = grimp.ImportGraph()
    for importer, imported in [("a.x", "a.y"), ("a.y", "a.z"), ("a.z", "a.x"), ("a.w", "a.x")]:
        graph.add_import(importer=importer, imported=imported)
    assert circles(graph, {"a.w", "a.x", "a.y", "a.z"}) == [["a.x", "a.y", "a.z"]]
    graph.remove_import(importer="a.z", imported="a.x")
    assert circles(graph, {"a.w", "a.x", "a.y", "a.z"}) == []


def test_no_module_of_the_product_imports_itself_round() -> None:
    graph = grimp.build_graph(*PACKAGES, exclude_type_checking_imports=True)
    modules = {m for m in graph.modules if m.split(".")[0] in PACKAGES}
    assert len(modules) > 100  # the graph is the whole product, not an empty read
    assert circles(graph, modules) == []


def _imports(path: Path) -> set[str]:
    """Every module a file imports, at the top or inside a function."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


def test_desk_controllers_use_no_widget_and_no_paint() -> None:
    controllers = sorted((ROOT / "desktop" / "controllers").glob("*.py"))
    assert len(controllers) > 5
    for path in controllers:
        bad = {
            name
            for name in _imports(path)
            if name.startswith(("PySide6.QtWidgets", "PySide6.QtGui", "desktop.views"))
        }
        assert not bad, f"{path.relative_to(ROOT)} imports {sorted(bad)}"


def _product_modules() -> list[Path]:
    paths = []
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            relative = path.relative_to(ROOT).as_posix()
            if "/migrations/versions/" in relative or relative.endswith("workflows/_strings.py"):
                continue  # generated: Alembic's revisions, the catalogue's strings for lupdate
            paths.append(path)
    return paths


@pytest.mark.parametrize("package", PACKAGES)
def test_a_long_module_says_why_at_its_top(package: str) -> None:
    unexplained = []
    for path in _product_modules():
        if path.relative_to(ROOT).parts[0] != package:
            continue
        lines = path.read_text(encoding="utf-8").splitlines()
        if len(lines) > LONG and not any(line.startswith(REASON) for line in lines[:3]):
            unexplained.append(f"{path.relative_to(ROOT)} ({len(lines)} lines)")
    assert not unexplained, (
        f"Split these, or say why on one of their first lines ({REASON} …): {unexplained}"
    )
