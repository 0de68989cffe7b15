"""Add or remove a representative (carer, parent) who may speak for the patient."""

from __future__ import annotations

from desktop.workflows.base import Field, Workflow

WORKFLOW = Workflow(
    id="representative",
    title="Add or remove a representative or dependant",
    category="Account",
    action="manage_representative",
    keywords=(
        "carer",
        "representative",
        "dependant",
        "parent",
        "speak on behalf",
        "power of attorney",
    ),
    fields=(
        Field(
            "change",
            "Change",
            "choice",
            options=(("add", "Add"), ("remove", "Remove")),
            example="add",
        ),
        Field("name", "Their full name", max_length=200, example="Jordan Example"),
        Field(
            "relationship",
            "Relationship",
            "choice",
            options=tuple(
                (x, x)
                for x in ("Carer", "Parent", "Daughter", "Son", "Spouse", "Power of attorney")
            ),
            example="Carer",
        ),
    ),
    script="""
{% if inputs.change == 'add' %}I've added {{ inputs.name }} as your {{ inputs.relationship|lower }}, {{ patient.first_name }}.
They'll be asked security questions when they call.{% else %}I've removed {{ inputs.name }} from your account.{% endif %}
""",
    scripts={
        "pl": """
{% if inputs.change == 'add' %}Dodaliśmy {{ inputs.name }} jako przedstawiciela ({{ inputs.relationship|lower }}), {{ patient.first_name }}.
Przy telefonie ta osoba odpowie na pytania weryfikacyjne.{% else %}Usunęliśmy {{ inputs.name }} z Państwa konta.{% endif %}
""",
    },
)
