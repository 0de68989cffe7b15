"""Change how or when an order not yet dispatched is delivered (post, courier, collection point)."""

from __future__ import annotations

from desktop.workflows.base import Field, Workflow, in_the_pharmacy
from desktop.workflows.catalogue import _examples as ex

WORKFLOW = Workflow(
    id="change_delivery",
    title="Change delivery date or method",
    category="Orders",
    action="change_delivery",
    keywords=("courier", "collection point", "delivery date", "reschedule", "post"),
    fields=(
        Field("order_id", "Order", "order", example=ex.open_order, orders_that=in_the_pharmacy),
        Field(
            "method",
            "Method",
            "choice",
            options=(
                ("post", "Post"),
                ("courier", "Courier"),
                ("collection_point", "Collection point"),
            ),
            example="courier",
        ),
        Field("delivery_date", "Date", "date", required=False, example=ex.next_weekday),
    ),
    to_inputs=lambda v: v,
    script="""
Done, {{ patient.first_name }}: order {{ inputs.order_id }} will now come by {{ inputs.method|replace('_', ' ') }}
{%- if inputs.delivery_date %} on {{ inputs.delivery_date|day }}{% endif %}.
""",
    scripts={
        "pl": """
Gotowe, {{ patient.first_name }}: zamówienie {{ inputs.order_id }} dotrze teraz: {{ inputs.method|replace('_', ' ') }}
{%- if inputs.delivery_date %}, dnia {{ inputs.delivery_date|day }}{% endif %}.
""",
    },
)
