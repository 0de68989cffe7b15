"""Report a side effect or suspected adverse reaction (pharmacists)."""

from __future__ import annotations

from desktop.workflows.base import Field, Workflow

WORKFLOW = Workflow(
    id="side_effect",
    title="Report a side effect or suspected reaction",
    category="Clinical",
    action="report_side_effect",
    roles=frozenset({"pharmacist"}),
    keywords=("side effect", "reaction", "adverse", "yellow card", "rash"),
    fields=(
        Field("medicine", "Medicine", max_length=200, example="Amlodipine 5mg tablets"),
        Field(
            "reaction",
            "What happened",
            "multiline",
            max_length=2000,
            example="Ankle swelling since starting",
        ),
        Field(
            "severity",
            "Severity",
            "choice",
            options=(("mild", "Mild"), ("moderate", "Moderate"), ("severe", "Severe")),
            example="mild",
        ),
        Field(
            "yellow_card_submitted", "Yellow Card submitted", "bool", required=False, example=False
        ),
    ),
    script="""
Thank you for telling us, {{ patient.first_name }}. I've recorded the reaction to {{ inputs.medicine }}.
{% if inputs.severity == 'severe' %}If you have trouble breathing or swelling of the face, call 999 now.
{% endif %}Please don't stop a prescribed medicine without speaking to your GP.
""",
    scripts={
        "pl": """
Dziękujemy za informację, {{ patient.first_name }}. Zapisaliśmy reakcję na {{ inputs.medicine }}.
{% if inputs.severity == 'severe' %}Jeśli pojawi się duszność lub obrzęk twarzy, proszę natychmiast zadzwonić pod 999.
{% endif %}Proszę nie odstawiać przepisanego leku bez rozmowy z lekarzem.
""",
    },
)
