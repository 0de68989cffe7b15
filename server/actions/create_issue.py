"""Open an issue on the account and route it to the team that owns that kind of problem."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from backend_client import models as m
from server.actions import Action, ActionContext, Inputs, Outcome
from server.core.errors import ApiError
from server.core.events import append_event
from server.core.orm import Issue, new_id
from server.pharmacy import escalations

# Which team picks up which kind of issue.
ROUTES = {
    "medication_question": "pharmacy",
    "side_effect": "pharmacy",
    "app_problem": "engineering",
    "complaint": "complaints",
    "delivery": "logistics",
    "prescription": "prescriptions",
    "data_request": "data-protection",
    "other": "patient-care",
}

IssueKind = Literal[
    "medication_question",
    "side_effect",
    "app_problem",
    "complaint",
    "delivery",
    "prescription",
    "data_request",
    "other",
]


class CreateIssue(Inputs):
    kind: IssueKind
    title: Annotated[str, Field(min_length=3, max_length=300)]
    description: Annotated[str, Field(max_length=5000)] = ""
    # Escalate to one pharmacist by name (their user name): only they can claim it.
    pharmacist: Annotated[str | None, Field(max_length=100)] = None


def open_issue(
    ctx: ActionContext, kind: str, title: str, description: str, pharmacist: str | None = None
) -> Issue:
    """Shared by every action that escalates: the issue, routed, with its event."""
    account = ctx.require_account()
    assignee = None
    if pharmacist:
        assignee = escalations.pharmacist_named(ctx.session, pharmacist)
        if assignee is None:
            raise ApiError(
                422,
                "unknown_pharmacist",
                "No pharmacist has that user name.",
                fields={"pharmacist": "a pharmacist's user name"},
            )
    issue = Issue(
        id=new_id("iss"),
        account_id=account.id,
        conversation_id=ctx.conversation.id,
        kind=kind,
        team=ROUTES.get(kind, "patient-care"),
        title=title,
        description=description,
        status="open",
        created_at=ctx.now,
        escalated_by=ctx.agent.id,
        assignee_id=assignee.id if assignee is not None else None,
    )
    ctx.session.add(issue)
    ctx.session.flush()
    escalations.announce(ctx.session, ctx.settings, issue)  # the pharmacists' queue, live
    append_event(
        ctx.session,
        ctx.agent.id,
        m.EventType.ISSUE_UPDATED,
        {"issue_id": issue.id, "account_id": account.id, "status": "open", "team": issue.team},
    )
    ctx.issue_ids.append(issue.id)
    return issue


def apply(ctx: ActionContext, inputs: CreateIssue) -> Outcome:
    issue = open_issue(ctx, inputs.kind, inputs.title, inputs.description, inputs.pharmacist)
    return Outcome(
        summary=f"Issue opened for {issue.team}: {inputs.title}",
        data={"issue_id": issue.id, "team": issue.team},
    )


ACTION = Action(name="create_issue", title="Open an issue", inputs=CreateIssue, apply=apply)
