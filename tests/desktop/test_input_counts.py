"""How many inputs each common task takes, driven by keyboard alone against the real server.

Counted as a person would feel them: each field filled (typing into it, or picking in a list)
and each command (a shortcut, Enter that runs something) is one input; Tab or Enter that only
moves to the next field is free. The budgets are the issue's: challenge ≤ 5, change address ≤ 8
(type the postcode, pick the address), refund ≤ 8.
"""

from __future__ import annotations

import httpx
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget
from sqlalchemy import select

from desktop.workflows.catalogue import _examples as ex
from server.accounts import snapshot as server_snapshot
from server.core.orm import Account, RefundRecord
from tests.desktop.conftest import Loop, open_desk, until
from tests.desktop.test_palette_and_runner import app_token_call
from tests.live_server import LiveServer
from tests.support import aircall, patient

CTRL = Qt.KeyboardModifier.ControlModifier


class Keyboard:
    """qtbot's keys, counted."""

    def __init__(self, qtbot) -> None:  # type: ignore[no-untyped-def]
        self.qtbot = qtbot
        self.inputs = 0
        self.log: list[str] = []

    def fill(self, widget: QWidget, text: str) -> None:
        assert widget.hasFocus(), f"{widget.objectName()} should have the focus to type into"
        self.qtbot.keyClicks(widget, text)
        self._count(f"fill {widget.objectName()}")

    def pick(self, widget: QWidget, downs: int = 1) -> None:
        assert widget.hasFocus(), f"{widget.objectName()} should have the focus to pick in"
        for _ in range(downs):
            self.qtbot.keyClick(widget, Qt.Key.Key_Down)
        self._count(f"pick in {widget.objectName()}")

    def command(
        self, widget: QWidget, key: Qt.Key, modifiers=Qt.KeyboardModifier.NoModifier
    ) -> None:  # type: ignore[no-untyped-def]
        self.qtbot.keyClick(widget, key, modifiers)
        self._count(f"command {key.name} on {widget.objectName()}")

    def move(self, widget: QWidget, key: Qt.Key = Qt.Key.Key_Return) -> None:
        self.qtbot.keyClick(widget, key)  # free: it only moves on

    def _count(self, what: str) -> None:
        self.inputs += 1
        self.log.append(what)


def patient_with_money_to_refund(server: LiveServer, skip: int = 0) -> str:
    """A seeded patient with an order that still has money to refund (the ``skip``-th)."""
    found = 0
    for n in range(1, 200):
        with server.ctx.db.reader() as session:  # type: ignore[union-attr]
            account = session.get(Account, f"pat_{n:05d}")
            snap = server_snapshot.build(session, account, None) if account else None
        if snap is not None and ex.paid_order(snap):
            if found == skip:
                return f"pat_{n:05d}"
            found += 1
    raise AssertionError("no seeded patient has money to refund")


def focused() -> QWidget | None:
    return QApplication.focusWidget()


def test_patient_challenge_takes_at_most_5_inputs(
    aloop: Loop, live_server: LiveServer, qtbot
) -> None:
    facts = patient(live_server.ctx, "pat_00077")

    async def scenario() -> None:
        async with open_desk(live_server) as desk:
            window = desk.window
            window.activateWindow()
            async with httpx.AsyncClient(base_url=live_server.url) as http:
                for env in (
                    aircall("call.ringing_on_agent", 77, raw_digits="+44 20 7946 0777"),
                    aircall("call.answered", 77, raw_digits="+44 20 7946 0777", answered=True),
                ):
                    (await http.post("/webhooks/aircall", json=env)).raise_for_status()
            view = window.challenge
            await until(lambda: len(view.fields) == 4, what="the questions")
            await until(lambda: view.fields["full_name"].hasFocus(), what="focus on the first")
            label = view.form.labelForField(view.fields["fact"]).text()
            fact = facts.address_line1 if "address" in label else facts.medicine_name
            keys = Keyboard(qtbot)
            answers = [
                ("full_name", facts.full_name),
                ("date_of_birth", facts.date_of_birth.strftime("%d/%m/%Y")),
                ("postcode", facts.postcode),
                ("fact", fact),
            ]
            for n, (key, text) in enumerate(answers):
                keys.fill(view.fields[key], text)
                if n + 1 < len(answers):
                    keys.move(view.fields[key])
                else:
                    keys.command(view.fields[key], Qt.Key.Key_Return)  # submits
            await until(lambda: window.account.name.text() == facts.full_name, what="verified")
            print(f"patient challenge: {keys.inputs} inputs: {keys.log}")
            assert keys.inputs <= 5

    aloop.run(scenario(), timeout=90)


