"""An order on its way past the day it was promised → Track an order."""

from __future__ import annotations

from collections.abc import Iterator

from backend_client import models as m
from server.knowledge.rules import Facts, Rule, days

OPEN = (m.OrderStatus.DISPATCHED, m.OrderStatus.DISPENSING, m.OrderStatus.PLACED)


def suggest(facts: Facts) -> Iterator[m.Suggestion]:
    for order in facts.snapshot.orders:
        due = order.expected_delivery
        if order.status in OPEN and due is not None and due < facts.today:
            late = (facts.today - due).days
            en, pl = days(late)
            yield m.Suggestion(
                rule="order_late",
                workflow_id="track_order",
                reason=f"Order {order.id} is {en} late",
                translations={"pl": f"Zamówienie {order.id} jest opóźnione o {pl}"},
                inputs={"order_id": order.id},
                weight=80 + min(late, 10),
            )


RULE = Rule("order_late", suggest)
