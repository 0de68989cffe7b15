"""Record a subject access request (a copy of the patient's data), for data protection."""

from __future__ import annotations

from desktop.workflows.base import Field, Workflow

WORKFLOW = Workflow(
    id="subject_access",
    title="Subject access request (copy of data)",
    category="Account",
    action="create_issue",
    keywords=("data", "gdpr", "subject access", "copy of my data", "sar"),
    fields=(
        Field("description", "What they asked for", "multiline", required=False, max_length=5000),
    ),
    fixed_inputs={"kind": "data_request", "title": "Subject access request"},
    script="""
I've logged your request for a copy of your data, {{ patient.first_name }}. We'll send it within one month,
to {{ patient.email or 'your address' }}.
""",
    scripts={
        "pl": """
Zarejestrowaliśmy wniosek o kopię Państwa danych, {{ patient.first_name }}. Wyślemy ją w ciągu miesiąca
na {{ patient.email or 'Państwa adres' }}.
""",
    },
)
