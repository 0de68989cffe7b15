"""Tell the caller when the pharmacy counter is open (an example plug-in workflow)."""

from desktop.workflows.base import Workflow

WORKFLOW = Workflow(
    id="counter_hours",
    title="Give the counter's opening hours",
    category="General",
    action="add_note",
    needs_verified=False,
    keywords=("hours", "open", "counter"),
    fixed_inputs={"body": "Gave the counter's opening hours"},
    script="The pharmacy counter is open from 8am to 8pm, Monday to Friday.",
)
