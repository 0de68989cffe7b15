"""One error shape for every failure: ``{"error": {"code", "message", "request_id"}}``."""

from __future__ import annotations

import logging
import uuid
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from server.core.db import connection_lost, retryable

log = logging.getLogger("caredesk.server")


class ApiError(Exception):
    def __init__(
        self,
        status: int,
        code: str,
        message: str,
        *,
        headers: dict[str, str] | None = None,
        fields: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.headers = headers or {}
        self.fields = fields


def bad_request(message: str, code: str = "bad_request") -> ApiError:
    return ApiError(400, code, message)


def not_found(what: str) -> ApiError:
    return ApiError(404, "not_found", f"{what} was not found.")


def forbidden(message: str, code: str = "forbidden") -> ApiError:
    return ApiError(403, code, message)


def request_id(request: Request) -> str:
    rid = getattr(request.state, "request_id", None)
    if rid is None:
        rid = request.headers.get("x-request-id") or uuid.uuid4().hex[:16]
        request.state.request_id = rid
    return str(rid)


def error_response(
    request: Request,
    status: int,
    code: str,
    message: str,
    headers: dict[str, str] | None = None,
    fields: dict[str, str] | None = None,
) -> JSONResponse:
    body: dict[str, Any] = {"code": code, "message": message, "request_id": request_id(request)}
    request.state.error_code = code  # for the metrics of refused webhooks
    if fields:
        body["fields"] = fields
    return JSONResponse({"error": body}, status_code=status, headers=headers)


_STATUS_CODES = {
    400: "bad_request",
    401: "unauthenticated",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    406: "not_acceptable",
    409: "conflict",
    413: "too_large",
    415: "unsupported_media_type",
    422: "validation_failed",
    423: "locked",
    429: "throttled",
}


def install(app: FastAPI) -> None:
    @app.exception_handler(ApiError)
    async def _api_error(request: Request, exc: ApiError) -> JSONResponse:
        return error_response(request, exc.status, exc.code, exc.message, exc.headers, exc.fields)

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError) -> JSONResponse:
        fields: dict[str, str] = {}
        for err in exc.errors():
            loc = ".".join(str(p) for p in err.get("loc", ()) if p not in ("body", "query"))
            fields[loc or "body"] = str(err.get("msg", "invalid"))
        summary = "; ".join(f"{k}: {v}" for k, v in list(fields.items())[:5])
        return error_response(
            request,
            422,
            "validation_failed",
            f"The request is not valid ({summary}).",
            None,
            fields,
        )

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        code = _STATUS_CODES.get(exc.status_code, "error")
        return error_response(
            request, exc.status_code, code, str(exc.detail), dict(exc.headers or {})
        )

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        if connection_lost(exc):
            log.warning("the database connection was lost on %s", request.url.path)
            return error_response(
                request,
                503,
                "database_unavailable",
                "The server lost its database connection; try again.",
                {"Retry-After": "1"},
            )
        if retryable(exc):
            # PostgreSQL rolled the whole transaction back for a concurrent one, still after
            # ``Database.run``'s retries: nothing was applied, and a retry will succeed.
            log.warning("transaction aborted by a concurrent one on %s", request.url.path)
            return error_response(
                request,
                503,
                "busy",
                "The server was busy with the same records; nothing was changed. Try again.",
                {"Retry-After": "1"},
            )
        # Logged with the request id only: the exception text may hold patient data.
        log.error(
            "unhandled %s on %s (request %s)",
            type(exc).__name__,
            request.url.path,
            request_id(request),
            exc_info=log.isEnabledFor(logging.DEBUG),
        )
        return error_response(request, 500, "internal", "Something went wrong on the server.")
