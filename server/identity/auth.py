"""Sign-in, token rotation and the ``current_agent`` dependency."""

from __future__ import annotations

import functools
import math
from datetime import UTC, datetime, timedelta
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy import bindparam, or_, select, update
from sqlalchemy.engine import Dialect
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, make_transient_to_detached

from backend_client import models as m
from server.core.audit import audit
from server.core.context import AppContext, request_ctx
from server.core.db import Database
from server.core.errors import ApiError
from server.core.orm import Agent, AuthToken, new_id, utcnow
from server.core.security import new_bearer_token, peppered_token, token_hash, verify_password
from server.identity import login_throttle
from server.identity.profile import me
from server.identity.session_checks import opens_api

_LOCKED = ApiError(
    423,
    "agent_locked",
    "This sign-in has been disabled by an administrator. Ask a lead to re-enable it.",
)
_UNAUTHENTICATED = ApiError(
    401,
    "unauthenticated",
    "Sign in again: the access token is missing, expired or revoked.",
    headers={"WWW-Authenticate": "Bearer"},
)


def _issue_pair(
    session: Session,
    ctx: AppContext,
    agent: Agent,
    family: str | None = None,
    *,
    tokens: tuple[str, str] | None = None,
) -> m.TokenPair:
    now = utcnow()
    family = family or new_id("fam")
    access, refresh = tokens or (new_bearer_token(), new_bearer_token())
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
        access_token=access,
        refresh_token=refresh,
        expires_in=ctx.settings.access_token_seconds,
        agent=me(agent, ctx.settings),
    )


def login(ctx: AppContext, body: m.LoginRequest, client: str) -> m.TokenPair:
    """Check a password under the back-off of ``server.identity.login_throttle``.

    Known and unknown usernames cost the same: exactly one argon2 verification each (against a
    dummy hash for a name nobody has), and the same answer. The hash is checked outside any
    transaction, so a slow hash never holds the database's write lock.
    """
    wanted = body.username.strip().lower()
    now = utcnow()
    keys = login_throttle.keys(ctx.settings, wanted, client)
    with ctx.db.reader() as session:
        agent = session.scalar(
            select(Agent).where(or_(Agent.username == wanted, Agent.email == wanted))
        )
        if agent is not None:
            session.expunge(agent)
        known = agent is not None and login_throttle.signed_in_from(session, agent.id, keys, now)
        wait = login_throttle.wait_seconds(
            session, ctx.settings, keys, known_address=known, now=now
        )
    if wait:
        with ctx.db.transaction() as session:
            audit(
                session,
                "auth.login_throttled",
                agent_id=agent.id if agent else None,
                retry_after=wait,
            )
        raise ApiError(
            429,
            "sign_in_throttled",
            f"Too many failed sign-ins: wait {_duration(wait)} before trying again.",
            headers={"Retry-After": str(wait)},
        )
    ok = verify_password(agent.password_hash if agent else None, body.password)
    with ctx.db.transaction() as session:
        if not ok or agent is None:
            login_throttle.record_failure(session, keys, now)
            audit(session, "auth.login_failed", agent_id=agent.id if agent else None)
            refusal = ApiError(401, "invalid_credentials", "The username or password is not right.")
        elif agent.locked:
            audit(session, "auth.login_refused", agent_id=agent.id, reason="disabled")
            refusal = _LOCKED
        else:
            fresh = session.get(Agent, agent.id)
            assert fresh is not None
            fresh.failed_logins = 0
            login_throttle.remember_sign_in(session, agent.id, keys, now)
            audit(session, "auth.login", agent_id=agent.id)
            return _issue_pair(session, ctx, fresh)
    raise refusal


