"""Refuse oversized bodies before reading them: a declared Content-Length over the cap is a 413
at once, and a body streamed without one (chunked) is cut off as soon as it passes the cap."""

from __future__ import annotations

import json

from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

TOO_LARGE = "The request body is larger than the server accepts."


class BodyLimitMiddleware:
    """``larger``: path prefixes allowed a bigger body, each with its cap and the status its
    refusal answers (Mailgun stops retrying on 406, and retries a 413 for eight hours)."""

    def __init__(
        self,
        app: ASGIApp,
        max_bytes: int,
        larger: tuple[tuple[str, int, int], ...] = (),
    ) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.larger = larger

    def _cap(self, path: str) -> tuple[int, int]:
        for prefix, cap, status in self.larger:
            if path.startswith(prefix):
                return cap, status
        return self.max_bytes, 413

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        cap, too_large = self._cap(scope.get("path", ""))
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None:
            try:
                length = int(declared)
            except ValueError:
                length = -1
            if length < 0 or length > cap:
                status = too_large if length > cap else 400
                await _refuse(scope, send, status, TOO_LARGE if length > cap else "Bad length.")
                return
        seen = 0

        async def capped_receive() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > cap:
                    # Raised inside the route's body read: the framework turns it into the
                    # one error shape (an HTTPException passes through FastAPI's body parsing).
                    raise HTTPException(too_large, TOO_LARGE)
            return message

        await self.app(scope, capped_receive, send)


async def _refuse(scope: Scope, send: Send, status: int, message: str) -> None:
    headers = dict(scope.get("headers") or [])
    rid = headers.get(b"x-request-id", b"").decode("latin-1")[:64] or None
    code = "too_large" if status in (406, 413) else "bad_request"
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