def test_change_address_takes_at_most_8_inputs(aloop: Loop, live_server: LiveServer, qtbot) -> None:
    facts = patient(live_server.ctx, "pat_00078")

    async def scenario() -> None:
        async with open_desk(live_server) as desk:
            window = desk.window
            window.activateWindow()
            await app_token_call(live_server, facts.account_id, 78)
            await until(lambda: window.account.name.text() == facts.full_name, what="account")
            keys = Keyboard(qtbot)
            keys.command(window, Qt.Key.Key_K, CTRL)
            keys.fill(window.palette.input, "address")
            keys.command(window.palette.input, Qt.Key.Key_Return)
            runner = window.runner
            await until(lambda: window.stack.currentWidget() is runner, what="the runner")
            keys.fill(runner.inputs["postcode"], "LS1 4AB")
            keys.move(runner.inputs["postcode"])  # Enter: on to the address, looking it up
            combo = runner.inputs["address"]
            await until(lambda: combo.hasFocus() and combo.count() > 1, what="the addresses")
            keys.pick(combo, downs=2)  # the second address at the postcode
            keys.move(combo)
            chosen = combo.currentText()
            assert runner.inputs["line1"].text() and chosen.startswith(  # type: ignore[attr-defined]
                runner.inputs["line1"].text()  # type: ignore[attr-defined]
            )
            keys.command(focused() or runner, Qt.Key.Key_Return, CTRL)
            await until(lambda: runner.banner.text().startswith("Done:"), what="the result")
            print(f"change address: {keys.inputs} inputs: {keys.log}")
            assert keys.inputs <= 8
            with live_server.ctx.db.reader() as session:  # type: ignore[union-attr]
                account = session.get(Account, facts.account_id)
            assert account is not None and account.postcode == "LS1 4AB"
            assert chosen.startswith(account.address_line1)

    aloop.run(scenario(), timeout=90)


def test_refund_takes_at_most_8_inputs(aloop: Loop, live_server: LiveServer, qtbot) -> None:
    account_id = patient_with_money_to_refund(live_server)
    facts = patient(live_server.ctx, account_id)

    async def scenario() -> None:
        async with open_desk(live_server) as desk:
            window = desk.window
            window.activateWindow()
            await app_token_call(live_server, facts.account_id, 79)
            await until(lambda: window.account.name.text() == facts.full_name, what="account")
            keys = Keyboard(qtbot)
            keys.command(window, Qt.Key.Key_K, CTRL)
            keys.fill(window.palette.input, "refund")
            keys.command(window.palette.input, Qt.Key.Key_Return)
            runner = window.runner
            await until(lambda: window.stack.currentWidget() is runner, what="the runner")
            order = runner.inputs["order_id"]
            assert order.hasFocus()
            keys.move(order)  # Enter keeps the first refundable order and moves on
            keys.fill(runner.inputs["amount_pence"], "1.00")
            keys.move(runner.inputs["amount_pence"])
            keys.fill(runner.inputs["reason"], "Item arrived damaged")
            keys.command(runner.inputs["reason"], Qt.Key.Key_Return)  # the last field: confirms
            await until(lambda: runner.banner.text().startswith("Done:"), what="the result")
            print(f"refund: {keys.inputs} inputs: {keys.log}")
            assert keys.inputs <= 8
            with live_server.ctx.db.reader() as session:  # type: ignore[union-attr]
                refunds = session.scalars(
                    select(RefundRecord).where(RefundRecord.account_id == facts.account_id)
                ).all()
            assert [r.amount_pence for r in refunds] == [100]

    aloop.run(scenario(), timeout=90)
