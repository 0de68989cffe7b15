"""Record a telephone medication review: the medicines gone through, how the patient takes them,
their concerns, the advice given and when to review again (pharmacists)."""

from __future__ import annotations

from desktop.workflows.base import Field, Workflow

WORKFLOW = Workflow(
    id="medication_review",
    title="Record a medication review",
    category="Clinical",
    action="medication_review",
    roles=frozenset({"pharmacist"}),
    keywords=("medication review", "review", "medicines", "adherence", "nms"),
    fields=(
        Field(
            "medicines",
            "Medicines reviewed",
            "multiline",
            max_length=1000,
            example="Amlodipine 5mg, Atorvastatin 20mg",
        ),
        Field(
            "adherence",
            "How they take them",
            "choice",
            options=(
                ("good", "As prescribed"),
                ("some_missed", "Misses some doses"),
                ("poor", "Often misses or stops"),
            ),
            example="some_missed",
        ),
        Field(
            "concerns",
            "Their concerns",
            "multiline",
            required=False,
            max_length=2000,
            example="Worried about dizziness in the morning",
        ),
        Field(
            "advice",
            "Advice given",
            "multiline",
            max_length=2000,
            example="Take amlodipine in the evening; use a pill organiser",
        ),
        Field(
            "follow_up",
            "Review again",
            "choice",
            options=(
                ("none", "No follow-up"),
                ("2_weeks", "In 2 weeks"),
                ("1_month", "In a month"),
                ("3_months", "In 3 months"),
            ),
            example="1_month",
        ),
    ),
    script="""
Thank you for going through your medicines with me, {{ patient.first_name }}.
To recap: {{ inputs.advice }}.
{% if inputs.follow_up == 'none' %}You don't need another review for now; call us any time if something changes.
{% else %}We'll call you again {% if inputs.follow_up == '2_weeks' %}in two weeks{% elif inputs.follow_up == '1_month' %}in a month{% else %}in three months{% endif %} to see how you're getting on.
{% endif %}Please don't stop a prescribed medicine without speaking to your GP or to us.
""",
    scripts={
        "pl": """
Dziękuję za wspólne omówienie leków, {{ patient.first_name }}.
Podsumowując: {{ inputs.advice }}.
{% if inputs.follow_up == 'none' %}Na razie kolejny przegląd nie jest potrzebny; proszę dzwonić, jeśli coś się zmieni.
{% else %}Zadzwonimy ponownie {% if inputs.follow_up == '2_weeks' %}za dwa tygodnie{% elif inputs.follow_up == '1_month' %}za miesiąc{% else %}za trzy miesiące{% endif %}, żeby zapytać, jak się Pan/Pani czuje.
{% endif %}Proszę nie odstawiać przepisanego leku bez rozmowy z lekarzem lub z nami.
""",
    },
)
