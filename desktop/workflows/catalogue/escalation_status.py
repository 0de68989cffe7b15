"""Tell the caller where an open escalation stands: which team has it, who, and since when."""

from __future__ import annotations

from desktop.workflows.base import Field, Workflow
from desktop.workflows.catalogue import _examples as ex

WORKFLOW = Workflow(
    id="escalation_status",
    title="Give the status of an escalation",
    category="Issues",
    action="issue_enquiry",
    keywords=("escalation", "status", "chase", "any news", "pharmacist call back", "complaint"),
    offline=True,
    fields=(Field("issue_id", "Escalation", "issue", example=ex.open_issue),),
    # Never a promise of a time the team has not given: only where it is and since when.
    script="""
{% set i = patient.issues[inputs.issue_id] %}
Thanks for waiting, {{ patient.first_name }}. Your query "{{ i.title }}" is with our {{ i.team }} team
{% if i.assignee %}, and {{ i.assignee }} is looking after it{% endif %}.
It was raised {% if i.age_days == 0 %}today{% elif i.age_days == 1 %}yesterday{% else %}{{ i.age_days }} days ago{% endif %}.
{% if i.status == 'open' %}Nobody has picked it up yet, so I'll flag it to the team now.{% else %}They'll contact you as soon as they have an answer.{% endif %}
""",
    scripts={
        "pl": """
{% set i = patient.issues[inputs.issue_id] %}
Dziękuję za cierpliwość, {{ patient.first_name }}. Sprawą „{{ i.title }}” zajmuje się nasz zespół {{ i.team }}
{% if i.assignee %}, a prowadzi ją {{ i.assignee }}{% endif %}.
Zgłoszenie powstało {% if i.age_days == 0 %}dziś{% elif i.age_days == 1 %}wczoraj{% else %}{{ i.age_days }} dni temu{% endif %}.
{% if i.status == 'open' %}Nikt jeszcze go nie przejął, więc od razu zasygnalizuję to zespołowi.{% else %}Skontaktują się z Państwem, gdy tylko będą mieli odpowiedź.{% endif %}
""",
    },
)