def confirm_password(ctx: AppContext, agent: Agent, password: str, client: str) -> None:
    """The signed-in agent proves it is still them (the desk's idle lock), under the same
    back-off as sign-in: a locked desk is no way round the throttle."""
    now = utcnow()
    keys = login_throttle.keys(ctx.settings, agent.username.lower(), client)
    with ctx.db.reader() as session:
        known = login_throttle.signed_in_from(session, agent.id, keys, now)
        wait = login_throttle.wait_seconds(
            session, ctx.settings, keys, known_address=known, now=now
        )
    if wait:
        raise ApiError(
            429,
            "sign_in_throttled",
            f"Too many wrong passwords: wait {_duration(wait)} before trying again.",
            headers={"Retry-After": str(wait)},
        )
    ok = verify_password(agent.password_hash, password)
    with ctx.db.transaction() as session:
        if not ok:
            login_throttle.record_failure(session, keys, now)
            audit(session, "auth.unlock_failed", agent_id=agent.id)
        else:
            audit(session, "auth.unlocked", agent_id=agent.id)
    if not ok:
        raise ApiError(403, "wrong_password", "That is not your password.")


def _duration(seconds: int) -> str:
    if seconds < 90:
        return f"{seconds} second{'s' if seconds != 1 else ''}"
    return f"{math.ceil(seconds / 60)} minutes"


def unlock_agent(session: Session, ctx: AppContext, lead: Agent, username: str) -> m.AgentUnlocked:
    """A lead clears an agent's failed sign-ins (from every address) and re-enables them."""
    require_role(lead, "lead")
    wanted = username.strip().lower()
    agent = session.scalar(
        select(Agent).where(or_(Agent.username == wanted, Agent.email == wanted))
    )
    if agent is None:
        raise ApiError(404, "not_found", "No agent has that username.")
    cleared = 0
    for name in {agent.username.lower(), agent.email.lower()}:
        cleared += login_throttle.clear(session, login_throttle.keys(ctx.settings, name, ""))
    was_disabled = agent.locked
    agent.locked, agent.failed_logins = False, 0
    audit(
        session,
        "auth.unlocked",
        agent_id=lead.id,
        target_agent_id=agent.id,
        failures_cleared=cleared,
        was_disabled=was_disabled,
    )
    return m.AgentUnlocked(
        username=agent.username, failures_cleared=cleared, was_disabled=was_disabled
    )


def _successor(ctx: AppContext, refresh_token: str) -> tuple[str, str]:
    """The pair a refresh token is exchanged for, derived from it under the server's secret: a
    second refresh within the grace window gets the very same pair without any plaintext token
    being stored."""
    key = ctx.settings.token_pepper
    return (
        peppered_token(key, "successor-access:" + refresh_token),
        peppered_token(key, "successor-refresh:" + refresh_token),
    )


def refresh(ctx: AppContext, body: m.RefreshRequest) -> m.TokenPair:
    for _ in range(3):
        try:
            outcome = _refresh_once(ctx, body)
        except IntegrityError:
            # Two refreshes of one token raced on a database without a write lock: the other
            # one inserted the successor; the next pass finds it rotated and returns it.
            continue
        if outcome is None:
            raise _UNAUTHENTICATED
        return outcome
    raise _UNAUTHENTICATED


def _refresh_once(ctx: AppContext, body: m.RefreshRequest) -> m.TokenPair | None:
    now = utcnow()
    with ctx.db.transaction() as session:
        row = session.scalar(
            select(AuthToken).where(
                AuthToken.token_hash == token_hash(body.refresh_token), AuthToken.kind == "refresh"
            )
        )
        if row is None or row.expires_at <= now:
            return None
        access, new_refresh = _successor(ctx, body.refresh_token)
        if row.revoked_at is not None:
            grace = timedelta(seconds=ctx.settings.refresh_grace_seconds)
            if row.rotated_at is not None and now - row.rotated_at <= grace:
                successor = session.scalar(
                    select(AuthToken).where(AuthToken.token_hash == token_hash(new_refresh))
                )
                if successor is not None and successor.revoked_at is None:
                    # Two windows refreshed at once: both get the same new pair.
                    agent = session.get(Agent, row.agent_id)
                    if agent is None:
                        return None
                    audit(session, "auth.refresh_concurrent", agent_id=row.agent_id)
                    return m.TokenPair(
                        access_token=access,
                        refresh_token=new_refresh,
                        expires_in=ctx.settings.access_token_seconds,
                        agent=me(agent, ctx.settings),
                    )
            if row.rotated_at is None:
                return None  # revoked by a sign-out: simply no longer valid
            # A rotated refresh token used again: someone holds a copy. End the whole family
            # (committed: this returns rather than raises, so the block commits).
            session.execute(
                update(AuthToken)
                .where(AuthToken.family == row.family, AuthToken.revoked_at.is_(None))
                .values(revoked_at=now)
            )
            audit(session, "auth.refresh_reuse", agent_id=row.agent_id)
            return None
        agent = session.get(Agent, row.agent_id)
        if agent is None or agent.locked:
            return None
        row.revoked_at = row.rotated_at = now
        session.execute(
            update(AuthToken)
            .where(
                AuthToken.family == row.family,
                AuthToken.kind == "access",
                AuthToken.revoked_at.is_(None),
            )
            .values(revoked_at=now)
        )
        return _issue_pair(session, ctx, agent, row.family, tokens=(access, new_refresh))


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
    ctx.hub.recheck_sessions()  # this process's streams of the session end now


