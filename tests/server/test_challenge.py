"""Challenge flows: right answers in any format pass, wrong ones fail without saying which,
three failures lock, and no response ever carries a true answer."""

from __future__ import annotations

import itertools
import json

import httpx
import pytest
from sqlalchemy import select

from backend_client import errors
from backend_client import models as m
from server.core.orm import AuditRow, Conversation
from tests.support import aircall, patient, patient_with_representative

_KEYS = itertools.count()


class Recorder:
    """Keeps every response body the advisor's client received."""

    def __init__(self) -> None:
        self.bodies: list[str] = []

    async def __call__(self, response: httpx.Response) -> None:
        await response.aread()
        self.bodies.append(response.text)

    def assert_never_contains(self, values: list[str]) -> None:
        blob = "\n".join(self.bodies).lower()
        for value in values:
            assert value.lower() not in blob, f"a response carried a true answer: {value!r}"


@pytest.fixture
async def desk(app):
    """A raw HTTP session signed in as the advisor, recording every response body."""
    recorder = Recorder()
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app),
        base_url="http://testserver",
        event_hooks={"response": [recorder]},
    ) as client:
        token = (
            await client.post("/v1/auth/login", json={"username": "advisor", "password": "demo"})
        ).json()
        client.headers["Authorization"] = f"Bearer {token['access_token']}"
        client.recorder = recorder  # type: ignore[attr-defined]
        yield client


async def ring(http: httpx.AsyncClient, call_id: int, number: str = "+44 20 7946 0321") -> str:
    reply = await http.post(
        "/webhooks/aircall", json=aircall("call.ringing_on_agent", call_id, raw_digits=number)
    )
    return str(reply.json()["conversation_id"])


async def questions(desk: httpx.AsyncClient, conv: str, caller_type: str = "patient") -> dict:
    response = await desk.get(
        f"/v1/conversations/{conv}/challenge", params={"caller_type": caller_type}
    )
    assert response.status_code == 200, response.text
    return response.json()


async def answer(
    desk: httpx.AsyncClient, conv: str, caller_type: str, answers: dict[str, str]
) -> httpx.Response:
    return await desk.post(
        f"/v1/conversations/{conv}/challenge",
        json={"caller_type": caller_type, "answers": answers},
        headers={"Idempotency-Key": f"challenge-{next(_KEYS)}"},
    )


def fact_answer(q: dict, facts) -> str:
    label = q["questions"][-1]["label"]
    if "address" in label:
        return "  " + facts.address_line1.upper().replace(" ", "  ") + " "
    return facts.medicine_name.lower()


@pytest.mark.parametrize(
    ("dob_format", "postcode_style"),
    [
        ("%d/%m/%Y", "lower-nospace"),
        ("%Y-%m-%d", "upper"),
        ("%d %B %Y", "spaced"),
        ("%d.%m.%y", "lower-nospace"),
        ("%B %d, %Y", "upper"),
        ("%d%m%Y", "spaced"),
    ],
)
async def test_patient_passes_with_answers_in_other_formats(
    http, desk, ctx, dob_format, postcode_style
) -> None:
    facts = patient(ctx, "pat_00021")
    conv = await ring(http, 1)
    q = await questions(desk, conv)
    assert [x["key"] for x in q["questions"]] == ["full_name", "date_of_birth", "postcode", "fact"]
    assert q["attempts_left"] == 3
    postcode = {
        "lower-nospace": facts.postcode.lower().replace(" ", ""),
        "upper": facts.postcode.upper(),
        "spaced": "  " + facts.postcode.replace(" ", "   ") + " ",
    }[postcode_style]
    response = await answer(
        desk,
        conv,
        "patient",
        {
            "full_name": f"  {facts.first_name.upper()}   {facts.last_name.lower()} ",
            "date_of_birth": facts.date_of_birth.strftime(dob_format),
            "postcode": postcode,
            "fact": fact_answer(q, facts),
        },
    )
    result = response.json()
    assert response.status_code == 200 and result["verified"] is True, result
    assert result["conversation"]["auth_state"] == "verified_challenge"
    assert result["conversation"]["account_id"] == facts.account_id
    snapshot = await desk.get(
        f"/v1/accounts/{facts.account_id}/snapshot", params={"conversation_id": conv}
    )
    assert snapshot.status_code == 200


async def test_diacritics_and_titles_are_folded(http, desk, ctx) -> None:
    from server.core.orm import Account

    with ctx.db.transaction() as session:
        account = session.get(Account, "pat_00022")
        account.first_name, account.last_name = "Zoë", "O'Brien-Smith"
    facts = patient(ctx, "pat_00022")
    conv = await ring(http, 2)
    q = await questions(desk, conv)
    result = (
        await answer(
            desk,
            conv,
            "patient",
            {
                "full_name": "Ms zoe obrien smith",
                "date_of_birth": facts.date_of_birth.isoformat(),
                "postcode": facts.postcode,
                "fact": fact_answer(q, facts),
            },
        )
    ).json()
    assert result["verified"] is True


