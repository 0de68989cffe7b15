"""The enquiry inbox: listed, opened, answered once or rejected, and a team's out-of-office
reply."""

from __future__ import annotations

import datetime
import uuid

from backend_client import models as m
from backend_client.resources import Resource


class Enquiries(Resource):
    async def list(self) -> m.EnquiryList:
        return await self._client._get("/v1/enquiries", m.EnquiryList)

    async def open(self, enquiry_id: str) -> m.Enquiry:
        """The whole enquiry; the first opening marks it read."""
        result = await self._client._request(
            "POST", f"/v1/enquiries/{enquiry_id}/open", m.Enquiry, idempotency_key=uuid.uuid4().hex
        )
        assert result is not None
        return result

    async def answer(
        self,
        enquiry_id: str,
        channel: m.AnswerChannel,
        text: str,
        *,
        idempotency_key: str | None = None,
    ) -> m.Enquiry:
        """ConflictError ``already_answered`` when someone answered first."""
        return await self._client._post(
            f"/v1/enquiries/{enquiry_id}/answer",
            m.Enquiry,
            m.EnquiryAnswer(channel=channel, text=text).model_dump(mode="json"),
            idempotency_key=idempotency_key,
        )

    async def reject(
        self, enquiry_id: str, reason: str, *, idempotency_key: str | None = None
    ) -> m.Enquiry:
        return await self._client._post(
            f"/v1/enquiries/{enquiry_id}/reject",
            m.Enquiry,
            m.EnquiryRejection(reason=reason).model_dump(mode="json"),
            idempotency_key=idempotency_key,
        )

    async def set_out_of_office(
        self, team: str, message: str, until: datetime.datetime | None
    ) -> m.TeamOutOfOffice:
        result = await self._client._request(
            "PUT",
            f"/v1/teams/{team}/out-of-office",
            m.TeamOutOfOffice,
            json_body=m.OutOfOffice(message=message, until=until).model_dump(mode="json"),
            idempotency_key=uuid.uuid4().hex,
        )
        assert result is not None
        return result
