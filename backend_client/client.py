# Longer than 400 lines: one method per endpoint over one transport (by resource: next).
"""``CareDeskClient``: the typed async client of the CareDesk API, on ``httpx.AsyncClient``."""

from __future__ import annotations

import asyncio
import datetime
import email.utils
import json
import random
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from dataclasses import dataclass
from types import TracebackType
from typing import Any, TypeVar

import httpx
import pydantic
from httpx_sse import EventSource

from backend_client import errors
from backend_client import models as m

T = TypeVar("T", bound=pydantic.BaseModel)
Sleep = Callable[[float], Awaitable[None]]

RETRY_STATUSES = frozenset({429, 502, 503, 504})
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


@dataclass(frozen=True)
class StreamStatus:
    """The event stream's health, for a status bar: live, or reconnecting in ``retry_in`` s."""

    live: bool
    retry_in: float | None = None
    error: str | None = None
    attempt: int = 0


@dataclass(frozen=True)
class RetryPolicy:
    max_retries: int = 3
    backoff_base: float = 0.25
    backoff_max: float = 8.0
    # A Retry-After longer than this is not slept through: the caller hears of it at once.
    max_retry_after: float = 10.0

    def delay(self, attempt: int, retry_after: float | None = None) -> float:
        """Full jitter, exponential, capped; never sooner than the server asked."""
        ceiling = min(self.backoff_max, self.backoff_base * (2**attempt))
        jittered = random.uniform(ceiling / 2, ceiling)  # noqa: S311 - jitter, not a secret
        return max(jittered, retry_after or 0.0)


def _retry_after(response: httpx.Response) -> float | None:
    """Seconds the server asked us to wait (delta-seconds or an HTTP date); a header that is
    neither is a :class:`errors.ProtocolError`, not a crash."""
    value = response.headers.get("retry-after")
    if not value:
        return None
    try:
        seconds = float(value)
    except ValueError:
        try:
            parsed = email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError) as exc:
            raise errors.ProtocolError(
                f"The server sent a Retry-After that is neither seconds nor a date: {value[:40]!r}"
            ) from exc
        if parsed.tzinfo is None:  # RFC 9110 dates are GMT
            parsed = parsed.replace(tzinfo=datetime.UTC)
        return max(0.0, parsed.timestamp() - time.time())
    if seconds != seconds or seconds in (float("inf"), float("-inf")):  # NaN or infinite
        raise errors.ProtocolError(f"The server sent an unusable Retry-After: {value[:40]!r}")
    return max(0.0, seconds)


def _error_from(response: httpx.Response) -> errors.APIStatusError:
    status = response.status_code
    code, message, request_id, fields = "error", f"The server answered {status}.", None, None
    body: Any = None
    try:
        body = response.json()
        detail = m.ErrorBody.model_validate(body).error
        code, message, request_id, fields = (
            detail.code,
            detail.message,
            detail.request_id,
            detail.fields,
        )
    except (ValueError, pydantic.ValidationError):
        if status >= 500:
            message = "The server had a problem. Try again in a moment."
    cls = errors.error_class(status)
    kwargs: dict[str, Any] = {
        "status_code": status,
        "code": code,
        "request_id": request_id,
        "fields": fields,
        "body": body,
    }
    if cls is errors.ThrottledError:
        return errors.ThrottledError(message, retry_after=_retry_after(response), **kwargs)
    return cls(message, **kwargs)