async def test_wrong_answers_fail_without_saying_which_and_lock_after_three(
    http, desk, ctx
) -> None:
    facts = patient(ctx, "pat_00023")
    conv = await ring(http, 3)
    q = await questions(desk, conv)
    good = {
        "full_name": facts.full_name,
        "date_of_birth": facts.date_of_birth.isoformat(),
        "postcode": facts.postcode,
        "fact": fact_answer(q, facts),
    }
    wrong_each = [
        {**good, "postcode": "ZZ9 9ZZ"},
        {**good, "date_of_birth": "01/01/1900"},
        {**good, "full_name": "Somebody Else"},
    ]
    replies = []
    for wrong in wrong_each:
        response = await answer(desk, conv, "patient", wrong)
        assert response.status_code == 200
        replies.append(response.json())
    assert [r["outcome"] for r in replies] == ["not_verified", "not_verified", "locked"]
    assert [r["attempts_left"] for r in replies] == [2, 1, 0]
    # The same words whichever answer was wrong: nothing says which one failed.
    assert replies[0]["message"] == replies[1]["message"]
    for reply in replies:
        assert not any(
            key in reply["message"].lower() for key in ("postcode", "birth", "name", "address")
        )
    # Locked: even the right answers are refused, and nothing of the patient is served.
    locked = await answer(desk, conv, "patient", good)
    assert locked.status_code == 423 and locked.json()["error"]["code"] == "challenge_locked"
    assert (await desk.get(f"/v1/conversations/{conv}/challenge")).status_code == 423
    snap = await desk.get(
        f"/v1/accounts/{facts.account_id}/snapshot", params={"conversation_id": conv}
    )
    assert snap.status_code in (403, 423)
    desk.recorder.assert_never_contains([*facts.secrets(), facts.full_name])


async def test_lead_unlocks_a_locked_challenge(http, desk, lead, advisor, ctx) -> None:
    conv = await ring(http, 4)
    await questions(desk, conv)
    for _ in range(3):
        await answer(
            desk,
            conv,
            "patient",
            {"full_name": "x", "date_of_birth": "x", "postcode": "x", "fact": "x"},
        )
    with pytest.raises(errors.PermissionDeniedError):
        await advisor.challenge.unlock(conv)
    unlocked = await lead.challenge.unlock(conv)
    assert (unlocked.auth_state, unlocked.attempts_left) == ("unverified", 3)
    assert (await questions(desk, conv))["attempts_left"] == 3
    with ctx.db.reader() as session:
        assert "challenge.unlocked" in session.scalars(select(AuditRow.action)).all()


async def test_representative_flow(http, desk, ctx) -> None:
    facts = patient_with_representative(ctx)
    conv = await ring(http, 5)
    q = await questions(desk, conv, "representative")
    assert [x["key"] for x in q["questions"]] == [
        "representative_name",
        "date_of_birth",
        "postcode",
    ]
    result = (
        await answer(
            desk,
            conv,
            "representative",
            {
                "representative_name": facts.representatives[0].upper(),
                "date_of_birth": facts.date_of_birth.strftime("%d-%m-%Y"),
                "postcode": facts.postcode.lower(),
            },
        )
    ).json()
    assert result["verified"] is True
    snapshot = (
        await desk.get(
            f"/v1/accounts/{facts.account_id}/snapshot", params={"conversation_id": conv}
        )
    ).json()
    assert snapshot["identity"]["flags"][0] == "Representative calling"
    # The patient's own name is not the representative's: that fails.
    other = await ring(http, 6)
    await questions(desk, other, "representative")
    failed = (
        await answer(
            desk,
            other,
            "representative",
            {
                "representative_name": facts.full_name,
                "date_of_birth": facts.date_of_birth.isoformat(),
                "postcode": facts.postcode,
            },
        )
    ).json()
    assert failed["verified"] is False


async def test_professional_from_the_registered_number_is_verified(http, desk, ctx) -> None:
    facts = patient(ctx, "pat_00024")
    conv = await ring(http, 7, number=facts.gp_phone)
    q = await questions(desk, conv, "professional")
    assert [x["key"] for x in q["questions"]] == [
        "ods_code",
        "caller_name",
        "caller_role",
        "nhs_number",
        "date_of_birth",
    ]
    nhs = facts.nhs_number
    result = (
        await answer(
            desk,
            conv,
            "professional",
            {
                "ods_code": facts.gp_ods.lower(),
                "caller_name": "Dr Rivers",
                "caller_role": "GP",
                "nhs_number": f"{nhs[:3]} {nhs[3:6]} {nhs[6:]}",
                "date_of_birth": facts.date_of_birth.strftime("%d/%m/%Y"),
            },
        )
    ).json()
    assert (result["outcome"], result["conversation"]["auth_state"]) == (
        "verified",
        "verified_professional",
    )


