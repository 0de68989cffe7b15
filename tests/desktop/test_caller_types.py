"""Representatives and GP practices verified at the desk, by keyboard, against the real server."""

from __future__ import annotations

import asyncio

import httpx
from PySide6.QtCore import Qt

from desktop.views.challenge_view import ChallengeView
from tests.desktop.conftest import Loop, open_desk, until
from tests.support import aircall, patient, patient_with_representative


async def ring_and_answer(server, call_id: int, number: str) -> None:
    async with httpx.AsyncClient(base_url=server.url) as http:
        for env in (
            aircall("call.ringing_on_agent", call_id, raw_digits=number),
            aircall("call.answered", call_id, raw_digits=number, answered=True),
        ):
            (await http.post("/webhooks/aircall", json=env)).raise_for_status()


def type_answers(qtbot, view: ChallengeView, answers: list[tuple[str, str]]) -> None:
    """Each answer typed, then Enter: Enter moves on, and submits at the last one."""
    for key, text in answers:
        qtbot.keyClicks(view.fields[key], text)
        qtbot.keyClick(view.fields[key], Qt.Key.Key_Return)


def test_a_representative_is_verified_by_keyboard(aloop: Loop, live_server, qtbot) -> None:
    async def scenario() -> None:
        async with open_desk(live_server) as desk:
            facts = patient_with_representative(live_server.ctx)
            await ring_and_answer(live_server, 31, "+44 20 7946 0999")
            view = desk.window.challenge
            await until(lambda: len(view.fields) == 4, what="the patient's questions")
            view.caller_type.setFocus()
            qtbot.keyClick(view.caller_type, Qt.Key.Key_Down)  # → Representative
            await until(
                lambda: list(view.fields) == ["representative_name", "date_of_birth", "postcode"],
                what="the representative's questions",
            )
            assert not view.banner.isVisible()  # no "Something went wrong"
            type_answers(
                qtbot,
                view,
                [
                    ("representative_name", facts.representatives[0]),
                    ("date_of_birth", facts.date_of_birth.strftime("%d/%m/%Y")),
                    ("postcode", facts.postcode),
                ],
            )
            account = desk.window.account
            await until(lambda: account.name.text() == facts.full_name, what="the account")

    aloop.run(scenario(), timeout=90)


def test_a_gp_practice_is_preselected_and_verified_from_its_registered_number(
    aloop: Loop, live_server, qtbot
) -> None:
    async def scenario() -> None:
        async with open_desk(live_server) as desk:
            facts = patient(live_server.ctx, "pat_00071")
            await ring_and_answer(live_server, 32, facts.gp_phone)
            view = desk.window.challenge
            await until(lambda: "ods_code" in view.fields, what="the professional questions")
            assert view.caller_type.currentText() == "GP practice or pharmacy"
            type_answers(
                qtbot,
                view,
                [
                    ("ods_code", facts.gp_ods),
                    ("caller_name", "Dr Jay Patel"),
                    ("caller_role", "GP"),
                    ("nhs_number", facts.nhs_number),
                    ("date_of_birth", facts.date_of_birth.isoformat()),
                ],
            )
            account = desk.window.account
            await until(lambda: account.name.text() == facts.full_name, what="the account")

    aloop.run(scenario(), timeout=90)


def test_a_practice_from_another_number_is_called_back_and_the_number_stays_shown(
    aloop: Loop, live_server, qtbot
) -> None:
    async def scenario() -> None:
        async with open_desk(live_server) as desk:
            facts = patient(live_server.ctx, "pat_00072")
            await ring_and_answer(live_server, 33, "+44 20 7946 0888")
            view = desk.window.challenge
            await until(lambda: len(view.fields) == 4, what="questions")
            view.caller_type.setFocus()
            qtbot.keyClick(view.caller_type, Qt.Key.Key_End)  # → GP practice or pharmacy
            await until(lambda: "ods_code" in view.fields, what="the professional questions")
            type_answers(
                qtbot,
                view,
                [
                    ("ods_code", facts.gp_ods),
                    ("caller_name", "Nurse Ali"),
                    ("caller_role", "Practice nurse"),
                    ("nhs_number", facts.nhs_number),
                    ("date_of_birth", facts.date_of_birth.isoformat()),
                ],
            )
            await until(lambda: view.callback.isVisible(), what="the callback instruction")
            number = facts.gp_phone.replace("+44", "")
            assert facts.gp_phone in view.banner.text() or number in view.banner.text()
            # A refresh of the conversation (any webhook) keeps the number on screen.
            desk.desk.conversation.open(desk.desk.current_id)
            await asyncio.sleep(0.2)  # the refresh's own requests settle
            assert view.callback.isVisible() and facts.gp_phone in view.banner.text()
            qtbot.keyClick(view.callback, Qt.Key.Key_Space)
            account = desk.window.account
            await until(lambda: account.name.text() == facts.full_name, what="the account")

    aloop.run(scenario(), timeout=90)


def test_the_header_counts_follow_answers_and_the_connection_state_stays_visible(
    aloop: Loop, live_server
) -> None:
    async def scenario() -> None:
        async with open_desk(live_server) as desk:
            header = desk.window.panel.header
            async with httpx.AsyncClient(base_url=live_server.url) as http:
                await http.post("/webhooks/aircall", json=aircall("call.ringing_on_agent", 41))
                await until(lambda: header.text() == "Conversations · 1 · 1 ringing")
                await http.post(
                    "/webhooks/aircall", json=aircall("call.answered", 41, answered=True)
                )
            await until(lambda: header.text() == "Conversations · 1", what="no longer ringing")
            # A passing message in the status bar does not hide the connection state.
            desk.window.statusBar().showMessage("Script copied.", 5000)
            assert desk.window.status.connection_label.isVisible()
            assert desk.window.status.connection_label.text() == "● Live"

    aloop.run(scenario(), timeout=90)
