"""Add a note to the account (or, before verification, to the conversation)."""

from __future__ import annotations

from desktop.workflows.base import Field, Workflow

WORKFLOW = Workflow(
    id="add_note",
    title="Add a note",
    category="Conversation",
    action="add_note",
    needs_verified=False,
    keywords=("note", "comment", "record", "memo"),
    offline=True,
    fields=(
        Field(
            "body",
            "Note",
            "multiline",
            max_length=5000,
            example="Patient asked about delivery times.",
        ),
    ),
    script="""
(Internal note, not read out.) {{ inputs.body }}
""",
    scripts={
        "pl": """
(Notatka wewnętrzna, nie do odczytania.) {{ inputs.body }}
""",
    },
)
