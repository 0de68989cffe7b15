"""The workflow runner's pieces: the form built from a workflow's fields. ``desktop.views.
workflow_runner`` puts it beside the script card."""
