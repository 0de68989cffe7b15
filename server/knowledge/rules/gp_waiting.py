"""An order waiting on the GP's prescription for more than WAIT_DAYS → Chase the GP (the
prescription for the order's medicine)."""

from __future__ import annotations

from collections.abc import Iterator

from backend_client import models as m
from server.knowledge.rules import Facts, Rule, days

WAIT_DAYS = 3  # surgeries approve most requests within two working days


def suggest(facts: Facts) -> Iterator[m.Suggestion]:
    prescriptions = {p.medicine: p for p in facts.snapshot.prescriptions}
    for order in facts.snapshot.orders:
        if order.status is not m.OrderStatus.AWAITING_PRESCRIPTION:
            continue
        waited = (facts.today - order.placed_at.date()).days
        script = next(
            (
                prescriptions[line.medicine]
                for line in order.lines
                if line.medicine in prescriptions
            ),
            None,
        )
        if waited <= WAIT_DAYS or script is None:
            continue
        en, pl = days(waited)
        yield m.Suggestion(
            rule="gp_waiting",
            workflow_id="chase_gp",
            reason=f"Order {order.id} has waited {en} for the GP ({script.medicine})",
            translations={
                "pl": f"Zamówienie {order.id} czeka na lekarza od {pl} ({script.medicine})"
            },
            inputs={"prescription_id": script.id},
            weight=70 + min(waited, 10),
        )


RULE = Rule("gp_waiting", suggest)
