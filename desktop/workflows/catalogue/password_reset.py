"""Send a password reset link to the email on the account."""

from __future__ import annotations

from desktop.workflows.base import Workflow

WORKFLOW = Workflow(
    id="password_reset",
    title="Send a password reset link",
    category="App",
    action="send_message",
    keywords=("password", "forgot password", "reset", "can't log in", "login"),
    fixed_inputs={"kind": "password_reset", "channel": "email"},
    script="""
I've emailed a reset link to {{ patient.email or 'the address we hold' }}, {{ patient.first_name }}. It works for one hour.
""",
    scripts={
        "pl": """
Link do zmiany hasła został wysłany na {{ patient.email or 'adres zapisany w koncie' }}, {{ patient.first_name }}. Działa przez godzinę.
""",
    },
)
