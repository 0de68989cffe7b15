"""Transfer the conversation to another team or agent."""

from __future__ import annotations

from desktop.workflows.base import Field, Workflow

WORKFLOW = Workflow(
    id="transfer",
    title="Transfer the conversation",
    category="Conversation",
    action="transfer",
    keywords=("transfer", "put through", "hand over", "escalate to team", "pass on"),
    needs_verified=False,
    fields=(
        Field(
            "to_team",
            "Team",
            "choice",
            options=tuple(
                (t, t.replace("-", " ").capitalize())
                for t in (
                    "pharmacy",
                    "prescriptions",
                    "logistics",
                    "complaints",
                    "engineering",
                    "data-protection",
                    "patient-care",
                )
            ),
            example="pharmacy",
        ),
        Field("reason", "Reason", max_length=1000, example="Clinical question"),
    ),
    script="""
I'm going to put you through to our {{ inputs.to_team|replace('-', ' ') }} team{% if patient %}, {{ patient.first_name }}{% endif %}.
I've passed on the details so you won't need to repeat yourself.
""",
    scripts={
        "pl": """
Przełączam Państwa do zespołu: {{ inputs.to_team|replace('-', ' ') }}{% if patient %}, {{ patient.first_name }}{% endif %}.
Szczegóły zostały przekazane, więc nie trzeba będzie ich powtarzać.
""",
    },
)
