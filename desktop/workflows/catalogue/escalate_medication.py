"""Escalate a medication question to a pharmacist: the pharmacy team's queue, or one pharmacist by name."""

from __future__ import annotations

from desktop.workflows.base import Field, Workflow

WORKFLOW = Workflow(
    id="escalate_medication",
    title="Escalate a medication question to a pharmacist",
    category="Clinical",
    action="create_issue",
    keywords=("medication question", "dose", "interaction", "pharmacist", "escalate", "can i take"),
    fields=(
        Field("title", "Question", max_length=300, example="Can I take this with ibuprofen?"),
        Field("description", "Details", "multiline", required=False, max_length=5000),
        Field(
            "pharmacist",
            "Pharmacist",
            "pharmacist",
            required=False,
            help="Name one when the patient is already talking to them: only they can take it.",
        ),
    ),
    fixed_inputs={"kind": "medication_question"},
    script="""
That's a good question for a pharmacist, {{ patient.first_name }}. I've passed it to our pharmacy team,
and a pharmacist will call you back today.
""",
    scripts={
        "pl": """
To dobre pytanie do farmaceuty, {{ patient.first_name }}. Przekazaliśmy je zespołowi farmaceutów,
a farmaceuta oddzwoni do Państwa jeszcze dziś.
""",
    },
)
