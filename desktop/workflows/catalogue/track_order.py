"""Track an order: where it is, the carrier, and the tracking link to read out or text."""

from __future__ import annotations

from desktop.workflows.base import Field, Workflow
from desktop.workflows.catalogue import _examples as ex

WORKFLOW = Workflow(
    id="track_order",
    title="Track an order",
    category="Orders",
    action="order_enquiry",
    keywords=("where is my order", "parcel", "delivery status", "tracking", "not arrived"),
    offline=True,
    fields=(Field("order_id", "Order", "order", example=ex.latest_order),),
    fixed_inputs={"topic": "tracking"},
    script="""
{% set o = patient.orders[inputs.order_id] %}
Thanks, {{ patient.first_name }}. Your order {{ o.id }} from {{ o.placed_at|day }} is {{ o.status|replace('_', ' ') }}.
{% if o.carrier and o.tracking_code %}It is with {{ o.carrier }}, tracking number {{ o.tracking_code }}; I can text you the tracking link.
{% endif %}{% if o.expected_delivery %}We expect it on {{ o.expected_delivery|day }}.{% endif %}
""",
)
