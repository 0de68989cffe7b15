"""An opened conversation's page comes a turn after its bar and row (one long frame made two
short ones), and never covers a page shown in the meantime: a parked workflow resumed, the
conversation closed."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication

from desktop.app import DeskApp
from desktop.config import DeskConfig
from tests.desktop.conftest import Loop


def one_turn() -> None:
    QApplication.sendPostedEvents()
    QApplication.processEvents()


def a_window(aloop: Loop):  # type: ignore[no-untyped-def]
    app = DeskApp(QApplication.instance(), DeskConfig(server_url="http://127.0.0.1:9"))  # type: ignore[arg-type]
    app.window.resize(1366, 768)
    app.window.show()
    one_turn()
    return app


def close(aloop: Loop, app: DeskApp) -> None:
    aloop.run(app.desk.aclose())
    app.window.close()
    app.window.deleteLater()


def test_the_opened_page_shows_in_the_next_turn(aloop: Loop) -> None:
    app = a_window(aloop)
    try:
        window = app.window
        assert window.stack.currentWidget() is window.empty
        window.show_page_next(window.account)
        # This turn paints the bar and the row; the page is on its way.
        assert window.stack.currentWidget() is window.empty
        assert window.page() is window.account
        one_turn()
        assert window.stack.currentWidget() is window.account
        assert window.page() is window.account
    finally:
        close(aloop, app)


def test_a_page_shown_meanwhile_is_not_covered_by_the_one_to_come(aloop: Loop) -> None:
    app = a_window(aloop)
    try:
        window = app.window
        # Another page shown before the turn: it stays.
        window.show_page_next(window.account)
        window.show_page(window.challenge)
        for _ in range(3):
            one_turn()
        assert window.stack.currentWidget() is window.challenge
        # The page already showing shown again (a workflow resumed where the advisor already
        # was): no page change for the stack to report, and still the one to come is dropped.
        window.show_page_next(window.account)
        window.show_page(window.challenge)
        for _ in range(3):
            one_turn()
        assert window.stack.currentWidget() is window.challenge
        # A switch by anyone else (the stack itself) wins as well.
        window.show_page_next(window.account)
        window.stack.setCurrentWidget(window.empty)
        for _ in range(3):
            one_turn()
        assert window.stack.currentWidget() is window.empty
        # A later open wins over an earlier one still to come.
        window.show_page_next(window.account)
        window.show_page_next(window.empty)
        for _ in range(3):
            one_turn()
        assert window.stack.currentWidget() is window.empty
    finally:
        close(aloop, app)
