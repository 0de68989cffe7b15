"""A patient who prefers a language other than English: the call rings an available advisor
who speaks it, the one available longest."""

from __future__ import annotations

from server.telephony.routing_rules._base import (
    Decision,
    Situation,
    available_agents,
    telephony_user,
)

NAME = "language"
ORDER = 30
NAMES = {"pl": "Polish", "cy": "Welsh", "ur": "Urdu", "pa": "Punjabi", "ro": "Romanian"}


def decide(situation: Situation) -> Decision | None:
    if situation.account is None:
        return None
    language = str((situation.account.preferences or {}).get("language") or "en")
    if language == "en":
        return None
    for agent in available_agents(situation.session):
        # JSON lists are read here rather than in SQL: SQLite and PostgreSQL differ, and the
        # agents are a few hundred at most.
        if language in (agent.languages or []) and telephony_user(situation.settings, agent):
            named = NAMES.get(language, language)
            return Decision(
                NAME, f"The patient prefers {named}; {agent.display_name} speaks it.", agent
            )
    return None
