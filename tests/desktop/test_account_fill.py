"""The account view fills in two turns of the event loop (the records, then the rest with the
name last), the first laid out and painted before the second, so an open is never one long frame;
a fill that is overtaken (cleared by the lock or a close, or replaced by another account) leaves
nothing of its patient behind; and the suggestion row keeps its place and its buttons from one
account to the next; and every contact detail is shown whole, open after open."""

from __future__ import annotations

from datetime import UTC, date, datetime

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication, QPushButton

from backend_client import models as m
from desktop.controllers.desk import DeskController
from desktop.views.account_view import AccountView
from desktop.views.partials.formatting import suggested
from server.accounts import snapshot as server_snapshot
from server.core.orm import Account
from tests.desktop.conftest import Loop, offline_desk, one_turn, widget_text
from tests.desktop.test_knowledge_desk import english_patient_with
from tests.live_server import LiveServer


def snapshot_of(server: LiveServer, account_id: str) -> m.Snapshot:
    with server.ctx.db.reader() as session:  # type: ignore[union-attr]
        account = session.get(Account, account_id)
        assert account is not None
        return server_snapshot.build(session, account, None)


def a_view(qtbot) -> AccountView:  # type: ignore[no-untyped-def]
    view = AccountView(DeskController(lambda url: None))  # type: ignore[arg-type,return-value]
    qtbot.addWidget(view)
    view.resize(1100, 700)
    view.show()
    return view


def test_the_records_come_first_and_the_name_last_in_a_turn_of_its_own(
    live_server: LiveServer, qtbot
) -> None:
    snap = snapshot_of(live_server, "pat_00012")
    view = a_view(qtbot)
    view.show_snapshot(snap)
    # The first turn, before the event loop runs: the records only.
    assert view.summary.details.values["Email"].text() == ""
    assert view.orders_model.rowCount() == len(snap.orders) > 0
    assert view.name.text() == "" and view.filling
    qtbot.waitUntil(lambda: not view.filling)
    assert view.name.text() == snap.identity.name
    assert view.summary.details.values["Email"].text() == (snap.identity.email or "—")


def test_a_fill_cleared_midway_shows_nothing_of_its_patient_afterwards(
    live_server: LiveServer, qtbot
) -> None:
    snap = snapshot_of(live_server, "pat_00013")
    view = a_view(qtbot)
    view.show_snapshot(snap)
    view.clear()  # the idle lock, or the conversation closed, before the fill's later turns
    for _ in range(5):
        one_turn()
    assert not view.filling
    shown = widget_text(view)
    who = snap.identity
    for secret in (who.name, who.nhs_number or "", who.address.postcode, snap.orders[0].id):
        assert secret and secret not in shown, f"{secret!r} appeared after the clear"


def test_another_account_never_shows_beside_the_last_ones_name_or_details(
    live_server: LiveServer, qtbot
) -> None:
    first, second = snapshot_of(live_server, "pat_00014"), snapshot_of(live_server, "pat_00015")
    view = a_view(qtbot)
    view.show_snapshot(first)
    qtbot.waitUntil(lambda: not view.filling)
    assert view.name.text() == first.identity.name
    view.show_snapshot(second)  # no clear between: the last one's side goes with the first turn
    assert view.name.text() == ""
    shown = widget_text(view)
    for secret in (first.identity.email, first.identity.address.line1, first.identity.name):
        assert secret and secret not in shown, f"{secret!r} stayed beside another's records"
    qtbot.waitUntil(lambda: not view.filling)
    assert view.name.text() == second.identity.name
    # The same account again (a workflow ran): the name stays while the rest refreshes.
    view.show_snapshot(second)
    assert view.name.text() == second.identity.name
    qtbot.waitUntil(lambda: not view.filling)


def test_clearing_leaves_no_suggestion_of_the_account_in_its_reused_buttons(
    live_server: LiveServer, qtbot
) -> None:
    """The suggestion buttons outlive the account (they are reused): the lock or a close must
    still leave none of its reasons in them, hidden or not."""
    _, snap = english_patient_with(live_server, "chase_gp")
    view = a_view(qtbot)
    view.show_snapshot(snap)
    qtbot.waitUntil(lambda: not view.filling)
    reasons = [reason for _, reason in suggested(snap.suggestions)]
    assert reasons and all(r in widget_text(view) for r in reasons)
    view.clear()
    shown = widget_text(view)
    for reason in reasons:
        assert reason not in shown, f"{reason!r} stayed in a suggestion button"


