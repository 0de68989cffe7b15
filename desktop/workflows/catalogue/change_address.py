"""Change the delivery address, on the account and on an order not yet dispatched."""

from __future__ import annotations

from desktop.workflows.base import Field, Workflow, in_the_pharmacy
from desktop.workflows.catalogue import _examples as ex

WORKFLOW = Workflow(
    id="change_address",
    title="Change delivery address",
    category="Orders",
    action="change_address",
    keywords=("address", "moved house", "new address", "deliver elsewhere"),
    # Type the postcode and press Enter, pick the address: the lines fill themselves (and
    # stay editable, for a flat number the address book does not know).
    fields=(
        Field("postcode", "Postcode", "postcode", example="LS1 4AB"),
        Field(
            "address",
            "Address",
            "address",
            required=False,
            lookup_from="postcode",
            help="Press Enter in the postcode to look the addresses up",
        ),
        Field("line1", "First line", max_length=200, example="12 Orchard Close"),
        Field("line2", "Second line", required=False, max_length=200),
        Field("city", "Town or city", max_length=100, example="Leeds"),
        Field(
            "order_id",
            "Also change order",
            "order",
            required=False,
            example=ex.open_order,
            orders_that=in_the_pharmacy,
            help="Only an order not yet dispatched can change",
        ),
    ),
    script="""
I've changed your delivery address to {{ inputs.line1 }}, {{ inputs.city }} {{ inputs.postcode }}, {{ patient.first_name }}.
{% if inputs.order_id %}Order {{ inputs.order_id }} will go there too.{% endif %}
Future orders will be sent to the new address.
""",
    scripts={
        "pl": """
Adres dostawy został zmieniony na {{ inputs.line1 }}, {{ inputs.city }} {{ inputs.postcode }}, {{ patient.first_name }}.
{% if inputs.order_id %}Zamówienie {{ inputs.order_id }} też trafi pod ten adres.{% endif %}
Kolejne zamówienia wyślemy na nowy adres.
""",
    },
)
