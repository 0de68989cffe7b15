"""Book a telephone appointment with a pharmacist in the first free slot of a day."""

from __future__ import annotations

from desktop.workflows.base import Field, Workflow
from desktop.workflows.catalogue import _examples as ex

WORKFLOW = Workflow(
    id="book_pharmacist",
    title="Book a telephone appointment with a pharmacist",
    category="Clinical",
    action="book_appointment",
    keywords=("appointment", "speak to pharmacist", "call back", "consultation", "book"),
    fields=(
        Field("day", "Day", "date", example=ex.next_weekday),
        Field(
            "reason",
            "What it is about",
            "multiline",
            max_length=1000,
            example="Questions about new medicine",
        ),
    ),
    script="""
I've booked you a call with one of our pharmacists on {{ inputs.day|day }}, {{ patient.first_name }}.
They'll ring {{ patient.phones[0] if patient.phones else 'the number we hold' }}; I'll text you the exact time.
""",
    scripts={
        "pl": """
Umówiliśmy rozmowę z naszym farmaceutą na {{ inputs.day|day }}, {{ patient.first_name }}.
Zadzwoni on pod numer {{ patient.phones[0] if patient.phones else 'zapisany w koncie' }}; dokładną godzinę wyślemy SMS-em.
""",
    },
)
