"""One exception type per meaning, so the desk catches what it can explain to the advisor."""

from __future__ import annotations

from typing import Any


class CareDeskError(Exception):
    """Base of every error the client raises; ``message`` is fit to show a person."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class APIConnectionError(CareDeskError):
    """The server could not be reached (offline, refused, reset)."""


class APITimeoutError(APIConnectionError):
    """The server did not answer in time."""


class ProtocolError(CareDeskError):
    """The server answered something that is not the contract (garbage, wrong shape)."""


class APIStatusError(CareDeskError):
    """The server answered with an error status and the contract's error body."""

    status_code: int = 0

    def __init__(
        self,
        message: str,
        *,
        status_code: int,
        code: str,
        request_id: str | None = None,
        fields: dict[str, str] | None = None,
        body: Any = None,
    ) -> None:
        super().__init__(message)
        self.status_code = status_code
        self.code = code
        self.request_id = request_id
        self.fields = fields or {}
        self.body = body


class BadRequestError(APIStatusError):
    """400: the request was malformed."""


class AuthenticationError(APIStatusError):
    """401: not signed in, or the credentials are wrong."""


class PermissionDeniedError(APIStatusError):
    """403: signed in, but the role or the conversation does not allow it."""


class NotFoundError(APIStatusError):
    """404."""


class ConflictError(APIStatusError):
    """409: the state does not allow it, or an idempotency key was reused with another body."""


class ValidationError(APIStatusError):
    """422: a field is not valid; ``fields`` says which."""


class LockedError(APIStatusError):
    """423: a locked challenge or a locked sign-in."""


class ThrottledError(APIStatusError):
    """429: too many attempts; ``retry_after`` seconds to wait, when the server said."""

    def __init__(self, message: str, *, retry_after: float | None = None, **kw: Any) -> None:
        super().__init__(message, **kw)
        self.retry_after = retry_after


class ServerError(APIStatusError):
    """5xx: the server failed."""


_BY_STATUS: dict[int, type[APIStatusError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    409: ConflictError,
    422: ValidationError,
    423: LockedError,
    429: ThrottledError,
}


def error_class(status_code: int) -> type[APIStatusError]:
    if status_code >= 500:
        return ServerError
    return _BY_STATUS.get(status_code, APIStatusError)
