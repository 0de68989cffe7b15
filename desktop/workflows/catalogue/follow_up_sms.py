"""Send a follow-up text (at most 255 characters), one of the pharmacy's quick responses; works for any caller."""

from __future__ import annotations

from desktop.workflows.base import Field, Workflow

# The texts are the server's quick responses (its texting configuration), filled in for this
# advisor and the line that was called, with the hours and number IT set: the same texts the SMS
# conversation offers, kept in one place.
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
            "quick_response",
            max_length=255,
            example="Hi, it's Alex from the pharmacy. We'll call you back on this number shortly.",
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