def test_the_suggestions_keep_their_row_and_buttons_from_one_account_to_the_next(
    live_server: LiveServer, qtbot
) -> None:
    """An account without suggestions says so in the same row: the stats and records below
    stay where the advisor's eyes expect them, and the same buttons are given new text (made
    and shown per account, they were two thirds of an open's frame)."""
    _, some = english_patient_with(live_server, "chase_gp")
    _, none = english_patient_with(live_server, none=True)
    view = a_view(qtbot)
    strip = view.suggested

    def open_(snap: m.Snapshot) -> tuple[int, int]:
        """The row's height, and where the stats start under it."""
        view.clear()
        view.show_snapshot(snap)
        qtbot.waitUntil(lambda: not view.filling)  # its turns, with the event loop between
        QApplication.sendPostedEvents()  # the last turn's layout
        return strip.height(), view.stats.geometry().top() - strip.geometry().bottom()

    row_with = open_(some)
    buttons = strip.buttons
    assert buttons and all(b.isVisibleTo(view) for b in buttons) and not strip.none.text()
    row_without = open_(none)
    assert strip.buttons == [] and strip.none.text() == "nothing for this account"
    assert not any(b.isVisibleTo(view) for b in strip.findChildren(QPushButton))
    assert row_without == row_with
    assert open_(some) == row_with
    assert [id(b) for b in strip.buttons] == [id(b) for b in buttons]
    chosen: list[m.Suggestion] = []
    strip.chosen.connect(chosen.append)
    strip.buttons[0].click()
    assert chosen == [suggested(some.suggestions)[0][0]]


def test_every_wrapped_detail_is_shown_whole_over_many_opens(
    live_server: LiveServer, aloop: Loop
) -> None:
    """An address or a GP that wraps gets the height of all its lines, an email too long for its
    column goes whole under its name, and the grid gets all of its rows, open after open: the
    advisor reads the postcode and the address out. The grid's height used to come
    from Qt's height-for-width caches three widgets up, which kept an earlier account's height
    now and then (4-6 of 40 replayed opens in the main window), cutting the second line; and
    with the grid's own height fixed, its group box sometimes kept its last height, clipping
    the grid's last rows."""
    base = snapshot_of(live_server, "pat_00016")
    with offline_desk(aloop) as desk:
        window = desk.window
        window.stack.setCurrentWidget(window.account)
        view = window.account
        short = []
        seeded = [snapshot_of(live_server, f"pat_{n:05d}") for n in range(1, 41)]
        for i in range(80):
            # The seeded patients as they are, then as many again with wrapping details.
            snap = seeded[i] if i < 40 else with_wrapping_details(base, i)
            view.clear()
            one_turn()
            view.show_snapshot(snap)
            while view.filling:
                one_turn()
            for _ in range(3):  # the layouts the fill set off, and the ones those set off
                one_turn()
            for row in ("Address", "GP"):
                label = view.summary.details.values[row]
                need = label.heightForWidth(label.width())
                if label.height() < need:
                    short.append((i, row, label.height(), need))
            # An email has nowhere to wrap: it goes under its name, whole, not cut at the edge.
            email = view.summary.details.values["Email"]
            need = email.minimumSizeHint().width()  # Qt's width for the longest word
            inside = email.geometry().right() <= view.summary.details.contentsRect().right()
            if email.width() < need or not inside:
                short.append((i, "Email", email.width(), need))
            # ...and no box above clips the grid (its last rows, or a value's second line).
            details = view.summary.details
            seen = details.visibleRegion().boundingRect().height()
            if seen < details.height():
                short.append((i, "grid", seen, details.height()))
        assert short == [], f"wrapped values cut short (open, row, height, needed): {short}"


