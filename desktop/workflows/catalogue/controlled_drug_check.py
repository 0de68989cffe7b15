"""Check the patient's photo ID before supplying a controlled drug (pharmacists)."""

from __future__ import annotations

from desktop.workflows.base import Field, Workflow

WORKFLOW = Workflow(
    id="controlled_drug_check",
    title="Controlled-drug ID check",
    category="Clinical",
    action="controlled_drug_check",
    roles=frozenset({"pharmacist"}),
    keywords=("controlled drug", "cd", "id check", "photo id", "schedule 2"),
    fields=(
        Field(
            "document",
            "Document",
            "choice",
            options=(
                ("passport", "Passport"),
                ("driving_licence", "Driving licence"),
                ("other_photo_id", "Other photo ID"),
            ),
            example="passport",
        ),
        Field("document_number", "Document number (not kept)", max_length=40, example="123456789"),
        Field(
            "identity_confirmed", "The photo and details match the patient", "bool", example=True
        ),
    ),
    script="""
Thank you, {{ patient.first_name }}. I've checked your ID, so we can send your controlled medicine.
It needs a signature on delivery.
""",
    scripts={
        "pl": """
Dziękuję, {{ patient.first_name }}. Dokument został sprawdzony, więc możemy wysłać lek kontrolowany.
Przy odbiorze potrzebny będzie podpis.
""",
    },
)
