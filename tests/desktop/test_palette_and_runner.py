"""Ctrl+K, type, Enter, fill, copy, confirm — from the keyboard alone, against a real server."""

from __future__ import annotations

import httpx
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from sqlalchemy import select

from desktop.views.main_window import MainWindow
from server.core.orm import Agent, Conversation, Issue, OutboundMessage, WorkflowRun
from tests.desktop.conftest import Loop, open_desk, until
from tests.live_server import LiveServer
from tests.support import APP_KEY, aircall, patient


async def app_token_call(server: LiveServer, account_id: str, call_id: int) -> None:
    facts = patient(server.ctx, account_id)
    async with httpx.AsyncClient(base_url=server.url) as http:
        token = (
            await http.post(
                "/v1/patient/app-call-tokens",
                json={"account_id": account_id},
                headers={"Authorization": f"Bearer {APP_KEY}"},
            )
        ).json()["token"]
        for env in (
            aircall("call.ringing_on_agent", call_id, raw_digits=facts.phone, digits=token),
            aircall("call.answered", call_id, raw_digits=facts.phone, answered=True),
        ):
            (await http.post("/webhooks/aircall", json=env)).raise_for_status()


async def unknown_caller_on_screen(
    server: LiveServer, window: MainWindow, call_id: int, number: str
) -> None:
    """A call from a number on no account, answered: the challenge is on screen."""
    async with httpx.AsyncClient(base_url=server.url) as http:
        await http.post(
            "/webhooks/aircall",
            json=aircall("call.answered", call_id, answered=True, raw_digits=number),
        )
    await until(lambda: window.stack.currentWidget() is window.challenge, what="the challenge")


