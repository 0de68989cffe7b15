"""The pharmacist's diary and its appointments: marked, moved, dialled, opened as a conversation."""

from __future__ import annotations

import datetime

from backend_client import models as m
from backend_client.resources import Resource


class Appointments(Resource):
    async def diary(self, start: datetime.date | None = None, days: int = 1) -> m.Diary:
        """This pharmacist's appointment slots from ``start`` (today) for ``days`` days."""
        params: dict[str, str] = {"days": str(days)}
        if start is not None:
            params["start"] = start.isoformat()
        return await self._client._get("/v1/appointments", m.Diary, params)

    async def set_status(
        self, appointment_id: str, status: str, *, idempotency_key: str | None = None
    ) -> m.BookedAppointment:
        return await self._client._post(
            f"/v1/appointments/{appointment_id}/status",
            m.BookedAppointment,
            {"status": status},
            idempotency_key=idempotency_key,
        )

    async def move(
        self,
        appointment_id: str,
        starts_at: datetime.datetime,
        *,
        idempotency_key: str | None = None,
    ) -> m.BookedAppointment:
        return await self._client._post(
            f"/v1/appointments/{appointment_id}/move",
            m.BookedAppointment,
            m.AppointmentMove(starts_at=starts_at).model_dump(mode="json"),
            idempotency_key=idempotency_key,
        )

    async def dial(
        self, appointment_id: str, *, idempotency_key: str | None = None
    ) -> m.DialResult:
        """Have the telephony provider dial the patient (ConflictError: no dialling API)."""
        return await self._client._post(
            f"/v1/appointments/{appointment_id}/dial",
            m.DialResult,
            idempotency_key=idempotency_key,
        )

    async def open(
        self, appointment_id: str, *, idempotency_key: str | None = None
    ) -> m.Conversation:
        """The conversation to call the patient in, verified by the booking."""
        return await self._client._post(
            f"/v1/appointments/{appointment_id}/open",
            m.Conversation,
            idempotency_key=idempotency_key,
        )
