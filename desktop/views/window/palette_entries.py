"""What the palette lists: workflows, knowledge articles, the desk's conversations, and the
workflows suggested for the open account, each made into a ``palette_ranking.Entry``.

Articles are ranked by the same index as workflows, on their title and tags; those in a
language other than the caller's are ``secondary`` (listed after every match in the caller's
language). Suggestions come from the server with the snapshot; each opens its workflow with
the inputs the rule gave.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from backend_client import models as m
from desktop.controllers.desk import DeskController
from desktop.i18n import in_use, translate
from desktop.palette_ranking import Entry
from desktop.state import Connection, spoken
from desktop.views.partials.formatting import suggested, wf_text

if TYPE_CHECKING:  # the catalogue (and jinja2 with it) loads when the palette first opens
    from desktop.workflows.base import Workflow
    from desktop.workflows.registry import Registry


def tr(text: str) -> str:
    return translate("PaletteEntries", text)


@dataclass(frozen=True)
class Suggested:
    """A suggestion's payload: the workflow to open, and the values its form starts with."""

    workflow: Workflow
    inputs: dict[str, Any]
    reason: str


def caller_language(desk: DeskController) -> str:
    """The open account's language when there is one, else the desk's."""
    snapshot = desk.snapshot
    return snapshot.identity.language if snapshot is not None else in_use()


def workflows(registry: Registry, desk: DeskController) -> tuple[list[Entry], dict[str, Any]]:
    online = desk.connection.state is Connection.LIVE
    entries: list[Entry] = []
    reasons: dict[str, str | None] = {}
    for wf in registry:
        key = f"workflow:{wf.id}"
        title = wf_text(wf.title)
        # Found by its English words too: the keywords and title stay searchable.
        keywords = wf.keywords + ((wf.title,) if title != wf.title else ())
        entries.append(Entry(key, title, wf_text(wf.category), keywords, wf.id, "workflow", wf))
        reasons[key] = wf.unavailable_because(desk.me, desk.current, online)
    return entries, reasons


def workflow_title(registry: Registry, workflow_id: str) -> str:
    found = next((wf for wf in registry if wf.id == workflow_id), None)
    return wf_text(found.title) if found else workflow_id


def articles(
    items: Iterable[m.ArticleSummary], language: str, today: date | None = None
) -> list[Entry]:
    entries = []
    today = today or date.today()
    for article in items:
        other = article.language.value != language
        subtitle = tr("Article · {0}").format(article.team)
        if other:
            subtitle += f" · {article.language.value.upper()}"
        if article.review_due < today:
            subtitle += " · " + tr("past its review date")
        entries.append(
            Entry(
                f"article:{article.id}",
                article.title,
                subtitle,
                tuple(article.tags),
                "",
                "article",
                article,
                secondary=other,
            )
        )
    return entries


def conversations(desk: DeskController) -> list[Entry]:
    entries = []
    model = desk.conversations
    for conversation_id in model.ids():
        conv = model.conversation(conversation_id)
        if conv is None:
            continue
        who = conv.caller.name or conv.caller.display
        entries.append(
            Entry(
                f"conversation:{conv.id}",
                tr("Go to conversation: {0}").format(who),
                f"{spoken(conv)}",
                tuple(filter(None, (conv.caller.display, conv.caller.number))),
                conv.id,
                "conversation",
                conv.id,
            )
        )
    return entries


def suggestions(
    items: Iterable[m.Suggestion], registry: Registry, reasons: dict[str, str | None]
) -> list[Entry]:
    """The snapshot's suggestions whose workflow this desk has and may run now, best first."""
    by_id = {wf.id: wf for wf in registry}
    entries = []
    for s, reason in suggested(items):
        workflow = by_id.get(s.workflow_id)
        if workflow is None or reasons.get(f"workflow:{workflow.id}"):
            continue
        entries.append(
            Entry(
                f"suggestion:{s.rule}:{s.workflow_id}:{sorted(s.inputs.items())}",
                wf_text(workflow.title),
                reason,
                (),
                "",
                "suggestion",
                Suggested(workflow, dict(s.inputs), reason),
            )
        )
    return entries
