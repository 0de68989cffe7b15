"""Refund part or all of a payment: never more than was paid; larger refunds need a lead."""

from __future__ import annotations

from desktop.workflows.base import Field, Workflow, refundable
from desktop.workflows.catalogue import _examples as ex

WORKFLOW = Workflow(
    id="refund",
    title="Refund a payment",
    category="Payments",
    action="refund",
    keywords=("refund", "money back", "overcharged", "reimburse"),
    fields=(
        Field("order_id", "Order", "order", example=ex.paid_order, orders_that=refundable),
        Field("amount_pence", "Amount (£)", "money", example="1.50"),
        Field("reason", "Reason", max_length=500, example="Item not received"),
    ),
    script="""
I've refunded {{ inputs.amount_pence|pounds }} on order {{ inputs.order_id }}, {{ patient.first_name }}.
It will reach your card in three to five working days.
""",
    scripts={
        "pl": """
Zwróciliśmy {{ inputs.amount_pence|pounds }} za zamówienie {{ inputs.order_id }}, {{ patient.first_name }}.
Pieniądze wrócą na kartę w ciągu trzech do pięciu dni roboczych.
""",
    },
)
