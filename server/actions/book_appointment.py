"""Book a telephone appointment with a pharmacist in the first free slot of the chosen day."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Annotated

from pydantic import Field
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from server.actions import Action, ActionContext, Inputs, Outcome
from server.core.errors import ApiError
from server.core.orm import Agent, Appointment, new_id
from server.pharmacy import appointments
from server.pharmacy.appointments import OPENING, SLOT


class BookAppointment(Inputs):
    day: date
    reason: Annotated[str, Field(min_length=3, max_length=1000)]


def apply(ctx: ActionContext, inputs: BookAppointment) -> Outcome:
    account = ctx.require_account()
    if inputs.day < ctx.now.date() or inputs.day > ctx.now.date() + timedelta(days=60):
        raise ApiError(
            422,
            "day_out_of_range",
            "Choose a day from today up to 60 days ahead.",
            fields={"day": "today to 60 days ahead"},
        )
    if inputs.day.weekday() >= 5:
        raise ApiError(
            422,
            "weekend",
            "Pharmacists take appointments on weekdays.",
            fields={"day": "a weekday"},
        )
    pharmacists = [
        a for a in ctx.session.scalars(select(Agent).order_by(Agent.id)) if "pharmacist" in a.roles
    ]
    start = datetime.combine(inputs.day, OPENING[0], UTC)
    end = datetime.combine(inputs.day, OPENING[1], UTC)
    taken = {
        (a.pharmacist_id, a.starts_at)
        for a in ctx.session.scalars(
            select(Appointment).where(
                Appointment.starts_at >= start,
                Appointment.starts_at < end,
                Appointment.status != "cancelled",
            )
        )
    }
    slot = max(start, ctx.now + SLOT) if inputs.day == ctx.now.date() else start
    slot = start + ((slot - start + SLOT - timedelta(microseconds=1)) // SLOT) * SLOT
    while slot < end:
        for pharmacist in pharmacists:
            if (pharmacist.id, slot) not in taken:
                booking = Appointment(
                    id=new_id("apt"),
                    account_id=account.id,
                    pharmacist_id=pharmacist.id,
                    starts_at=slot,
                    minutes=15,
                    reason=inputs.reason,
                    status="booked",
                    created_at=ctx.now,
                )
                try:
                    # The unique (pharmacist, slot) index decides a race: the loser tries on.
                    with ctx.session.begin_nested():
                        ctx.session.add(booking)
                        ctx.session.flush()
                except IntegrityError:
                    taken.add((pharmacist.id, slot))
                    continue
                appointments.announce(ctx.session, booking)
                return Outcome(
                    summary=f"Booked {slot:%a %d %b %H:%M} with {pharmacist.display_name}",
                    data={
                        "appointment_id": booking.id,
                        "starts_at": slot.isoformat(),
                        "pharmacist": pharmacist.display_name,
                    },
                )
        slot += SLOT
    raise ApiError(
        409, "fully_booked", f"No free pharmacist slot on {inputs.day:%A %d %B}. Try another day."
    )


ACTION = Action(
    name="book_appointment",
    title="Book a pharmacist appointment",
    inputs=BookAppointment,
    apply=apply,
)