async def test_professional_from_another_number_must_be_called_back(http, desk, ctx) -> None:
    facts = patient(ctx, "pat_00025")
    conv = await ring(http, 8, number="+44 113 496 0500")
    await questions(desk, conv, "professional")
    result = (
        await answer(
            desk,
            conv,
            "professional",
            {
                "ods_code": facts.gp_ods,
                "caller_name": "Nurse Jay",
                "caller_role": "Practice nurse",
                "nhs_number": facts.nhs_number,
                "date_of_birth": facts.date_of_birth.isoformat(),
            },
        )
    ).json()
    assert result["outcome"] == "callback_required"
    assert result["callback_number"] == facts.gp_phone
    assert result["conversation"]["account_id"] is None
    assert (
        await desk.get(
            f"/v1/accounts/{facts.account_id}/snapshot", params={"conversation_id": conv}
        )
    ).status_code == 403
    confirmed = await desk.post(
        f"/v1/conversations/{conv}/challenge/callback",
        json={"called_registered_number": True},
        headers={"Idempotency-Key": f"callback-{conv}"},
    )
    assert confirmed.json()["conversation"]["auth_state"] == "verified_professional"
    assert (
        await desk.get(
            f"/v1/accounts/{facts.account_id}/snapshot", params={"conversation_id": conv}
        )
    ).status_code == 200


async def test_bad_input_never_crashes_the_challenge(http, desk) -> None:
    conv = await ring(http, 9)
    await questions(desk, conv)
    for answers in (
        {},
        {"full_name": "a" * 300, "nhs_number": "abc"},
        {"date_of_birth": "31/02/1990", "postcode": "😀"},
    ):
        response = await answer(desk, conv, "patient", answers)
        assert response.status_code == 200 and response.json()["verified"] is False
    assert (await answer(desk, conv, "patient", {"x": "y" * 301})).status_code == 422
    assert (await answer(desk, conv, "alien", {})).status_code == 422


async def test_retried_submission_counts_once(http, desk) -> None:
    conv = await ring(http, 10)
    await questions(desk, conv)
    body = {"caller_type": "patient", "answers": {"full_name": "Nobody"}}
    headers = {"Idempotency-Key": "attempt-1"}
    first = await desk.post(f"/v1/conversations/{conv}/challenge", json=body, headers=headers)
    again = await desk.post(f"/v1/conversations/{conv}/challenge", json=body, headers=headers)
    assert first.json() == again.json()
    assert again.headers.get("Idempotent-Replayed") == "true"
    assert (await questions(desk, conv))["attempts_left"] == 2


async def test_no_challenge_response_ever_holds_a_true_answer(http, desk, ctx) -> None:
    facts = patient(ctx, "pat_00026")
    conv = await ring(http, 11)
    for caller_type in ("patient", "representative", "professional"):
        await questions(desk, conv, caller_type)
    await answer(
        desk,
        conv,
        "patient",
        {
            "full_name": facts.full_name,
            "date_of_birth": "1/1/1900",
            "postcode": facts.postcode,
            "fact": "nothing",
        },
    )
    await answer(
        desk,
        conv,
        "professional",
        {
            "ods_code": facts.gp_ods,
            "nhs_number": facts.nhs_number,
            "date_of_birth": "2/2/1902",
            "caller_name": "A",
            "caller_role": "B",
        },
    )
    await desk.get(f"/v1/conversations/{conv}")
    await desk.get("/v1/conversations")
    desk.recorder.assert_never_contains([*facts.secrets(), facts.last_order_medicine])
    with ctx.db.reader() as session:
        details = json.dumps([r.detail for r in session.scalars(select(AuditRow)).all()])
        conv_row = session.get(Conversation, conv)
    for secret in facts.secrets():
        assert secret not in details
    assert conv_row is not None and conv_row.challenge_failures == 2


async def test_answers_before_questions_are_refused(http, desk) -> None:
    conv = await ring(http, 12)
    response = await answer(desk, conv, "patient", {"full_name": "x"})
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "questions_not_asked"


async def test_caller_types_are_typed(advisor, http) -> None:
    conv = await ring(http, 13)
    q = await advisor.challenge.questions(conv, m.CallerType.PROFESSIONAL)
    assert q.questions[0].kind == m.QuestionKind.ODS_CODE
