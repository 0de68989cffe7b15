"""Idempotency-Key: the same key and body give the first result; another body is a 409.

Every mutation an agent makes must carry a key (400 without one): a client that retries
without a key could apply an action twice, so the server refuses to let it try.

The record is written in the same transaction as the effect, so either both exist or neither:
a retry after a crash finds no record and applies the effect once; a retry after success finds
the record and replays the stored response.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from typing import Annotated, Any

from fastapi import Depends, Header
from fastapi.responses import JSONResponse
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from server.core.context import AppContext
from server.core.errors import ApiError
from server.core.orm import IdempotencyRecord, utcnow

MAX_KEY_LENGTH = 200


async def required_key(
    key: Annotated[
        str | None,
        Header(
            alias="Idempotency-Key",
            max_length=MAX_KEY_LENGTH,
            description="Required on every mutation: one key per intended action, reused on retry.",
        ),
    ] = None,
) -> str:
    """The mutation's Idempotency-Key, or a 400 before anything else about the request is
    looked at."""
    if key is None or not key.strip():
        raise ApiError(
            400,
            "idempotency_key_required",
            "Send an Idempotency-Key header with every change, so a retry cannot apply it twice.",
        )
    return key


IdemKey = Annotated[str, Depends(required_key)]


def body_hash(method: str, path: str, body: Any) -> str:
    canonical = json.dumps({"m": method, "p": path, "b": body}, sort_keys=True, default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()


def _replay(record: IdempotencyRecord, request_hash: str) -> JSONResponse:
    if record.request_hash != request_hash:
        raise ApiError(
            409,
            "idempotency_mismatch",
            "This Idempotency-Key was already used with a different request.",
        )
    return JSONResponse(
        record.response, status_code=record.status_code, headers={"Idempotent-Replayed": "true"}
    )


def replayed(ctx: AppContext, agent_id: str, key: str, request_hash: str) -> JSONResponse | None:
    """The stored answer to an earlier request with this key, if there was one: for routes that
    must do something outside the transaction (call another service) only when it is new."""
    with ctx.db.reader() as session:
        found = session.scalar(
            select(IdempotencyRecord).where(
                IdempotencyRecord.agent_id == agent_id, IdempotencyRecord.key == key
            )
        )
        return _replay(found, request_hash) if found is not None else None


def run(
    ctx: AppContext,
    agent_id: str,
    key: str | None,
    request_hash: str,
    apply: Callable[[Session], tuple[int, dict[str, Any]]],
    after_commit: Callable[[], None] | None = None,
    *,
    scoped: bool = False,
) -> JSONResponse:
    """Apply ``apply`` in one transaction, at most once per (agent, key). ``scoped``: ``apply``
    locks the places it contends for, and runs beside other such work (server/core/locks.py);
    two requests with one key still apply once, by the key's unique index."""
    if key is None:
        raise ApiError(
            400,
            "idempotency_key_required",
            "Send an Idempotency-Key header with every change, so a retry cannot apply it twice.",
        )
    if not (0 < len(key) <= MAX_KEY_LENGTH):
        raise ApiError(
            400, "bad_idempotency_key", f"Idempotency-Key must be 1 to {MAX_KEY_LENGTH} characters."
        )

    def unit(session: Session) -> tuple[bool, JSONResponse]:
        found = session.scalar(
            select(IdempotencyRecord).where(
                IdempotencyRecord.agent_id == agent_id, IdempotencyRecord.key == key
            )
        )
        if found is not None:
            return False, _replay(found, request_hash)
        status, body = apply(session)
        session.add(
            IdempotencyRecord(
                agent_id=agent_id,
                key=key,
                request_hash=request_hash,
                status_code=status,
                response=body,
                created_at=utcnow(),
            )
        )
        return True, JSONResponse(body, status_code=status)

    for _ in range(2):
        try:
            applied, response = ctx.db.run(unit, scoped=scoped)
        except IntegrityError:
            # Two requests with one key raced: the other one won; replay its result.
            continue
        if applied and after_commit is not None:
            after_commit()
        return response
    raise ApiError(409, "idempotency_conflict", "A request with this Idempotency-Key is in flight.")


def keyed(
    ctx: AppContext,
    agent_id: str,
    key: str | None,
    path: str,
    body: dict[str, Any] | None,
    apply: Callable[[Session], dict[str, Any]],
    after_commit: Callable[[], None] | None = None,
    *,
    scoped: bool = False,
) -> JSONResponse:
    """A POST applied at most once per (agent, key), answered 200 with what ``apply`` returns."""
    return run(
        ctx,
        agent_id,
        key,
        body_hash("POST", path, body),
        lambda session: (200, apply(session)),
        after_commit=after_commit,
        scoped=scoped,
    )


def keyed_sending(
    ctx: AppContext,
    agent_id: str,
    key: str | None,
    path: str,
    body: dict[str, Any] | None,
    apply: Callable[[Session], dict[str, Any]],
    *,
    scoped: bool = False,
) -> JSONResponse:
    """``keyed``, for changes that queue a text or an email: the outbox sends after the commit."""
    return keyed(
        ctx, agent_id, key, path, body, apply, after_commit=ctx.deliver_outboxes, scoped=scoped
    )
