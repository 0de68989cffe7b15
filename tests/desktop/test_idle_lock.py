"""The idle lock: after the minutes without input, nothing of any patient in any widget; the
advisor's password (checked by the server, or offline by a local verifier) brings it all back."""

from __future__ import annotations

import httpx
from PySide6.QtCore import Qt

from backend_client import models as m
from tests.desktop.conftest import Loop, open_desk, until, widget_text
from tests.desktop.test_palette_and_runner import app_token_call
from tests.live_server import LiveServer
from tests.support import aircall, patient


def secrets_of(facts) -> list[str]:  # type: ignore[no-untyped-def]
    return [
        facts.full_name,
        facts.first_name,
        facts.last_name,
        facts.date_of_birth.strftime("%d %b %Y"),
        facts.postcode,
        facts.nhs_number,
        facts.phone,
        "07700",  # any part of a mobile number
    ]


def test_idle_lock_hides_every_patient_value_and_unlocks_with_the_password(
    aloop: Loop, live_server: LiveServer, qtbot
) -> None:
    facts = patient(live_server.ctx, "pat_00087")

    async def scenario() -> None:
        async with open_desk(live_server) as desk:
            window = desk.window
            controller = desk.desk
            await app_token_call(live_server, facts.account_id, 87)
            await until(lambda: window.account.name.text() == facts.full_name, what="account")
            # A half-filled workflow, typed by the advisor.
            window.open_workflow("add_note")
            runner = window.runner
            await until(lambda: window.stack.currentWidget() is runner, what="the runner")
            qtbot.keyClicks(runner.inputs["body"], "Spoke to Mrs Ng about the 07700 number")
            # An unknown caller ringing too: their number is patient data as well.
            async with httpx.AsyncClient(base_url=live_server.url) as http:
                await http.post(
                    "/webhooks/aircall",
                    json=aircall("call.ringing_on_agent", 88, raw_digits="+44 7700 900555"),
                )
            await until(lambda: controller.conversations.rowCount() == 2, what="second row")

            window.idle.start(150)  # the clock, shortened: no input from here on
            await until(lambda: controller.locked, what="the lock")
            assert window.pages.currentWidget() is window.lock_screen
            assert controller.snapshot is None
            shown = widget_text(window)
            for secret in [*secrets_of(facts), "Mrs Ng", "900555"]:
                assert secret not in shown, f"{secret!r} is still in a widget"

            lock = window.lock_screen
            qtbot.keyClicks(lock.password, "not my password")
            qtbot.keyClick(lock.password, Qt.Key.Key_Return)
            await until(lambda: lock.banner.isVisible(), what="the refusal")
            assert lock.banner.kind() == "error" and controller.locked

            qtbot.keyClicks(lock.password, "demo")
            qtbot.keyClick(lock.password, Qt.Key.Key_Return)
            await until(lambda: not controller.locked, what="unlocked")
            await until(lambda: window.stack.currentWidget() is runner, what="the workflow back")
            assert runner.inputs["body"].toPlainText() == (  # type: ignore[attr-defined]
                "Spoke to Mrs Ng about the 07700 number"
            )
            assert controller.snapshot is not None
            assert window.idle.active  # the clock runs again

    aloop.run(scenario(), timeout=90)


def test_offline_the_local_verifier_unlocks(aloop: Loop, live_server: LiveServer, qtbot) -> None:
    facts = patient(live_server.ctx, "pat_00089")

    async def scenario() -> None:
        async with open_desk(live_server) as desk:
            window = desk.window
            controller = desk.desk
            await app_token_call(live_server, facts.account_id, 89)
            await until(lambda: window.account.name.text() == facts.full_name, what="account")
            await until(lambda: controller.cache is not None, what="the cache")
            cache = controller.cache
            assert cache is not None
            # The verifier is made behind the UI, and kept once it is.
            await until(lambda: controller.idle_lock.verifier is not None, what="the verifier")
            await until(lambda: cache.store.count() >= 2, what="cached")
            # Its write is queued on the cache's one worker when it is set: read after it.
            assert await cache.verifier() == controller.idle_lock.verifier
            live_server.stop()
            controller.idle_lock.lock()
            lock = window.lock_screen
            qtbot.keyClicks(lock.password, "wrong")
            qtbot.keyClick(lock.password, Qt.Key.Key_Return)
            await until(lambda: lock.banner.isVisible(), what="refused offline", timeout=30)
            assert controller.locked
            qtbot.keyClicks(lock.password, "demo")
            qtbot.keyClick(lock.password, Qt.Key.Key_Return)
            await until(lambda: not controller.locked, what="unlocked offline", timeout=30)
            # The account comes back from the cache, marked as such.
            await until(lambda: window.account.name.text() == facts.full_name, what="account")
            assert window.account.banner.text().startswith("Offline")

    aloop.run(scenario(), timeout=120)


