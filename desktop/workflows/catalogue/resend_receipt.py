"""Resend an order confirmation or receipt by email."""

from __future__ import annotations

from desktop.workflows.base import Field, Workflow
from desktop.workflows.catalogue import _examples as ex

WORKFLOW = Workflow(
    id="resend_receipt",
    title="Resend an order confirmation or receipt",
    category="Orders",
    action="send_message",
    keywords=("receipt", "invoice", "confirmation", "resend"),
    fields=(Field("order_id", "Order", "order", example=ex.latest_order),),
    fixed_inputs={"kind": "receipt", "channel": "email"},
    script="""
I've emailed the receipt for order {{ inputs.order_id }} to {{ patient.email or 'the address we hold' }}, {{ patient.first_name }}.
""",
    scripts={
        "pl": """
Paragon za zamówienie {{ inputs.order_id }} został wysłany na {{ patient.email or 'adres zapisany w koncie' }}, {{ patient.first_name }}.
""",
    },
)
