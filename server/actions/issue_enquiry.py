"""Tell the caller where an open issue stands; changes nothing but is recorded, and an issue
nobody has picked up is flagged to its team (an audit row the team's lead sees)."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from server.actions import Action, ActionContext, Inputs, Outcome
from server.core.audit import audit
from server.core.errors import ApiError
from server.core.orm import Issue


class IssueEnquiry(Inputs):
    issue_id: Annotated[str, Field(min_length=1, max_length=40)]


def apply(ctx: ActionContext, inputs: IssueEnquiry) -> Outcome:
    account = ctx.require_account()
    issue = ctx.session.get(Issue, inputs.issue_id)
    if issue is None or issue.account_id != account.id:
        raise ApiError(
            422,
            "unknown_issue",
            "That issue is not on this account.",
            fields={"issue_id": "not on this account"},
        )
    waiting = (ctx.now.date() - issue.created_at.date()).days
    if issue.status == "open":
        audit(
            ctx.session,
            "issue.chased",
            agent_id=ctx.agent.id,
            account_id=account.id,
            conversation_id=ctx.conversation.id,
            issue_id=issue.id,
            team=issue.team,
        )
    return Outcome(
        summary=f"Gave the status of “{issue.title}”: {issue.status} with {issue.team}, "
        f"{waiting} day(s) old",
        data={"status": issue.status, "team": issue.team, "age_days": waiting},
    )


ACTION = Action(name="issue_enquiry", title="Issue enquiry", inputs=IssueEnquiry, apply=apply)
