"""A repeat medicine due within DUE_WITHIN_DAYS with no order for it under way → request the
repeat."""

from __future__ import annotations

from collections.abc import Iterator

from backend_client import models as m
from server.knowledge.rules import Facts, Rule

DUE_WITHIN_DAYS = 7  # the reminders go a week ahead: the same horizon


def suggest(facts: Facts) -> Iterator[m.Suggestion]:
    on_the_way = {
        line.medicine
        for order in facts.snapshot.orders
        if order.status not in (m.OrderStatus.DELIVERED, m.OrderStatus.CANCELLED)
        for line in order.lines
    }
    for script in facts.snapshot.prescriptions:
        due = script.next_due
        if not (script.repeat and script.status == "active" and due is not None):
            continue
        left = (due - facts.today).days
        if left > DUE_WITHIN_DAYS or script.medicine in on_the_way:
            continue
        when_en = "overdue" if left < 0 else "due today" if left == 0 else f"due on {due:%a %d %b}"
        when_pl = "po terminie" if left < 0 else "na dziś" if left == 0 else f"na {due:%d.%m}"
        yield m.Suggestion(
            rule="repeat_due",
            workflow_id="request_repeat",
            reason=f"{script.medicine} repeat is {when_en}",
            translations={"pl": f"Powtórka {script.medicine}: {when_pl}"},
            inputs={"prescription_id": script.id},
            weight=50 + max(0, DUE_WITHIN_DAYS - left),
        )


RULE = Rule("repeat_due", suggest)
