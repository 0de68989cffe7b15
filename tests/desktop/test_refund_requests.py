"""A refund over the advisor's limit goes to a lead as a request; the lead approves it on their
desk and the advisor sees it applied — by keyboard, against the real server."""

from __future__ import annotations

from PySide6.QtCore import Qt

from server.core.orm import Order
from tests.desktop.conftest import Loop, open_desk, until
from tests.desktop.test_input_counts import patient_with_money_to_refund
from tests.desktop.test_palette_and_runner import app_token_call
from tests.live_server import LiveServer
from tests.support import patient

CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


def test_ask_a_lead_then_the_lead_approves(aloop: Loop, live_server: LiveServer, qtbot) -> None:
    facts = patient(live_server.ctx, patient_with_money_to_refund(live_server, skip=2))

    async def scenario() -> None:
        async with open_desk(live_server, "lead") as lead, open_desk(live_server) as advisor:
            window = advisor.window
            await app_token_call(live_server, facts.account_id, 85)
            await until(lambda: window.account.name.text() == facts.full_name, what="account")
            paid = next(
                o for o in window.account.orders_model.rows if o.total_pence > o.refunded_pence
            )
            with live_server.ctx.db.transaction() as session:  # type: ignore[union-attr]
                session.get(Order, paid.id).total_pence = 20_000  # type: ignore[union-attr]
            advisor.desk.conversation.load_snapshot()
            await until(
                lambda: any(o.total_pence == 20_000 for o in window.account.orders_model.rows),
                what="the new total",
            )
            window.activateWindow()
            window.open_workflow("refund")
            runner = window.runner
            await until(lambda: window.stack.currentWidget() is runner, what="the runner")
            combo = runner.inputs["order_id"]
            combo.setCurrentIndex(combo.findData(paid.id))  # type: ignore[attr-defined]
            runner.inputs["amount_pence"].setText("60.00")  # type: ignore[attr-defined]
            runner.inputs["reason"].setText("Second damaged parcel")  # type: ignore[attr-defined]
            runner.submit()
            await until(lambda: runner.ask_lead.isVisible(), what="the offer to ask a lead")
            assert runner.banner.kind() == "error" and "team lead" in runner.banner.text()
            qtbot.keyClick(runner, Qt.Key.Key_L, CTRL_SHIFT)
            await until(lambda: runner.banner.kind() == "info", what="asked")
            assert "£60.00" in runner.banner.text() and not runner.ask_lead.isVisible()
            assert runner.copy.isEnabled() and "team lead" in runner.script.text()

            panel = lead.window.docks.refunds
            assert panel is not None
            await until(lambda: panel.list.count() == 1, what="the lead's request")
            assert "£60.00" in panel.list.item(0).text()
            assert facts.full_name in panel.list.item(0).text()
            panel.note.setText("OK as a one-off")
            qtbot.mouseClick(panel.approve, Qt.MouseButton.LeftButton)
            await until(lambda: panel.list.count() == 0, what="decided")

            await until(lambda: window.decisions, what="the advisor hears")
            assert window.decisions[-1].startswith("Refund approved: £60.00")
            await until(
                lambda: any(
                    o.id == paid.id and o.refunded_pence == 6000
                    for o in window.account.orders_model.rows
                ),
                what="the refund on the account",
            )
            assert window.account.name.text() == facts.full_name

    aloop.run(scenario(), timeout=90)
