"""Send a missing or damaged parcel again, by courier, at no charge."""

from __future__ import annotations

from desktop.workflows.base import Field, Workflow, shipped
from desktop.workflows.catalogue import _examples as ex

WORKFLOW = Workflow(
    id="reship_order",
    title="Reship a missing or damaged parcel",
    category="Orders",
    action="reship_order",
    keywords=("missing parcel", "damaged", "lost", "resend", "never arrived", "wrong item"),
    fields=(
        Field("order_id", "Order", "order", example=ex.shipped_order, orders_that=shipped),
        Field(
            "reason",
            "What happened",
            "choice",
            options=(("missing", "Missing"), ("damaged", "Damaged"), ("wrong_item", "Wrong item")),
            example="missing",
        ),
    ),
    script="""
I'm sorry about that, {{ patient.first_name }}. I've sent order {{ inputs.order_id }} again by courier, free of charge.
It should reach {{ patient.address.line1 }} within two working days.
""",
    scripts={
        "pl": """
Bardzo przepraszamy, {{ patient.first_name }}. Zamówienie {{ inputs.order_id }} wysłaliśmy ponownie kurierem, bezpłatnie.
Powinno dotrzeć pod adres {{ patient.address.line1 }} w ciągu dwóch dni roboczych.
""",
    },
)
