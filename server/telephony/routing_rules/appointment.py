"""A telephone appointment booked with a pharmacist about now: the call rings that pharmacist
(unless they are away), since the patient is calling for it."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from backend_client import models as m
from server.core.orm import Agent, Appointment
from server.telephony.routing_rules._base import Decision, Situation, telephony_user

NAME = "appointment"
ORDER = 10
EARLY = timedelta(minutes=30)  # a patient calling this early is calling for it
LATE = timedelta(minutes=30)


def decide(situation: Situation) -> Decision | None:
    if situation.account is None:
        return None
    booked = situation.session.scalars(
        select(Appointment)
        .where(
            Appointment.account_id == situation.account.id,
            Appointment.status == "booked",
            Appointment.starts_at >= situation.now - LATE,
            Appointment.starts_at <= situation.now + EARLY,
        )
        .order_by(Appointment.starts_at)
    )
    for appointment in booked:
        pharmacist = situation.session.get(Agent, appointment.pharmacist_id)
        if pharmacist is None or pharmacist.availability == m.Availability.AWAY.value:
            continue
        if telephony_user(situation.settings, pharmacist) is None:
            continue
        at = appointment.starts_at.strftime("%H:%M")
        reason = f"Appointment with {pharmacist.display_name} at {at} UTC."
        return Decision(NAME, reason, pharmacist)
    return None
