"""Sign-in, token rotation and the ``current_agent`` dependency."""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from backend_client import models as m
from server.audit import audit
from server.context import AppContext, get_ctx
from server.errors import ApiError
from server.orm import Agent, AuthToken, new_id, utcnow
from server.security import new_bearer_token, token_hash, verify_password

_LOCKED = ApiError(
    423,
    "agent_locked",
    "This sign-in is locked after too many failed attempts. Ask a lead to unlock it.",
)
_UNAUTHENTICATED = ApiError(
    401,
    "unauthenticated",
    "Sign in again: the access token is missing, expired or revoked.",
    headers={"WWW-Authenticate": "Bearer"},
)


def _issue_pair(
    session: Session, ctx: AppContext, agent: Agent, family: str | None = None
) -> m.TokenPair:
    now = utcnow()
    family = family or new_id("fam")
    access, refresh = new_bearer_token(), new_bearer_token()
    session.add_all(
        [
            AuthToken(
                id=new_id("at"),
                agent_id=agent.id,
                kind="access",
                token_hash=token_hash(access),
                family=family,
                expires_at=now + timedelta(seconds=ctx.settings.access_token_seconds),
            ),
            AuthToken(
                id=new_id("rt"),
                agent_id=agent.id,
                kind="refresh",
                token_hash=token_hash(refresh),
                family=family,
                expires_at=now + timedelta(days=ctx.settings.refresh_token_days),
            ),
        ]
    )
    return m.TokenPair(
        access_token=access, refresh_token=refresh, expires_in=ctx.settings.access_token_seconds
    )


def login(ctx: AppContext, body: m.LoginRequest) -> m.TokenPair:
    wanted = body.username.strip().lower()
    refusal: ApiError | None = None
    # The failure count and the audit row must be committed even though the call then fails,
    # so the error is raised only after the transaction ends.
    with ctx.db.transaction() as session:
        agent = session.scalar(
            select(Agent).where(or_(Agent.username == wanted, Agent.email == wanted))
        )
        if agent is not None and agent.locked:
            audit(session, "auth.login_refused", agent_id=agent.id, reason="locked")
            refusal = _LOCKED
        elif agent is None or not verify_password(agent.password_hash, body.password):
            if agent is not None:
                agent.failed_logins += 1
                if agent.failed_logins >= ctx.settings.login_max_failures:
                    agent.locked = True
                audit(session, "auth.login_failed", agent_id=agent.id, locked=agent.locked)
            refusal = ApiError(401, "invalid_credentials", "The username or password is not right.")
        else:
            agent.failed_logins = 0
            audit(session, "auth.login", agent_id=agent.id)
            return _issue_pair(session, ctx, agent)
    raise refusal


def refresh(ctx: AppContext, body: m.RefreshRequest) -> m.TokenPair:
    reused = False
    with ctx.db.transaction() as session:
        row = session.scalar(
            select(AuthToken).where(
                AuthToken.token_hash == token_hash(body.refresh_token), AuthToken.kind == "refresh"
            )
        )
        if row is None or row.expires_at <= utcnow():
            raise _UNAUTHENTICATED
        if row.revoked_at is not None:
            # A rotated refresh token used again: someone holds a copy. End the whole family,
            # and commit that before refusing (raising here would roll it back).
            session.execute(
                update(AuthToken)
                .where(AuthToken.family == row.family, AuthToken.revoked_at.is_(None))
                .values(revoked_at=utcnow())
            )
            audit(session, "auth.refresh_reuse", agent_id=row.agent_id)
            reused = True
        else:
            agent = session.get(Agent, row.agent_id)
            if agent is None or agent.locked:
                raise _UNAUTHENTICATED
            row.revoked_at = utcnow()
            session.execute(
                update(AuthToken)
                .where(
                    AuthToken.family == row.family,
                    AuthToken.kind == "access",
                    AuthToken.revoked_at.is_(None),
                )
                .values(revoked_at=utcnow())
            )
            return _issue_pair(session, ctx, agent, row.family)
    assert reused
    raise _UNAUTHENTICATED


def logout(ctx: AppContext, agent: Agent, access_token: str, body: m.LogoutRequest) -> None:
    with ctx.db.transaction() as session:
        hashes = [token_hash(access_token)]
        if body.refresh_token:
            hashes.append(token_hash(body.refresh_token))
        families = set(
            session.scalars(
                select(AuthToken.family).where(
                    AuthToken.token_hash.in_(hashes), AuthToken.agent_id == agent.id
                )
            )
        )
        session.execute(
            update(AuthToken)
            .where(AuthToken.family.in_(families), AuthToken.revoked_at.is_(None))
            .values(revoked_at=utcnow())
        )
        audit(session, "auth.logout", agent_id=agent.id)


def bearer(request: Request) -> str:
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise _UNAUTHENTICATED
    return token.strip()


def current_agent(request: Request, ctx: Annotated[AppContext, Depends(get_ctx)]) -> Agent:
    token = bearer(request)
    with ctx.db.reader() as session:
        row = session.scalar(
            select(AuthToken).where(
                AuthToken.token_hash == token_hash(token), AuthToken.kind == "access"
            )
        )
        if row is None or row.revoked_at is not None or row.expires_at <= utcnow():
            raise _UNAUTHENTICATED
        agent = session.get(Agent, row.agent_id)
        if agent is None or agent.locked:
            raise _UNAUTHENTICATED
        session.expunge(agent)
        return agent


CurrentAgent = Annotated[Agent, Depends(current_agent)]
Ctx = Annotated[AppContext, Depends(get_ctx)]


def require_role(agent: Agent, *roles: str) -> None:
    if "lead" in agent.roles or any(r in agent.roles for r in roles):
        return
    raise ApiError(403, "role_required", f"This needs the {' or '.join(roles)} role.")
