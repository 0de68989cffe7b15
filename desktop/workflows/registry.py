"""Finds workflows: the built-in catalogue, and packages that add their own through the
``caredesk.workflows`` entry-point group. A broken workflow is reported and skipped; it never
stops the desk."""

from __future__ import annotations

import importlib
import logging
import pkgutil
import threading
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import partial
from importlib.metadata import entry_points
from types import ModuleType

from jinja2 import TemplateError

from desktop.workflows import catalogue
from desktop.workflows.base import Workflow

log = logging.getLogger("caredesk.workflows")
GROUP = "caredesk.workflows"


@dataclass
class Registry:
    workflows: dict[str, Workflow] = field(default_factory=dict)
    problems: list[tuple[str, str]] = field(default_factory=list)  # (where, what went wrong)
    # Added with their scripts not compiled yet (``add(check=False)``): in no list until
    # ``check_scripts``, which may run on another thread (compiling is Jinja's Python, no Qt).
    unchecked: list[tuple[str, Workflow, ModuleType | None]] = field(
        default_factory=list, repr=False
    )
    _checking: threading.Lock = field(default_factory=threading.Lock, repr=False, compare=False)

    def add(
        self, where: str, found: object, module: ModuleType | None = None, *, check: bool = True
    ) -> None:
        if not isinstance(found, Workflow):
            self.problems.append((where, "it defines no WORKFLOW = Workflow(...)"))
            return
        if found.id in self.workflows or any(w.id == found.id for _, w, _ in self.unchecked):
            self.problems.append((where, f"the id “{found.id}” is already taken"))
            return
        if check:
            self._accept(where, found, module)
        else:
            self.unchecked.append((where, found, module))

    def check_scripts(self) -> None:
        """Compile the scripts added unchecked, in the order they were added: each one that
        compiles joins the workflows, each that does not is a problem. Safe to call from two
        threads: the second waits for the first."""
        with self._checking:
            while self.unchecked:
                self._accept(*self.unchecked.pop(0))

    def _accept(self, where: str, found: Workflow, module: ModuleType | None) -> None:
        doc = (module.__doc__ or "").strip() if module is not None else found.doc
        # The copy with its doc is the one listed, so it is the one compiled: compiled before
        # the copy, the template stayed on the module's object and the first run compiled it
        # again, on the UI thread (9 ms for track_order's).
        listed = replace(found, doc=doc) if doc and not found.doc else found
        try:
            listed.template  # noqa: B018 - compile now: a broken script is caught here, not mid-call
        except TemplateError as exc:
            self.problems.append((where, f"its script does not compile: {exc}"))
            return
        self.workflows[listed.id] = listed

    def __iter__(self):  # type: ignore[no-untyped-def]
        return iter(self.workflows.values())

    def __len__(self) -> int:
        return len(self.workflows)

    def get(self, workflow_id: str) -> Workflow | None:
        return self.workflows.get(workflow_id)


def _load_module(registry: Registry, name: str, check: bool = True) -> None:
    try:
        module = importlib.import_module(name)
    except Exception as exc:  # a broken module must not stop the desk
        registry.problems.append((name, f"{type(exc).__name__}: {exc}"))
        log.warning("workflow module %s is broken and was skipped: %s", name, exc)
        return
    registry.add(name, getattr(module, "WORKFLOW", None), module, check=check)


def discovery(
    *, include_plugins: bool = True, check_later: bool = False
) -> tuple[Registry, list[Callable[[], None]]]:
    """The registry and the steps that fill it, one module (or the plug-ins) a step, so a desk
    can load the catalogue a little at a time while the advisor works; ``discover`` runs them
    all at once. With ``check_later``, the steps only import: the scripts are compiled by
    ``Registry.check_scripts`` afterwards (the desk does it on a thread, as the longest
    compile, 10-25 ms, was otherwise one turn of its UI thread)."""
    registry = Registry()
    check = not check_later
    steps: list[Callable[[], None]] = [
        partial(_load_module, registry, f"{catalogue.__name__}.{info.name}", check)
        for info in sorted(pkgutil.iter_modules(catalogue.__path__), key=lambda i: i.name)
        if not info.name.startswith("_")
    ]
    if include_plugins:
        steps.append(partial(_load_plugins, registry, check))
    return registry, steps


def _load_plugins(registry: Registry, check: bool = True) -> None:
    for ep in entry_points(group=GROUP):
        try:
            loaded = ep.load()
        except Exception as exc:
            registry.problems.append((ep.value, f"{type(exc).__name__}: {exc}"))
            log.warning("workflow plug-in %s is broken and was skipped: %s", ep.value, exc)
            continue
        if isinstance(loaded, ModuleType):
            registry.add(ep.value, getattr(loaded, "WORKFLOW", None), loaded, check=check)
        else:
            registry.add(ep.value, loaded, check=check)


def discover(*, include_plugins: bool = True) -> Registry:
    registry, steps = discovery(include_plugins=include_plugins)
    for step in steps:
        step()
    for where, what in registry.problems:
        log.warning("skipped workflow %s: %s", where, what)
    return registry
