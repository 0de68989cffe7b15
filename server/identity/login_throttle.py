"""Sign-in back-off that an attacker cannot turn into a lock-out.

Failed sign-ins are kept for a window (``login_window_minutes``) and then forgotten. Each
attempt must wait for three exponential back-offs, keyed three ways:

- the username *from this client address*: the defence against guessing one password from one
  place (3 free tries, then 1 s, 2 s, 4 s … up to 15 minutes between tries);
- the client address, over every username: password spraying from one place (20 free tries);
- the username from *every* address: a distributed attack on one sign-in, capped at a minute.

The last two do not apply at an address the agent signed in from successfully within the last
30 days: a flood of failures from elsewhere slows the attacker but never keeps the agent out of
their own workstation, and a contact centre behind one NAT address is not slowed down as a
whole by its advisors' typos.

A refused attempt is not evaluated (the password is not checked) and not counted, so the
back-offs bound how fast anyone can guess. Keys are peppered hashes: the table holds neither the
usernames tried nor the addresses. A lead clears an agent's failures (``clear``), audited.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, delete, select
from sqlalchemy.orm import Session

from server.core.config import Settings
from server.core.orm import KnownSignIn, LoginFailure, utcnow
from server.core.security import peppered_hash

PAIR_FREE, PAIR_CAP = 3, 15 * 60
ADDRESS_FREE, ADDRESS_CAP = 20, 15 * 60
USER_FREE, USER_CAP = 10, 60
KNOWN_ADDRESS_DAYS = 30


@dataclass(frozen=True)
class Keys:
    user: str
    client: str
    pair: str  # the username from this address


def keys(settings: Settings, username: str, client: str) -> Keys:
    user = peppered_hash(settings.token_pepper, "login-user:" + username)
    return Keys(
        user=user,
        client=peppered_hash(settings.token_pepper, "login-client:" + client),
        pair=peppered_hash(settings.token_pepper, f"login-pair:{username}\x00{client}"),
    )


def _backoff(failures: int, free: int, cap: int) -> float:
    if failures < free:
        return 0.0
    return float(min(cap, 2 ** (failures - free)))


def _failures(
    session: Session, since: datetime, *conditions: ColumnElement[bool]
) -> list[datetime]:
    return list(
        session.scalars(
            select(LoginFailure.at)
            .where(LoginFailure.at > since, *conditions)
            .order_by(LoginFailure.at.desc())
        )
    )


def wait_seconds(
    session: Session, settings: Settings, k: Keys, *, known_address: bool, now: datetime
) -> int:
    """Seconds before this attempt may be evaluated; 0 when it may be now."""
    since = now - timedelta(minutes=settings.login_window_minutes)
    by_pair = _failures(
        session, since, LoginFailure.user_key == k.user, LoginFailure.client_key == k.client
    )
    checks = [(by_pair, PAIR_FREE, PAIR_CAP)]
    if not known_address:
        by_client = _failures(session, since, LoginFailure.client_key == k.client)
        by_user = _failures(session, since, LoginFailure.user_key == k.user)
        checks += [(by_client, ADDRESS_FREE, ADDRESS_CAP), (by_user, USER_FREE, USER_CAP)]
    ready = now
    for failures, free, cap in checks:
        delay = _backoff(len(failures), free, cap)
        if delay:
            ready = max(ready, failures[0] + timedelta(seconds=delay))
    return math.ceil((ready - now).total_seconds()) if ready > now else 0


def record_failure(session: Session, k: Keys, now: datetime) -> None:
    session.add(LoginFailure(user_key=k.user, client_key=k.client, at=now))


def signed_in_from(session: Session, agent_id: str, k: Keys, now: datetime) -> bool:
    """Whether the agent signed in successfully from this address in the last 30 days."""
    row = session.get(KnownSignIn, (agent_id, k.client))
    return row is not None and row.last_at > now - timedelta(days=KNOWN_ADDRESS_DAYS)


def remember_sign_in(session: Session, agent_id: str, k: Keys, now: datetime) -> None:
    row = session.get(KnownSignIn, (agent_id, k.client))
    if row is None:
        session.add(KnownSignIn(agent_id=agent_id, client_key=k.client, last_at=now))
    else:
        row.last_at = now


def clear(session: Session, k: Keys) -> int:
    """Forget every failure for this username (a lead's unlock)."""
    result = session.execute(delete(LoginFailure).where(LoginFailure.user_key == k.user))
    return int(getattr(result, "rowcount", 0) or 0)


def purge(session: Session, settings: Settings, now: datetime | None = None) -> int:
    cutoff = (now or utcnow()) - timedelta(minutes=settings.login_window_minutes)
    result = session.execute(delete(LoginFailure).where(LoginFailure.at <= cutoff))
    return int(getattr(result, "rowcount", 0) or 0)
