"""Log a complaint for the complaints team (acknowledged within two working days)."""

from __future__ import annotations

from desktop.workflows.base import Field, Workflow

WORKFLOW = Workflow(
    id="complaint",
    title="Log a complaint",
    category="Feedback",
    action="create_issue",
    keywords=("complaint", "unhappy", "complain", "manager", "not good enough"),
    fields=(
        Field("title", "Summary", max_length=300, example="Third late delivery this year"),
        Field("description", "What happened", "multiline", required=False, max_length=5000),
    ),
    fixed_inputs={"kind": "complaint"},
    script="""
I'm sorry we've let you down, {{ patient.first_name }}. I've logged your complaint; our complaints team will
acknowledge it within two working days and reply in full within twenty.
""",
    scripts={
        "pl": """
Przykro nam, że Państwa zawiedliśmy, {{ patient.first_name }}. Skarga została zarejestrowana; zespół skarg
potwierdzi ją w ciągu dwóch dni roboczych i odpowie w pełni w ciągu dwudziestu.
""",
    },
)
