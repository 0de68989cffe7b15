"""Every interactive widget has a name a screen reader can say; tables and lists are named; the
menus' mnemonics are distinct; the shortcuts sheet lists what the desk answers to."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QComboBox,
    QLabel,
    QLineEdit,
    QMenu,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)

from desktop.views.sign_in import SignInDialog
from desktop.workflows.registry import discover
from tests.desktop.conftest import Loop, open_desk, until
from tests.desktop.test_caller_types import ring_and_answer
from tests.desktop.test_palette_and_runner import app_token_call
from tests.live_server import LiveServer
from tests.support import patient

INTERACTIVE = (
    QAbstractButton,
    QLineEdit,
    QComboBox,
    QAbstractItemView,
    QPlainTextEdit,
    QTextEdit,
    QAbstractSpinBox,
)


def _has_buddy(widget: QWidget) -> bool:
    top = widget.window()
    return any(label.buddy() is widget for label in top.findChildren(QLabel))


def unnamed(root: QWidget) -> list[str]:
    """Interactive widgets under ``root`` a screen reader could not name. A combo box's
    current text or a view's contents are not a name: those need one of their own."""
    missing = []
    for widget in [root, *root.findChildren(QWidget)]:
        if not isinstance(widget, INTERACTIVE) or widget.focusPolicy() == Qt.FocusPolicy.NoFocus:
            continue
        if isinstance(widget.parentWidget(), QComboBox | QAbstractSpinBox):
            continue  # a combo's own line edit: named through the combo
        if widget.window().windowType() == Qt.WindowType.Popup:
            continue  # a combo's drop-down list: named through the combo
        if isinstance(widget, QComboBox | QAbstractItemView):
            named = bool(widget.accessibleName()) or _has_buddy(widget)
        else:
            face = QAccessible.queryAccessibleInterface(widget)
            named = face is not None and bool(face.text(QAccessible.Text.Name).strip())
        if not named:
            missing.append(f"{type(widget).__name__} {widget.objectName() or '(no object name)'}")
    return missing


def test_every_interactive_widget_is_named(aloop: Loop, live_server: LiveServer, qtbot) -> None:
    facts = patient(live_server.ctx, "pat_00073")

    async def scenario() -> None:
        async with open_desk(live_server) as desk:
            window = desk.window
            found: dict[str, list[str]] = {}
            await ring_and_answer(live_server, 81, "+44 20 7946 0888")
            await until(lambda: len(window.challenge.fields) > 0, what="the challenge")
            found["challenge"] = unnamed(window)
            await app_token_call(live_server, facts.account_id, 82)
            await until(lambda: window.desk.conversations.rowCount() == 2, what="second row")
            window.desk.conversation.open(
                next(
                    cid
                    for cid in window.desk.conversations.ids()
                    if window.desk.conversations.conversation(cid).account_id  # type: ignore[union-attr]
                    == facts.account_id
                )
            )
            await until(lambda: window.account.name.text() == facts.full_name, what="account")
            found["account"] = unnamed(window)
            window.open_palette()
            found["palette"] = unnamed(window)
            window.palette.close_palette()
            conversation = window.desk.current
            assert conversation is not None
            for workflow in discover(include_plugins=False):
                window.runner.open(workflow, conversation)
                found[f"workflow {workflow.id}"] = unnamed(window.runner)
            dialog = SignInDialog(window.desk.session.sign_in, live_server.url, username="advisor")
            qtbot.addWidget(dialog)
            found["sign-in"] = unnamed(dialog)
            problems = {where: names for where, names in found.items() if names}
            assert problems == {}

    aloop.run(scenario(), timeout=90)


