"""An order held because the card was declined → send the secure link to update the card."""

from __future__ import annotations

from collections.abc import Iterator

from backend_client import models as m
from server.knowledge.rules import Facts, Rule


def suggest(facts: Facts) -> Iterator[m.Suggestion]:
    for order in facts.snapshot.orders:
        if order.payment is m.PaymentState.FAILED and order.status is not m.OrderStatus.CANCELLED:
            pounds = f"£{order.total_pence / 100:.2f}"
            yield m.Suggestion(
                rule="payment_failed",
                workflow_id="payment_link",
                reason=f"The card was declined for order {order.id} ({pounds})",
                translations={
                    "pl": f"Karta została odrzucona przy zamówieniu {order.id} ({pounds})"
                },
                weight=90,
            )
            return  # one link updates the card for every held order


RULE = Rule("payment_failed", suggest)
