"""Builders for vendor webhooks and look-ups of seeded patients' true facts."""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import os
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import select
from sqlalchemy import text as sa_text

from server.core.context import AppContext
from server.core.orm import Account, Order, Organisation

AIRCALL_TOKEN = "test-aircall-token"
INTERCOM_SECRET = "test-intercom-secret"
CTI_TOKEN = "test-cti-token"
APP_KEY = "test-app-key"
MAILGUN_KEY = "test-mailgun-signing-key"
RELAY_TOKEN = "test-mail-relay-token"
TOKEN_PEPPER = "test-token-pepper-0123456789"

AIRCALL_USERS = {
    "advisor": {"id": 1001, "email": "advisor@demo.caredesk.test", "name": "Alex Morgan"},
    "pharmacist": {"id": 1002, "email": "pharmacist@demo.caredesk.test", "name": "Priya Shah"},
    "lead": {"id": 1003, "email": "lead@demo.caredesk.test", "name": "Sam Taylor"},
}
UNKNOWN_NUMBER = "+44 20 7946 0321"


def server_env(database_url: str, **more: str) -> dict[str, str]:
    """This process's environment with what ``python -m server`` needs to start against
    ``database_url``: the secrets the tests sign with, and ``more`` (CAREDESK_… variables)."""
    return {
        **os.environ,
        "CAREDESK_DATABASE_URL": database_url,
        "CAREDESK_TOKEN_PEPPER": TOKEN_PEPPER,
        "CAREDESK_AIRCALL_WEBHOOK_TOKEN": AIRCALL_TOKEN,
        "CAREDESK_INTERCOM_CLIENT_SECRET": INTERCOM_SECRET,
        "CAREDESK_CTI_TOKEN": CTI_TOKEN,
        "CAREDESK_PATIENT_APP_KEY": APP_KEY,
        **more,
    }


def aircall(
    event: str,
    call_id: int,
    *,
    raw_digits: str = UNKNOWN_NUMBER,
    user: str | None = "advisor",
    answered: bool = False,
    ended: bool = False,
    missed_call_reason: str | None = None,
    digits: str | None = None,
    token: str = AIRCALL_TOKEN,
) -> dict[str, Any]:
    """An Aircall envelope in the vendor's format; ``data`` is the call as Aircall sends it."""
    now = int(time.time())
    status = "done" if ended else ("answered" if answered else "initial")
    call: dict[str, Any] = {
        "id": call_id,
        "direct_link": f"https://api.aircall.io/v1/calls/{call_id}",
        "direction": "inbound",
        "status": status,
        "started_at": now - 30,
        "answered_at": now - 20 if answered else None,
        "ended_at": now if ended else None,
        "duration": 20 if ended else 0,
        "raw_digits": raw_digits,
        "user": AIRCALL_USERS[user] if user else None,
        "number": {"id": 77, "name": "Patient care", "digits": "+44 20 7946 0000"},
        "missed_call_reason": missed_call_reason,
        "ivr_options_selected": [],
        "tags": [],
    }
    if digits is not None:
        call["ivr_options_selected"] = [{"key": digits, "branch": "app-token"}]
    return {"resource": "call", "event": event, "timestamp": now, "token": token, "data": call}


def intercom(
    topic: str,
    conversation_id: str,
    notification_id: str,
    *,
    external_id: str | None = None,
    shape: str = "v2",
    assignee_email: str | None = "advisor@demo.caredesk.test",
) -> dict[str, Any]:
    """An Intercom notification; ``shape`` "v1" carries ``user.user_id``, "v2" ``contacts``."""
    item: dict[str, Any] = {
        "type": "conversation",
        "id": conversation_id,
        "state": "open",
        "source": {
            "type": "conversation",
            "author": {"type": "user", "id": "5f1", "name": "Visitor"},
        },
        "assignee": {"type": "admin", "id": "814", "email": assignee_email}
        if assignee_email
        else None,
    }
    if shape == "v1":
        item["user"] = {"type": "user", "id": "5f1", "user_id": external_id}
    else:
        item["contacts"] = {
            "type": "contact.list",
            "contacts": [{"type": "contact", "id": "5f1", "external_id": external_id}],
        }
    return {
        "type": "notification_event",
        "app_id": "abc123",
        "id": notification_id,
        "topic": topic,
        "data": {"type": "notification_event_data", "item": item},
        "created_at": int(time.time()),
    }


