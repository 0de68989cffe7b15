"""Call-backs on the floor: the list, taking one (first taker wins), dialling it through the
phone system's click-to-call, and recording how it ended. Each change carries an
Idempotency-Key, like every change: a retry answers what the first request did."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Request
from fastapi.responses import JSONResponse
from sqlalchemy.orm import Session

from backend_client import models as m
from server.core import idempotency
from server.core.audit import audit
from server.core.idempotency import IdemKey
from server.identity.auth import Ctx, CurrentAgent
from server.telephony import callbacks, dialling

router = APIRouter(tags=["callbacks"])
Id = Annotated[str, Path(max_length=64)]


@router.get("/v1/callbacks", response_model=m.CallbackList)
def list_callbacks(agent: CurrentAgent, ctx: Ctx) -> m.CallbackList:
    """Waiting and taken call-backs, oldest first, with how many wait and how many are late."""
    with ctx.db.reader() as session:
        return callbacks.listing(session, ctx.settings)


@router.post("/v1/callbacks/{callback_id}/take", response_model=m.Callback)
def take(
    callback_id: Id, request: Request, agent: CurrentAgent, ctx: Ctx, key: IdemKey
) -> JSONResponse:
    """Take a waiting call-back: 409 ``callback_taken`` when another advisor was first."""
    return idempotency.keyed(
        ctx,
        agent.id,
        key,
        request.url.path,
        None,
        lambda s: callbacks.take(s, ctx.settings, agent, callback_id).model_dump(mode="json"),
    )


@router.post("/v1/callbacks/{callback_id}/dial", response_model=m.DialResult)
def dial(
    callback_id: Id, request: Request, agent: CurrentAgent, ctx: Ctx, key: IdemKey
) -> JSONResponse:
    """Put the number in the advisor's Aircall phone app (409 ``dial_not_configured``: the
    desk dials through a ``tel:`` link instead). Aircall is called outside any transaction,
    and only for a key not seen before."""
    request_hash = idempotency.body_hash("POST", request.url.path, None)
    earlier = idempotency.replayed(ctx, agent.id, key, request_hash)
    if earlier is not None:
        return earlier
    with ctx.db.reader() as session:
        number = callbacks.number_taken_by(session, agent, callback_id)
    result = dialling.dial(ctx.settings, agent, number)

    def record(session: Session) -> tuple[int, dict[str, Any]]:
        audit(session, "callback.dialled", agent_id=agent.id, callback_id=callback_id)
        return 200, result.model_dump(mode="json")

    return idempotency.run(ctx, agent.id, key, request_hash, record)


@router.post("/v1/callbacks/{callback_id}/outcome", response_model=m.Callback)
def outcome(
    callback_id: Id,
    body: m.CallbackOutcome,
    request: Request,
    agent: CurrentAgent,
    ctx: Ctx,
    key: IdemKey,
) -> JSONResponse:
    """Record how the call-back ended, with one of the contact centre's dispositions."""
    return idempotency.keyed(
        ctx,
        agent.id,
        key,
        request.url.path,
        body.model_dump(mode="json"),
        lambda s: callbacks.finish(
            s, ctx.settings, agent, callback_id, body.disposition
        ).model_dump(mode="json"),
    )
