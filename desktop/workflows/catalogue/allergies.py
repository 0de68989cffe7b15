"""Update allergies and conditions after a pharmacist's review."""

from __future__ import annotations

from desktop.workflows.base import Field, Workflow

WORKFLOW = Workflow(
    id="allergies",
    title="Update allergies and conditions",
    category="Clinical",
    action="update_clinical",
    roles=frozenset({"pharmacist"}),
    keywords=("allergy", "allergies", "conditions", "medical history"),
    fields=(
        Field(
            "allergies", "Allergies (comma-separated)", "list", required=False, example="Penicillin"
        ),
        Field(
            "conditions",
            "Conditions (comma-separated)",
            "list",
            required=False,
            example="Asthma, Hypertension",
        ),
    ),
    to_inputs=lambda v: {
        "allergies": v.get("allergies", []),
        "conditions": v.get("conditions", []),
    },
    script="""
I've updated your record, {{ patient.first_name }}.
{% if inputs.allergies %}Allergies: {{ inputs.allergies|join(', ') }}.{% else %}No known allergies.{% endif %}
""",
    scripts={
        "pl": """
Zaktualizowaliśmy Państwa dane, {{ patient.first_name }}.
{% if inputs.allergies %}Alergie: {{ inputs.allergies|join(', ') }}.{% else %}Brak znanych alergii.{% endif %}
""",
    },
)
