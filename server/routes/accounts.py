"""Account snapshots, history and actions: only within a verified conversation of the agent."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import JSONResponse, Response
from sqlalchemy.orm import Session, joinedload

from backend_client import models as m
from server.accounts import snapshot
from server.core import idempotency
from server.core.audit import audit
from server.core.context import AppContext
from server.core.errors import not_found
from server.core.idempotency import IdemKey
from server.core.orm import Account, Agent, Issue, utcnow
from server.floor import refund_requests
from server.identity import challenge_lock
from server.identity.auth import Ctx, CurrentAgent, require_role
from server.routes.conversations import run_action

router = APIRouter(prefix="/v1/accounts", tags=["accounts"])
ConversationQuery = Annotated[str | None, Query(max_length=64)]


@router.get("/{account_id}/snapshot", response_model=m.Snapshot)
def get_snapshot(
    account_id: str, agent: CurrentAgent, ctx: Ctx, conversation_id: ConversationQuery = None
) -> Response:
    # Read as a reader (no writer waits for it, nor it for them), then the audit line in a short
    # transaction of its own, which conflicts with nothing and so does not wait its turn among
    # writers; a snapshot whose reading could not be audited is not returned.
    with ctx.db.reader() as session:
        conv = snapshot.authorize(session, ctx.settings, agent, account_id, conversation_id)
        account = session.get(
            Account,
            account_id,
            # Phones and representatives in the same query (a few rows each).
            options=[joinedload(Account.phones), joinedload(Account.representatives)],
        )
        if account is None:
            raise not_found("The account")
        result = snapshot.build(session, account, conv)
    with ctx.db.transaction(turns=False) as session:
        audit(
            session,
            "snapshot.read",
            agent_id=agent.id,
            account_id=account_id,
            conversation_id=conv.id,
        )
    # Serialised once, here: returned as a model, FastAPI would dump it, validate the dump
    # against the response model and dump that again (three passes over 20 orders and more).
    return Response(result.model_dump_json(), media_type="application/json")


@router.get("/{account_id}/history", response_model=m.History)
def history(
    account_id: str, agent: CurrentAgent, ctx: Ctx, conversation_id: ConversationQuery = None
) -> m.History:
    with ctx.db.transaction() as session:
        conv = snapshot.authorize(session, ctx.settings, agent, account_id, conversation_id)
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
        names = snapshot.agent_names(session, {i.assignee_id for i in issues if i.assignee_id})
        return m.History(
            account_id=account_id,
            workflow_runs=runs,
            notes=notes,
            issues=[snapshot.issue_wire(i, today, names) for i in issues],
            contacts=snapshot.contacts(session, account_id, limit=100),
            appointments=snapshot.appointments(session, account_id, booked_only=False),
            messages=snapshot.messages(session, account_id, limit=100),
        )


@router.post("/{account_id}/actions/{action}", response_model=m.ActionResult)
def account_action(
    account_id: str,
    action: str,
    body: m.ActionRequest,
    request: Request,
    agent: CurrentAgent,
    ctx: Ctx,
    key: IdemKey,
) -> JSONResponse:
    return run_action(ctx, agent, action, body, key, request.url.path, account_id=account_id)


@router.post("/{account_id}/challenge/unlock", response_model=m.ChallengeLockCleared)
def clear_challenge_lock(
    account_id: Annotated[str, Path(max_length=64)],
    request: Request,
    agent: CurrentAgent,
    ctx: Ctx,
    key: IdemKey,
) -> JSONResponse:
    """A lead clears an account's challenge lock and its failed challenges (audited)."""
    require_role(agent, "lead")

    def apply(session: Session) -> tuple[int, dict[str, Any]]:
        account = session.get(Account, account_id)
        if account is None:
            raise not_found("The account")
        cleared = challenge_lock.clear(session, account, agent.id, None)
        result = m.ChallengeLockCleared(account_id=account.id, failures_cleared=cleared)
        return 200, result.model_dump(mode="json")

    return idempotency.run(
        ctx, agent.id, key, idempotency.body_hash("POST", request.url.path, None), apply
    )


@router.post("/{account_id}/refund-requests", response_model=m.RefundRequest, status_code=201)
def ask_for_refund(
    account_id: Annotated[str, Path(max_length=64)],
    body: m.NewRefundRequest,
    request: Request,
    agent: CurrentAgent,
    ctx: Ctx,
    key: IdemKey,
) -> JSONResponse:
    """An advisor asks a lead for a refund above their limit (within a verified conversation)."""
    return idempotency.run(
        ctx,
        agent.id,
        key,
        idempotency.body_hash("POST", request.url.path, body.model_dump(mode="json")),
        lambda session: (
            201,
            refund_requests.ask(session, ctx.settings, agent, account_id, body).model_dump(
                mode="json"
            ),
        ),
    )


requests_router = APIRouter(prefix="/v1/refund-requests", tags=["accounts"])


@requests_router.get("", response_model=m.RefundRequestList)
def pending_refunds(agent: CurrentAgent, ctx: Ctx) -> m.RefundRequestList:
    """Refund requests waiting for a lead, oldest first."""
    with ctx.db.reader() as session:
        return m.RefundRequestList(items=refund_requests.pending(session, agent))


def _decide(
    request_id: str,
    approve: bool,
    body: m.RefundDecision,
    request: Request,
    agent: Agent,
    ctx: AppContext,
    key: str,
) -> JSONResponse:
    return idempotency.run(
        ctx,
        agent.id,
        key,
        idempotency.body_hash("POST", request.url.path, body.model_dump(mode="json")),
        lambda session: (
            200,
            refund_requests.decide(session, agent, request_id, approve, body).model_dump(
                mode="json"
            ),
        ),
    )


@requests_router.post("/{request_id}/approve", response_model=m.RefundRequest)
def approve_refund(
    request_id: Annotated[str, Path(max_length=64)],
    request: Request,
    agent: CurrentAgent,
    ctx: Ctx,
    key: IdemKey,
    body: m.RefundDecision | None = None,
) -> JSONResponse:
    return _decide(request_id, True, body or m.RefundDecision(), request, agent, ctx, key)


@requests_router.post("/{request_id}/decline", response_model=m.RefundRequest)
def decline_refund(
    request_id: Annotated[str, Path(max_length=64)],
    request: Request,
    agent: CurrentAgent,
    ctx: Ctx,
    key: IdemKey,
    body: m.RefundDecision | None = None,
) -> JSONResponse:
    return _decide(request_id, False, body or m.RefundDecision(), request, agent, ctx, key)
