"""``CareDeskClient``: the typed async client of the CareDesk API, on ``httpx.AsyncClient``.

The client is the transport (the session's tokens, retries, the one refresh on 401, typed
errors) and signs in and out; its calls are grouped by resource (``client.conversations.list()``,
``client.enquiries.answer(…)``), one module each in ``backend_client/resources/``."""

from __future__ import annotations

import asyncio
import ssl
import uuid
from collections.abc import Callable, Mapping
from types import TracebackType
from typing import Any

import httpx

from backend_client import errors
from backend_client import models as m
from backend_client._http import (
    RETRY_STATUSES,
    SAFE_METHODS,
    RetryPolicy,
    Sleep,
    T,
    _error_from,
    _parse,
    _retry_after,
)
from backend_client.resources.accounts import Accounts
from backend_client.resources.actions import Actions
from backend_client.resources.agents import Agents
from backend_client.resources.appointments import Appointments
from backend_client.resources.audit import Audit
from backend_client.resources.callbacks import Callbacks
from backend_client.resources.challenge import Challenge
from backend_client.resources.conversations import Conversations
from backend_client.resources.enquiries import Enquiries
from backend_client.resources.escalations import Escalations
from backend_client.resources.events import Events
from backend_client.resources.floor import Floor
from backend_client.resources.knowledge import Knowledge
from backend_client.resources.patient_app import PatientApp
from backend_client.resources.refunds import Refunds
from backend_client.resources.texts import Texts


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
        tls: ssl.SSLContext | None = None,
    ) -> None:
        self._http = httpx.AsyncClient(
            base_url=base_url.rstrip("/"),
            transport=transport,
            # httpx makes a context of its own defaults (certifi, SSL_CERT_FILE, SSL_CERT_DIR)
            # unless it is given one: ``httpx.create_ssl_context()`` made once and shared.
            verify=tls if tls is not None else True,
            timeout=httpx.Timeout(timeout, connect=min(timeout, 5.0)),
            headers={"User-Agent": "caredesk-client/0.1", "Accept": "application/json"},
        )
        self.retry = retry or RetryPolicy()
        self._access: str | None = None
        self._refresh: str | None = refresh_token
        self._agent: m.Me | None = None
        self._on_tokens = on_tokens
        self._refresh_lock = asyncio.Lock()
        self._sleep = sleep
        self._stream_read_timeout = stream_read_timeout
        # The calls by resource (``backend_client/resources/``), all over this transport.
        self.agents = Agents(self)
        self.conversations = Conversations(self)
        self.challenge = Challenge(self)
        self.accounts = Accounts(self)
        self.actions = Actions(self)
        self.refunds = Refunds(self)
        self.floor = Floor(self)
        self.callbacks = Callbacks(self)
        self.escalations = Escalations(self)
        self.appointments = Appointments(self)
        self.texts = Texts(self)
        self.enquiries = Enquiries(self)
        self.knowledge = Knowledge(self)
        self.audit = Audit(self)
        self.patient_app = PatientApp(self)
        self.events = Events(self)

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

    @property
    def agent(self) -> m.Me | None:
        """The agent the newest sign-in or refresh named (None before one, after sign-out, or
        from a server that does not send it: then ``agents.me()``)."""
        return self._agent

    def _set_tokens(self, pair: m.TokenPair | None) -> None:
        self._access = pair.access_token if pair else None
        self._refresh = pair.refresh_token if pair else None
        self._agent = pair.agent if pair else None
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

    async def health(self) -> m.Health:
        result = await self._request("GET", "/v1/health", m.Health, auth=False)
        assert result is not None
        return result
