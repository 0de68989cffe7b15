"""The text thread changes only what changed: a status moves one bubble's line, a new text adds
one bubble, another thread replaces them all, and the idle lock leaves none."""

from __future__ import annotations

from datetime import UTC, datetime

from backend_client import models as m
from desktop.controllers.desk import DeskController
from desktop.controllers.texts import TextsController
from desktop.views.text_thread import Bubble, TextThreadView

AT = datetime(2026, 12, 7, 9, 30, tzinfo=UTC)


def text(ident: str, status: m.TextStatus, direction: m.Direction = m.Direction.OUTBOUND) -> m.Text:
    return m.Text(
        id=ident,
        conversation_id="conv_1",
        direction=direction,
        kind=m.TextKind.REPLY if direction is m.Direction.OUTBOUND else m.TextKind.INBOUND,
        body=f"Text {ident}",
        status=status,
        at=AT,
        sent_by="Alex Morgan" if direction is m.Direction.OUTBOUND else None,
    )


def thread(*items: m.Text, conversation: str = "conv_1") -> m.TextThread:
    return m.TextThread(
        conversation_id=conversation, number="+447700900188", opted_out=False, items=list(items)
    )


def test_a_status_changes_one_bubble_and_a_new_text_adds_one(qtbot) -> None:  # type: ignore[no-untyped-def]
    view = TextThreadView(TextsController(DeskController(lambda url: None)))  # type: ignore[arg-type]
    qtbot.addWidget(view)
    view.show()
    inbound = text("t1", m.TextStatus.RECEIVED, m.Direction.INBOUND)
    view.show_thread(thread(inbound, text("t2", m.TextStatus.QUEUED)))
    first = view.bubbles()
    assert [b.body.text() for b in first] == ["Text t1", "Text t2"]
    assert first[1].meta.text().endswith("sending…")

    view.show_thread(
        thread(inbound, text("t2", m.TextStatus.DELIVERED), text("t3", m.TextStatus.QUEUED))
    )
    now = view.bubbles()
    assert now[:2] == first  # the same bubbles, not made again
    assert now[1].meta.text().endswith("delivered") and now[2].body.text() == "Text t3"

    view.show_thread(
        thread(inbound, text("t2", m.TextStatus.FAILED), text("t3", m.TextStatus.QUEUED))
    )
    assert view.bubbles()[1] is first[1] and view.bubbles()[1].property("failed") is True

    other = text("u1", m.TextStatus.RECEIVED, m.Direction.INBOUND)
    view.show_thread(thread(other, conversation="conv_2"))
    assert [b.body.text() for b in view.bubbles()] == ["Text u1"]
    assert not any(b in first for b in view.bubbles())

    view.hide_for_lock()
    assert view.bubbles() == [] and view.rows.count() == 1  # only the stretch above the texts


def said(ident: str, body: str, direction: m.Direction) -> m.Text:
    return text(ident, m.TextStatus.RECEIVED, direction).model_copy(update={"body": body})


LONG = (
    "Order 12345 was sent last Tuesday by Royal Mail, and the tracking page has said out for "
    "delivery since Friday. Nobody has been to the door and the card says nothing."
)


def test_a_bubble_is_as_wide_as_its_words_up_to_three_quarters_of_the_thread(qtbot) -> None:  # type: ignore[no-untyped-def]
    view = TextThreadView(TextsController(DeskController(lambda url: None)))  # type: ignore[arg-type]
    qtbot.addWidget(view)
    view.resize(1000, 500)
    view.show()
    view.show_thread(
        thread(
            said("t1", "Hi, is my parcel on its way?", m.Direction.INBOUND),
            said("t2", LONG, m.Direction.OUTBOUND),
        )
    )
    short, long = view.bubbles()
    # Laid out: ours on the right, theirs on the left.
    qtbot.waitUntil(lambda: long.geometry().right() > short.geometry().right())
    line = short.body.fontMetrics().lineSpacing()
    assert short.body.height() < 2 * line  # one line: a short sentence is not wrapped
    assert short.width() < long.width()
    # A long text wraps within the widest a bubble may be, and fills most of it.
    assert Bubble.WIDEST * 0.8 < long.width() <= Bubble.WIDEST
    assert long.body.height() >= 2 * line

    view.resize(420, 500)  # a narrow thread: three quarters of it
    thread_width = view.list.width() - 24  # the column's margins
    room = thread_width * 3 // 4
    qtbot.waitUntil(lambda: room * 0.8 < long.width() <= room)
    assert short.width() <= room
    # Wider again: the bubbles follow.
    view.resize(1000, 500)
    qtbot.waitUntil(lambda: long.width() > room)
    assert short.body.height() < 2 * line
