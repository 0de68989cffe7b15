"""Runs a server action: checks, effect, run, note and audit row, in one transaction."""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError
from sqlalchemy.orm import Session

from backend_client import models as m
from server.accounts import snapshot
from server.actions import Action, ActionContext
from server.conversations import lifecycle as conversations
from server.core import locks
from server.core.audit import audit
from server.core.context import AppContext
from server.core.errors import ApiError, forbidden, not_found
from server.core.events import append_event
from server.core.orm import (
    Account,
    Agent,
    Conversation,
    IntercomNote,
    Note,
    WorkflowRun,
    new_id,
    utcnow,
)
from server.messaging.intercom import note_html


def _check_role(action: Action, agent: Agent) -> None:
    if action.roles and "lead" not in agent.roles and not (action.roles & set(agent.roles)):
        raise forbidden(
            f"“{action.title}” needs the {' or '.join(sorted(action.roles))} role.", "role_required"
        )


def _parse(action: Action, raw: dict[str, Any]) -> Any:
    try:
        return action.inputs.model_validate(raw)
    except ValidationError as exc:
        fields = {".".join(str(p) for p in e["loc"]) or "inputs": e["msg"] for e in exc.errors()}
        summary = "; ".join(f"{k}: {v}" for k, v in fields.items())
        raise ApiError(
            422, "invalid_inputs", f"The form is not valid ({summary}).", fields=fields
        ) from None


def _conversation_for(ctx: AppContext, agent: Agent, conv: Conversation | None) -> Conversation:
    if conv is None:
        raise not_found("The conversation")
    if conv.agent_id != agent.id and "lead" not in agent.roles:
        raise forbidden("This conversation belongs to another agent.", "not_your_conversation")
    conversations.ensure_workable(conv, ctx.settings)
    return conv


def apply(
    session: Session,
    ctx: AppContext,
    agent: Agent,
    action: Action,
    account_id: str | None,
    request: m.ActionRequest,
) -> m.ActionResult:
    _check_role(action, agent)
    # Its row locked first: a close, a hang-up or another run on it waits, and the checks below
    # (whose it is, whether it is still open) read it as it is. Held in ``locked`` to the end:
    # the session's identity map keeps only what is referenced, and ``authorize`` finds it there.
    locked = locks.row(session, Conversation, request.conversation_id)
    if account_id is not None:
        conv = snapshot.authorize(session, ctx.settings, agent, account_id, request.conversation_id)
        account = session.get(Account, account_id)
        if account is None:
            raise not_found("The account")
    else:
        conv = _conversation_for(ctx, agent, locked)
        if action.needs_verified:
            raise forbidden(
                "This workflow needs a verified caller: run it on the account.", "not_verified"
            )
        if conv.auth_state == m.AuthState.LOCKED:
            raise ApiError(
                423, "challenge_locked", "The challenge is locked; a lead must unlock it."
            )
        verified = conversations.is_verified(conv) and conv.account_id is not None
        account = session.get(Account, conv.account_id) if verified else None
    inputs = _parse(action, request.inputs)
    now = utcnow()
    actx = ActionContext(
        session=session,
        settings=ctx.settings,
        agent=agent,
        account=account,
        conversation=conv,
        now=now,
    )
    outcome = action.apply(actx, inputs)

    recorded = inputs.model_dump(mode="json", exclude=set(action.secret_fields))
    run = WorkflowRun(
        id=new_id("run"),
        account_id=account.id if account else None,
        conversation_id=conv.id,
        agent_id=agent.id,
        workflow_id=request.workflow_id,
        action=action.name,
        inputs=recorded,
        outcome="done",
        summary=outcome.summary,
        created_at=now,
    )
    note_text = outcome.note or f"{request.workflow_id}: {outcome.summary}"
    note = Note(
        id=new_id("note"),
        account_id=account.id if account else None,
        conversation_id=conv.id,
        agent_id=agent.id,
        body=note_text,
        created_at=now,
    )
    session.add_all([run, note])
    if conv.source == "intercom" and conv.channel == m.Channel.CHAT:
        session.add(
            IntercomNote(
                id=new_id("icn"),
                conversation_id=conv.id,
                intercom_conversation_id=conv.external_id,
                body_html=note_html(f"{agent.display_name}: {note_text}"),
                status="pending",
                created_at=now,
            )
        )
    audit(
        session,
        f"action.{action.name}",
        agent_id=agent.id,
        account_id=account.id if account else None,
        conversation_id=conv.id,
        workflow_id=request.workflow_id,
        run_id=run.id,
    )
    for change in actx.changed_conversations:
        conversations.publish(session, ctx.settings, change, reason=f"action.{action.name}")
    if account is not None:
        changed = m.AccountChanged(
            account_id=account.id, conversation_id=conv.id, reason=f"action.{action.name}"
        ).model_dump(mode="json")
        owners = {agent.id} | ({conv.agent_id} if conv.agent_id else set())
        for owner in owners:
            append_event(session, owner, m.EventType.ACCOUNT_UPDATED, changed)
    session.flush()
    return m.ActionResult(
        run_id=run.id,
        action=action.name,
        workflow_id=request.workflow_id,
        outcome="done",
        summary=outcome.summary,
        data=outcome.data,
        note_id=note.id,
        created_at=now,
    )


def run(
    session: Session,
    ctx: AppContext,
    agent_id: str,
    action: Action,
    account_id: str | None,
    request: m.ActionRequest,
) -> m.ActionResult:
    """``apply`` as the agent is now in this transaction (roles may have changed since the
    request's session was checked)."""
    agent = session.get(Agent, agent_id)
    assert agent is not None  # the request's session check found them a moment ago
    return apply(session, ctx, agent, action, account_id, request)
