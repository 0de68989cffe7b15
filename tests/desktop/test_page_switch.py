"""An opened conversation's page comes a turn after its bar and row (one long frame made two
short ones), and never covers a page shown in the meantime: a parked workflow resumed, the
conversation closed."""

from __future__ import annotations

from tests.desktop.conftest import Loop, offline_desk, one_turn


def test_the_opened_page_shows_in_the_next_turn(aloop: Loop) -> None:
    with offline_desk(aloop) as app:
        window = app.window
        assert window.stack.currentWidget() is window.empty
        window.show_page_next(window.account)
        # This turn paints the bar and the row; the page is on its way.
        assert window.stack.currentWidget() is window.empty
        assert window.page() is window.account
        one_turn()
        assert window.stack.currentWidget() is window.account
        assert window.page() is window.account


def test_a_page_shown_meanwhile_is_not_covered_by_the_one_to_come(aloop: Loop) -> None:
    with offline_desk(aloop) as app:
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
