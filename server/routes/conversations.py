"""Conversations: the advisor's list, state changes, the challenge flows and lead unlock."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import JSONResponse
from sqlalchemy.orm import Session

from backend_client import models as m
from server.conversations import states
from server.conversations.lifecycle import to_wire
from server.core import events, idempotency
from server.core.context import AppContext
from server.core.errors import ApiError, not_found
from server.core.idempotency import IdemKey
from server.core.orm import Agent
from server.identity import challenge_flow
from server.identity.auth import Ctx, CurrentAgent, require_role
from server.telephony import calls
from server.workflows import runner

router = APIRouter(prefix="/v1/conversations", tags=["conversations"])
ConvId = Annotated[str, Query(max_length=64)]
# A conversation named in the path where it becomes a workflow's request (ActionRequest's limit).
ConvPath = Annotated[str, Path(min_length=1, max_length=64)]


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
        items = states.list_for(session, ctx.settings, agent.id, include_recent)
        return m.ConversationList(items=items, last_event_id=last_id)


@router.get("/{conversation_id}", response_model=m.Conversation)
def get_conversation(conversation_id: str, agent: CurrentAgent, ctx: Ctx) -> m.Conversation:
    with ctx.db.reader() as session:
        return to_wire(session, states.owned(session, agent, conversation_id), ctx.settings)


@router.post("", response_model=m.Conversation, status_code=201)
def create_conversation(
    body: m.NewConversation, request: Request, agent: CurrentAgent, ctx: Ctx, key: IdemKey
) -> JSONResponse:
    def apply(session: Session) -> tuple[int, dict[str, Any]]:
        status, conv = calls.open_from_desk(session, ctx.settings, agent, body)
        return status, _dump(conv)

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
        conv = states.change_state(session, ctx.settings, agent, conversation_id, target, closing)
        return 200, _dump(conv)

    body = closing.model_dump(mode="json") if closing is not None else None
    # Scoped: the conversation's row is locked (states.change_state), as the call's events do.
    return idempotency.run(
        ctx, agent.id, key, idempotency.body_hash("POST", path, body), apply, scoped=True
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
    conversation_id: ConvPath,
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
        return 200, _dump(runner.run(session, ctx, agent.id, action, account_id, body))

    return idempotency.run(
        ctx,
        agent.id,
        key,
        idempotency.body_hash("POST", path, _dump(body)),
        apply,
        after_commit=ctx.deliver_outboxes,
        scoped=action.scoped,
    )


# --- the challenge --------------------------------------------------------------------------


@router.get("/{conversation_id}/challenge", response_model=m.ChallengeQuestions)
def challenge_questions(
    conversation_id: str,
    agent: CurrentAgent,
    ctx: Ctx,
    caller_type: m.CallerType = m.CallerType.PATIENT,
) -> m.ChallengeQuestions:
    # Asking records which fact was asked for, under the conversation's row lock (scoped).
    return ctx.db.run(
        lambda s: challenge_flow.questions(s, ctx.settings, agent, conversation_id, caller_type),
        scoped=True,
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
        result = challenge_flow.answer(session, ctx.settings, agent, conversation_id, body)
        return 200, _dump(result)

    # Scoped: the conversation's row and the accounts' rows it charges are locked
    # (challenge_flow.answer, challenge_lock.charge).
    return idempotency.run(
        ctx,
        agent.id,
        key,
        idempotency.body_hash("POST", request.url.path, _dump(body)),
        apply,
        scoped=True,
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
        result = challenge_flow.confirm_callback(
            session, ctx.settings, agent, conversation_id, body
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
        return 200, _dump(challenge_flow.unlock(session, ctx.settings, agent, conversation_id))

    return idempotency.run(
        ctx, agent.id, key, idempotency.body_hash("POST", request.url.path, None), apply
    )
