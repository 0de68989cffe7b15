"""Refuse oversized bodies before reading them: a declared Content-Length over the cap is a 413
at once, and a body streamed without one (chunked) is cut off as soon as it passes the cap."""

from __future__ import annotations

import json

from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

TOO_LARGE = "The request body is larger than the server accepts."


class BodyLimitMiddleware:
    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None:
            try:
                length = int(declared)
            except ValueError:
                length = -1
            if length < 0 or length > self.max_bytes:
                status = 413 if length > self.max_bytes else 400
                await _refuse(scope, send, status, TOO_LARGE if status == 413 else "Bad length.")
                return
        seen = 0

        async def capped_receive() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_bytes:
                    # Raised inside the route's body read: the framework turns it into the
                    # one error shape (an HTTPException passes through FastAPI's body parsing).
                    raise HTTPException(413, TOO_LARGE)
            return message

        await self.app(scope, capped_receive, send)


async def _refuse(scope: Scope, send: Send, status: int, message: str) -> None:
    headers = dict(scope.get("headers") or [])
    rid = headers.get(b"x-request-id", b"").decode("latin-1")[:64] or None
    code = "too_large" if status == 413 else "bad_request"
    scope.setdefault("state", {})["error_code"] = code  # for the metrics of refused webhooks
    body = json.dumps({"error": {"code": code, "message": message, "request_id": rid}}).encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
                (b"connection", b"close"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})
