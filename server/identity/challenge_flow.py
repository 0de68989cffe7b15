"""The caller challenge on a conversation: the questions to ask, the answers judged (with the
lock across calls and the call-back for professionals), the call-back confirmed, and a lead's
unlock. The questions and their checking are ``challenge``; the lock is ``challenge_lock``."""

from __future__ import annotations

from sqlalchemy.orm import Session

from backend_client import models as m
from server.conversations import lifecycle
from server.conversations.states import owned
from server.core import locks, metrics
from server.core.audit import audit
from server.core.config import Settings
from server.core.errors import ApiError, not_found
from server.core.orm import Account, Agent, ChallengeAttempt, Conversation, utcnow
from server.identity import challenge, challenge_lock

LOCKED_ACROSS_CALLS = (
    "Verification for this caller is locked after repeated failed attempts across calls. "
    "Pass the call to a lead; do not discuss the account."
)
CALL_BACK = (
    "The calling number is not the organisation's registered number. "
    "Call back on the registered number before discussing the patient."
)
LOCKED_NOW = (
    "Not verified, and no attempts are left: the conversation is locked. "
    "Ask a lead to unlock it; do not discuss the account."
)


def _challengeable(
    session: Session, settings: Settings, agent: Agent, conversation_id: str
) -> Conversation:
    # Its row locked first: two answers, or questions and an answer, on one call take turns;
    # ``owned`` finds it in the session while ``locked`` holds it.
    locked = locks.row(session, Conversation, conversation_id)
    conv = owned(session, agent, conversation_id)
    assert conv is locked
    lifecycle.ensure_workable(conv, settings)
    if conv.auth_state == m.AuthState.LOCKED:
        raise ApiError(
            423,
            "challenge_locked",
            "Too many failed attempts: the challenge is locked until a lead unlocks it.",
        )
    if lifecycle.is_verified(conv):
        raise ApiError(409, "already_verified", "The caller is already verified.")
    return conv


def _no_callback_pending(conv: Conversation) -> None:
    if conv.pending == m.PendingCheck.CALLBACK:
        raise ApiError(
            409,
            "callback_pending",
            "Call the organisation back on its registered number, then confirm.",
        )


def questions(
    session: Session,
    settings: Settings,
    agent: Agent,
    conversation_id: str,
    caller_type: m.CallerType,
) -> m.ChallengeQuestions:
    conv = _challengeable(session, settings, agent, conversation_id)
    _no_callback_pending(conv)
    return m.ChallengeQuestions(
        conversation_id=conv.id,
        caller_type=caller_type,
        questions=challenge.questions(conv, caller_type),
        attempts_left=max(0, settings.challenge_max_attempts - conv.challenge_failures),
    )


