"""The agent's event stream (SSE): every event once and in order, resumed with ``Last-Event-ID``
after any drop."""

from __future__ import annotations

import random
from collections.abc import AsyncIterator, Callable

import httpx
import pydantic
from httpx_sse import EventSource

from backend_client import errors
from backend_client import models as m
from backend_client._http import StreamStatus, _error_from, _retry_after
from backend_client.resources import Resource


class Events(Resource):
    async def stream(
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
        timeout = httpx.Timeout(10.0, read=self._client._stream_read_timeout)

        def report(status: StreamStatus) -> None:
            if on_status is not None:
                on_status(status)

        while True:
            problem = "The connection dropped."
            asked_wait: float | None = None
            parting: int | None = None
            try:
                sent_access = self._client._access
                headers = {"Accept": "text/event-stream", **self._client._auth_headers()}
                if last:
                    headers["Last-Event-ID"] = str(last)
                async with self._client._http.stream(
                    "GET", "/v1/events", headers=headers, timeout=timeout
                ) as response:
                    expired = response.status_code == 401 and self._client._refresh is not None
                    if expired and await self._client._refresh_tokens(sent_access):
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
                        opened = False
                        async for sse in EventSource(response).aiter_sse():
                            # A retry hint with nothing else, after the stream's opening one, is
                            # the server's parting word when it is stopping: come back in that
                            # many ms (to another worker).
                            hint = sse.retry if opened and not sse.data else None
                            parting, opened = hint, True
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
                        if parting is not None:
                            problem = "The server is restarting."
                            asked_wait = parting / 1000
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
            if parting is not None:
                # Spread over the hint and as much again, so a drained worker's desks do not
                # all land on the others in the same instant.
                delay = parting / 1000 * random.uniform(1.0, 2.0)  # noqa: S311 - jitter
            else:
                delay = max(self._client.retry.delay(min(attempt, 6)), min(asked_wait or 0.0, 60.0))
            attempt += 1
            report(StreamStatus(live=False, retry_in=delay, error=problem, attempt=attempt))
            await self._client._sleep(delay)
