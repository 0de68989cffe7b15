"""Set medication reminder texts on or off, and their time."""

from __future__ import annotations

from desktop.workflows.base import Field, Workflow

WORKFLOW = Workflow(
    id="reminders",
    title="Medication reminder settings",
    category="Account",
    action="set_preferences",
    keywords=("reminder", "alarm", "notification", "remind me"),
    fields=(
        Field("reminders", "Send reminders", "bool", default=True, example=True),
        Field("reminder_time", "At (HH:MM)", required=False, max_length=5, example="08:30"),
    ),
    script="""
{% if inputs.reminders %}You'll get a reminder text{% if inputs.reminder_time %} at {{ inputs.reminder_time }}{% endif %} each day,
{{ patient.first_name }}.{% else %}I've turned your reminders off, {{ patient.first_name }}.{% endif %}
""",
    scripts={
        "pl": """
{% if inputs.reminders %}Codziennie dostaną Państwo SMS z przypomnieniem{% if inputs.reminder_time %} o {{ inputs.reminder_time }}{% endif %},
{{ patient.first_name }}.{% else %}Przypomnienia zostały wyłączone, {{ patient.first_name }}.{% endif %}
""",
    },
)
