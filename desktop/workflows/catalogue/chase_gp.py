"""Chase the GP practice about a prescription request that has not been approved."""

from __future__ import annotations

from desktop.workflows.base import Field, Workflow
from desktop.workflows.catalogue import _examples as ex

WORKFLOW = Workflow(
    id="chase_gp",
    title="Chase a prescription with the GP",
    category="Prescriptions",
    action="chase_gp",
    keywords=("chase gp", "gp not approved", "waiting for gp", "surgery", "practice"),
    fields=(
        Field("prescription_id", "Prescription", "prescription", example=ex.any_prescription),
        Field("note", "Note for the team", "multiline", required=False, max_length=1000),
    ),
    script="""
I'll chase {{ patient.gp.name if patient.gp else 'your GP practice' }} about your
{{ patient.prescriptions[inputs.prescription_id].medicine }} today, {{ patient.first_name }}, and we'll text you when it's approved.
""",
    scripts={
        "pl": """
Jeszcze dziś ponaglimy {{ patient.gp.name if patient.gp else 'Państwa przychodnię' }} w sprawie leku
{{ patient.prescriptions[inputs.prescription_id].medicine }}, {{ patient.first_name }}, i wyślemy SMS, gdy recepta zostanie zatwierdzona.
""",
    },
)
