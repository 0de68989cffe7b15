"""Click-to-call through the telephony provider: Aircall's ``POST /v1/users/:id/dial`` puts the
number in the agent's Aircall phone app, ready to call (the agent stays in control; the call then
arrives as a conversation through the usual webhooks). Without API credentials the server says
so (409 ``dial_not_configured``) and the desk dials through a ``tel:`` link instead."""

from __future__ import annotations

import logging

import httpx

from backend_client import models as m
from server.core.config import Settings
from server.core.errors import ApiError
from server.core.orm import Agent

log = logging.getLogger("caredesk.server.telephony")
TIMEOUT = 10.0


def dial(settings: Settings, agent: Agent, number: str) -> m.DialResult:
    if not (settings.aircall_api_id and settings.aircall_api_token):
        raise ApiError(
            409,
            "dial_not_configured",
            "This contact centre has no dialling API: dial from your softphone.",
        )
    if not agent.telephony_user_id:
        raise ApiError(
            409,
            "no_telephony_user",
            "Your CareDesk user has no Aircall user: dial from your softphone.",
        )
    try:
        with httpx.Client(
            base_url=settings.aircall_api_url,
            auth=(settings.aircall_api_id, settings.aircall_api_token),
            timeout=TIMEOUT,
        ) as client:
            reply = client.post(f"/v1/users/{agent.telephony_user_id}/dial", json={"to": number})
    except httpx.HTTPError as exc:
        log.warning("Aircall dial failed: %s", type(exc).__name__)
        raise ApiError(
            502, "dial_unreachable", "Aircall could not be reached. Try again."
        ) from None
    if not reply.is_success:
        log.warning("Aircall refused to dial: HTTP %s", reply.status_code)
        raise ApiError(502, "dial_refused", f"Aircall refused to dial (HTTP {reply.status_code}).")
    return m.DialResult(via="aircall", number=number)
