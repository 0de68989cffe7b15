"""Pause or resume repeat prescriptions (one, or all)."""

from __future__ import annotations

from desktop.workflows.base import Field, Workflow
from desktop.workflows.catalogue import _examples as ex

WORKFLOW = Workflow(
    id="pause_repeats",
    title="Pause or resume repeat prescriptions",
    category="Prescriptions",
    action="set_repeats",
    keywords=("pause", "resume", "holiday", "stop repeats", "restart"),
    fields=(
        Field("paused", "Pause (untick to resume)", "bool", default=True, example=True),
        Field(
            "prescription_id",
            "Only this prescription",
            "prescription",
            required=False,
            example=ex.active_repeat,
            help="Leave empty for all repeats",
        ),
    ),
    script="""
{% if inputs.paused %}I've paused {% else %}I've restarted {% endif %}
{%- if inputs.prescription_id %}your {{ patient.prescriptions[inputs.prescription_id].medicine }}{% else %}all your repeat prescriptions{% endif %},
{{ patient.first_name }}.
""",
    scripts={
        "pl": """
{% if inputs.paused %}Wstrzymaliśmy {% else %}Wznowiliśmy {% endif %}
{%- if inputs.prescription_id %}receptę na {{ patient.prescriptions[inputs.prescription_id].medicine }}{% else %}wszystkie Państwa recepty powtarzane{% endif %},
{{ patient.first_name }}.
""",
    },
)
