"""Record or update the patient's prescription charge exemption."""

from __future__ import annotations

from desktop.workflows.base import Field, Workflow

WORKFLOW = Workflow(
    id="exemption",
    title="Record an exemption certificate",
    category="Payments",
    action="update_exemption",
    keywords=("exemption", "free prescriptions", "prepayment", "certificate", "maternity"),
    fields=(
        Field(
            "exemption",
            "Exemption",
            "choice",
            options=tuple(
                (x, x)
                for x in (
                    "Medical exemption certificate",
                    "Maternity exemption certificate",
                    "Prescription prepayment certificate",
                    "Over 60",
                    "Under 16",
                    "Low income",
                )
            ),
            example="Prescription prepayment certificate",
        ),
        Field("expires", "Expires", "date", required=False, example="31/12/2027"),
        Field(
            "certificate_number",
            "Certificate number",
            required=False,
            max_length=40,
            help="Checked, not kept",
        ),
    ),
    script="""
I've recorded your {{ inputs.exemption|lower }}{% if inputs.expires %}, valid until {{ inputs.expires|day }}{% endif %},
{{ patient.first_name }}. You won't be charged for NHS prescriptions while it's valid.
""",
    scripts={
        "pl": """
Zapisaliśmy Państwa zwolnienie: {{ inputs.exemption|lower }}{% if inputs.expires %}, ważne do {{ inputs.expires|day }}{% endif %},
{{ patient.first_name }}. Dopóki jest ważne, recepty NHS są bezpłatne.
""",
    },
)
