"""Update the patient's mobile number or email address."""

from __future__ import annotations

from desktop.workflows.base import Field, Workflow

WORKFLOW = Workflow(
    id="update_contact",
    title="Update contact details",
    category="Account",
    action="update_contact",
    keywords=("phone number", "email", "mobile", "contact details"),
    fields=(
        Field("phone", "Mobile number", "phone", required=False, example="07700 900456"),
        Field("email", "Email", "email", required=False, example="new.address@example.com"),
    ),
    script="""
Thanks, {{ patient.first_name }}. I've updated your
{%- if inputs.phone %} mobile number{% endif %}{% if inputs.phone and inputs.email %} and{% endif %}
{%- if inputs.email %} email address{% endif %}.
""",
    scripts={
        "pl": """
Dziękuję, {{ patient.first_name }}. Zaktualizowaliśmy
{%- if inputs.phone %} numer komórkowy{% endif %}{% if inputs.phone and inputs.email %} i{% endif %}
{%- if inputs.email %} adres e-mail{% endif %}.
""",
    },
)
