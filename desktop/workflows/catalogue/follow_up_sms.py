"""Send a follow-up text (at most 255 characters) from a quick-response template; works for any caller."""

from __future__ import annotations

from desktop.workflows.base import Field, Workflow

TEMPLATES = (
    (
        "We tried to call you back. Please call us on 020 7946 0000, 8am–8pm Mon–Fri.",
        "Missed call back",
    ),
    ("Thanks for calling. The details we discussed are in your app under Messages.", "See the app"),
    (
        "We're closed now; we're open 8am–8pm Mon–Fri and 9am–1pm Sat. Reply HELP for links.",
        "Out of hours",
    ),
)

WORKFLOW = Workflow(
    id="follow_up_sms",
    title="Send a follow-up text",
    category="Conversation",
    action="send_message",
    keywords=("text", "sms", "message", "follow up", "call back", "abandoned"),
    needs_verified=False,
    fields=(
        Field(
            "text",
            "Text (up to 255 characters)",
            "choice",
            options=TEMPLATES,
            max_length=255,
            example=TEMPLATES[0][0],
        ),
    ),
    fixed_inputs={"kind": "follow_up", "channel": "sms"},
    script="""
I'll send you a text now{% if patient %}, {{ patient.first_name }}{% endif %}: “{{ inputs.text }}”
""",
    scripts={
        "pl": """
Wyślę teraz SMS{% if patient %}, {{ patient.first_name }}{% endif %}: „{{ inputs.text }}”
""",
    },
)