def test_it_can_lower_the_servers_idle_minutes() -> None:
    from desktop.controllers.desk import DeskController

    desk = DeskController(lambda url: None)  # type: ignore[arg-type,return-value]
    desk.me = m.Me(
        id="a",
        username="advisor",
        display_name="Alex Morgan",
        email="a@x",
        roles=[m.Role.ADVISOR],
        settings=m.AgentSettings(
            idle_lock_minutes=10, cache_lifetime_hours=12, refund_lead_limit_pence=5000
        ),
    )
    assert desk.idle_lock.idle_lock_ms(0) == 600_000  # the server's
    assert desk.idle_lock.idle_lock_ms(3) == 180_000  # IT's, lower
    assert desk.idle_lock.idle_lock_ms(30) == 600_000  # never higher than the server's


def test_while_locked_the_palette_and_workflows_stay_shut(
    aloop: Loop, live_server: LiveServer, qtbot
) -> None:
    async def scenario() -> None:
        async with open_desk(live_server) as desk:
            window = desk.window
            desk.desk.idle_lock.lock()
            qtbot.keyClick(window, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
            assert not window.palette.isVisible()
            window.open_workflow("add_note")
            assert window.stack.currentWidget() is not window.runner

    aloop.run(scenario(), timeout=60)


def test_locking_all_day_keeps_one_selection_model_and_the_list_still_selects(
    aloop: Loop, live_server: LiveServer
) -> None:
    """The lock swaps the list's model out and back; Qt makes a selection model at each swap
    and leaves the old one alive unless the view deletes it."""
    from PySide6.QtCore import QItemSelectionModel

    facts = patient(live_server.ctx, "pat_00074")

    async def scenario() -> None:
        async with open_desk(live_server) as desk:
            window, controller = desk.window, desk.desk
            listing = window.panel.list

            def selection_models() -> int:
                return len(listing.findChildren(QItemSelectionModel))

            await until(lambda: selection_models() == 1, what="the first selection model")
            for _ in range(5):
                controller.idle_lock.lock()
                await until(lambda: controller.locked, what="locked")
                controller.idle_lock.unlock("demo")
                await until(lambda: not controller.locked, what="unlocked")
            await until(lambda: selection_models() == 1, what="the old ones deleted")
            await app_token_call(live_server, facts.account_id, 74)
            await until(lambda: window.account.name.text() == facts.full_name, what="account")
            current = listing.selectionModel().currentIndex()
            assert current.isValid() and listing.model() is controller.conversations

    aloop.run(scenario(), timeout=60)


def test_the_idle_clock_restarts_at_input_to_a_window_and_sees_nothing_else(qtbot) -> None:  # type: ignore[no-untyped-def]
    """Keys and the mouse reach the desk's window before its widgets; the clock watches windows
    only, so the paints and layouts of the widgets inside never call into it."""
    from PySide6.QtCore import QEvent, QPoint
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication, QGridLayout, QLabel, QLineEdit, QWidget

    from desktop.idle import IdleWatcher

    window = QWidget()
    grid = QGridLayout(window)
    labels = [QLabel(f"label {n}") for n in range(100)]
    for n, label in enumerate(labels):
        grid.addWidget(label, n // 10, n % 10)
    field = QLineEdit()
    grid.addWidget(field, 10, 0)
    qtbot.addWidget(window)
    watcher = IdleWatcher(QApplication.instance())  # type: ignore[arg-type]
    seen: list[int] = []
    real = watcher.eventFilter

    def counted(watched, event):  # type: ignore[no-untyped-def]
        seen.append(event.type().value)
        return real(watched, event)

    watcher.eventFilter = counted  # type: ignore[method-assign]
    window.show()
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWindow() is window.windowHandle())
    watcher.start(60_000)

    seen.clear()
    for label in labels:  # every widget repainted: a hundred paint events and more
        label.setText(label.text() + "!")
    window.repaint()
    assert len(seen) <= 5  # the window's own (an update request, an expose), not the widgets'

    field.setFocus()
    seen.clear()
    QTest.keyClick(window.windowHandle(), Qt.Key.Key_A)  # as the platform delivers a key
    QTest.mouseClick(window.windowHandle(), Qt.MouseButton.LeftButton, pos=QPoint(20, 20))
    assert QEvent.Type.KeyPress.value in seen and QEvent.Type.MouseButtonPress.value in seen
    assert field.text() == "a"  # and the key went on to the widget with the focus
    watcher.close()