def answer(
    session: Session,
    settings: Settings,
    agent: Agent,
    conversation_id: str,
    body: m.ChallengeAnswers,
) -> m.ChallengeResult:
    conv = _challengeable(session, settings, agent, conversation_id)
    _no_callback_pending(conv)
    change = lifecycle.begin_change(conv)
    caller_type = body.caller_type
    if conv.pending == m.PendingCheck.DATE_OF_BIRTH:
        caller_type = m.CallerType.PATIENT
    elif caller_type is m.CallerType.PATIENT and conv.challenge_fact is None:
        raise ApiError(409, "questions_not_asked", "Fetch the questions before answering them.")
    verdict = challenge.verify(session, conv, caller_type, body.answers)
    if verdict.account is not None:
        # Locked and read again: a lock another call put on its challenge a moment ago counts.
        locks.row(session, Account, verdict.account.id)
    callback = None
    if verdict.account is not None and challenge_lock.is_locked(verdict.account):
        # Right answers for an account whose challenge is locked still do not pass.
        challenge_lock.charge(session, settings, conv, [verdict.account])
        conv.auth_state = m.AuthState.LOCKED.value
        outcome, message = m.ChallengeOutcome.LOCKED, LOCKED_ACROSS_CALLS
    elif verdict.account is not None and verdict.callback_number:
        conv.account_id, conv.caller_type = verdict.account.id, caller_type.value
        conv.pending = m.PendingCheck.CALLBACK.value
        conv.callback_number = verdict.callback_number
        outcome, message = m.ChallengeOutcome.CALLBACK_REQUIRED, CALL_BACK
        callback = verdict.callback_number
    elif verdict.account is not None:
        was_app_token = conv.pending == m.PendingCheck.DATE_OF_BIRTH
        conv.account_id, conv.caller_type, conv.pending = (
            verdict.account.id,
            caller_type.value,
            None,
        )
        conv.auth_state = (
            m.AuthState.VERIFIED_APP
            if was_app_token
            else m.AuthState.VERIFIED_PROFESSIONAL
            if caller_type is m.CallerType.PROFESSIONAL
            else m.AuthState.VERIFIED_CHALLENGE
        ).value
        outcome, message = m.ChallengeOutcome.VERIFIED, "Verified."
    else:
        conv.challenge_failures += 1
        challenge_lock.charge(session, settings, conv, verdict.suspects)
        if conv.challenge_failures >= settings.challenge_max_attempts:
            conv.auth_state = m.AuthState.LOCKED.value
            outcome, message = m.ChallengeOutcome.LOCKED, LOCKED_NOW
        else:
            outcome, message = (
                m.ChallengeOutcome.NOT_VERIFIED,
                "Not verified. Check the answers with the caller and try again.",
            )
    session.add(
        ChallengeAttempt(
            conversation_id=conv.id,
            agent_id=agent.id,
            caller_type=caller_type.value,
            success=outcome is m.ChallengeOutcome.VERIFIED,
            at=utcnow(),
        )
    )
    audit(
        session,
        "challenge.attempt",
        agent_id=agent.id,
        conversation_id=conv.id,
        account_id=conv.account_id if outcome is m.ChallengeOutcome.VERIFIED else None,
        caller_type=caller_type.value,
        outcome=outcome.value,
    )
    told = lifecycle.publish(session, settings, change, "challenge")
    metrics.count_on_commit(session, metrics.CHALLENGES.labels(caller_type.value, outcome.value))
    wire = told or lifecycle.to_wire(session, conv, settings)
    return m.ChallengeResult(
        outcome=outcome,
        verified=outcome is m.ChallengeOutcome.VERIFIED,
        attempts_left=wire.attempts_left,
        conversation=wire,
        callback_number=callback,
        message=message,
    )


def confirm_callback(
    session: Session,
    settings: Settings,
    agent: Agent,
    conversation_id: str,
    body: m.CallbackConfirmation,
) -> m.ChallengeResult:
    conv = _challengeable(session, settings, agent, conversation_id)
    if conv.pending != m.PendingCheck.CALLBACK:
        raise ApiError(409, "no_callback_pending", "No callback is pending on this conversation.")
    if not body.called_registered_number:
        raise ApiError(
            422, "callback_not_made", "Confirm the call back on the registered number first."
        )
    change = lifecycle.begin_change(conv)
    conv.pending = None
    conv.auth_state = m.AuthState.VERIFIED_PROFESSIONAL.value
    audit(
        session,
        "challenge.callback_confirmed",
        agent_id=agent.id,
        conversation_id=conv.id,
        account_id=conv.account_id,
    )
    lifecycle.publish(session, settings, change, "callback")
    metrics.count_on_commit(
        session,
        metrics.CHALLENGES.labels(
            conv.caller_type or m.CallerType.PROFESSIONAL.value, m.ChallengeOutcome.VERIFIED.value
        ),
    )
    wire = lifecycle.to_wire(session, conv, settings)
    return m.ChallengeResult(
        outcome=m.ChallengeOutcome.VERIFIED,
        verified=True,
        attempts_left=wire.attempts_left,
        conversation=wire,
        message="Verified after calling back on the registered number.",
    )


def unlock(
    session: Session, settings: Settings, lead: Agent, conversation_id: str
) -> m.Conversation:
    """A lead unlocks a locked challenge, and with it the challenge of any account this
    conversation's failures locked (the lead has spoken to the caller)."""
    conv = session.get(Conversation, conversation_id)
    if conv is None:
        raise not_found("The conversation")
    if conv.auth_state != m.AuthState.LOCKED:
        raise ApiError(409, "not_locked", "The conversation is not locked.")
    change = lifecycle.begin_change(conv)
    conv.auth_state = m.AuthState.UNVERIFIED.value
    conv.challenge_failures = 0
    conv.pending = (
        m.PendingCheck.CHALLENGE.value
        if conv.account_id is None or conv.pending != m.PendingCheck.DATE_OF_BIRTH
        else conv.pending
    )
    for account in challenge_lock.charged_in(session, conv.id):
        challenge_lock.clear(session, account, lead.id, conv.id)
    audit(session, "challenge.unlocked", agent_id=lead.id, conversation_id=conv.id)
    told = lifecycle.publish(session, settings, change, "unlocked")
    return told or lifecycle.to_wire(session, conv, settings)
