"""Report a problem with the app to engineering."""

from __future__ import annotations

from desktop.workflows.base import Field, Workflow

WORKFLOW = Workflow(
    id="app_problem",
    title="Report an app problem to engineering",
    category="App",
    action="create_issue",
    keywords=("bug", "app problem", "crash", "error", "not working", "website"),
    fields=(
        Field("title", "What goes wrong", max_length=300, example="App closes when opening orders"),
        Field(
            "description",
            "Device, app version, steps",
            "multiline",
            required=False,
            max_length=5000,
        ),
    ),
    fixed_inputs={"kind": "app_problem"},
    script="""
Thanks for reporting that, {{ patient.first_name }}. I've passed it to our app team. In the meantime I can help you here.
""",
    scripts={
        "pl": """
Dziękujemy za zgłoszenie, {{ patient.first_name }}. Przekazaliśmy je zespołowi aplikacji. W międzyczasie mogę pomóc tutaj.
""",
    },
)