class CareDeskClient:
    """One advisor's session with the server.

    Every call returns a pydantic model or raises a :mod:`backend_client.errors` exception.
    Safe calls are retried on connection errors, timeouts, 429 and 502–504; mutating calls are
    retried only with an idempotency key, which the client makes once per call and reuses for
    every retry, so a retry can never apply an action twice. A 401 refreshes the tokens once.
    """

    def __init__(
        self,
        base_url: str,
        *,
        transport: httpx.AsyncBaseTransport | None = None,
        timeout: float = 10.0,
        retry: RetryPolicy | None = None,
        refresh_token: str | None = None,
        on_tokens: Callable[[m.TokenPair | None], None] | None = None,
        sleep: Sleep = asyncio.sleep,
        stream_read_timeout: float = 40.0,
    ) -> None:
        self._http = httpx.AsyncClient(
            base_url=base_url.rstrip("/"),
            transport=transport,
            timeout=httpx.Timeout(timeout, connect=min(timeout, 5.0)),
            headers={"User-Agent": "caredesk-client/0.1", "Accept": "application/json"},
        )
        self.retry = retry or RetryPolicy()
        self._access: str | None = None
        self._refresh: str | None = refresh_token
        self._on_tokens = on_tokens
        self._refresh_lock = asyncio.Lock()
        self._sleep = sleep
        self._stream_read_timeout = stream_read_timeout

    @property
    def base_url(self) -> str:
        return str(self._http.base_url)

    @property
    def signed_in(self) -> bool:
        return self._access is not None or self._refresh is not None

    @property
    def refresh_token(self) -> str | None:
        return self._refresh

    async def aclose(self) -> None:
        await self._http.aclose()

    async def __aenter__(self) -> CareDeskClient:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()

    # --- transport ------------------------------------------------------------------------

    def _set_tokens(self, pair: m.TokenPair | None) -> None:
        self._access = pair.access_token if pair else None
        self._refresh = pair.refresh_token if pair else None
        if self._on_tokens is not None:
            self._on_tokens(pair)

    def _auth_headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self._access}"} if self._access else {}

    async def _send_once(
        self,
        method: str,
        path: str,
        *,
        json_body: Any,
        params: Mapping[str, Any] | None,
        headers: dict[str, str],
    ) -> httpx.Response:
        try:
            return await self._http.request(
                method, path, json=json_body, params=params, headers=headers
            )
        except httpx.TimeoutException as exc:
            raise errors.APITimeoutError("The server did not answer in time.") from exc
        except httpx.TransportError as exc:
            raise errors.APIConnectionError("The server cannot be reached.") from exc

    async def _refresh_tokens(self, stale_access: str | None) -> bool:
        """Refresh once for all callers that saw the same stale token."""
        async with self._refresh_lock:
            if self._access != stale_access and self._access is not None:
                return True  # another caller refreshed meanwhile
            if self._refresh is None:
                return False
            response = await self._send_once(
                "POST",
                "/v1/auth/refresh",
                json_body={"refresh_token": self._refresh},
                params=None,
                headers={},
            )
            if response.status_code != 200:
                if response.status_code in (400, 401, 422):
                    self._set_tokens(None)
                    return False
                raise _error_from(response)
            self._set_tokens(_parse(m.TokenPair, response))
            return True

    async def _request(
        self,
        method: str,
        path: str,
        model: type[T] | None,
        *,
        json_body: Any = None,
        params: Mapping[str, Any] | None = None,
        idempotency_key: str | None = None,
        auth: bool = True,
        extra_headers: Mapping[str, str] | None = None,
    ) -> T | None:
        retryable = method in SAFE_METHODS or idempotency_key is not None
        refreshed = False
        attempt = 0
        while True:
            headers = dict(extra_headers or {})
            sent_access = self._access  # what this attempt carried; compared on a 401
            if auth:
                headers |= self._auth_headers()
            if idempotency_key is not None:
                headers["Idempotency-Key"] = idempotency_key
            try:
                response = await self._send_once(
                    method, path, json_body=json_body, params=params, headers=headers
                )
            except errors.APIConnectionError:
                if not retryable or attempt >= self.retry.max_retries:
                    raise
                await self._sleep(self.retry.delay(attempt))
                attempt += 1
                continue
            if response.status_code == 401 and auth and not refreshed and self._refresh:
                refreshed = True
                if await self._refresh_tokens(sent_access):
                    continue
            if (
                response.status_code in RETRY_STATUSES
                and retryable
                and attempt < self.retry.max_retries
            ):
                wait = _retry_after(response)
                if wait is None or wait <= self.retry.max_retry_after:
                    await self._sleep(self.retry.delay(attempt, wait))
                    attempt += 1
                    continue
            if response.status_code >= 400:
                raise _error_from(response)
            if model is None:
                return None
            return _parse(model, response)

    async def _get(self, path: str, model: type[T], params: Mapping[str, Any] | None = None) -> T:
        result = await self._request("GET", path, model, params=params)
        assert result is not None
        return result

    async def _post(
        self,
        path: str,
        model: type[T],
        body: Any = None,
        *,
        idempotency_key: str | None = None,
        params: Mapping[str, Any] | None = None,
    ) -> T:
        key = idempotency_key or uuid.uuid4().hex
        result = await self._request(
            "POST", path, model, json_body=body, idempotency_key=key, params=params
        )
        assert result is not None
        return result

    # --- auth -----------------------------------------------------------------------------

    async def login(self, username: str, password: str) -> m.TokenPair:
        body = m.LoginRequest(username=username, password=password).model_dump()
        result = await self._request(
            "POST", "/v1/auth/login", m.TokenPair, json_body=body, auth=False
        )
        assert result is not None
        self._set_tokens(result)
        return result

    async def resume(self, refresh_token: str | None = None) -> bool:
        """Silent sign-in with a stored refresh token (this one, or the one the client was
        made with); False when it is no longer valid."""
        if refresh_token is not None:
            self._refresh = refresh_token
        return await self._refresh_tokens(None)

    async def logout(self) -> None:
        try:
            if self._access or self._refresh:
                if self._access is None:
                    await self._refresh_tokens(None)
                await self._request(
                    "POST",
                    "/v1/auth/logout",
                    None,
                    json_body=m.LogoutRequest(refresh_token=self._refresh).model_dump(),
                )
        finally:
            self._set_tokens(None)

    async def me(self) -> m.Me:
        return await self._get("/v1/me", m.Me)

    async def confirm_password(self, password: str) -> None:
        """Prove the signed-in agent is still at the desk (idle unlock); 401 when wrong."""
        await self._request(
            "POST",
            "/v1/auth/confirm",
            None,
            json_body=m.ConfirmPassword(password=password).model_dump(),
            idempotency_key=uuid.uuid4().hex,
        )

    async def set_availability(
        self, availability: m.Availability, *, idempotency_key: str | None = None
    ) -> m.AgentPresence:
        return await self._post(
            "/v1/me/availability",
            m.AgentPresence,
            m.AvailabilityRequest(availability=availability).model_dump(mode="json"),
            idempotency_key=idempotency_key,
        )

    async def pharmacists(self) -> m.PharmacistList:
        """Who an escalation can name (create_issue's ``pharmacist``)."""
        return await self._get("/v1/pharmacists", m.PharmacistList)

    async def agents(self) -> m.AgentPresenceList:
        """The floor (leads only)."""
        return await self._get("/v1/agents", m.AgentPresenceList)

    async def health(self) -> m.Health:
        result = await self._request("GET", "/v1/health", m.Health, auth=False)
        assert result is not None
        return result

    # --- conversations --------------------------------------------------------------------

    async def conversations(self, *, include_recent: bool = False) -> m.ConversationList:
        params = {"include_recent": "true"} if include_recent else None
        return await self._get("/v1/conversations", m.ConversationList, params)

    async def conversation(self, conversation_id: str) -> m.Conversation:
        return await self._get(f"/v1/conversations/{conversation_id}", m.Conversation)

    async def open_conversation(
        self, body: m.NewConversation, *, idempotency_key: str | None = None
    ) -> m.Conversation:
        return await self._post(
            "/v1/conversations",
            m.Conversation,
            body.model_dump(mode="json"),
            idempotency_key=idempotency_key,
        )

    async def answer(self, conversation_id: str) -> m.Conversation:
        return await self._post(f"/v1/conversations/{conversation_id}/answer", m.Conversation)

    async def wrap_up(self, conversation_id: str) -> m.Conversation:
        return await self._post(f"/v1/conversations/{conversation_id}/wrap-up", m.Conversation)

    async def close(
        self,
        conversation_id: str,
        disposition: str | None = None,
        note: str = "",
        *,
        idempotency_key: str | None = None,
    ) -> m.Conversation:
        """Close a conversation; one an agent answered needs a disposition (a configured code)."""
        body = (
            m.CloseRequest(disposition=disposition, note=note).model_dump(mode="json")
            if disposition is not None
            else None
        )
        return await self._post(
            f"/v1/conversations/{conversation_id}/close",
            m.Conversation,
            body,
            idempotency_key=idempotency_key,
        )

    async def transfer(
        self, conversation_id: str, body: m.TransferRequest, *, idempotency_key: str | None = None
    ) -> m.ActionResult:
        return await self._post(
            f"/v1/conversations/{conversation_id}/transfer",
            m.ActionResult,
            body.model_dump(mode="json", exclude_none=True),
            idempotency_key=idempotency_key,
        )

    # --- challenge ------------------------------------------------------------------------

    async def challenge_questions(
        self, conversation_id: str, caller_type: m.CallerType = m.CallerType.PATIENT
    ) -> m.ChallengeQuestions:
        return await self._get(
            f"/v1/conversations/{conversation_id}/challenge",
            m.ChallengeQuestions,
            {"caller_type": caller_type.value},
        )

    async def submit_challenge(
        self, conversation_id: str, body: m.ChallengeAnswers, *, idempotency_key: str | None = None
    ) -> m.ChallengeResult:
        return await self._post(
            f"/v1/conversations/{conversation_id}/challenge",
            m.ChallengeResult,
            body.model_dump(mode="json"),
            idempotency_key=idempotency_key,
        )

    async def confirm_callback(self, conversation_id: str) -> m.ChallengeResult:
        return await self._post(
            f"/v1/conversations/{conversation_id}/challenge/callback",
            m.ChallengeResult,
            m.CallbackConfirmation(called_registered_number=True).model_dump(),
        )

    async def unlock(self, conversation_id: str) -> m.Conversation:
        return await self._post(f"/v1/conversations/{conversation_id}/unlock", m.Conversation)

    # --- accounts -------------------------------------------------------------------------

    async def snapshot(self, account_id: str, conversation_id: str) -> m.Snapshot:
        return await self._get(
            f"/v1/accounts/{account_id}/snapshot", m.Snapshot, {"conversation_id": conversation_id}
        )

    async def history(self, account_id: str, conversation_id: str) -> m.History:
        return await self._get(
            f"/v1/accounts/{account_id}/history", m.History, {"conversation_id": conversation_id}
        )

    async def run_action(
        self,
        action: str,
        body: m.ActionRequest,
        *,
        account_id: str | None = None,
        idempotency_key: str | None = None,
    ) -> m.ActionResult:
        """Run a server action; on an account when ``account_id`` is given, else on the
        conversation alone (for actions that need no verified caller)."""
        path = (
            f"/v1/accounts/{account_id}/actions/{action}"
            if account_id is not None
            else f"/v1/conversations/{body.conversation_id}/actions/{action}"
        )
        return await self._post(
            path, m.ActionResult, body.model_dump(mode="json"), idempotency_key=idempotency_key
        )

    async def ask_for_refund(
        self, account_id: str, body: m.NewRefundRequest, *, idempotency_key: str | None = None
    ) -> m.RefundRequest:
        """Ask a lead for a refund above this advisor's limit."""
        return await self._post(
            f"/v1/accounts/{account_id}/refund-requests",
            m.RefundRequest,
            body.model_dump(mode="json"),
            idempotency_key=idempotency_key,
        )

    async def refund_requests(self) -> m.RefundRequestList:
        """Pending refund requests (leads)."""
        return await self._get("/v1/refund-requests", m.RefundRequestList)

    async def decide_refund(
        self,
        request_id: str,
        approve: bool,
        note: str = "",
        *,
        idempotency_key: str | None = None,
    ) -> m.RefundRequest:
        verb = "approve" if approve else "decline"
        return await self._post(
            f"/v1/refund-requests/{request_id}/{verb}",
            m.RefundRequest,
            m.RefundDecision(note=note).model_dump(mode="json"),
            idempotency_key=idempotency_key,
        )

    # --- the lead's floor and figures --------------------------------------------------------

    async def floor(self) -> m.Floor:
        """What waits for an agent or a lead, and who is on what (leads)."""
        return await self._get("/v1/floor", m.Floor)

    async def stats(
        self, period: m.StatsPeriod = m.StatsPeriod.TODAY, day: datetime.date | None = None
    ) -> m.Stats:
        """KPIs of a day, or of the 7 days ending with ``day`` (leads)."""
        params = {"period": period.value}
        if day is not None:
            params["day"] = day.isoformat()
        return await self._get("/v1/stats", m.Stats, params)

    async def clear_challenge_lock(
        self, account_id: str, *, idempotency_key: str | None = None
    ) -> m.ChallengeLockCleared:
        """A lead clears an account's challenge lock (after repeated failed challenges)."""
        return await self._post(
            f"/v1/accounts/{account_id}/challenge/unlock",
            m.ChallengeLockCleared,
            idempotency_key=idempotency_key,
        )

    # --- the pharmacist's desk ---------------------------------------------------------------

    async def escalations(self) -> m.EscalationList:
        """The pharmacy team's open and claimed escalations, oldest first (pharmacists)."""
        return await self._get("/v1/escalations", m.EscalationList)

    async def claim_escalation(
        self, issue_id: str, *, idempotency_key: str | None = None
    ) -> m.Escalation:
        return await self._post(
            f"/v1/escalations/{issue_id}/claim", m.Escalation, idempotency_key=idempotency_key
        )

    async def reply_to_escalation(
        self, issue_id: str, text: str, *, idempotency_key: str | None = None
    ) -> m.Escalation:
        return await self._post(
            f"/v1/escalations/{issue_id}/reply",
            m.Escalation,
            m.EscalationNote(text=text).model_dump(mode="json"),
            idempotency_key=idempotency_key,
        )

    async def resolve_escalation(
        self, issue_id: str, text: str, *, idempotency_key: str | None = None
    ) -> m.Escalation:
        return await self._post(
            f"/v1/escalations/{issue_id}/resolve",
            m.Escalation,
            m.EscalationNote(text=text).model_dump(mode="json"),
            idempotency_key=idempotency_key,
        )

    async def diary(self, start: datetime.date | None = None, days: int = 1) -> m.Diary:
        """This pharmacist's appointment slots from ``start`` (today) for ``days`` days."""
        params: dict[str, str] = {"days": str(days)}
        if start is not None:
            params["start"] = start.isoformat()
        return await self._get("/v1/appointments", m.Diary, params)

    async def set_appointment_status(
        self, appointment_id: str, status: str, *, idempotency_key: str | None = None
    ) -> m.BookedAppointment:
        return await self._post(
            f"/v1/appointments/{appointment_id}/status",
            m.BookedAppointment,
            {"status": status},
            idempotency_key=idempotency_key,
        )

    async def move_appointment(
        self,
        appointment_id: str,
        starts_at: datetime.datetime,
        *,
        idempotency_key: str | None = None,
    ) -> m.BookedAppointment:
        return await self._post(
            f"/v1/appointments/{appointment_id}/move",
            m.BookedAppointment,
            m.AppointmentMove(starts_at=starts_at).model_dump(mode="json"),
            idempotency_key=idempotency_key,
        )

    async def dial_appointment(
        self, appointment_id: str, *, idempotency_key: str | None = None
    ) -> m.DialResult:
        """Have the telephony provider dial the patient (ConflictError: no dialling API)."""
        return await self._post(
            f"/v1/appointments/{appointment_id}/dial",
            m.DialResult,
            idempotency_key=idempotency_key,
        )

    # --- texts (SMS conversations) -----------------------------------------------------------

    async def text_thread(self, conversation_id: str) -> m.TextThread:
        return await self._get(f"/v1/conversations/{conversation_id}/texts", m.TextThread)

    async def quick_responses(
        self, conversation_id: str, language: str = "en"
    ) -> m.QuickResponseList:
        return await self._get(
            f"/v1/conversations/{conversation_id}/quick-responses",
            m.QuickResponseList,
            params={"language": language},
        )

    async def send_text(
        self,
        conversation_id: str,
        *,
        text: str | None = None,
        quick_response: str | None = None,
        language: str = "en",
        idempotency_key: str | None = None,
    ) -> m.Text:
        """Reply in an SMS conversation: free text, or a quick response by id."""
        body = m.NewText(text=text, quick_response=quick_response, language=language)
        return await self._post(
            f"/v1/conversations/{conversation_id}/texts",
            m.Text,
            body.model_dump(mode="json", exclude_none=True),
            idempotency_key=idempotency_key,
        )

    async def send_app_link(
        self, conversation_id: str, *, idempotency_key: str | None = None
    ) -> m.Text:
        return await self._post(
            f"/v1/conversations/{conversation_id}/app-link", m.Text, idempotency_key=idempotency_key
        )

    async def dial_conversation(
        self, conversation_id: str, *, idempotency_key: str | None = None
    ) -> m.DialResult:
        """Call the number of a text conversation (ConflictError: no dialling API)."""
        return await self._post(
            f"/v1/conversations/{conversation_id}/dial",
            m.DialResult,
            idempotency_key=idempotency_key,
        )

    # --- enquiries -------------------------------------------------------------------------

    async def enquiries(self) -> m.EnquiryList:
        return await self._get("/v1/enquiries", m.EnquiryList)

    async def open_enquiry(self, enquiry_id: str) -> m.Enquiry:
        """The whole enquiry; the first opening marks it read."""
        result = await self._request(
            "POST", f"/v1/enquiries/{enquiry_id}/open", m.Enquiry, idempotency_key=uuid.uuid4().hex
        )
        assert result is not None
        return result

    async def answer_enquiry(
        self,
        enquiry_id: str,
        channel: m.AnswerChannel,
        text: str,
        *,
        idempotency_key: str | None = None,
    ) -> m.Enquiry:
        """ConflictError ``already_answered`` when someone answered first."""
        return await self._post(
            f"/v1/enquiries/{enquiry_id}/answer",
            m.Enquiry,
            m.EnquiryAnswer(channel=channel, text=text).model_dump(mode="json"),
            idempotency_key=idempotency_key,
        )

    async def reject_enquiry(
        self, enquiry_id: str, reason: str, *, idempotency_key: str | None = None
    ) -> m.Enquiry:
        return await self._post(
            f"/v1/enquiries/{enquiry_id}/reject",
            m.Enquiry,
            m.EnquiryRejection(reason=reason).model_dump(mode="json"),
            idempotency_key=idempotency_key,
        )

    async def set_out_of_office(
        self, team: str, message: str, until: datetime.datetime | None
    ) -> m.TeamOutOfOffice:
        result = await self._request(
            "PUT",
            f"/v1/teams/{team}/out-of-office",
            m.TeamOutOfOffice,
            json_body=m.OutOfOffice(message=message, until=until).model_dump(mode="json"),
            idempotency_key=uuid.uuid4().hex,
        )
        assert result is not None
        return result

    async def open_appointment(
        self, appointment_id: str, *, idempotency_key: str | None = None
    ) -> m.Conversation:
        """The conversation to call the patient in, verified by the booking."""
        return await self._post(
            f"/v1/appointments/{appointment_id}/open",
            m.Conversation,
            idempotency_key=idempotency_key,
        )

    async def addresses(self, postcode: str) -> m.AddressList:
        """The addresses at a UK postcode (the desk's address lookup)."""
        return await self._get("/v1/addresses", m.AddressList, {"postcode": postcode})

    async def audit(self, *, before: int | None = None, limit: int = 100) -> m.AuditPage:
        params: dict[str, Any] = {"limit": limit}
        if before is not None:
            params["before"] = before
        return await self._get("/v1/audit", m.AuditPage, params)

    async def create_app_call_token(self, account_id: str, app_key: str) -> m.AppCallToken:
        """The patient app's call (the reference server's stand-in), keyed by the app's secret."""
        result = await self._request(
            "POST",
            "/v1/patient/app-call-tokens",
            m.AppCallToken,
            json_body=m.AppCallTokenRequest(account_id=account_id).model_dump(),
            auth=False,
            extra_headers={"Authorization": f"Bearer {app_key}"},
        )
        assert result is not None
        return result

    # --- the event stream -----------------------------------------------------------------

    async def events(
        self,
        after_id: int = 0,
        *,
        on_status: Callable[[StreamStatus], None] | None = None,
    ) -> AsyncIterator[m.Event]:
        """Every event of this agent's stream after ``after_id``, once each and in order.

        Reconnects after any drop with ``Last-Event-ID`` and jittered backoff, for as long as the
        caller iterates; raises only when signed out (auth) or the request is refused (4xx).
        """
        last = after_id
        attempt = 0
        timeout = httpx.Timeout(10.0, read=self._stream_read_timeout)

        def report(status: StreamStatus) -> None:
            if on_status is not None:
                on_status(status)

        while True:
            problem = "The connection dropped."
            asked_wait: float | None = None
            try:
                sent_access = self._access
                headers = {"Accept": "text/event-stream", **self._auth_headers()}
                if last:
                    headers["Last-Event-ID"] = str(last)
                async with self._http.stream(
                    "GET", "/v1/events", headers=headers, timeout=timeout
                ) as response:
                    expired = response.status_code == 401 and self._refresh is not None
                    if expired and await self._refresh_tokens(sent_access):
                        continue
                    if 400 <= response.status_code < 500 and response.status_code != 429:
                        await response.aread()
                        raise _error_from(response)  # signed out, or refused: not retried
                    if response.status_code != 200:
                        problem = f"The server answered {response.status_code}."
                        asked_wait = _retry_after(response)
                    else:
                        report(StreamStatus(live=True))
                        attempt = 0
                        async for sse in EventSource(response).aiter_sse():
                            if not sse.data or not sse.id:
                                continue
                            try:
                                event = m.Event.model_validate_json(sse.data)
                            except pydantic.ValidationError:
                                continue  # an event type from a newer server: skip, stay live
                            if event.id <= last:
                                continue
                            last = event.id
                            yield event
            except httpx.TimeoutException:
                problem = "No heartbeat from the server."
            except errors.APITimeoutError:
                problem = "The server did not answer in time."
            except errors.APIConnectionError:
                problem = "The server cannot be reached."
            except errors.APIStatusError as exc:
                if exc.status_code < 500 and exc.status_code != 429:
                    raise  # signed out (the refresh was refused), or a request the server refuses
                problem = f"The server answered {exc.status_code}."
            except errors.ProtocolError:
                problem = "The server sent something that is not an event stream."
            except (httpx.HTTPError, httpx.StreamError, ValueError):
                # A dropped connection, a body that is not an event stream (httpx-sse's error is
                # a TransportError), or bytes that do not decode: all worth another try.
                problem = "The connection dropped."
            delay = max(self.retry.delay(min(attempt, 6)), min(asked_wait or 0.0, 60.0))
            attempt += 1
            report(StreamStatus(live=False, retry_in=delay, error=problem, attempt=attempt))
            await self._sleep(delay)


def _parse(model: type[T], response: httpx.Response) -> T:
    try:
        return model.model_validate_json(response.content)
    except (pydantic.ValidationError, json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise errors.ProtocolError(
            f"The server's answer to {response.request.method} {response.request.url.path} "
            "is not what the contract says."
        ) from exc
