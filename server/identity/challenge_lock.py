"""Failed challenges add up on the account, across conversations.

Three failures lock one conversation, but a caller can ring again. So each failure is also
charged to the account(s) its identifying answers pointed at (``challenge.Verdict.suspects``):
``account_challenge_max_failures`` within ``account_challenge_window_hours`` lock that account's
challenge. While locked, no challenge for it passes, whatever the answers, until a lead clears
it (``clear``). Charging, locking, refusing and clearing are audited; leads are alerted.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from backend_client import models as m
from server.core import locks
from server.core.audit import audit
from server.core.config import Settings
from server.core.errors import not_found
from server.core.orm import Account, ChallengeFailure, Conversation, utcnow
from server.identity.app_tokens import alert_leads


def is_locked(account: Account) -> bool:
    return account.challenge_locked_at is not None


def charge(
    session: Session, settings: Settings, conv: Conversation, accounts: list[Account]
) -> None:
    now = utcnow()
    since = now - timedelta(hours=settings.account_challenge_window_hours)
    # Each account's row locked (in id order, so two calls never wait for each other in a
    # circle) before its failures are counted: failures at once on two calls add up.
    for account in sorted({a.id: a for a in accounts}.values(), key=lambda a: a.id):
        locks.row(session, Account, account.id)
        session.add(ChallengeFailure(account_id=account.id, conversation_id=conv.id, at=now))
        session.flush()
        if is_locked(account):
            continue
        failures = session.scalar(
            select(func.count())
            .select_from(ChallengeFailure)
            .where(
                ChallengeFailure.account_id == account.id,
                ChallengeFailure.at > since,
                ChallengeFailure.cleared_at.is_(None),
            )
        )
        if (failures or 0) >= settings.account_challenge_max_failures:
            account.challenge_locked_at = now
            audit(
                session,
                "challenge.account_locked",
                agent_id=None,
                account_id=account.id,
                conversation_id=conv.id,
                failures=failures,
            )
            alert_leads(
                session,
                m.SecurityAlert(
                    kind="account_challenge_locked",
                    message=(
                        f"{failures} failed challenges for one account within "
                        f"{settings.account_challenge_window_hours} hours: its challenge is "
                        "locked until a lead clears it."
                    ),
                    account_id=account.id,
                    conversation_id=conv.id,
                ),
            )


def clear_account(session: Session, lead_id: str, account_id: str) -> m.ChallengeLockCleared:
    """A lead clears an account's challenge lock and its failed challenges (audited)."""
    account = session.get(Account, account_id)
    if account is None:
        raise not_found("The account")
    cleared = clear(session, account, lead_id, None)
    return m.ChallengeLockCleared(account_id=account.id, failures_cleared=cleared)


def clear(session: Session, account: Account, lead_id: str, conversation_id: str | None) -> int:
    """Unlock the account's challenge and forget its failures; how many were forgotten."""
    now = utcnow()
    result = session.execute(
        update(ChallengeFailure)
        .where(ChallengeFailure.account_id == account.id, ChallengeFailure.cleared_at.is_(None))
        .values(cleared_at=now)
    )
    cleared = int(getattr(result, "rowcount", 0) or 0)
    was_locked = is_locked(account)
    account.challenge_locked_at = None
    audit(
        session,
        "challenge.account_cleared",
        agent_id=lead_id,
        account_id=account.id,
        conversation_id=conversation_id,
        failures_cleared=cleared,
        was_locked=was_locked,
    )
    return cleared


def charged_in(session: Session, conversation_id: str) -> list[Account]:
    """The locked accounts this conversation's failures were charged to (a lead unlocking the
    conversation clears them too: the lead has just spoken to the caller)."""
    ids = set(
        session.scalars(
            select(ChallengeFailure.account_id).where(
                ChallengeFailure.conversation_id == conversation_id
            )
        )
    )
    if not ids:
        return []
    return list(
        session.scalars(
            select(Account).where(Account.id.in_(ids), Account.challenge_locked_at.is_not(None))
        )
    )
