"""The Demo menu's simulations: each sends real webhooks, in the vendor's own format, to the
embedded server, exactly as Aircall, Intercom or a phone system would."""

from __future__ import annotations

import hashlib
import hmac
import itertools
import json
import time
from dataclasses import dataclass, field
from typing import Any

import httpx


@dataclass(frozen=True)
class DemoPatient:
    account_id: str
    phone: str  # E.164


@dataclass(frozen=True)
class DemoFixtures:
    """What the embedded server was seeded with, and its webhook secrets."""

    url: str
    aircall_token: str
    intercom_secret: str
    cti_token: str
    patient_app_key: str
    patients: tuple[DemoPatient, ...]
    gp_phone: str
    email_relay_token: str = ""
    aircall_user: dict[str, Any] = field(
        default_factory=lambda: {
            "id": 1001,
            "email": "advisor@demo.caredesk.test",
            "name": "Alex Morgan",
        }
    )


UNKNOWN_CALLERS = ("+44 20 7946 0321", "+44 113 496 0842", "+1 800-123-4567", "+44 7700 900 577")


# What people write in the website's contact form (names and addresses are fictional).
DEMO_ENQUIRIES = (
    (
        "Jo Bloggs",
        "jo.bloggs@example.com",
        "Change of GP practice",
        "I've moved to Leeds. Which GP should sign my repeat prescriptions now, "
        "and do I need to do anything?",
    ),
    (
        "Sam Patel",
        "sam.patel@example.org",
        "Exemption certificate",
        "My maternity exemption certificate has been renewed. How do I send you the new one?",
    ),
    (
        "Alex Kim",
        "alex.kim@example.net",
        "Do you deliver to Guernsey?",
        "Hello, I'm moving to Guernsey next month. Can you still deliver my medicines there?",
    ),
)


