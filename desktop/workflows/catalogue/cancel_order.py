"""Cancel an order before it is dispatched, with the reason."""

from __future__ import annotations

from desktop.workflows.base import Field, Workflow, in_the_pharmacy
from desktop.workflows.catalogue import _examples as ex

WORKFLOW = Workflow(
    id="cancel_order",
    title="Cancel an order",
    category="Orders",
    action="cancel_order",
    keywords=("cancel", "don't need", "stop order"),
    fields=(
        Field("order_id", "Order", "order", example=ex.open_order, orders_that=in_the_pharmacy),
        Field(
            "reason",
            "Reason",
            "choice",
            options=(
                ("No longer needed", "No longer needed"),
                ("Ordered by mistake", "Ordered by mistake"),
                ("Got it elsewhere", "Got it elsewhere"),
                ("Other", "Other"),
            ),
            example="No longer needed",
        ),
    ),
    script="""
I've cancelled order {{ inputs.order_id }} for you, {{ patient.first_name }}. You won't be charged for it.
""",
    scripts={
        "pl": """
Zamówienie {{ inputs.order_id }} zostało anulowane, {{ patient.first_name }}. Nie zostaną za nie Państwo obciążeni.
""",
    },
)