def bearer(request: Request) -> str:
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise _UNAUTHENTICATED
    return token.strip()


def _live_session(ctx: AppContext, access_token: str) -> tuple[Agent, datetime] | None:
    """The agent behind an access token that still opens the API (``opens_api``), detached, and
    when the token expires. Every authenticated request asks, so on PostgreSQL it is one
    statement on the driver (``_live_session_on_driver``), not an ORM load of two entities,
    which cost most of a millisecond of CPU."""
    digest = token_hash(access_token)
    if ctx.db.dialect == "postgresql":
        return _live_session_on_driver(ctx.db, digest)
    return _live_session_in_orm(ctx.db, digest)


def _live_session_in_orm(db: Database, digest: str) -> tuple[Agent, datetime] | None:
    with db.reader() as session:
        found = session.execute(
            select(AuthToken, Agent)
            .join(Agent, Agent.id == AuthToken.agent_id)
            .where(AuthToken.token_hash == digest, AuthToken.kind == "access")
        ).first()
        if found is None:
            return None
        row, agent = found
        if not opens_api(row.revoked_at, row.expires_at, agent.locked):
            return None
        session.expunge(agent)
        return agent, row.expires_at


_AGENT_COLUMNS = tuple(Agent.__table__.columns)
_LIVE_SESSION = (
    select(AuthToken.revoked_at, AuthToken.expires_at, *_AGENT_COLUMNS)
    .join(Agent, Agent.id == AuthToken.agent_id)
    .where(AuthToken.token_hash == bindparam("digest"), AuthToken.kind == bindparam("kind"))
)


@functools.cache
def _live_session_text(dialect: Dialect) -> str:
    """The statement rendered once for the engine's driver (psycopg: ``%(digest)s``)."""
    return str(_LIVE_SESSION.compile(dialect=dialect))


def _live_session_on_driver(db: Database, digest: str) -> tuple[Agent, datetime] | None:
    with db.plain_reader() as connection:
        statement = _live_session_text(connection.dialect)
        found = connection.exec_driver_sql(statement, {"digest": digest, "kind": "access"}).first()
    if found is None:
        return None
    # As the ORM's columns give them: times in UTC (psycopg gives the session's zone), JSON
    # decoded (psycopg decodes json itself).
    revoked_at, expires_at, *values = (
        value.astimezone(UTC) if isinstance(value, datetime) else value for value in found
    )
    agent = Agent(**{c.key: v for c, v in zip(_AGENT_COLUMNS, values, strict=True)})
    if not opens_api(revoked_at, expires_at, agent.locked):
        return None
    make_transient_to_detached(agent)  # as the ORM's would be once expunged
    return agent, expires_at


def current_agent(request: Request, ctx: Annotated[AppContext, Depends(request_ctx)]) -> Agent:
    found = _live_session(ctx, bearer(request))
    if found is None:
        raise _UNAUTHENTICATED
    agent, request.state.access_expires_at = found
    return agent


def session_alive(ctx: AppContext, access_token: str) -> bool:
    """Whether this access token still opens the API (an open event stream asks)."""
    return _live_session(ctx, access_token) is not None


CurrentAgent = Annotated[Agent, Depends(current_agent)]
Ctx = Annotated[AppContext, Depends(request_ctx)]


def require_role(agent: Agent, *roles: str) -> None:
    if "lead" in agent.roles or any(r in agent.roles for r in roles):
        return
    raise ApiError(403, "role_required", f"This needs the {' or '.join(roles)} role.")
