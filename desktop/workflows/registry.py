"""Finds workflows: the built-in catalogue, and packages that add their own through the
``caredesk.workflows`` entry-point group. A broken workflow is reported and skipped; it never
stops the desk."""

from __future__ import annotations

import importlib
import logging
import pkgutil
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

    def add(self, where: str, found: object, module: ModuleType | None = None) -> None:
        if not isinstance(found, Workflow):
            self.problems.append((where, "it defines no WORKFLOW = Workflow(...)"))
            return
        if found.id in self.workflows:
            self.problems.append((where, f"the id “{found.id}” is already taken"))
            return
        try:
            found.template  # noqa: B018 - compile now: a broken script is caught here, not mid-call
        except TemplateError as exc:
            self.problems.append((where, f"its script does not compile: {exc}"))
            return
        doc = (module.__doc__ or "").strip() if module is not None else found.doc
        self.workflows[found.id] = replace(found, doc=doc) if doc and not found.doc else found

    def __iter__(self):  # type: ignore[no-untyped-def]
        return iter(self.workflows.values())

    def __len__(self) -> int:
        return len(self.workflows)

    def get(self, workflow_id: str) -> Workflow | None:
        return self.workflows.get(workflow_id)


def _load_module(registry: Registry, name: str) -> None:
    try:
        module = importlib.import_module(name)
    except Exception as exc:  # a broken module must not stop the desk
        registry.problems.append((name, f"{type(exc).__name__}: {exc}"))
        log.warning("workflow module %s is broken and was skipped: %s", name, exc)
        return
    registry.add(name, getattr(module, "WORKFLOW", None), module)


def discovery(*, include_plugins: bool = True) -> tuple[Registry, list[Callable[[], None]]]:
    """The registry and the steps that fill it, one module (or the plug-ins) a step, so a desk
    can load the catalogue a little at a time while the advisor works; ``discover`` runs them
    all at once."""
    registry = Registry()
    steps: list[Callable[[], None]] = [
        partial(_load_module, registry, f"{catalogue.__name__}.{info.name}")
        for info in sorted(pkgutil.iter_modules(catalogue.__path__), key=lambda i: i.name)
        if not info.name.startswith("_")
    ]
    if include_plugins:
        steps.append(partial(_load_plugins, registry))
    return registry, steps


def _load_plugins(registry: Registry) -> None:
    for ep in entry_points(group=GROUP):
        try:
            loaded = ep.load()
        except Exception as exc:
            registry.problems.append((ep.value, f"{type(exc).__name__}: {exc}"))
            log.warning("workflow plug-in %s is broken and was skipped: %s", ep.value, exc)
            continue
        if isinstance(loaded, ModuleType):
            registry.add(ep.value, getattr(loaded, "WORKFLOW", None), loaded)
        else:
            registry.add(ep.value, loaded)


def discover(*, include_plugins: bool = True) -> Registry:
    registry, steps = discovery(include_plugins=include_plugins)
    for step in steps:
        step()
    for where, what in registry.problems:
        log.warning("skipped workflow %s: %s", where, what)
    return registry
