"""What every webhook route does with the request itself: read the body under its size limit,
take the CTI token from a header, read JSON or form data, and run the domain off the event loop."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import anyio
from fastapi import Request
from sqlalchemy.orm import Session

from server.core.context import AppContext
from server.core.errors import ApiError
from server.telephony import payload

T = TypeVar("T")


async def raw_body(request: Request) -> bytes:
    return payload.check_size(await request.body())


def header_token(request: Request) -> str | None:
    """The CTI token from a header, for phone systems that can send one (it then stays out of
    URLs and so out of every access log): ``X-CareDesk-CTI-Token`` or ``Authorization: Bearer``."""
    named = request.headers.get("x-caredesk-cti-token")
    if named:
        return named.strip()
    scheme, _, value = request.headers.get("authorization", "").partition(" ")
    return value.strip() if scheme.lower() == "bearer" and value.strip() else None


async def json_or_form(request: Request, raw: bytes) -> dict[str, Any]:
    content_type = request.headers.get("content-type", "")
    if "json" in content_type or raw.lstrip().startswith(b"{"):
        return payload.json_object(raw)
    if "form" in content_type:
        form = await request.form()
        body: dict[str, Any] = {}
        for key in set(form.keys()):
            values = [v for v in form.getlist(key) if isinstance(v, str)]
            name = key[:-2] if key.endswith("[]") else key
            body[name] = (
                values if key.endswith("[]") or len(values) > 1 else (values[0] if values else "")
            )
        return body
    raise ApiError(415, "unsupported_media_type", "Send JSON or form data.")


async def in_transaction(ctx: AppContext, fn: Callable[[Session], T], *, scoped: bool = False) -> T:
    """The domain's work in one transaction, on a worker thread: the event loop never waits.
    ``scoped``: ``fn`` locks the places it contends for (server/core/locks.py), and runs beside
    other such work rather than alone."""
    result: T = await anyio.to_thread.run_sync(lambda: ctx.db.run(fn, scoped=scoped))
    return result
