"""Reading a vendor's webhook body defensively: a malformed body is a 400 with a clear message,
never a 500, and nothing past the size and depth limits is read."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from server.core.errors import ApiError, bad_request

MAX_BODY = 256 * 1024
MAX_DEPTH = 32


def check_size(raw: bytes) -> bytes:
    if len(raw) > MAX_BODY:
        raise ApiError(413, "too_large", f"The body is larger than {MAX_BODY // 1024} KiB.")
    return raw


def json_object(raw: bytes) -> dict[str, Any]:
    try:
        body = json.loads(raw)
    except (ValueError, RecursionError):  # UnicodeDecodeError is a ValueError
        raise bad_request("The body is not valid JSON.", "malformed_body") from None
    if not isinstance(body, dict):
        raise bad_request("The body must be a JSON object.", "malformed_body")
    return body


def check_shape(body: Any) -> None:
    """Every string storable (no lone surrogates from ``\\ud800`` escapes) and no deeper than
    MAX_DEPTH: checked once, without recursion, before any field is read."""
    stack: list[tuple[Any, int]] = [(body, 0)]
    while stack:
        value, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise bad_request(
                f"The body is nested deeper than {MAX_DEPTH} levels.", "malformed_body"
            )
        if isinstance(value, str):
            _storable(value)
        elif isinstance(value, dict):
            for k, v in value.items():
                _storable(k)
                stack.append((v, depth + 1))
        elif isinstance(value, list):
            stack.extend((v, depth + 1) for v in value)


def _storable(text: str) -> None:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise bad_request(
            "The body holds text that is not valid Unicode.", "malformed_body"
        ) from None


def choice(value: Any, allowed: set[str] | tuple[str, ...]) -> str | None:
    """``value`` when it is one of ``allowed`` (any JSON type may arrive where a name should)."""
    return value if isinstance(value, str) and value in allowed else None


def text(value: Any, field: str, *, required: bool = False, limit: int = 200) -> str | None:
    if value is None or value == "":
        if required:
            raise bad_request(f"“{field}” is required.", "malformed_body")
        return None
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise bad_request(f"“{field}” must be a string.", "malformed_body")
    stripped = str(value).strip()
    if len(stripped) > limit:
        raise bad_request(f"“{field}” is longer than {limit} characters.", "malformed_body")
    return stripped


def required_text(value: Any, field: str, *, limit: int = 200) -> str:
    found = text(value, field, required=True, limit=limit)
    assert found is not None  # required: None was refused above
    return found


def unix(value: Any, field: str) -> datetime | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise bad_request(f"“{field}” must be Unix seconds or null.", "malformed_body")
    try:
        return datetime.fromtimestamp(value, UTC)
    except (OverflowError, OSError, ValueError):
        raise bad_request(f"“{field}” is not a valid time.", "malformed_body") from None
