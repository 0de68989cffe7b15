"""Set marketing and contact preferences (email and text)."""

from __future__ import annotations

from desktop.workflows.base import Field, Workflow

WORKFLOW = Workflow(
    id="marketing",
    title="Marketing and contact preferences",
    category="Account",
    action="set_preferences",
    keywords=("marketing", "unsubscribe", "offers", "newsletter", "stop emails", "opt out"),
    fields=(
        Field("marketing_email", "Marketing emails", "bool", default=False, example=False),
        Field("marketing_sms", "Marketing texts", "bool", default=False, example=False),
    ),
    to_inputs=lambda v: {
        "marketing_email": bool(v.get("marketing_email")),
        "marketing_sms": bool(v.get("marketing_sms")),
    },
    script="""
Done, {{ patient.first_name }}: marketing emails {{ 'on' if inputs.marketing_email else 'off' }}, texts {{ 'on' if inputs.marketing_sms else 'off' }}.
We'll still contact you about your orders.
""",
    scripts={
        "pl": """
Gotowe, {{ patient.first_name }}: e-maile marketingowe {{ 'włączone' if inputs.marketing_email else 'wyłączone' }}, SMS-y {{ 'włączone' if inputs.marketing_sms else 'wyłączone' }}.
W sprawie zamówień nadal będziemy się kontaktować.
""",
    },
)
