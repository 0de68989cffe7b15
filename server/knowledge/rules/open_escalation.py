"""An open escalation (an issue some team has, not yet resolved) → give its status: a caller
with one open is most likely calling about it."""

from __future__ import annotations

from collections.abc import Iterator

from backend_client import models as m
from server.knowledge.rules import Facts, Rule, days

WORKING = (m.IssueStatus.OPEN.value, m.IssueStatus.CLAIMED.value)


def suggest(facts: Facts) -> Iterator[m.Suggestion]:
    for issue in facts.snapshot.open_issues:
        if issue.status not in WORKING:
            continue
        en, pl = days(issue.age_days)
        who = f", with {issue.assignee}" if issue.assignee else ", not picked up yet"
        who_pl = f", prowadzi {issue.assignee}" if issue.assignee else ", nikt jeszcze nie przejął"
        yield m.Suggestion(
            rule="open_escalation",
            workflow_id="escalation_status",
            reason=f"“{issue.title}” has been open {en} with {issue.team}{who}",
            translations={"pl": f"„{issue.title}” czeka od {pl} w zespole {issue.team}{who_pl}"},
            inputs={"issue_id": issue.id},
            weight=60 + min(issue.age_days, 20),
        )


RULE = Rule("open_escalation", suggest)
