"""Suggestion rules: one module per rule in this package, each exporting ``RULE``.

A rule reads what the snapshot already holds (no query of its own, so suggestions cost the
snapshot nothing it had not loaded) and says which workflow would help next, with its reason in
words and the values the form starts with. Another team adds a rule by adding a file; a rule
that raises is logged and skipped, never failing the snapshot.
"""

from __future__ import annotations

import importlib
import logging
import pkgutil
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date

from backend_client import models as m

log = logging.getLogger("caredesk.server.suggestions")


@dataclass(frozen=True)
class Facts:
    snapshot: m.Snapshot
    today: date


@dataclass(frozen=True)
class Rule:
    name: str
    suggest: Callable[[Facts], Iterable[m.Suggestion]]


def discover() -> dict[str, Rule]:
    found: dict[str, Rule] = {}
    for info in pkgutil.iter_modules(__path__):
        if info.name.startswith("_"):
            continue
        try:
            module = importlib.import_module(f"{__name__}.{info.name}")
        except Exception:
            log.exception("suggestion rule %s failed to import; skipped", info.name)
            continue
        rule = getattr(module, "RULE", None)
        if isinstance(rule, Rule):
            found[rule.name] = rule
    return found


_RULES: dict[str, Rule] | None = None


def rules() -> dict[str, Rule]:
    global _RULES
    if _RULES is None:
        _RULES = discover()
    return _RULES


def suggest(
    snapshot: m.Snapshot, today: date, only: Iterable[Rule] | None = None
) -> list[m.Suggestion]:
    """The best ``MAX_SUGGESTIONS``, heaviest first; one per workflow and starting values."""
    facts = Facts(snapshot, today)
    found: list[m.Suggestion] = []
    for rule in only if only is not None else rules().values():
        try:
            found.extend(rule.suggest(facts))
        except Exception:
            log.exception("suggestion rule %s failed; skipped", rule.name)
    found.sort(key=lambda s: (-s.weight, s.rule, s.reason))
    seen: set[tuple[str, str]] = set()
    kept: list[m.Suggestion] = []
    for suggestion in found:
        key = (suggestion.workflow_id, repr(sorted(suggestion.inputs.items())))
        if key not in seen:
            seen.add(key)
            kept.append(suggestion)
    return kept[: m.MAX_SUGGESTIONS]


def days(n: int) -> tuple[str, str]:
    """'3 days' in English and Polish (1 dzień, 2–4 dni, 5+ dni)."""
    en = f"{n} day" if n == 1 else f"{n} days"
    pl = "1 dzień" if n == 1 else f"{n} dni"
    return en, pl
