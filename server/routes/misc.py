"""Health, the postcode lookup, the audit log (leads), and the patient app's stand-in for
issuing app-call tokens."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from sqlalchemy import select, text

from backend_client import models as m
from server.accounts import addresses
from server.core import normalise
from server.core.context import AppContext
from server.core.errors import ApiError, not_found
from server.core.orm import Account, AuditRow
from server.core.security import constant_time_equal
from server.identity import app_tokens
from server.identity.auth import Ctx, CurrentAgent, require_role

router = APIRouter(prefix="/v1", tags=["misc"])
VERSION = "0.1.0"


@router.get("/health", response_model=m.Health)
def health(ctx: Ctx) -> m.Health:
    with ctx.db.reader() as session:
        session.execute(text("SELECT 1"))
    return m.Health(status="ok", version=VERSION, database=ctx.db.dialect)


@router.get("/addresses", response_model=m.AddressList)
def addresses_at(
    agent: CurrentAgent,
    ctx: Ctx,
    postcode: Annotated[str, Query(min_length=5, max_length=10)],
) -> m.AddressList:
    """The addresses at a UK postcode, for the desk's address lookup."""
    if normalise.postcode(postcode) is None:
        raise ApiError(
            422, "bad_postcode", "That is not a UK postcode.", fields={"postcode": "not a postcode"}
        )
    with ctx.db.reader() as session:
        found = addresses.lookup(session, postcode)
    key = normalise.postcode(postcode) or postcode
    return m.AddressList(postcode=normalise.postcode_display(key), addresses=found)


@router.get("/audit", response_model=m.AuditPage)
def audit_log(
    agent: CurrentAgent,
    ctx: Ctx,
    before: Annotated[int | None, Query(ge=1, le=2**62)] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
    account_id: Annotated[str | None, Query(max_length=64)] = None,
) -> m.AuditPage:
    require_role(agent, "lead")
    with ctx.db.reader() as session:
        query = select(AuditRow)
        if before is not None:
            query = query.where(AuditRow.id < before)
        if account_id is not None:
            query = query.where(AuditRow.account_id == account_id)
        rows = session.scalars(query.order_by(AuditRow.id.desc()).limit(limit)).all()
        items = [
            m.AuditEntry(
                id=r.id,
                at=r.at,
                agent_id=r.agent_id,
                action=r.action,
                account_id=r.account_id,
                conversation_id=r.conversation_id,
                detail=r.detail or {},
            )
            for r in rows
        ]
        return m.AuditPage(items=items, next_before=items[-1].id if len(items) == limit else None)


def require_app_key(request: Request, ctx: AppContext) -> None:
    """The pharmacy app's backend (or its web form) authenticates with the shared key."""
    header = request.headers.get("authorization", "")
    if not constant_time_equal(
        header.removeprefix("Bearer ").strip(), ctx.settings.patient_app_key
    ):
        raise ApiError(401, "unauthenticated", "The patient-app key is missing or wrong.")


@router.post("/patient/app-call-tokens", response_model=m.AppCallToken, status_code=201)
def app_call_token(body: m.AppCallTokenRequest, request: Request, ctx: Ctx) -> m.AppCallToken:
    """Stand-in for the pharmacy app's backend: it authenticates the patient, then asks for a
    token with the shared patient-app key."""
    require_app_key(request, ctx)
    with ctx.db.transaction() as session:
        account = session.get(Account, body.account_id)
        if account is None or account.status == "closed":
            raise not_found("The account")
        return app_tokens.issue(session, ctx.settings, account)
