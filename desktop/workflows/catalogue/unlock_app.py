"""Unlock the app account after too many failed logins."""

from __future__ import annotations

from desktop.workflows.base import Workflow

WORKFLOW = Workflow(
    id="unlock_app",
    title="Unlock the app account",
    category="App",
    action="unlock_app_account",
    keywords=("locked out", "unlock", "too many attempts", "app locked"),
    script="""
Your app account is unlocked, {{ patient.first_name }}. If you've forgotten the password, I can send a reset link.
""",
    scripts={
        "pl": """
Konto w aplikacji zostało odblokowane, {{ patient.first_name }}. Jeśli hasło wypadło z pamięci, mogę wysłać link do jego zmiany.
""",
    },
)
