"""Errors look and sound like errors; a refused action leaves no script to read out."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication

from desktop.workflows.registry import discover
from tests.desktop.conftest import Loop, open_desk, until
from tests.desktop.test_input_counts import patient_with_money_to_refund
from tests.desktop.test_palette_and_runner import app_token_call
from tests.live_server import LiveServer
from tests.support import patient


def test_a_refused_refund_is_an_error_and_its_script_cannot_be_copied(
    aloop: Loop, live_server: LiveServer, qtbot
) -> None:
    facts = patient(live_server.ctx, patient_with_money_to_refund(live_server, skip=1))
    refund = next(w for w in discover(include_plugins=False) if w.id == "refund")

    async def scenario() -> None:
        async with open_desk(live_server) as desk:
            window = desk.window
            await app_token_call(live_server, facts.account_id, 72)
            await until(lambda: window.account.name.text() == facts.full_name, what="account")
            qtbot.keyClick(window, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
            qtbot.keyClicks(window.palette.input, "refund")
            assert window.palette.model.rows[0].match.entry.payload == refund
            qtbot.keyClick(window.palette.input, Qt.Key.Key_Return)
            runner = window.runner
            await until(lambda: window.stack.currentWidget() is runner, what="the runner")
            order_box = runner.inputs["order_id"]
            order_id = order_box.currentData()  # type: ignore[attr-defined]
            order = next(o for o in window.desk.snapshot.orders if o.id == order_id)  # type: ignore[union-attr]
            too_much = (order.total_pence - order.refunded_pence) / 100 + 10
            qtbot.keyClicks(runner.inputs["amount_pence"], f"{too_much:.2f}")
            qtbot.keyClicks(runner.inputs["reason"], "Item not received")
            assert runner.copy.isEnabled()
            QGuiApplication.clipboard().setText("untouched")
            qtbot.keyClick(
                runner.inputs["reason"], Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier
            )
            await until(
                lambda: runner.banner.isVisible() and runner.confirm.isEnabled(), what="refusal"
            )

            assert runner.banner.kind() == "error"
            assert runner.banner.text().startswith("Not done. At most £")
            assert runner.banner.announced[-1].startswith("Error: Not done.")
            assert not runner.copy.isEnabled()
            assert "Nothing was done" in runner.script.text()
            assert "I've refunded" not in runner.script.text()
            qtbot.keyClick(
                runner.inputs["reason"],
                Qt.Key.Key_C,
                Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
            )
            assert QGuiApplication.clipboard().text() == "untouched"
            # The field says what is allowed, in pounds.
            error = runner.errors["amount_pence"]
            assert error.isVisible() and "£" in error.text()

            # Changing the amount brings the script back, to be read once it is done.
            amount = runner.inputs["amount_pence"]
            amount.clear()  # type: ignore[attr-defined]
            qtbot.keyClicks(amount, "1.00")
            assert runner.copy.isEnabled() and runner.script.text().startswith(
                "I've refunded £1.00"
            )

    aloop.run(scenario(), timeout=60)
