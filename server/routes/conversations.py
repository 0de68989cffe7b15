"""Conversations: the advisor's list, state changes, the challenge flows and lead unlock."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse
from sqlalchemy import select
from sqlalchemy.orm import Session

from backend_client import models as m
from server.conversations import lifecycle as conversations
from server.conversations.lifecycle import OPEN_STATES, begin_change, publish, to_wire
from server.core import events, idempotency
from server.core.audit import audit
from server.core.context import AppContext
from server.core.errors import ApiError, forbidden, not_found
from server.core.idempotency import IdemKey
from server.core.orm import Agent, ChallengeAttempt, Conversation, Note, new_id, utcnow
from server.identity import app_tokens, challenge, challenge_lock
from server.identity.auth import Ctx, CurrentAgent, require_role
from server.workflows import runner as action_runner

router = APIRouter(prefix="/v1/conversations", tags=["conversations"])
ConvId = Annotated[str, Query(max_length=64)]


def _mine(session: Session, agent: Agent, conversation_id: str) -> Conversation:
    conv = session.get(Conversation, conversation_id)
    if conv is None:
        raise not_found("The conversation")
    if conv.agent_id != agent.id and "lead" not in agent.roles:
        raise forbidden("This conversation belongs to another agent.", "not_your_conversation")
    return conv


def _dump(model: Any) -> dict[str, Any]:
    return dict(model.model_dump(mode="json"))


@router.get("", response_model=m.ConversationList)
def list_conversations(
    agent: CurrentAgent,
    ctx: Ctx,
    include_recent: Annotated[bool, Query(description="Also the last day's closed ones")] = False,
) -> m.ConversationList:
    # Read the stream position first: anything after it reaches the client as an event.
    last_id = events.latest_id(ctx.db, agent.id)
    with ctx.db.reader() as session:
        query = select(Conversation).where(Conversation.agent_id == agent.id)
        if not include_recent:
            query = query.where(Conversation.state.in_([s.value for s in OPEN_STATES]))
        rows = session.scalars(query.order_by(Conversation.started_at.desc()).limit(200)).all()
        return m.ConversationList(
            items=[to_wire(session, c, ctx.settings) for c in rows], last_event_id=last_id
        )


@router.get("/{conversation_id}", response_model=m.Conversation)
def get_conversation(conversation_id: str, agent: CurrentAgent, ctx: Ctx) -> m.Conversation:
    with ctx.db.reader() as session:
        return to_wire(session, _mine(session, agent, conversation_id), ctx.settings)


@router.post("", response_model=m.Conversation, status_code=201)
def create_conversation(
    body: m.NewConversation, request: Request, agent: CurrentAgent, ctx: Ctx, key: IdemKey
) -> JSONResponse:
    def apply(session: Session) -> tuple[int, dict[str, Any]]:
        if body.external_id is not None:
            existing = session.scalar(
                select(Conversation).where(
                    Conversation.source == "desk", Conversation.external_id == body.external_id
                )
            )
            if existing is not None and existing.agent_id != agent.id:
                # Never hand back, or move, a conversation someone else owns: that would give
                # its patient to whoever guessed or copied the id.
                raise ApiError(
                    409,
                    "external_id_in_use",
                    "Another conversation already uses this external id. Open a new one "
                    "without an id, or with an id of your own.",
                )
            if existing is not None:
                return 200, _dump(to_wire(session, existing, ctx.settings))
        facts = conversations.CallFacts(
            source="desk",
            external_id=body.external_id or new_id("desk"),
            direction=body.direction,
            raw_number=body.caller_number or body.caller_display,
            line=None,
            started_at=utcnow(),
            answered=True,
            answered_at=utcnow(),
            ended=False,
            ended_at=None,
            missed_reason=None,
            agent=session.get(Agent, agent.id),
            channel=body.channel,
        )
        change = conversations.apply_call(session, ctx.settings, facts)
        if (
            body.digits is not None
            and change.conv.account_id is None
            and change.conv.auth_state == m.AuthState.UNVERIFIED
        ):
            # A softphone's caredesk://call link carries the caller's app code: redeemed
            # under the same single use and throttles as the keypad digits of a webhook.
            session.flush()
            app_tokens.redeem(session, ctx.settings, change.conv, body.digits)
        publish(session, ctx.settings, change, "opened")
        audit(session, "conversation.opened", agent_id=agent.id, conversation_id=change.conv.id)
        return 201, _dump(to_wire(session, change.conv, ctx.settings))

    return idempotency.run(
        ctx, agent.id, key, idempotency.body_hash("POST", request.url.path, _dump(body)), apply
    )


def _state_change(
    ctx: AppContext,
    agent: Agent,
    conversation_id: str,
    key: str | None,
    path: str,
    target: m.ConversationState,
    closing: m.CloseRequest | None = None,
) -> JSONResponse:
    def apply(session: Session) -> tuple[int, dict[str, Any]]:
        conv = session.get(Conversation, conversation_id)
        if conv is None:
            raise not_found("The conversation")
        change = begin_change(conv)  # before any change, so a new owner hears "created"
        if target is m.ConversationState.ACTIVE and conv.agent_id is None:
            conv.agent_id = agent.id  # answering an unassigned conversation takes it
        if conv.agent_id != agent.id and "lead" not in agent.roles:
            raise forbidden("This conversation belongs to another agent.", "not_your_conversation")
        current = m.ConversationState(conv.state)
        if current == target:
            return 200, _dump(to_wire(session, conv, ctx.settings))
        if current not in OPEN_STATES:
            raise ApiError(
                409, "conversation_ended", f"The conversation is already {current.value}."
            )
        if not conversations.advance(conv, target):
            raise ApiError(
                409,
                "invalid_transition",
                f"A conversation cannot go from {current.value} to {target.value}.",
            )
        if target is m.ConversationState.CLOSED:
            _record_wrap_up(session, ctx, agent, conv, closing)
        if target is m.ConversationState.ACTIVE:
            conv.answered_at = conv.answered_at or utcnow()
        if target in (m.ConversationState.WRAP_UP, m.ConversationState.CLOSED):
            conv.ended_at = conv.ended_at or utcnow()
        publish(session, ctx.settings, change, target.value)
        audit(session, f"conversation.{target.value}", agent_id=agent.id, conversation_id=conv.id)
        return 200, _dump(to_wire(session, conv, ctx.settings))

    body = closing.model_dump(mode="json") if closing is not None else None
    return idempotency.run(ctx, agent.id, key, idempotency.body_hash("POST", path, body), apply)


def _record_wrap_up(
    session: Session,
    ctx: AppContext,
    agent: Agent,
    conv: Conversation,
    closing: m.CloseRequest | None,
) -> None:
    """A conversation someone answered closes with a disposition from the configured list
    (leads may close without, to tidy up); the wrap-up note goes on the account."""
    codes = {code for code, _ in ctx.settings.dispositions}
    if closing is None:
        if conv.answered_at is not None and "lead" not in agent.roles:
            raise ApiError(
                422,
                "disposition_required",
                "Choose how the conversation ended before closing it.",
                fields={"disposition": "required"},
            )
        return
    if closing.disposition not in codes:
        raise ApiError(
            422,
            "unknown_disposition",
            "That is not one of the wrap-up codes this contact centre uses.",
            fields={"disposition": "not a configured code"},
        )
    conv.disposition = closing.disposition
    text = closing.note.strip()
    if text:
        session.add(
            Note(
                id=new_id("note"),
                account_id=conv.account_id,
                conversation_id=conv.id,
                agent_id=agent.id,
                body=text,
            )
        )


@router.post("/{conversation_id}/answer", response_model=m.Conversation)
def answer(
    conversation_id: str, request: Request, agent: CurrentAgent, ctx: Ctx, key: IdemKey
) -> JSONResponse:
    return _state_change(
        ctx, agent, conversation_id, key, request.url.path, m.ConversationState.ACTIVE
    )


@router.post("/{conversation_id}/wrap-up", response_model=m.Conversation)
def wrap_up(
    conversation_id: str, request: Request, agent: CurrentAgent, ctx: Ctx, key: IdemKey
) -> JSONResponse:
    return _state_change(
        ctx, agent, conversation_id, key, request.url.path, m.ConversationState.WRAP_UP
    )


@router.post("/{conversation_id}/close", response_model=m.Conversation)
def close(
    conversation_id: str,
    request: Request,
    agent: CurrentAgent,
    ctx: Ctx,
    key: IdemKey,
    body: m.CloseRequest | None = None,
) -> JSONResponse:
    return _state_change(
        ctx, agent, conversation_id, key, request.url.path, m.ConversationState.CLOSED, body
    )


@router.post("/{conversation_id}/transfer", response_model=m.ActionResult)
def transfer(
    conversation_id: str,
    body: m.TransferRequest,
    request: Request,
    agent: CurrentAgent,
    ctx: Ctx,
    key: IdemKey,
) -> JSONResponse:
    action_request = m.ActionRequest(
        conversation_id=conversation_id,
        workflow_id="transfer",
        inputs=body.model_dump(exclude_none=True) | {"reason": body.reason or "Transferred"},
    )
    return run_action(ctx, agent, "transfer", action_request, key, request.url.path)


@router.post("/{conversation_id}/actions/{action}", response_model=m.ActionResult)
def conversation_action(
    conversation_id: str,
    action: str,
    body: m.ActionRequest,
    request: Request,
    agent: CurrentAgent,
    ctx: Ctx,
    key: IdemKey,
) -> JSONResponse:
    """Actions that need no verified caller (a note, a transfer, a general question)."""
    if body.conversation_id != conversation_id:
        raise ApiError(422, "conversation_mismatch", "conversation_id must match the path.")
    return run_action(ctx, agent, action, body, key, request.url.path)


def run_action(
    ctx: AppContext,
    agent: Agent,
    name: str,
    body: m.ActionRequest,
    key: str | None,
    path: str,
    account_id: str | None = None,
) -> JSONResponse:
    action = ctx.actions.get(name)
    if action is None:
        raise not_found(f"The action “{name}”")

    def apply(session: Session) -> tuple[int, dict[str, Any]]:
        fresh = session.get(Agent, agent.id)
        assert fresh is not None
        result = action_runner.apply(session, ctx, fresh, action, account_id, body)
        return 200, _dump(result)

    return idempotency.run(
        ctx,
        agent.id,
        key,
        idempotency.body_hash("POST", path, _dump(body)),
        apply,
        after_commit=ctx.deliver_outboxes,
    )


# --- the challenge --------------------------------------------------------------------------


def _challengeable(
    session: Session, ctx: AppContext, agent: Agent, conversation_id: str
) -> Conversation:
    conv = _mine(session, agent, conversation_id)
    conversations.ensure_workable(conv, ctx.settings)
    if conv.auth_state == m.AuthState.LOCKED:
        raise ApiError(
            423,
            "challenge_locked",
            "Too many failed attempts: the challenge is locked until a lead unlocks it.",
        )
    if conversations.is_verified(conv):
        raise ApiError(409, "already_verified", "The caller is already verified.")
    return conv


@router.get("/{conversation_id}/challenge", response_model=m.ChallengeQuestions)
def challenge_questions(
    conversation_id: str,
    agent: CurrentAgent,
    ctx: Ctx,
    caller_type: m.CallerType = m.CallerType.PATIENT,
) -> m.ChallengeQuestions:
    with ctx.db.transaction() as session:
        conv = _challengeable(session, ctx, agent, conversation_id)
        if conv.pending == m.PendingCheck.CALLBACK:
            raise ApiError(
                409,
                "callback_pending",
                "Call the organisation back on its registered number, then confirm.",
            )
        questions = challenge.questions(conv, caller_type)
        return m.ChallengeQuestions(
            conversation_id=conv.id,
            caller_type=caller_type,
            questions=questions,
            attempts_left=max(0, ctx.settings.challenge_max_attempts - conv.challenge_failures),
        )


@router.post("/{conversation_id}/challenge", response_model=m.ChallengeResult)
def challenge_answers(
    conversation_id: str,
    body: m.ChallengeAnswers,
    request: Request,
    agent: CurrentAgent,
    ctx: Ctx,
    key: IdemKey,
) -> JSONResponse:
    def apply(session: Session) -> tuple[int, dict[str, Any]]:
        conv = _challengeable(session, ctx, agent, conversation_id)
        if conv.pending == m.PendingCheck.CALLBACK:
            raise ApiError(
                409,
                "callback_pending",
                "Call the organisation back on its registered number, then confirm.",
            )
        change = begin_change(conv)
        caller_type = body.caller_type
        if conv.pending == m.PendingCheck.DATE_OF_BIRTH:
            caller_type = m.CallerType.PATIENT
        elif caller_type is m.CallerType.PATIENT and conv.challenge_fact is None:
            raise ApiError(409, "questions_not_asked", "Fetch the questions before answering them.")
        verdict = challenge.verify(session, conv, caller_type, body.answers)
        callback = None
        if verdict.account is not None and challenge_lock.is_locked(verdict.account):
            # Right answers for an account whose challenge is locked still do not pass.
            challenge_lock.charge(session, ctx.settings, conv, [verdict.account])
            conv.auth_state = m.AuthState.LOCKED.value
            outcome, message = (
                m.ChallengeOutcome.LOCKED,
                (
                    "Verification for this caller is locked after repeated failed attempts "
                    "across calls. Pass the call to a lead; do not discuss the account."
                ),
            )
        elif verdict.account is not None and verdict.callback_number:
            conv.account_id, conv.caller_type = verdict.account.id, caller_type.value
            conv.pending = m.PendingCheck.CALLBACK.value
            conv.callback_number = verdict.callback_number
            outcome, message = (
                m.ChallengeOutcome.CALLBACK_REQUIRED,
                (
                    "The calling number is not the organisation's registered number. "
                    "Call back on the registered number before discussing the patient."
                ),
            )
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
            challenge_lock.charge(session, ctx.settings, conv, verdict.suspects)
            if conv.challenge_failures >= ctx.settings.challenge_max_attempts:
                conv.auth_state = m.AuthState.LOCKED.value
                outcome, message = (
                    m.ChallengeOutcome.LOCKED,
                    (
                        "Not verified, and no attempts are left: the conversation is locked. "
                        "Ask a lead to unlock it; do not discuss the account."
                    ),
                )
            else:
                outcome, message = (
                    m.ChallengeOutcome.NOT_VERIFIED,
                    ("Not verified. Check the answers with the caller and try again."),
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
        publish(session, ctx.settings, change, "challenge")
        wire = to_wire(session, conv, ctx.settings)
        result = m.ChallengeResult(
            outcome=outcome,
            verified=outcome is m.ChallengeOutcome.VERIFIED,
            attempts_left=wire.attempts_left,
            conversation=wire,
            callback_number=callback,
            message=message,
        )
        return 200, _dump(result)

    return idempotency.run(
        ctx, agent.id, key, idempotency.body_hash("POST", request.url.path, _dump(body)), apply
    )


@router.post("/{conversation_id}/challenge/callback", response_model=m.ChallengeResult)
def confirm_callback(
    conversation_id: str,
    body: m.CallbackConfirmation,
    request: Request,
    agent: CurrentAgent,
    ctx: Ctx,
    key: IdemKey,
) -> JSONResponse:
    def apply(session: Session) -> tuple[int, dict[str, Any]]:
        conv = _challengeable(session, ctx, agent, conversation_id)
        if conv.pending != m.PendingCheck.CALLBACK:
            raise ApiError(
                409, "no_callback_pending", "No callback is pending on this conversation."
            )
        if not body.called_registered_number:
            raise ApiError(
                422, "callback_not_made", "Confirm the call back on the registered number first."
            )
        change = begin_change(conv)
        conv.pending = None
        conv.auth_state = m.AuthState.VERIFIED_PROFESSIONAL.value
        audit(
            session,
            "challenge.callback_confirmed",
            agent_id=agent.id,
            conversation_id=conv.id,
            account_id=conv.account_id,
        )
        publish(session, ctx.settings, change, "callback")
        wire = to_wire(session, conv, ctx.settings)
        result = m.ChallengeResult(
            outcome=m.ChallengeOutcome.VERIFIED,
            verified=True,
            attempts_left=wire.attempts_left,
            conversation=wire,
            message="Verified after calling back on the registered number.",
        )
        return 200, _dump(result)

    return idempotency.run(
        ctx, agent.id, key, idempotency.body_hash("POST", request.url.path, _dump(body)), apply
    )


@router.post("/{conversation_id}/unlock", response_model=m.Conversation)
def unlock(
    conversation_id: str, request: Request, agent: CurrentAgent, ctx: Ctx, key: IdemKey
) -> JSONResponse:
    """A lead unlocks a locked challenge, and with it the challenge of any account this
    conversation's failures locked (the lead has spoken to the caller)."""
    require_role(agent, "lead")

    def apply(session: Session) -> tuple[int, dict[str, Any]]:
        conv = session.get(Conversation, conversation_id)
        if conv is None:
            raise not_found("The conversation")
        if conv.auth_state != m.AuthState.LOCKED:
            raise ApiError(409, "not_locked", "The conversation is not locked.")
        change = begin_change(conv)
        conv.auth_state = m.AuthState.UNVERIFIED.value
        conv.challenge_failures = 0
        conv.pending = (
            m.PendingCheck.CHALLENGE.value
            if conv.account_id is None or conv.pending != m.PendingCheck.DATE_OF_BIRTH
            else conv.pending
        )
        for account in challenge_lock.charged_in(session, conv.id):
            challenge_lock.clear(session, account, agent.id, conv.id)
        audit(session, "challenge.unlocked", agent_id=agent.id, conversation_id=conv.id)
        publish(session, ctx.settings, change, "unlocked")
        return 200, _dump(to_wire(session, conv, ctx.settings))

    return idempotency.run(
        ctx, agent.id, key, idempotency.body_hash("POST", request.url.path, None), apply
    )
