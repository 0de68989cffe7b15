"""Oversized bodies are refused before they are read, on every route: 413, or the status a
route's sender stops retrying on (Mailgun's inbound forward: 406)."""

from __future__ import annotations

import json
import re

import httpx

from server.core.body_limit import BodyLimitMiddleware

TOO_BIG = 300 * 1024 * 1024


async def call_raw(app, method: str, path: str, headers: list[tuple[bytes, bytes]], chunks):
    """One ASGI request whose body comes from ``chunks``; returns (status, body, chunks read)."""
    sent: list[dict] = []
    read = 0
    pending = list(chunks)

    async def receive():
        nonlocal read
        if not pending:
            return {"type": "http.request", "body": b"", "more_body": False}
        read += 1
        return {"type": "http.request", "body": pending.pop(0), "more_body": bool(pending)}

    async def send(message):
        sent.append(message)

    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": method,
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "headers": [(b"host", b"testserver"), *headers],
        "client": ("127.0.0.1", 5000),
        "server": ("testserver", 80),
    }
    await app(scope, receive, send)
    start = next(m for m in sent if m["type"] == "http.response.start")
    body = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")
    return start["status"], body, read


def post_paths(app) -> list[str]:
    """Every POST route of the API (from its OpenAPI document), path parameters filled in."""
    return [
        re.sub(r"\{[^}]+\}", "x", path)
        for path, operations in app.openapi()["paths"].items()
        if "post" in operations
    ]


def refusal(app, path: str) -> int:
    """The status the app's size cap answers for ``path`` (its table of larger routes)."""
    (limit,) = [m for m in app.user_middleware if m.cls is BodyLimitMiddleware]
    for prefix, _cap, status in limit.kwargs.get("larger", ()):
        if path.startswith(prefix):
            return status
    return 413


async def test_a_declared_oversized_body_is_refused_unread_on_every_route(app) -> None:
    paths = post_paths(app)
    assert "/v1/auth/login" in paths and "/webhooks/aircall" in paths
    assert refusal(app, "/webhooks/email/mailgun-mime") == 406  # Mailgun retries a 413
    for path in paths:
        headers = [
            (b"content-type", b"application/json"),
            (b"content-length", str(TOO_BIG).encode()),
        ]
        status, body, read = await call_raw(app, "POST", path, headers, [b"{" * 1024])
        assert status == refusal(app, path), path
        assert json.loads(body)["error"]["code"] == "too_large"
        assert read == 0, f"{path} read the body before refusing it"


async def test_a_streamed_body_is_cut_off_at_the_cap(app, settings) -> None:
    cap = settings.max_body_bytes
    chunk = b" " * (64 * 1024)
    chunks = [chunk] * (cap // len(chunk) + 8)
    for path in ("/v1/auth/login", "/webhooks/aircall"):
        status, body, read = await call_raw(
            app, "POST", path, [(b"content-type", b"application/json")], list(chunks)
        )
        assert status == 413, (path, body)
        assert read <= cap // len(chunk) + 1  # stopped reading at the cap, not at the end


async def test_bodies_under_the_cap_are_served(http: httpx.AsyncClient) -> None:
    response = await http.post("/v1/auth/login", json={"username": "advisor", "password": "demo"})
    assert response.status_code == 200
