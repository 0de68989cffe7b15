"""The pharmacy app's backend's own calls, keyed by the patient-app key (the reference server's
stand-in)."""

from __future__ import annotations

from backend_client import models as m
from backend_client.resources import Resource


class PatientApp(Resource):
    async def create_call_token(self, account_id: str, app_key: str) -> m.AppCallToken:
        """The patient app's call (the reference server's stand-in), keyed by the app's secret."""
        result = await self._client._request(
            "POST",
            "/v1/patient/app-call-tokens",
            m.AppCallToken,
            json_body=m.AppCallTokenRequest(account_id=account_id).model_dump(),
            auth=False,
            extra_headers={"Authorization": f"Bearer {app_key}"},
        )
        assert result is not None
        return result
