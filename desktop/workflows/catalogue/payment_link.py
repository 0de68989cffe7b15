"""Send a secure link to update the payment card (never take card details on the phone)."""

from __future__ import annotations

from desktop.workflows.base import Workflow

WORKFLOW = Workflow(
    id="payment_link",
    title="Send a secure link to update the card",
    category="Payments",
    action="send_message",
    keywords=("card", "payment", "expired card", "update card", "bank"),
    fixed_inputs={"kind": "payment_link", "channel": "sms"},
    script="""
For your security I can't take card details over the phone, {{ patient.first_name }}.
I've texted you a secure link to update your card; it's valid for 24 hours.
""",
    scripts={
        "pl": """
Dla Państwa bezpieczeństwa nie przyjmujemy danych karty przez telefon, {{ patient.first_name }}.
Wysłaliśmy SMS-em bezpieczny link do zmiany karty; jest ważny 24 godziny.
""",
    },
)
