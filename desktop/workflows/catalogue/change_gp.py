"""Change the nominated GP practice, by its ODS code."""

from __future__ import annotations

from desktop.workflows.base import Field, Workflow

WORKFLOW = Workflow(
    id="change_gp",
    title="Change nominated GP",
    category="Prescriptions",
    action="change_gp",
    keywords=("new gp", "changed surgery", "gp practice", "ods"),
    fields=(
        Field("ods_code", "Practice ODS code", max_length=12, example="A81005", help="e.g. A81005"),
    ),
    script="""
I've updated your GP practice, {{ patient.first_name }}. New prescription requests will go to practice {{ inputs.ods_code }}.
""",
    scripts={
        "pl": """
Zmieniliśmy Państwa przychodnię, {{ patient.first_name }}. Nowe prośby o recepty trafią do przychodni {{ inputs.ods_code }}.
""",
    },
)