def test_menu_mnemonics_are_distinct(aloop: Loop, live_server: LiveServer) -> None:
    async def scenario() -> None:
        async with open_desk(live_server) as desk:
            bar = desk.window.menuBar()
            menus = [a.menu() for a in bar.actions() if isinstance(a.menu(), QMenu)]
            for titles in [[a.text() for a in bar.actions()]] + [
                [a.text() for a in menu.actions() if not a.isSeparator()] for menu in menus
            ]:
                letters = [t[t.index("&") + 1].lower() for t in titles if "&" in t]
                assert len(letters) == len(titles), f"an entry without a mnemonic in {titles}"
                assert len(set(letters)) == len(letters), f"mnemonics clash in {titles}"

    aloop.run(scenario(), timeout=60)


def test_a_rows_spoken_text_says_whether_the_caller_is_verified() -> None:
    from datetime import UTC, datetime

    from backend_client import models as m
    from desktop.state import spoken

    now = datetime.now(UTC)
    base = m.Conversation(
        id="c",
        channel=m.Channel.PHONE,
        direction=m.Direction.INBOUND,
        state=m.ConversationState.ACTIVE,
        auth_state=m.AuthState.VERIFIED_APP,
        caller=m.Caller(display="020 7946 0321", name="Rosie Lewis-Hart"),
        attempts_left=3,
        started_at=now,
        updated_at=now,
        version=1,
    )
    assert spoken(base) == "Call from Rosie Lewis-Hart, in progress, Verified"
    locked = base.model_copy(update={"auth_state": m.AuthState.LOCKED, "channel": m.Channel.CHAT})
    assert spoken(locked) == "Chat from Rosie Lewis-Hart, in progress, Locked"


def test_f1_lists_the_shortcuts_and_focus_is_visible_on_buttons(
    aloop: Loop, live_server: LiveServer, qtbot
) -> None:
    from PySide6.QtWidgets import QDialog, QPushButton

    async def scenario() -> None:
        async with open_desk(live_server) as desk:
            window = desk.window
            window.activateWindow()
            await until(lambda: window.isActiveWindow(), what="active window")
            qtbot.keyClick(window, Qt.Key.Key_F1)
            sheet = window.findChild(QDialog, "shortcutSheet")
            assert sheet is not None and sheet.isVisible()
            rows = {
                sheet.table.item(r, 1).text(): sheet.table.item(r, 0).text()  # type: ignore[attr-defined]
                for r in range(sheet.table.rowCount())  # type: ignore[attr-defined]
            }
            assert rows["Command palette"] == "Ctrl+K" and rows["Wrap up"] == "Ctrl+Shift+W"
            sheet.close()
            # A focused button looks different from an unfocused one (the focus ring).
            button = QPushButton("Probe", window)
            button.show()
            window.setFocus()
            plain = button.grab().toImage()
            button.setFocus()
            await until(lambda: button.hasFocus(), what="focus")
            assert button.grab().toImage() != plain

    aloop.run(scenario(), timeout=60)


def test_the_pharmacists_and_leads_docks_are_named(
    aloop: Loop, live_server: LiveServer, qtbot
) -> None:  # type: ignore[no-untyped-def]
    async def scenario() -> None:
        found: dict[str, list[str]] = {}
        # Both desks at once: closing the last window would end the event loop mid-test.
        async with (
            open_desk(live_server, "pharmacist") as chemist,
            open_desk(live_server, "lead") as leader,
        ):
            pharmacy, lead = chemist.window.docks.pharmacy, leader.window.docks.lead
            assert pharmacy is not None and lead is not None
            await until(lambda: pharmacy.diary is not None and bool(pharmacy.escalations))
            await until(lambda: lead.floor is not None and lead.stats is not None)
            docks = [
                chemist.window.docks.escalations,
                chemist.window.docks.appointments,
                leader.window.docks.floor_panel,
                leader.window.docks.kpi_panel,
            ]
            for dock in docks:
                assert dock is not None
                dock.raise_()
                found[dock.objectName()] = unnamed(dock)
        assert {where: names for where, names in found.items() if names} == {}

    aloop.run(scenario(), timeout=90)