class DemoCalls:
    def __init__(self, fixtures: DemoFixtures) -> None:
        self.fx = fixtures
        self._ids = itertools.count(int(time.time()) % 1_000_000 * 10)
        self._ringing: list[int] = []
        self._patients = itertools.cycle(fixtures.patients)
        self._unknown = itertools.cycle(UNKNOWN_CALLERS)
        self._mobiles = (f"+44 7700 900 6{n:02d}" for n in itertools.cycle(range(100)))
        self._enquiries = itertools.cycle(DEMO_ENQUIRIES)

    def _http(self) -> httpx.AsyncClient:
        return httpx.AsyncClient(base_url=self.fx.url, timeout=10)

    def _call(self, call_id: int, status: str, raw_digits: str, **extra: Any) -> dict[str, Any]:
        now = int(time.time())
        return {
            "id": call_id,
            "direction": "inbound",
            "status": status,
            "started_at": now,
            "answered_at": now if status == "answered" else None,
            "ended_at": now if status == "done" else None,
            "raw_digits": raw_digits,
            "user": self.fx.aircall_user,
            "number": {"id": 1, "name": "Patient care", "digits": "+44 20 7946 0000"},
            "missed_call_reason": None,
            "ivr_options_selected": [],
            **extra,
        }

    async def _aircall(self, http: httpx.AsyncClient, event: str, call: dict[str, Any]) -> None:
        envelope = {
            "resource": "call",
            "event": event,
            "timestamp": int(time.time()),
            "token": self.fx.aircall_token,
            "data": call,
        }
        response = await http.post("/webhooks/aircall", json=envelope)
        response.raise_for_status()

    async def _ring(self, raw_digits: str, digits: str | None = None) -> int:
        call_id = next(self._ids)
        extra = {"ivr_options_selected": [{"key": digits, "branch": "app"}]} if digits else {}
        async with self._http() as http:
            await self._aircall(
                http,
                "call.created",
                self._call(call_id, "initial", raw_digits, **extra) | {"user": None},
            )
            await self._aircall(
                http, "call.ringing_on_agent", self._call(call_id, "initial", raw_digits, **extra)
            )
        self._ringing.append(call_id)
        return call_id

    async def unknown_caller(self) -> int:
        return await self._ring(next(self._unknown))

    async def _token(self, account_id: str) -> str:
        async with self._http() as http:
            response = await http.post(
                "/v1/patient/app-call-tokens",
                json={"account_id": account_id},
                headers={"Authorization": f"Bearer {self.fx.patient_app_key}"},
            )
            response.raise_for_status()
            return str(response.json()["token"])

    async def app_token_caller(self) -> int:
        patient = next(self._patients)
        return await self._ring(patient.phone, await self._token(patient.account_id))

    async def app_token_from_another_number(self) -> int:
        patient = next(self._patients)
        return await self._ring(next(self._unknown), await self._token(patient.account_id))

    async def gp_practice(self) -> int:
        return await self._ring(self.fx.gp_phone)

    async def answer_ringing(self) -> int | None:
        """What the softphone reports when the advisor picks up the oldest ringing call."""
        if not self._ringing:
            return None
        call_id = self._ringing.pop(0)
        async with self._http() as http:
            await self._aircall(http, "call.answered", self._call(call_id, "answered", ""))
        return call_id

    async def abandoned_call(self) -> int:
        call_id = next(self._ids)
        number = next(self._unknown)
        async with self._http() as http:
            await self._aircall(
                http, "call.ringing_on_agent", self._call(call_id, "initial", number)
            )
            call = self._call(call_id, "done", number, missed_call_reason="short_abandoned")
            await self._aircall(http, "call.hungup", call)
        return call_id

    async def call_back_request(self) -> int:
        """A mobile caller in the queue chooses the IVR's call-back option and hangs up (as
        Aircall reports a menu choice: ``ivr_options_selected`` with its title, key and branch)."""
        call_id = next(self._ids)
        number = next(self._mobiles)
        chosen = {"ivr_options_selected": [{"title": "Call back", "key": "2", "branch": "2"}]}
        async with self._http() as http:
            call = self._call(call_id, "initial", number, **chosen) | {"user": None}
            await self._aircall(http, "call.created", call)
            ended = self._call(call_id, "done", number, **chosen) | {"user": None}
            await self._aircall(http, "call.hungup", ended)
        return call_id

    async def text_message(
        self, body: str = "Hi, my parcel hasn't arrived. Can someone help?"
    ) -> str:
        """A text from a mobile, as the SMS gateway posts it (the generic hook, CTI token)."""
        number = next(self._mobiles)
        async with self._http() as http:
            response = await http.post(
                "/webhooks/sms",
                json={
                    "id": f"demo-sms-{next(self._ids)}",
                    "from": number,
                    "to": "+44 20 7946 0000",
                    "body": body,
                },
                headers={"X-CareDesk-CTI-Token": self.fx.cti_token},
            )
            response.raise_for_status()
            return str(response.json()["conversation_id"])

    async def abandoned_then_texts_back(self) -> str:
        """A mobile caller hangs up in the queue, gets the missed-call text and replies to it."""
        call_id = next(self._ids)
        number = next(self._mobiles)
        async with self._http() as http:
            await self._aircall(http, "call.created", self._call(call_id, "initial", number))
            call = self._call(call_id, "done", number, missed_call_reason="short_abandoned")
            await self._aircall(http, "call.hungup", call | {"user": None})
            response = await http.post(
                "/webhooks/sms",
                json={
                    "id": f"demo-sms-{next(self._ids)}",
                    "from": number,
                    "to": "+44 20 7946 0000",
                    "body": "Sorry, I couldn't wait. It's about my repeat prescription.",
                },
                headers={"X-CareDesk-CTI-Token": self.fx.cti_token},
            )
            response.raise_for_status()
            return str(response.json()["conversation_id"])

    async def web_enquiry(self) -> str:
        """The contact form on the website, through the patient app's backend (its key)."""
        name, email, subject, body = next(self._enquiries)
        async with self._http() as http:
            response = await http.post(
                "/v1/enquiries",
                json={"name": name, "email": email, "subject": subject, "body": body},
                headers={"Authorization": f"Bearer {self.fx.patient_app_key}"},
            )
            response.raise_for_status()
            return str(response.json()["id"])

    async def email_enquiry(self) -> str:
        """An email to the care address with a photo attached, then the sender's follow-up
        quoting it, as a mail relay posts them (raw RFC 5322, the relay's token)."""
        from email.message import EmailMessage

        first = EmailMessage()
        first["From"] = "Morgan Reid <morgan.reid@example.com>"
        first["To"] = "care@pharmacy.example"
        first["Subject"] = "Damaged parcel"
        first["Message-ID"] = f"<demo-{next(self._ids)}@example.com>"
        first.set_content(
            "Hello, my parcel came today and the box was crushed. One blister pack is split. "
            "Photo attached. Can you send a replacement?\n\nThanks,\nMorgan"
        )
        first.add_attachment(
            b"\x89PNG\r\n" + b"0" * 48_000, maintype="image", subtype="png", filename="box.png"
        )
        headers = {
            "Authorization": f"Bearer {self.fx.email_relay_token}",
            "Content-Type": "message/rfc822",
        }
        async with self._http() as http:
            response = await http.post(
                "/webhooks/email/raw", content=first.as_bytes(), headers=headers
            )
            response.raise_for_status()
            enquiry_id = str(response.json()["enquiry"])
            again = EmailMessage()
            again["From"] = first["From"]
            again["To"] = first["To"]
            again["Subject"] = f"Re: Damaged parcel [ref {enquiry_id}]"
            again["Message-ID"] = f"<demo-{next(self._ids)}@example.com>"
            again["In-Reply-To"] = first["Message-ID"]
            again.set_content(
                "It's the Ramipril. I have four days of tablets left.\n\n"
                "On Tue, Morgan Reid wrote:\n> Hello, my parcel came today"
            )
            follow = await http.post(
                "/webhooks/email/raw", content=again.as_bytes(), headers=headers
            )
            follow.raise_for_status()
        return enquiry_id

    async def intercom_chat(self) -> str:
        patient = next(self._patients)
        conversation_id = f"demo-chat-{next(self._ids)}"
        async with self._http() as http:
            for topic in ("conversation.user.created", "conversation.admin.assigned"):
                item = {
                    "type": "conversation",
                    "id": conversation_id,
                    "state": "open",
                    "contacts": {
                        "type": "contact.list",
                        "contacts": [
                            {"type": "contact", "id": "c1", "external_id": patient.account_id}
                        ],
                    },
                    "source": {"type": "conversation", "author": {"type": "user", "id": "c1"}},
                    "assignee": {
                        "type": "admin",
                        "id": "1",
                        "email": self.fx.aircall_user["email"],
                    },
                }
                body = json.dumps(
                    {
                        "type": "notification_event",
                        "id": f"notif_{next(self._ids)}",
                        "topic": topic,
                        "app_id": "demo",
                        "data": {"item": item},
                        "created_at": int(time.time()),
                    }
                ).encode()
                signature = (
                    "sha1="
                    + hmac.new(self.fx.intercom_secret.encode(), body, hashlib.sha1).hexdigest()
                )
                response = await http.post(
                    "/webhooks/intercom",
                    content=body,
                    headers={"Content-Type": "application/json", "X-Hub-Signature": signature},
                )
                response.raise_for_status()
        return conversation_id
