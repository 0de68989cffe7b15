"""The enquiry inbox: the web form posts in; advisors and pharmacists read and answer once;
leads set their team's out-of-office reply."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Request
from fastapi.responses import JSONResponse
from sqlalchemy.orm import Session

from backend_client import models as m
from server.core import idempotency
from server.core.idempotency import IdemKey
from server.identity.auth import Ctx, CurrentAgent
from server.messaging import enquiries
from server.routes.misc import require_app_key

router = APIRouter(tags=["enquiries"])
Id = Annotated[str, Path(max_length=64)]
Team = Annotated[str, Path(max_length=50)]


@router.post("/v1/enquiries", response_model=m.EnquiryCreated, status_code=201)
def new_enquiry(body: m.NewEnquiry, request: Request, ctx: Ctx) -> m.EnquiryCreated:
    """The web contact form, through the pharmacy app's backend (the patient-app key)."""
    require_app_key(request, ctx)
    created = ctx.db.run(lambda s: enquiries.create(s, ctx.settings, body))
    ctx.deliver_outboxes()
    return created


@router.get("/v1/enquiries", response_model=m.EnquiryList)
def inbox(agent: CurrentAgent, ctx: Ctx) -> m.EnquiryList:
    """The agent's team's enquiries (a lead's: every team's): open ones oldest first."""
    with ctx.db.reader() as session:
        return enquiries.listing(session, agent)


@router.post("/v1/enquiries/{enquiry_id}/open", response_model=m.Enquiry)
def open_enquiry(
    enquiry_id: Id, request: Request, agent: CurrentAgent, ctx: Ctx, key: IdemKey
) -> JSONResponse:
    """The whole enquiry; the first opening marks it read (for everyone)."""

    def apply(session: Session) -> dict[str, Any]:
        return enquiries.open_enquiry(session, agent, enquiry_id).model_dump(mode="json")

    return idempotency.keyed(ctx, agent.id, key, request.url.path, None, apply)  # sends nothing


@router.post("/v1/enquiries/{enquiry_id}/answer", response_model=m.Enquiry)
def answer_enquiry(
    enquiry_id: Id,
    body: m.EnquiryAnswer,
    request: Request,
    agent: CurrentAgent,
    ctx: Ctx,
    key: IdemKey,
) -> JSONResponse:
    """Answer once: by email, app or text (sent), or by phone (recorded). A second answer,
    from anyone, is 409 ``already_answered``."""

    def apply(session: Session) -> dict[str, Any]:
        return enquiries.answer(session, agent, enquiry_id, body).model_dump(mode="json")

    # Scoped: answered once by the conditional update (enquiries._answer_once), which waits
    # at the enquiry's row for another answer in flight.
    return idempotency.keyed_sending(
        ctx, agent.id, key, request.url.path, body.model_dump(mode="json"), apply, scoped=True
    )


@router.post("/v1/enquiries/{enquiry_id}/reject", response_model=m.Enquiry)
def reject_enquiry(
    enquiry_id: Id,
    body: m.EnquiryRejection,
    request: Request,
    agent: CurrentAgent,
    ctx: Ctx,
    key: IdemKey,
) -> JSONResponse:
    """Not for us (spam, a duplicate, something we do not do): counts as the answer."""

    def apply(session: Session) -> dict[str, Any]:
        return enquiries.reject(session, agent, enquiry_id, body).model_dump(mode="json")

    return idempotency.keyed(  # a rejection sends nothing; scoped, as an answer is
        ctx, agent.id, key, request.url.path, body.model_dump(mode="json"), apply, scoped=True
    )


@router.put("/v1/teams/{team}/out-of-office", response_model=m.TeamOutOfOffice)
def set_out_of_office(
    team: Team, body: m.OutOfOffice, agent: CurrentAgent, ctx: Ctx
) -> m.TeamOutOfOffice:
    """A lead switches the team's out-of-office reply on (until a time) or off."""
    return ctx.db.run(lambda s: enquiries.set_out_of_office(s, agent, team, body, ctx.settings))
