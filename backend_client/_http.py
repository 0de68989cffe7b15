"""What every call of the client shares: the retry policy, the stream's status, reading
``Retry-After``, turning an error response into its typed exception, parsing a body against the
contract."""

from __future__ import annotations

import datetime
import email.utils
import json
import random
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, TypeVar

import httpx
import pydantic

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


def _parse(model: type[T], response: httpx.Response) -> T:
    try:
        return model.model_validate_json(response.content)
    except (pydantic.ValidationError, json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise errors.ProtocolError(
            f"The server's answer to {response.request.method} {response.request.url.path} "
            "is not what the contract says."
        ) from exc
