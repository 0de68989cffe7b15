"""Sign-in, token refresh, sign-out, and who am I."""

from __future__ import annotations

from typing import Annotated

import anyio
from fastapi import APIRouter, Depends, Path, Request
from fastapi.responses import JSONResponse

from backend_client import models as m
from server.core import idempotency
from server.core.context import AppContext, request_ctx
from server.core.idempotency import IdemKey
from server.floor import presence
from server.identity import auth, profile
from server.identity.auth import Ctx, CurrentAgent, require_role

router = APIRouter(prefix="/v1", tags=["auth"])


@router.post("/auth/login", response_model=m.TokenPair)
async def login(
    body: m.LoginRequest, request: Request, ctx: Annotated[AppContext, Depends(request_ctx)]
) -> m.TokenPair:
    # argon2 is deliberately slow: keep it off the event loop.
    client = request.client.host if request.client else "unknown"
    return await anyio.to_thread.run_sync(auth.login, ctx, body, client)


@router.post("/auth/refresh", response_model=m.TokenPair)
def refresh(body: m.RefreshRequest, ctx: Ctx) -> m.TokenPair:
    return auth.refresh(ctx, body)


@router.post("/auth/logout", status_code=204)
def logout(
    request: Request, agent: CurrentAgent, ctx: Ctx, body: m.LogoutRequest | None = None
) -> None:
    auth.logout(ctx, agent, auth.bearer(request), body or m.LogoutRequest())


@router.post("/agents/{username}/unlock", response_model=m.AgentUnlocked)
def unlock_agent(
    username: Annotated[str, Path(max_length=200)],
    request: Request,
    agent: CurrentAgent,
    ctx: Ctx,
    key: IdemKey,
) -> JSONResponse:
    """A lead clears an agent's failed sign-ins and re-enables a disabled sign-in."""
    return idempotency.run(
        ctx,
        agent.id,
        key,
        idempotency.body_hash("POST", request.url.path, None),
        lambda session: (
            200,
            auth.unlock_agent(session, ctx, agent, username).model_dump(mode="json"),
        ),
    )


@router.post("/auth/confirm", status_code=204)
async def confirm(
    body: m.ConfirmPassword, request: Request, agent: CurrentAgent, ctx: Ctx, key: IdemKey
) -> None:
    """Unlock the desk after it locked itself when idle: the agent's password again."""
    client = request.client.host if request.client else "unknown"
    await anyio.to_thread.run_sync(auth.confirm_password, ctx, agent, body.password, client)


@router.get("/me", response_model=m.Me)
def me(agent: CurrentAgent, ctx: Ctx) -> m.Me:
    return profile.me(agent, ctx.settings)


@router.post("/me/availability", response_model=m.AgentPresence)
def set_availability(
    body: m.AvailabilityRequest, request: Request, agent: CurrentAgent, ctx: Ctx, key: IdemKey
) -> JSONResponse:
    """Available, busy or away: kept by the server, announced to leads."""
    return idempotency.run(
        ctx,
        agent.id,
        key,
        idempotency.body_hash("POST", request.url.path, body.model_dump(mode="json")),
        lambda session: (
            200,
            presence.set_availability(session, agent.id, body.availability).model_dump(mode="json"),
        ),
    )


@router.get("/agents", response_model=m.AgentPresenceList)
def agents(agent: CurrentAgent, ctx: Ctx) -> m.AgentPresenceList:
    """The floor, for leads: every agent's availability and current conversation."""
    require_role(agent, "lead")
    with ctx.db.reader() as session:
        return m.AgentPresenceList(agents=presence.floor(session))
