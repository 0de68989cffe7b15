"""``python -m bench.phone_system SERVER FIXTURES``: the world outside the desk for the shift soak,
in a process of its own (as Aircall, Intercom, the SMS gateway and the pharmacy's app are): one
JSON command a line on stdin, one JSON answer a line on stdout.

- ``{"do": "call", "id": N, "account_id": A}``: the app's signed-in patient asks for a call token
  and dials; the call rings on the advisor and is answered with the token keyed in. Answers the
  conversation's id.
- ``{"do": "chat"}``: an Intercom chat from the app's signed-in patient, assigned to the advisor.
- ``{"do": "text", "body": B}``: a text from a mobile, through the SMS gateway. Answers its id.
- ``{"do": "open_link", "token": T, "account_id": A}``: the patient opens the one-time link.

A failed command answers ``{"error": "..."}``; the process ends when stdin closes.
"""

from __future__ import annotations

import asyncio
import json
import sys
from pathlib import Path
from typing import Any

import httpx

from bench.desk_scenarios import envelope
from bench.fixtures import APP_KEY
from bench.harness import pin
from desktop.demo_calls import DemoCalls, DemoFixtures, DemoPatient


def fixtures(server: str, raw: dict[str, Any]) -> DemoFixtures:
    return DemoFixtures(
        url=server,
        aircall_token=raw["aircall_token"],
        intercom_secret=raw["intercom_secret"],
        cti_token=raw["cti_token"],
        patient_app_key=raw["patient_app_key"],
        patients=tuple(DemoPatient(p["account_id"], p["phone"]) for p in raw["patients"]),
        gp_phone=raw["gp_phone"],
    )


class PhoneSystem:
    def __init__(self, http: httpx.AsyncClient, fx: DemoFixtures) -> None:
        self.http, self.calls = http, DemoCalls(fx)

    async def call(self, call_id: int, account_id: str) -> str:
        token = await self.http.post(
            "/v1/patient/app-call-tokens",
            json={"account_id": account_id},
            headers={"Authorization": f"Bearer {APP_KEY}"},
        )
        token.raise_for_status()
        digits = token.json()["token"]
        number = f"+447700900{call_id % 1000:03d}"
        reply = {}
        for event, answered in (("call.ringing_on_agent", False), ("call.answered", True)):
            body = envelope(event, call_id, number, answered=answered, digits=digits)
            response = await self.http.post("/webhooks/aircall", json=body)
            response.raise_for_status()
            reply = response.json()
        return str(reply["conversation_id"])

    async def open_link(self, token: str, account_id: str) -> None:
        reply = await self.http.post(
            "/v1/patient/conversation-links",
            json={"token": token, "account_id": account_id},
            headers={"Authorization": f"Bearer {APP_KEY}"},
        )
        reply.raise_for_status()

    async def do(self, command: dict[str, Any]) -> dict[str, Any]:
        what = command["do"]
        if what == "call":
            return {"id": await self.call(int(command["id"]), command["account_id"])}
        if what == "chat":
            return {"id": await self.calls.intercom_chat()}
        if what == "text":
            return {"id": await self.calls.text_message(command["body"])}
        if what == "open_link":
            await self.open_link(command["token"], command["account_id"])
            return {}
        raise ValueError(f"unknown command {what!r}")


async def main(server: str, fx: DemoFixtures) -> None:
    loop = asyncio.get_running_loop()
    async with httpx.AsyncClient(base_url=server, timeout=30) as http:
        phone = PhoneSystem(http, fx)
        while line := await loop.run_in_executor(None, sys.stdin.readline):
            try:
                answer = await phone.do(json.loads(line))
            except Exception as exc:  # told to the shift, which stops on it
                answer = {"error": f"{type(exc).__name__}: {exc}"}
            print(json.dumps(answer), flush=True)


if __name__ == "__main__":
    pin(0, desk=False)
    raw = json.loads(Path(sys.argv[2]).read_text(encoding="utf-8"))
    asyncio.run(main(sys.argv[1], fixtures(sys.argv[1], raw)))
