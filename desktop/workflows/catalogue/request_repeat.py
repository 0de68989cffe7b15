"""Request the next issue of a repeat prescription from the GP."""

from __future__ import annotations

from desktop.workflows.base import Field, Workflow
from desktop.workflows.catalogue import _examples as ex

WORKFLOW = Workflow(
    id="request_repeat",
    title="Request a repeat prescription",
    category="Prescriptions",
    action="request_repeat",
    keywords=("repeat", "reorder", "more tablets", "running out", "refill"),
    fields=(Field("prescription_id", "Prescription", "prescription", example=ex.active_repeat),),
    script="""
{% set p = patient.prescriptions[inputs.prescription_id] %}
I've requested your {{ p.medicine }} from {{ patient.gp.name if patient.gp else 'your GP' }}, {{ patient.first_name }}.
GPs usually approve within two working days; we'll dispatch as soon as they do.
""",
    scripts={
        "pl": """
{% set p = patient.prescriptions[inputs.prescription_id] %}
Poprosiliśmy {{ patient.gp.name if patient.gp else 'Państwa przychodnię' }} o receptę na {{ p.medicine }}, {{ patient.first_name }}.
Przychodnie zwykle zatwierdzają w ciągu dwóch dni roboczych; wyślemy lek, gdy tylko to nastąpi.
""",
    },
)
