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
    # One sentence per state: never "we expect it" for a parcel already delivered or cancelled.
    script="""
{% set o = patient.orders[inputs.order_id] %}
Thanks, {{ patient.first_name }}. Your order {{ o.id }} from {{ o.placed_at|day }}
{% if o.status == 'delivered' %}
was delivered{% if o.expected_delivery %} on {{ o.expected_delivery|day }}{% endif %}. If it hasn't reached you, I can look into that now.
{% elif o.status == 'cancelled' %}
was cancelled, so it won't be sent{% if o.total_pence %}, and you won't be charged for it{% endif %}.
{% elif o.status == 'dispatched' %}
is on its way{% if o.carrier %} with {{ o.carrier }}{% endif %}.
{% if o.tracking_code %}The tracking number is {{ o.tracking_code }}; I can text you the tracking link.{% endif %}
{% if o.expected_delivery and o.expected_delivery < today %}It was due on {{ o.expected_delivery|day }}, so it is late; I'm sorry, and I can look into it now.
{% elif o.expected_delivery %}We expect it on {{ o.expected_delivery|day }}.{% endif %}
{% elif o.status == 'dispensing' %}
is being prepared by our pharmacists{% if o.expected_delivery %}, and we expect it to reach you on {{ o.expected_delivery|day }}{% endif %}.
{% elif o.status == 'awaiting_prescription' %}
is waiting for your GP to approve the prescription; we'll prepare it as soon as they do.
{% else %}
has reached us, and we'll start preparing it shortly.
{% endif %}
""",
    scripts={
        "pl": """
{% set o = patient.orders[inputs.order_id] %}
Dziękuję, {{ patient.first_name }}. Zamówienie {{ o.id }} z dnia {{ o.placed_at|day }}
{% if o.status == 'delivered' %}
zostało doręczone{% if o.expected_delivery %} dnia {{ o.expected_delivery|day }}{% endif %}. Jeśli do Państwa nie dotarło, mogę to teraz sprawdzić.
{% elif o.status == 'cancelled' %}
zostało anulowane, więc nie zostanie wysłane{% if o.total_pence %} i nie zostaną Państwo za nie obciążeni{% endif %}.
{% elif o.status == 'dispatched' %}
jest w drodze{% if o.carrier %} ({{ o.carrier }}){% endif %}.
{% if o.tracking_code %}Numer przesyłki to {{ o.tracking_code }}; mogę wysłać SMS-em link do śledzenia.{% endif %}
{% if o.expected_delivery and o.expected_delivery < today %}Miało dotrzeć dnia {{ o.expected_delivery|day }}, więc jest opóźnione; przepraszamy, mogę to teraz sprawdzić.
{% elif o.expected_delivery %}Spodziewamy się doręczenia dnia {{ o.expected_delivery|day }}.{% endif %}
{% elif o.status == 'dispensing' %}
jest przygotowywane przez naszych farmaceutów{% if o.expected_delivery %}; spodziewamy się doręczenia dnia {{ o.expected_delivery|day }}{% endif %}.
{% elif o.status == 'awaiting_prescription' %}
czeka na zatwierdzenie recepty przez przychodnię; przygotujemy je, gdy tylko to nastąpi.
{% else %}
do nas dotarło i wkrótce zaczniemy je przygotowywać.
{% endif %}
""",
    },
)