def sign(body: bytes, secret: str = INTERCOM_SECRET) -> str:
    return "sha1=" + hmac.new(secret.encode(), body, hashlib.sha1).hexdigest()


async def post_intercom(
    http: httpx.AsyncClient, payload: dict[str, Any], secret: str = INTERCOM_SECRET
) -> httpx.Response:
    raw = json.dumps(payload).encode()
    return await http.post(
        "/webhooks/intercom",
        content=raw,
        headers={"Content-Type": "application/json", "X-Hub-Signature": sign(raw, secret)},
    )


CTI_PATH = f"/webhooks/cti/{CTI_TOKEN}"


@dataclass(frozen=True)
class PatientFacts:
    account_id: str
    first_name: str
    last_name: str
    date_of_birth: date
    postcode: str
    address_line1: str
    phone: str
    nhs_number: str
    last_order_medicine: str
    gp_ods: str
    gp_phone: str
    representatives: tuple[str, ...]

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def medicine_name(self) -> str:
        """The name of the last order's first medicine, as a caller says it: the seed writes
        "<name> <strength> <form>" ("Folic acid 5mg tablets" → "Folic acid")."""
        return self.last_order_medicine.rsplit(" ", 2)[0]

    def secrets(self) -> list[str]:
        """Values that must never appear in a challenge response or a log."""
        return [
            self.date_of_birth.isoformat(),
            self.date_of_birth.strftime("%d/%m/%Y"),
            self.postcode,
            self.postcode.replace(" ", ""),
            self.address_line1,
            self.nhs_number,
            self.phone,
        ]


def patient(ctx: AppContext, account_id: str = "pat_00001") -> PatientFacts:
    with ctx.db.reader() as session:
        account = session.get(Account, account_id)
        assert account is not None
        last = session.scalar(
            select(Order).where(Order.account_id == account_id).order_by(Order.placed_at.desc())
        )
        assert last is not None
        gp = session.get(Organisation, account.gp_ods_code)
        assert gp is not None
        return PatientFacts(
            account_id=account.id,
            first_name=account.first_name,
            last_name=account.last_name,
            date_of_birth=account.date_of_birth,
            postcode=account.postcode,
            address_line1=account.address_line1,
            phone=account.phones[0].number,
            nhs_number=account.nhs_number or "",
            last_order_medicine=last.lines[0]["medicine"],
            gp_ods=gp.ods_code,
            gp_phone=gp.phone,
            representatives=tuple(r.name for r in account.representatives),
        )


def patient_with_representative(ctx: AppContext) -> PatientFacts:
    from server.core.orm import Representative

    with ctx.db.reader() as session:
        account_id = session.scalar(select(Representative.account_id).order_by(Representative.id))
    assert account_id is not None
    return patient(ctx, account_id)


def stored_bytes(ctx: AppContext) -> bytes:
    """Everything the database holds, as a thief with a copy would read it: the SQLite file and
    its WAL as bytes, or on PostgreSQL every row of every table as text."""
    url = ctx.settings.database_url
    if url.startswith("sqlite:///"):
        path = Path(url.removeprefix("sqlite:///"))
        wal = Path(f"{path}-wal")
        return path.read_bytes() + (wal.read_bytes() if wal.exists() else b"")
    from server.core.orm import Base

    with ctx.db.reader() as session:
        return b"\n".join(
            (text or "").encode()
            for table in Base.metadata.sorted_tables
            for text in session.scalars(
                sa_text(f"SELECT row_to_json(t)::text FROM {table.name} t")  # noqa: S608
            )
        )


@contextmanager
def serve_on_loopback(app: Any, port: int) -> Iterator[None]:
    """A stand-in of a vendor's API (a FastAPI app) served by uvicorn on 127.0.0.1:``port`` in
    a thread, stopped when the block ends."""
    import uvicorn

    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not server.started:  # uvicorn's own flag: listening
        assert time.monotonic() < deadline and thread.is_alive(), "the stand-in did not start"
        time.sleep(0.01)
    try:
        yield
    finally:
        server.should_exit = True
        thread.join(timeout=10)


async def until(condition: Callable[[], Any], timeout: float = 10.0, what: str = "") -> Any:  # noqa: ASYNC109
    """Wait for ``condition`` to come true (returning its value), checking every 20 ms."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what or condition}")
        await asyncio.sleep(0.02)
