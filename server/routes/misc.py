"""Health, the postcode lookup, the audit log (leads), and the patient app's stand-in for
issuing app-call tokens."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request

from backend_client import models as m
from server.accounts import addresses
from server.core import audit, normalise
from server.core.context import AppContext
from server.core.errors import ApiError
from server.core.security import constant_time_equal
from server.identity import app_tokens
from server.identity.auth import Ctx, CurrentAgent, require_role

router = APIRouter(prefix="/v1", tags=["misc"])
VERSION = "0.1.0"


@router.get("/health", response_model=m.Health)
def health(ctx: Ctx) -> m.Health:
    ctx.db.ping()
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
        return audit.page(session, before=before, limit=limit, account_id=account_id)


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
        return app_tokens.issue_for(session, ctx.settings, body.account_id)
