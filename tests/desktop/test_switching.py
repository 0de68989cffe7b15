"""A chat assigned mid-workflow is announced, not opened; each conversation keeps its own
half-filled workflow when the advisor switches between them."""

from __future__ import annotations

import httpx
from PySide6.QtCore import Qt

from tests.desktop.conftest import Loop, open_desk, until
from tests.desktop.test_palette_and_runner import app_token_call
from tests.live_server import LiveServer
from tests.support import intercom, patient, post_intercom


def test_a_chat_arriving_mid_workflow_leaves_the_workflow_in_place(
    aloop: Loop, live_server: LiveServer, qtbot
) -> None:
    caller = patient(live_server.ctx, "pat_00081")
    chatter = patient(live_server.ctx, "pat_00082")

    async def scenario() -> None:
        async with open_desk(live_server) as desk:
            window = desk.window
            await app_token_call(live_server, caller.account_id, 81)
            await until(lambda: window.account.name.text() == caller.full_name)
            call_id = desk.desk.current_id
            qtbot.keyClick(window, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
            qtbot.keyClicks(window.palette.input, "chase gp")
            qtbot.keyClick(window.palette.input, Qt.Key.Key_Return)
            runner = window.runner
            await until(lambda: window.stack.currentWidget() is runner)
            runner.inputs["note"].setFocus()
            qtbot.keyClicks(runner.inputs["note"], "Waited a week")
            chosen = runner.inputs["prescription_id"].currentData()

            async with httpx.AsyncClient(base_url=live_server.url) as http:
                for topic, n in (
                    ("conversation.user.created", 1),
                    ("conversation.admin.assigned", 2),
                ):
                    payload = intercom(
                        topic, "chat-82", f"n-82-{n}", external_id=chatter.account_id
                    )
                    assert (await post_intercom(http, payload)).status_code == 200
            await until(lambda: desk.desk.conversations.rowCount() == 2, what="the chat's row")
            await until(lambda: ("New chat", chatter.full_name) in desk.notifier.shown)
            # Still the workflow, still the same patient, still what was typed.
            assert window.stack.currentWidget() is runner
            assert desk.desk.current_id == call_id
            assert runner.inputs["note"].toPlainText() == "Waited a week"

            # The advisor opens the chat, then goes back: the workflow is as they left it.
            chat_id = next(i for i in desk.desk.conversations.ids() if i != call_id)
            desk.desk.conversation.open(chat_id)
            await until(lambda: window.account.name.text() == chatter.full_name)
            assert window.stack.currentWidget() is window.account
            desk.desk.conversation.open(call_id)
            await until(lambda: window.stack.currentWidget() is runner, what="the parked workflow")
            assert runner.conversation is not None and runner.conversation.id == call_id
            assert runner.inputs["note"].toPlainText() == "Waited a week"
            assert runner.inputs["prescription_id"].currentData() == chosen
            assert caller.first_name in runner.script.text()

    aloop.run(scenario(), timeout=90)


def test_the_same_questions_loaded_again_keep_what_the_advisor_typed(qtbot) -> None:  # type: ignore[no-untyped-def]
    """A second load of one conversation's questions (an event and the open racing) arrives
    while the advisor types: the answers stay; another conversation's questions replace them."""
    from backend_client import models as m
    from desktop.controllers.desk import DeskController
    from desktop.views.challenge_view import ChallengeView

    view = ChallengeView(DeskController(lambda url: None))  # type: ignore[arg-type,return-value]
    qtbot.addWidget(view)

    def questions(conversation_id: str, attempts: int) -> m.ChallengeQuestions:
        return m.ChallengeQuestions(
            conversation_id=conversation_id,
            caller_type=m.CallerType.PATIENT,
            questions=[
                m.ChallengeQuestion(key="full_name", label="Full name", kind=m.QuestionKind.TEXT),
                m.ChallengeQuestion(
                    key="date_of_birth", label="Date of birth", kind=m.QuestionKind.DATE
                ),
            ],
            attempts_left=attempts,
        )

    view.show_questions(questions("conv_a", 3))
    view.fields["full_name"].setText("Jane Example")
    typed = view.fields["full_name"]
    view.show_questions(questions("conv_a", 2))
    assert view.fields["full_name"] is typed and typed.text() == "Jane Example"
    view.show_questions(questions("conv_b", 3))
    assert view.fields["full_name"].text() == ""
