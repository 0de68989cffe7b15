"""Close the account at the patient's request; erasure goes to data protection."""

from __future__ import annotations

from desktop.workflows.base import Field, Workflow

WORKFLOW = Workflow(
    id="close_account",
    title="Close the account / erasure request",
    category="Account",
    action="close_account",
    keywords=("close account", "delete", "erasure", "leave", "right to be forgotten"),
    fields=(
        Field("reason", "Reason", max_length=1000, example="Moving to a local pharmacy"),
        Field(
            "erasure_requested",
            "They ask for their data to be erased",
            "bool",
            required=False,
            example=False,
        ),
        Field("patient_confirmed", "The patient confirmed the closure", "bool", example=True),
    ),
    script="""
I've asked for your account to be closed, {{ patient.first_name }}. Orders already dispatched will still arrive.
We keep prescription records for as long as the law requires.
""",
    scripts={
        "pl": """
Zgłosiliśmy zamknięcie Państwa konta, {{ patient.first_name }}. Zamówienia już wysłane i tak dotrą.
Dokumentację recept przechowujemy tak długo, jak wymaga tego prawo.
""",
    },
)
