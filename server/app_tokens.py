"""App-call tokens: six digits the patient's app dials after the support number.

Cryptographic RNG, unique among live tokens, stored as a keyed hash, five minutes, one call.
Wrong guesses are throttled per caller number and per line, and every failure is audited.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from backend_client import models as m
from server.audit import audit
from server.config import Settings
from server.orm import (
    Account,
    AppCallToken,
    Conversation,
    ServerSecret,
    TokenFailure,
    new_id,
    utcnow,
)
from server.security import peppered_hash

TOKEN_DIGITS = 6
WINDOW = timedelta(minutes=15)
CALLER_SLOW_AFTER = 3  # failures from one number before each try must wait
CALLER_REFUSE_AFTER = 6  # failures from one number before tokens from it are refused outright
LINE_REFUSE_AFTER = 60  # failures on the whole line (many numbers) before the line refuses


def pepper(session: Session) -> str:
    """The server secret that keys token hashes; created once, shared by every process."""
    row = session.get(ServerSecret, "token_pepper")
    if row is None:
        row = ServerSecret(name="token_pepper", value=secrets.token_urlsafe(32))
        session.add(row)
        session.flush()
    return row.value


def issue(session: Session, settings: Settings, account: Account) -> m.AppCallToken:
    key = pepper(session)
    now = utcnow()
    session.execute(delete(AppCallToken).where(AppCallToken.expires_at < now - timedelta(days=1)))
    for _ in range(50):
        token = f"{secrets.randbelow(10**TOKEN_DIGITS):0{TOKEN_DIGITS}d}"
        digest = peppered_hash(key, token)
        clash = session.scalar(
            select(AppCallToken.id).where(
                AppCallToken.token_hash == digest,
                AppCallToken.expires_at > now,
                AppCallToken.used_at.is_(None),
            )
        )
        if clash is None:
            break
    else:  # a million codes with fifty clashes in a row: the pool is exhausted, not unlucky
        raise RuntimeError("no free app-call token")
    expires = now + timedelta(seconds=settings.app_token_seconds)
    session.add(
        AppCallToken(id=new_id("tok"), account_id=account.id, token_hash=digest, expires_at=expires)
    )
    audit(session, "app_token.issued", agent_id=None, account_id=account.id)
    return m.AppCallToken(
        token=token, expires_at=expires, dial=f"{settings.support_number},,{token}"
    )


@dataclass
class Redemption:
    matched: bool
    throttled: bool = False
    retry_after: int | None = None


def _throttle(session: Session, caller_key: str, line_key: str) -> Redemption | None:
    since = utcnow() - WINDOW
    caller_failures = session.scalars(
        select(TokenFailure.at)
        .where(TokenFailure.caller_key == caller_key, TokenFailure.at > since)
        .order_by(TokenFailure.at.desc())
    ).all()
    line_failures = (
        session.scalar(
            select(func.count())
            .select_from(TokenFailure)
            .where(TokenFailure.line_key == line_key, TokenFailure.at > since)
        )
        or 0
    )
    if len(caller_failures) >= CALLER_REFUSE_AFTER or line_failures >= LINE_REFUSE_AFTER:
        return Redemption(False, throttled=True, retry_after=int(WINDOW.total_seconds()))
    if len(caller_failures) >= CALLER_SLOW_AFTER:
        wait = 10 * 2 ** (len(caller_failures) - CALLER_SLOW_AFTER)
        ready_at = caller_failures[0] + timedelta(seconds=wait)
        if utcnow() < ready_at:
            return Redemption(
                False, throttled=True, retry_after=int((ready_at - utcnow()).total_seconds()) + 1
            )
    return None


def redeem(session: Session, settings: Settings, conv: Conversation, digits: str) -> Redemption:
    """Try ``digits`` as a token for ``conv``; link the account when it is live."""
    key = pepper(session)
    caller_key = peppered_hash(key, "caller:" + (conv.caller_number or conv.caller_display))
    line_key = peppered_hash(key, "line:" + (conv.line or "default"))
    throttled = _throttle(session, caller_key, line_key)
    if throttled is not None:
        audit(
            session, "app_token.refused", agent_id=None, conversation_id=conv.id, reason="throttled"
        )
        return throttled
    candidate = "".join(ch for ch in digits if ch.isdigit())
    now = utcnow()
    row = None
    if len(candidate) == TOKEN_DIGITS:
        row = session.scalar(
            select(AppCallToken).where(
                AppCallToken.token_hash == peppered_hash(key, candidate),
                AppCallToken.expires_at > now,
                AppCallToken.used_at.is_(None),
            )
        )
    if row is None:
        session.add(TokenFailure(caller_key=caller_key, line_key=line_key, at=now))
        audit(
            session,
            "app_token.failed",
            agent_id=None,
            conversation_id=conv.id,
            digits_length=len(candidate),
        )
        return Redemption(False)
    row.used_at = now
    row.conversation_id = conv.id
    account = session.get(Account, row.account_id)
    assert account is not None
    conv.account_id = account.id
    if conv.caller_number and conv.caller_number in {p.number for p in account.phones}:
        conv.auth_state = m.AuthState.VERIFIED_APP.value
        conv.pending = None
    else:
        # The token is right but the phone is not the patient's: one more question first.
        conv.pending = m.PendingCheck.DATE_OF_BIRTH.value
    audit(
        session,
        "app_token.redeemed",
        agent_id=None,
        account_id=account.id,
        conversation_id=conv.id,
        number_on_account=conv.pending is None,
    )
    return Redemption(True)


def token_from_digits(raw: object) -> str | None:
    """Six digits from whatever a phone system reports as keypad input ("123456#", "1,2,3…")."""
    if raw is None:
        return None
    if isinstance(raw, list):
        raw = "".join(str(x) for x in raw)
    digits = "".join(ch for ch in str(raw) if ch.isdigit())
    return digits or None
