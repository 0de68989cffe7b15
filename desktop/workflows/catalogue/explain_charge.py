"""Explain what a charge on an order was for."""

from __future__ import annotations

from desktop.workflows.base import Field, Workflow
from desktop.workflows.catalogue import _examples as ex

WORKFLOW = Workflow(
    id="explain_charge",
    title="Explain a charge",
    category="Payments",
    action="order_enquiry",
    keywords=("charge", "why was i charged", "bill", "cost", "price"),
    offline=True,
    fields=(Field("order_id", "Order", "order", example=ex.latest_order),),
    fixed_inputs={"topic": "charge"},
    script="""
{% set o = patient.orders[inputs.order_id] %}
{% if o.status == 'cancelled' %}
{{ patient.first_name }}, order {{ o.id }} was cancelled, so there is nothing to pay for it{% if o.refunded_pence %}; the {{ o.refunded_pence|pounds }} you paid has been refunded{% endif %}.
{% else %}
{{ patient.first_name }}, order {{ o.id }} came to {{ o.total_pence|pounds }}{% if o.refunded_pence %}, and {{ o.refunded_pence|pounds }} has been refunded{% endif %}.
{% if o.total_pence == 0 %}There was no charge because of your exemption.
{% else %}That's the NHS prescription charge for each item{% if not patient.exemption %}, as we have no exemption on record{% endif %}.{% endif %}
{% endif %}
""",
    scripts={
        "pl": """
{% set o = patient.orders[inputs.order_id] %}
{% if o.status == 'cancelled' %}
{{ patient.first_name }}, zamówienie {{ o.id }} zostało anulowane, więc nie trzeba za nie płacić{% if o.refunded_pence %}; zapłacone {{ o.refunded_pence|pounds }} zostało zwrócone{% endif %}.
{% else %}
{{ patient.first_name }}, zamówienie {{ o.id }} kosztowało {{ o.total_pence|pounds }}{% if o.refunded_pence %}, z czego zwrócono {{ o.refunded_pence|pounds }}{% endif %}.
{% if o.total_pence == 0 %}Nie było opłaty dzięki Państwa zwolnieniu.
{% else %}To opłata NHS za każdą pozycję na recepcie{% if not patient.exemption %}, ponieważ nie mamy zapisanego zwolnienia{% endif %}.{% endif %}
{% endif %}
""",
    },
)
