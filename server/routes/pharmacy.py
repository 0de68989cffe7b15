"""The pharmacist's desk: the escalations queue and the appointment diary."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import JSONResponse
from sqlalchemy.orm import Session

from backend_client import models as m
from server.conversations.lifecycle import to_wire
from server.core import idempotency
from server.core.audit import audit
from server.core.idempotency import IdemKey
from server.core.orm import utcnow
from server.identity.auth import Ctx, CurrentAgent
from server.pharmacy import appointments, escalations
from server.telephony import dialling as telephony

router = APIRouter(tags=["pharmacy"])
Id = Annotated[str, Path(max_length=64)]


def _keyed(
    ctx: Ctx,
    agent_id: str,
    key: str | None,
    request: Request,
    body: dict[str, Any] | None,
    apply: Callable[[Session], dict[str, Any]],
    *,
    scoped: bool = False,
) -> JSONResponse:
    return idempotency.keyed(ctx, agent_id, key, request.url.path, body, apply, scoped=scoped)


@router.get("/v1/pharmacists", response_model=m.PharmacistList)
def pharmacist_list(agent: CurrentAgent, ctx: Ctx) -> m.PharmacistList:
    """The pharmacists an escalation can name (any agent may ask): whose queue it will be in."""
    with ctx.db.reader() as session:
        return m.PharmacistList(
            items=[
                m.Pharmacist(
                    username=a.username,
                    display_name=a.display_name,
                    availability=m.Availability(a.availability),
                )
                for a in escalations.pharmacists(session)
            ]
        )


@router.get("/v1/escalations", response_model=m.EscalationList)
def escalation_queue(agent: CurrentAgent, ctx: Ctx) -> m.EscalationList:
    """Escalations for the pharmacy team or this pharmacist, oldest first, with the SLA."""
    with ctx.db.reader() as session:
        return escalations.queue(session, ctx.settings, agent)


@router.post("/v1/escalations/{issue_id}/claim", response_model=m.Escalation)
def claim_escalation(
    issue_id: Id, request: Request, agent: CurrentAgent, ctx: Ctx, key: IdemKey
) -> JSONResponse:
    """Take it (the first claim wins): the acknowledgement the SLA measures."""
    return _keyed(
        ctx,
        agent.id,
        key,
        request,
        None,
        lambda s: escalations.claim(s, ctx.settings, agent, issue_id).model_dump(mode="json"),
        scoped=True,  # the escalation's row is locked (escalations._working)
    )


@router.post("/v1/escalations/{issue_id}/reply", response_model=m.Escalation)
def reply_to_escalation(
    issue_id: Id,
    body: m.EscalationNote,
    request: Request,
    agent: CurrentAgent,
    ctx: Ctx,
    key: IdemKey,
) -> JSONResponse:
    """A note on the account for the advisor who escalated; claims it if unclaimed."""
    return _keyed(
        ctx,
        agent.id,
        key,
        request,
        body.model_dump(mode="json"),
        lambda s: escalations.reply(s, ctx.settings, agent, issue_id, body).model_dump(mode="json"),
        scoped=True,
    )


@router.post("/v1/escalations/{issue_id}/resolve", response_model=m.Escalation)
def resolve_escalation(
    issue_id: Id,
    body: m.EscalationNote,
    request: Request,
    agent: CurrentAgent,
    ctx: Ctx,
    key: IdemKey,
) -> JSONResponse:
    """Resolve it with a clinical note; the advisor who escalated sees the outcome."""
    return _keyed(
        ctx,
        agent.id,
        key,
        request,
        body.model_dump(mode="json"),
        lambda s: escalations.resolve(s, ctx.settings, agent, issue_id, body).model_dump(
            mode="json"
        ),
        scoped=True,
    )


@router.get("/v1/appointments", response_model=m.Diary)
def diary(
    agent: CurrentAgent,
    ctx: Ctx,
    start: Annotated[date | None, Query(description="First day; today when absent")] = None,
    days: Annotated[int, Query(ge=1, le=appointments.MAX_DAYS)] = 1,
) -> m.Diary:
    """This pharmacist's slots, free and booked, for a day or a week."""
    with ctx.db.reader() as session:
        return appointments.diary(session, agent, start or utcnow().date(), days)


@router.post("/v1/appointments/{appointment_id}/status", response_model=m.BookedAppointment)
def appointment_status(
    appointment_id: Id,
    body: m.AppointmentChange,
    request: Request,
    agent: CurrentAgent,
    ctx: Ctx,
    key: IdemKey,
) -> JSONResponse:
    """Done, no-show or cancelled (a cancelled one frees its slot)."""
    return _keyed(
        ctx,
        agent.id,
        key,
        request,
        body.model_dump(mode="json"),
        lambda s: appointments.set_status(s, agent, appointment_id, body).model_dump(mode="json"),
    )


@router.post("/v1/appointments/{appointment_id}/move", response_model=m.BookedAppointment)
def move_appointment(
    appointment_id: Id,
    body: m.AppointmentMove,
    request: Request,
    agent: CurrentAgent,
    ctx: Ctx,
    key: IdemKey,
) -> JSONResponse:
    """To another free slot; 409 slot_taken when someone booked it first."""
    return _keyed(
        ctx,
        agent.id,
        key,
        request,
        body.model_dump(mode="json"),
        lambda s: appointments.move(s, agent, appointment_id, body).model_dump(mode="json"),
    )


@router.post("/v1/appointments/{appointment_id}/open", response_model=m.Conversation)
def open_appointment(
    appointment_id: Id, request: Request, agent: CurrentAgent, ctx: Ctx, key: IdemKey
) -> JSONResponse:
    """The conversation to call the patient in, verified by the booking (audited)."""

    def apply(session: Session) -> dict[str, Any]:
        conv = appointments.open_conversation(session, ctx.settings, agent, appointment_id)
        return to_wire(session, conv, ctx.settings).model_dump(mode="json")

    return _keyed(ctx, agent.id, key, request, None, apply)


@router.post("/v1/appointments/{appointment_id}/dial", response_model=m.DialResult)
def dial_patient(
    appointment_id: Id, request: Request, agent: CurrentAgent, ctx: Ctx, key: IdemKey
) -> JSONResponse:
    """Click-to-call through Aircall; 409 dial_not_configured when there is no dialling API.

    Aircall is called outside any transaction (it may take seconds), and only for a key not
    seen before; the dial is then audited and its answer kept under the key."""
    request_hash = idempotency.body_hash("POST", request.url.path, None)
    earlier = idempotency.replayed(ctx, agent.id, key, request_hash)
    if earlier is not None:
        return earlier
    with ctx.db.reader() as session:
        number = appointments.patient_number(session, agent, appointment_id)
    result = telephony.dial(ctx.settings, agent, number)

    def record(session: Session) -> tuple[int, dict[str, Any]]:
        audit(session, "appointment.dialled", agent_id=agent.id, appointment_id=appointment_id)
        return 200, result.model_dump(mode="json")

    return idempotency.run(ctx, agent.id, key, request_hash, record)
