"""An open escalation on the account: the call rings the team that holds it (the pharmacy
for a clinical question), when that team has a team in the phone system."""

from __future__ import annotations

from server.telephony.routing_rules._base import Decision, Situation, open_escalation_teams

NAME = "escalation"
ORDER = 40


def decide(situation: Situation) -> Decision | None:
    if situation.account is None:
        return None
    for team in open_escalation_teams(situation.session, situation.account.id):
        if team != situation.team and team in situation.settings.telephony_team_ids:
            return Decision(NAME, f"An open escalation is with the {team} team.", team=team)
    return None
