"""Call-backs on the floor: the list, taking one (first taker wins), dialling it through the
phone system's click-to-call, and recording how it ended."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path

from backend_client import models as m
from server.core.audit import audit
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
def take(callback_id: Id, agent: CurrentAgent, ctx: Ctx) -> m.Callback:
    """Take a waiting call-back: 409 ``callback_taken`` when another advisor was first. Taking
    one you already hold answers the same, so a retry is safe."""
    return ctx.db.run(lambda s: callbacks.take(s, ctx.settings, agent, callback_id))


@router.post("/v1/callbacks/{callback_id}/dial", response_model=m.DialResult)
def dial(callback_id: Id, agent: CurrentAgent, ctx: Ctx) -> m.DialResult:
    """Put the number in the advisor's Aircall phone app (409 ``dial_not_configured``: the
    desk dials through a ``tel:`` link instead). Aircall is called outside any transaction."""
    with ctx.db.reader() as session:
        number = callbacks.number_taken_by(session, agent, callback_id)
    result = dialling.dial(ctx.settings, agent, number)
    ctx.db.run(lambda s: audit(s, "callback.dialled", agent_id=agent.id, callback_id=callback_id))
    return result


@router.post("/v1/callbacks/{callback_id}/outcome", response_model=m.Callback)
def outcome(callback_id: Id, body: m.CallbackOutcome, agent: CurrentAgent, ctx: Ctx) -> m.Callback:
    """Record how the call-back ended, with one of the contact centre's dispositions."""
    return ctx.db.run(
        lambda s: callbacks.finish(s, ctx.settings, agent, callback_id, body.disposition)
    )
