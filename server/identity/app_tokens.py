"""App-call tokens: six digits the patient's app dials after the support number.

Cryptographic RNG, unique among live tokens, stored as a hash keyed by the server's pepper (from
the environment or a secret file, never the database), five minutes, one call.

Guessing is bounded per line: at most ``app_token_line_budget_per_hour`` wrong tokens in any
rolling hour (a right token from a number not on the account counts as wrong too, since that is
what a guess that hit looks like), and a few per calling number. Past a budget, tokens are not
tried at all and the call falls back to the challenge, so throttling never refuses a genuine
caller, it only costs them three questions. The leads hear (an event) when a line's budget is
spent. Every failure and refusal is audited.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from backend_client import models as m
from server.core import locks
from server.core.audit import audit
from server.core.config import Settings
from server.core.errors import not_found
from server.core.events import append_event
from server.core.orm import Account, Agent, AppCallToken, Conversation, TokenFailure, new_id, utcnow
from server.core.security import peppered_hash

TOKEN_DIGITS = 6
LINE_WINDOW = timedelta(hours=1)
CALLER_WINDOW = timedelta(minutes=15)
CALLER_BUDGET = 3  # wrong tokens from one number in CALLER_WINDOW before it is not tried
RETENTION = timedelta(days=1)


def issue_for(session: Session, settings: Settings, account_id: str) -> m.AppCallToken:
    """A token for the patient the app's backend has signed in (not for a closed account)."""
    account = session.get(Account, account_id)
    if account is None or account.status == "closed":
        raise not_found("The account")
    return issue(session, settings, account)


def issue(session: Session, settings: Settings, account: Account) -> m.AppCallToken:
    key = settings.token_pepper
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


def _failures(session: Session, since_window: timedelta, **where: str) -> int:
    since = utcnow() - since_window
    query = select(func.count()).select_from(TokenFailure).where(TokenFailure.at > since)
    for column, value in where.items():
        query = query.where(getattr(TokenFailure, column) == value)
    return int(session.scalar(query) or 0)


def _fail(
    session: Session, settings: Settings, conv: Conversation, caller_key: str, line_key: str
) -> None:
    session.add(TokenFailure(caller_key=caller_key, line_key=line_key, at=utcnow()))
    session.flush()
    budget = settings.app_token_line_budget_per_hour
    if _failures(session, LINE_WINDOW, line_key=line_key) == budget:
        # Exactly when the budget is spent, so leads hear of it once per burst.
        line = conv.line or "the default line"
        audit(session, "app_token.line_budget_spent", agent_id=None, conversation_id=conv.id)
        alert = m.SecurityAlert(
            kind="app_token_line_budget",
            message=(
                f"{budget} wrong app-call tokens on {line} within an hour: tokens on this line "
                "are not tried until the hour has passed, and callers get the challenge."
            ),
            line=conv.line,
            conversation_id=conv.id,
        )
        alert_leads(session, alert)


def alert_leads(session: Session, alert: m.SecurityAlert) -> None:
    data = alert.model_dump(mode="json")
    for agent in session.scalars(select(Agent)):
        if "lead" in (agent.roles or []):
            append_event(session, agent.id, m.EventType.SECURITY_ALERT, data)


def redeem(session: Session, settings: Settings, conv: Conversation, digits: str) -> Redemption:
    """Try ``digits`` as a token for ``conv``; link the account when it is live. A wrong or
    throttled token leaves the conversation on the challenge."""
    key = settings.token_pepper
    caller_key = peppered_hash(key, "caller:" + (conv.caller_number or conv.caller_display))
    line_key = peppered_hash(key, "line:" + (conv.line or "default"))
    budget = settings.app_token_line_budget_per_hour
    locks.lock(session, locks.Place.APP_TOKEN_LINE, line_key)  # its budget counted, then spent
    if (
        _failures(session, LINE_WINDOW, line_key=line_key) >= budget
        or _failures(session, CALLER_WINDOW, caller_key=caller_key) >= CALLER_BUDGET
    ):
        audit(
            session, "app_token.refused", agent_id=None, conversation_id=conv.id, reason="throttled"
        )
        return Redemption(False, throttled=True)
    candidate = "".join(ch for ch in digits if ch.isdigit())
    now = utcnow()
    row = None
    if len(candidate) == TOKEN_DIGITS:
        row = session.scalar(
            # Redeemed once: a second call with the token waits here, then finds it used.
            locks.rows(
                select(AppCallToken).where(
                    AppCallToken.token_hash == peppered_hash(key, candidate),
                    AppCallToken.expires_at > now,
                    AppCallToken.used_at.is_(None),
                )
            )
        )
    if row is None:
        audit(
            session,
            "app_token.failed",
            agent_id=None,
            conversation_id=conv.id,
            digits_length=len(candidate),
        )
        _fail(session, settings, conv, caller_key, line_key)
        return Redemption(False)
    row.used_at = now
    row.conversation_id = conv.id
    account = session.get(Account, row.account_id)
    assert account is not None
    conv.account_id = account.id
    on_account = bool(conv.caller_number) and conv.caller_number in {
        p.number for p in account.phones
    }
    if on_account:
        conv.auth_state = m.AuthState.VERIFIED_APP.value
        conv.pending = None
    else:
        # The token is right but the phone is not the patient's: one more question first, and
        # it counts against the line's budget, since a guess that hit looks just like this.
        conv.pending = m.PendingCheck.DATE_OF_BIRTH.value
    audit(
        session,
        "app_token.redeemed",
        agent_id=None,
        account_id=account.id,
        conversation_id=conv.id,
        number_on_account=on_account,
    )
    if not on_account:
        _fail(session, settings, conv, caller_key, line_key)
    return Redemption(True)


def token_from_digits(raw: object) -> str | None:
    """Six digits from whatever a phone system reports as keypad input ("123456#", "1,2,3…")."""
    if raw is None:
        return None
    if isinstance(raw, list):
        raw = "".join(str(x) for x in raw)
    digits = "".join(ch for ch in str(raw) if ch.isdigit())
    return digits or None