def with_wrapping_details(base: m.Snapshot, i: int) -> m.Snapshot:
    """Another patient each time, with one to three lines of address, a GP that wraps or not,
    one or two phones, representatives, dependants and notes or none, in a fixed order."""
    who = base.identity
    gp = who.nominated_gp
    assert gp is not None
    address = who.address.model_copy(
        update={
            "line1": f"{i + 1} " + "Long Meadow Close " * (i % 3 + 1),
            "line2": "Flat " + "B" * (i % 5) if i % 2 else None,
        }
    )
    gp = gp.model_copy(update={"name": "The Surgery" + " at the Green" * (i % 4)})
    identity = who.model_copy(
        update={
            "account_id": f"pat_wrap_{i}",
            "address": address,
            "nominated_gp": gp,
            "phones": ["+447700900001", "+441134960002"][: i % 2 + 1],
            "email": f"{'longer.name.' * (i % 2)}patient{i}@example.com",
            "representatives": [
                m.Representative(name=f"Carer {n}", relationship="carer") for n in range(i % 3)
            ],
            "dependants": [
                m.Dependant(
                    account_id=f"dep_{i}_{n}", name=f"Child {n}", date_of_birth=date(2015, 1, 1)
                )
                for n in range(i % 4 // 2)
            ],
        }
    )
    notes = [
        m.Note(
            id=f"note_{i}_{n}",
            body=f"Shift note {n}",
            agent_name="Alex Morgan",
            conversation_id=None,
            created_at=datetime(2026, 12, 6, 9, n, tzinfo=UTC),
        )
        for n in range(i % 9)
    ]
    return base.model_copy(update={"identity": identity, "notes": notes})


def test_an_open_and_a_clear_move_neither_the_side_nor_the_records(
    live_server: LiveServer, aloop: Loop
) -> None:
    """The side keeps its width empty and full, and a clear keeps the details' height: sized
    by its contents, the side was narrower empty than full, so each ring and each open resized
    the records beside it and wrapped every value twice (a layout of the orders table and
    four to six resizes in the side, in the frames the advisor waits on)."""
    with offline_desk(aloop) as desk:
        window = desk.window
        window.stack.setCurrentWidget(window.account)
        view = window.account

        def settled() -> tuple[int, int, int]:
            while view.filling:
                one_turn()
            for _ in range(3):
                one_turn()
            return view.summary.width(), view.tabs.width(), view.summary.details.height()

        empty_width, empty_records, _ = settled()
        for n in (1, 2, 3):
            view.show_snapshot(snapshot_of(live_server, f"pat_{n:05d}"))
            width, records, details = settled()
            assert (width, records) == (empty_width, empty_records)
            view.clear()
            assert settled() == (width, records, details)


def test_a_tables_details_are_laid_out_once_a_fill_and_follow_its_first_row(
    live_server: LiveServer, qtbot, monkeypatch
) -> None:
    """Each fill shows the first record's details once (twice cost a layout of the grid per
    table at every open), for the new rows, also when the last account's first row was the
    current one; and no rows empty the details."""
    first, second = snapshot_of(live_server, "pat_00014"), snapshot_of(live_server, "pat_00015")
    assert first.orders and second.orders
    view = a_view(qtbot)
    details = view.orders.details
    laid_out: list[dict[str, str | None]] = []
    show_values = details.show_values
    monkeypatch.setattr(
        details, "show_values", lambda values: (laid_out.append(values), show_values(values))
    )
    for snap in (first, second):
        laid_out.clear()
        view.orders.show_orders(snap.orders)
        assert view.orders_table.currentIndex().row() == 0
        assert len(laid_out) == 1
        reference = snap.orders[0].id
        assert reference and reference in widget_text(details)
    laid_out.clear()
    view.orders.show_orders([])
    assert laid_out == [] and reference not in widget_text(details)


def test_a_hidden_tabs_details_are_fitted_when_shown_before_their_first_paint(
    live_server: LiveServer, aloop: Loop, monkeypatch
) -> None:
    """The grids of the tab behind the Orders tab are not measured at the open (the form's fit
    measures each value's text several times over), and when the advisor goes to that tab its
    details have the height of all their lines at their first paint, not a frame later."""
    snap = snapshot_of(live_server, "pat_00017")
    assert snap.prescriptions
    snap = snap.model_copy(
        update={
            "prescriptions": [
                p.model_copy(update={"dosage": "Take one tablet every morning " * 4})
                for p in snap.prescriptions
            ]
        }
    )
    with offline_desk(aloop) as desk:
        window = desk.window
        window.stack.setCurrentWidget(window.account)
        view = window.account
        grid = view.prescriptions.details
        form = grid._layout
        measured: list[int] = []
        measure = form.totalHeightForWidth
        monkeypatch.setattr(
            form, "totalHeightForWidth", lambda w: (measured.append(w), measure(w))[1]
        )
        view.show_snapshot(snap)
        while view.filling:
            one_turn()
        one_turn()
        assert grid.values["Dosage"].text() == snap.prescriptions[0].dosage
        assert not grid.isVisible() and measured == []  # set, not measured

        at_first_paint: list[tuple[int, int]] = []

        class FirstPaint(QObject):
            def eventFilter(self, watched: QObject, event: QEvent) -> bool:
                if event.type() == QEvent.Type.Paint and not at_first_paint:
                    at_first_paint.append((grid.height(), measure(grid.width())))
                return False

        watcher = FirstPaint(grid)
        grid.installEventFilter(watcher)
        view.tabs.setCurrentWidget(view.prescriptions)
        window.repaint()  # its first paint, as the next frame would be
        dosage = grid.values["Dosage"]
        assert (
            dosage.height() >= dosage.heightForWidth(dosage.width()) > dosage.fontMetrics().height()
        )
        assert at_first_paint and at_first_paint[0][0] == at_first_paint[0][1]
