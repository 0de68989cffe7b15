"""Account snapshots, history and actions: only within a verified conversation of the agent."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Header, Query, Request
from fastapi.responses import JSONResponse

from backend_client import models as m
from server import snapshot
from server.audit import audit
from server.auth import Ctx, CurrentAgent
from server.errors import not_found
from server.orm import Account, Issue, utcnow
from server.routes.conversations import run_action

router = APIRouter(prefix="/v1/accounts", tags=["accounts"])
ConversationQuery = Annotated[str | None, Query(max_length=64)]


@router.get("/{account_id}/snapshot", response_model=m.Snapshot)
def get_snapshot(
    account_id: str, agent: CurrentAgent, ctx: Ctx, conversation_id: ConversationQuery = None
) -> m.Snapshot:
    with ctx.db.transaction() as session:
        conv = snapshot.authorize(session, agent, account_id, conversation_id)
        account = session.get(Account, account_id)
        if account is None:
            raise not_found("The account")
        audit(
            session,
            "snapshot.read",
            agent_id=agent.id,
            account_id=account_id,
            conversation_id=conv.id,
        )
        return snapshot.build(session, account, conv)


@router.get("/{account_id}/history", response_model=m.History)
def history(
    account_id: str, agent: CurrentAgent, ctx: Ctx, conversation_id: ConversationQuery = None
) -> m.History:
    with ctx.db.transaction() as session:
        conv = snapshot.authorize(session, agent, account_id, conversation_id)
        audit(
            session,
            "history.read",
            agent_id=agent.id,
            account_id=account_id,
            conversation_id=conv.id,
        )
        runs, notes = snapshot.runs_and_notes(session, account_id, limit=200)
        today = utcnow().date()
        issues = (
            session.query(Issue)
            .filter(Issue.account_id == account_id)
            .order_by(Issue.created_at.desc())
            .limit(200)
            .all()
        )
        return m.History(
            account_id=account_id,
            workflow_runs=runs,
            notes=notes,
            issues=[snapshot.issue_wire(i, today) for i in issues],
            contacts=snapshot.contacts(session, account_id, limit=100),
        )


@router.post("/{account_id}/actions/{action}", response_model=m.ActionResult)
def account_action(
    account_id: str,
    action: str,
    body: m.ActionRequest,
    request: Request,
    agent: CurrentAgent,
    ctx: Ctx,
    key: Annotated[str | None, Header(alias="Idempotency-Key", max_length=200)] = None,
) -> JSONResponse:
    return run_action(ctx, agent, action, body, key, request.url.path, account_id=account_id)
