"""Account snapshots, history and actions: only within a verified conversation of the agent."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import JSONResponse, Response
from sqlalchemy.orm import Session

from backend_client import models as m
from server.accounts import snapshot
from server.core import idempotency
from server.core.audit import audit
from server.core.context import AppContext
from server.core.idempotency import IdemKey
from server.core.orm import Agent
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
        conv, result = snapshot.for_agent(session, ctx.settings, agent, account_id, conversation_id)
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
        return snapshot.history(session, account_id)


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
        result = challenge_lock.clear_account(session, agent.id, account_id)
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
        scoped=True,  # the request's and its order's rows are locked (refund_requests.decide)
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