def test_keyboard_only_palette_to_effect(aloop: Loop, live_server: LiveServer, qtbot) -> None:
    facts = patient(live_server.ctx, "pat_00071")

    async def scenario() -> None:
        async with open_desk(live_server) as desk:
            window = desk.window
            await app_token_call(live_server, facts.account_id, 71)
            await until(lambda: window.account.name.text() == facts.full_name, what="the account")

            qtbot.keyClick(window, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
            palette = window.palette
            assert palette.isVisible() and palette.objectName() == "commandPalette"
            assert palette.input.hasFocus()
            qtbot.keyClicks(palette.input, "chase gp")
            assert palette.model.rows[0].match.entry.key == "workflow:chase_gp"
            assert palette.model.rows[0].disabled_reason is None
            qtbot.keyClick(palette.input, Qt.Key.Key_Return)

            runner = window.runner
            await until(lambda: window.stack.currentWidget() is runner, what="the runner")
            assert runner.objectName() == "workflowRunner" and not palette.isVisible()
            assert runner.title.text() == "Chase a prescription with the GP"
            qtbot.keyClick(runner.inputs["prescription_id"], Qt.Key.Key_Tab)
            note = runner.inputs["note"]
            assert note.hasFocus()
            qtbot.keyClicks(note, "Patient has waited a week")
            qtbot.keyClick(
                note,
                Qt.Key.Key_C,
                Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
            )
            script = QGuiApplication.clipboard().text()
            assert script == runner.script.text()
            assert facts.first_name in script and "chase" in script.lower()
            qtbot.keyClick(note, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
            await until(lambda: runner.banner.text().startswith("Done:"), what="the result")

            with live_server.ctx.db.reader() as session:  # type: ignore[union-attr]
                issue = session.scalar(
                    select(Issue).where(
                        Issue.account_id == facts.account_id, Issue.team == "prescriptions"
                    )
                )
                run = session.scalar(
                    select(WorkflowRun).where(WorkflowRun.account_id == facts.account_id)
                )
            assert issue is not None and issue.description == "Patient has waited a week"
            assert run is not None and run.workflow_id == "chase_gp"
            # The account view hears of it and shows the run without being asked.
            await until(
                lambda: any(
                    "Chasing" in window.account.activity.item(i).text()
                    for i in range(window.account.activity.count())
                ),
                what="the run in the view",
            )
            qtbot.keyClick(runner, Qt.Key.Key_Escape)
            assert window.stack.currentWidget() is window.account
            assert window.usage.frecency("workflow:chase_gp") > 0

    aloop.run(scenario(), timeout=90)


def test_palette_greys_what_cannot_run_and_finds_callers(
    aloop: Loop, live_server: LiveServer, qtbot
) -> None:
    async def scenario() -> None:
        async with open_desk(live_server) as desk:
            window = desk.window
            await unknown_caller_on_screen(live_server, window, 72, "+44 113 496 0777")
            window.open_palette()
            palette = window.palette
            qtbot.keyClicks(palette.input, "refund")
            [refund] = [r for r in palette.model.rows if r.match.entry.key == "workflow:refund"]
            assert refund.disabled_reason == "needs a verified caller"
            messages: list[str] = []
            palette.refused.connect(messages.append)
            qtbot.keyClick(palette.input, Qt.Key.Key_Return)
            assert palette.isVisible() and messages == [
                "“Refund a payment” needs a verified caller."
            ]
            palette.input.clear()
            qtbot.keyClicks(palette.input, "side effect")
            # The article on side effects and the workflow that reports one, both near the top:
            # the article can be read to anyone, the workflow needs a pharmacist.
            top = {r.match.entry.kind: r for r in palette.model.rows[:2]}
            assert top["workflow"].disabled_reason == "needs a pharmacist"
            assert top["article"].disabled_reason is None
            palette.input.clear()
            qtbot.keyClicks(palette.input, "note")
            assert palette.model.rows[0].match.entry.key == "workflow:add_note"
            assert palette.model.rows[0].disabled_reason is None
            palette.input.clear()
            qtbot.keyClicks(palette.input, "0113 496 0777")
            assert palette.model.rows[0].match.entry.kind == "conversation"
            qtbot.keyClick(palette.input, Qt.Key.Key_Escape)
            assert not palette.isVisible()

    aloop.run(scenario(), timeout=90)


def test_a_follow_up_text_is_one_of_the_servers_quick_responses(
    aloop: Loop, live_server: LiveServer, qtbot
) -> None:
    """The workflow offers the texts the server's configuration holds, filled in for this
    advisor and line, on a call whose caller is not verified; what it sends is what it showed."""
    texting = live_server.ctx.settings.texting

    async def scenario() -> None:
        async with open_desk(live_server) as desk:
            window = desk.window
            await unknown_caller_on_screen(live_server, window, 73, "+447700900073")
            window.open_palette()
            qtbot.keyClicks(window.palette.input, "follow up text")
            assert window.palette.model.rows[0].match.entry.key == "workflow:follow_up_sms"
            qtbot.keyClick(window.palette.input, Qt.Key.Key_Return)
            runner = window.runner
            combo = runner.inputs["text"]
            await until(combo.isEnabled, what="the server's texts")
            titles = [combo.itemText(i) for i in range(combo.count())]
            assert titles == [q.title for q in texting.quick_responses]
            previews = [combo.itemData(i) for i in range(combo.count())]
            assert all(p and "{" not in p and len(p) <= 255 for p in previews)
            assert "Alex" in previews[titles.index("We'll call you back")]  # the advisor's name
            with live_server.ctx.db.reader() as session:  # type: ignore[union-attr]
                conv = session.scalar(
                    select(Conversation).where(Conversation.caller_number == "+447700900073")
                )
                assert conv is not None
                line = texting.line_for(conv.line)
            assert line is not None
            hours = previews[titles.index("Opening hours")]
            assert line.opening_hours("en") in hours  # the hours IT configured, not a copy

            combo.setCurrentIndex(titles.index("Opening hours"))
            assert runner.script.text() == f"I'll send you a text now: “{hours}”"
            # Switching away and back (parking) comes back to the same text once reloaded.
            state = runner.park()
            assert state is not None
            runner.resume(state, runner.conversation)  # type: ignore[arg-type]
            await until(
                lambda: combo is not runner.inputs["text"] and runner.inputs["text"].isEnabled(),
                what="the texts again",
            )
            combo = runner.inputs["text"]
            assert combo.currentText() == "Opening hours"

            qtbot.keyClick(combo, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
            await until(lambda: runner.banner.text().startswith("Done:"), what="the result")
            with live_server.ctx.db.reader() as session:  # type: ignore[union-attr]
                [sent] = session.scalars(
                    select(OutboundMessage).where(OutboundMessage.conversation_id == conv.id)
                ).all()
            assert (sent.kind, sent.channel, sent.to) == ("follow_up", "sms", "+447700900073")
            assert sent.body == hours
            # The idle lock empties the form; a late answer for it finds nothing to fill.
            runner.clear()
            desk.desk.forms.fieldChoicesFound.emit("quick_response", conv.id, [])
            assert runner.inputs == {} and runner.script.text() == ""

    aloop.run(scenario(), timeout=90)


def test_an_escalation_can_name_the_pharmacist(aloop: Loop, live_server: LiveServer, qtbot) -> None:
    """The form lists the server's pharmacists (with whether they are free); the one named is
    the only one whose queue has it."""
    facts = patient(live_server.ctx, "pat_00074")

    async def scenario() -> None:
        async with open_desk(live_server) as desk:
            window = desk.window
            await app_token_call(live_server, facts.account_id, 74)
            await until(lambda: window.account.name.text() == facts.full_name, what="the account")
            window.open_palette()
            qtbot.keyClicks(window.palette.input, "escalate medication")
            assert window.palette.model.rows[0].match.entry.key == "workflow:escalate_medication"
            qtbot.keyClick(window.palette.input, Qt.Key.Key_Return)
            runner = window.runner
            combo = runner.inputs["pharmacist"]
            await until(combo.isEnabled, what="the pharmacists")
            choices = [(combo.itemText(i), combo.itemData(i)) for i in range(combo.count())]
            assert choices[0] == ("Any pharmacist (the team's queue)", None)
            assert ("Priya Shah · Available", "pharmacist") in choices
            assert all(value != "advisor" for _, value in choices)

            qtbot.keyClicks(runner.inputs["title"], "Can she take it with ibuprofen?")
            combo.setCurrentIndex(combo.findData("pharmacist"))
            qtbot.keyClick(combo, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
            await until(lambda: runner.banner.text().startswith("Done:"), what="the result")
            with live_server.ctx.db.reader() as session:  # type: ignore[union-attr]
                issue = session.scalar(
                    select(Issue).where(
                        Issue.account_id == facts.account_id, Issue.team == "pharmacy"
                    )
                )
                priya = session.scalar(select(Agent).where(Agent.username == "pharmacist"))
            assert issue is not None and priya is not None
            assert issue.title == "Can she take it with ibuprofen?"
            assert issue.assignee_id == priya.id
            # Had the list not come, the field would still mean the team's queue, and say why.
            assert runner.conversation is not None
            desk.desk.forms.fieldChoicesFailed.emit(
                "pharmacist", runner.conversation.id, "Offline."
            )
            assert [combo.itemText(i) for i in range(combo.count())] == [
                "Any pharmacist (the team's queue)"
            ]
            assert runner.banner.text() == (
                "The choices for “Pharmacist” could not be loaded. Offline."
            )

    aloop.run(scenario(), timeout=90)


def test_palette_opens_full_height_after_a_precise_search(qtbot) -> None:
    from PySide6.QtWidgets import QWidget

    from desktop.palette_ranking import Entry
    from desktop.views.command_palette import CommandPalette, PaletteDelegate

    host = QWidget()
    qtbot.addWidget(host)
    host.resize(1366, 768)
    host.show()
    entries = [Entry(f"workflow:w{n}", f"Workflow number {n}") for n in range(20)]
    entries.append(Entry("workflow:refund", "Refund a payment"))
    palette = CommandPalette(host)
    palette.open(entries, {}, {})
    full = palette.height()
    assert full >= 9 * PaletteDelegate.HEIGHT
    qtbot.keyClicks(palette.input, "refund")
    assert palette.model.rowCount() == 1
    qtbot.keyClick(palette.input, Qt.Key.Key_Escape)
    palette.open(entries, {}, {})
    assert palette.model.rowCount() == len(entries) and palette.height() == full


def test_the_catalogue_is_loaded_after_the_first_frame_without_being_asked(
    aloop: Loop, live_server: LiveServer
) -> None:
    """The first frame loads no workflow (test_startup_imports); the warm-up after it loads the
    whole catalogue a module at a time, so the first Ctrl+K or workflow waits for nothing, makes
    the runner, and then takes what the desk holds for its lifetime out of the collector's full
    sweeps."""
    import gc

    from desktop.workflows.registry import discover

    assert gc.get_freeze_count() == 0  # the fixtures unfreeze after every test

    async def scenario() -> None:
        async with open_desk(live_server) as desk:
            window = desk.window
            # Nothing here asks for the registry: only the warm-up can fill it.
            await until(lambda: window._registry is not None, what="the warmed-up catalogue")
            warmed = window._registry
            assert warmed is not None and not warmed.problems
            assert [w.id for w in warmed] == [w.id for w in discover()]
            assert window.registry is warmed  # the first use finds it ready
            # The runner is made (and styled) before the first workflow, not in it.
            await until(lambda: window._runner is not None, what="the runner made ahead")
            await until(lambda: gc.get_freeze_count() > 0, what="the desk frozen for the GC")

    aloop.run(scenario())


def test_a_rows_highlight_follows_each_keystroke(qtbot) -> None:
    """Rows are laid out once and kept by how they look: the same row with one more letter
    typed is drawn anew, with that letter highlighted, not from what was kept."""
    from PySide6.QtWidgets import QWidget

    from desktop.palette_ranking import Entry
    from desktop.views.command_palette import CommandPalette

    host = QWidget()
    qtbot.addWidget(host)
    host.resize(1000, 700)
    host.show()
    palette = CommandPalette(host)
    palette.open([Entry("workflow:refund", "Refund a payment", "Orders")], {}, {})
    viewport = palette.list.viewport()

    def drawn(typed: str) -> tuple[int, ...]:
        palette.input.setText(typed)
        assert [row.match.entry.key for row in palette.model.rows] == ["workflow:refund"]
        palette.list.clearSelection()  # the row as it looks unselected: highlight in the accent
        image = viewport.grab().toImage()
        return tuple(image.pixel(x, y) for x in range(0, 200) for y in range(4, 30))

    one, two, one_again = drawn("r"), drawn("re"), drawn("r")
    assert one != two  # "e" is highlighted now
    assert one == one_again  # and the kept layout of "r" is drawn the same
