"""Whom a ringing call rings: the phone system's routing request (Aircall's Smartflow "Ring to
(via API)" widget after an Input IVR, or any CTI that asks before it routes).

Given the call's id, the caller's number and the keypad input, the server redeems an app-call
token as the webhooks always did (same budgets, the same binding to the caller's number, the
challenge as the fall-back), records the call as the conversation it becomes (the webhooks that
follow join it, in any order, by the same source and call id), and answers whom to ring.

Whom to ring is decided by the routing rules, one module each in ``routing_rules``, tried in
order; the first that matches decides, and none matching rings the line's team. A rule sees
the account the call is about: the one a live token named, or else the one account the
caller's number belongs to (a routing hint only: it links nothing and verifies nobody).

The phone system is waiting with the caller on the line, so the route answers within a budget
(``routing_budget_ms``): past it, the line's team is answered from the settings alone, and the
work already started (the token, the conversation) still completes.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass
from types import ModuleType
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from backend_client import models as m
from server.conversations import lifecycle
from server.core import locks, normalise
from server.core.audit import audit
from server.core.config import Settings
from server.core.errors import ApiError, bad_request
from server.core.orm import Account, AccountPhone, Conversation, utcnow
from server.core.security import constant_time_equal
from server.identity import app_tokens
from server.telephony import insight_cards, payload, routing_rules
from server.telephony.calls import CallFacts, apply_call, lock_call
from server.telephony.routing_rules._base import Decision, Situation, telephony_user

SOURCES = ("aircall", "cti")
TEAM_RULE = "team"
LATE_REASON = "CareDesk did not answer in time: the line's team."


def check_token(settings: Settings, presented: str | None) -> None:
    expected = settings.routing_token
    if not expected or presented is None or not constant_time_equal(presented, expected):
        raise ApiError(401, "bad_routing_token", "The routing token is missing or not right.")


@dataclass(frozen=True)
class RouteRequest:
    source: str
    call_id: str
    caller: str | None
    line: str | None
    digits: str | None


def parse(body: dict[str, Any]) -> RouteRequest:
    """The request, from JSON, form or query fields. Names as a Smartflow or a CTI may send
    them: ``call_id``/``callId``, ``from``/``caller``, ``to``/``line``, ``input``/``digits``."""
    payload.check_shape(body)
    source = payload.choice(body.get("source", "aircall"), SOURCES)
    if source is None:
        raise bad_request(f"“source” must be one of {', '.join(SOURCES)}.", "malformed_body")
    call_id = payload.required_text(
        body.get("call_id") or body.get("callId") or body.get("id"), "call_id"
    )
    raw_digits = body.get("input", body.get("digits"))
    if isinstance(raw_digits, bool) or not isinstance(raw_digits, str | int | None):
        raise bad_request("“input” must be the digits the caller keyed.", "malformed_body")
    return RouteRequest(
        source=source,
        call_id=call_id,
        caller=payload.text(body.get("from") or body.get("caller"), "from", limit=60),
        line=payload.text(body.get("to") or body.get("line"), "to", limit=100),
        digits=app_tokens.token_from_digits(raw_digits),
    )


Rule = Callable[[Situation], Decision | None]


def _discover() -> dict[str, tuple[int, Rule]]:
    found: dict[str, tuple[int, Rule]] = {}
    for info in pkgutil.iter_modules(routing_rules.__path__):
        if info.name.startswith("_"):
            continue
        module: ModuleType = importlib.import_module(f"{routing_rules.__name__}.{info.name}")
        name, order, decide = module.NAME, module.ORDER, module.decide
        if name == TEAM_RULE or name in found:
            raise RuntimeError(f"routing rule {name!r} is defined twice")
        found[name] = (order, decide)
    return found


RULES = _discover()


def rules_in_order(settings: Settings) -> list[tuple[str, Rule]]:
    """The rules the settings name, in their order; every rule in its own order by default."""
    if settings.routing_rules is None:
        return [(n, r) for n, (_, r) in sorted(RULES.items(), key=lambda kv: kv[1][0])]
    return [(n, RULES[n][1]) for n in settings.routing_rules if n != TEAM_RULE]


def check_rules(settings: Settings) -> None:
    """At start-up: a rule named in the settings that does not exist is a mistake to say."""
    unknown = [n for n in settings.routing_rules or () if n not in RULES and n != TEAM_RULE]
    if unknown:
        raise SystemExit(
            f"CAREDESK_ROUTING_RULES names {', '.join(unknown)}, which are not routing rules "
            f"(there are: {', '.join(sorted(RULES))})"
        )


def line_team(settings: Settings, line: str | None) -> str:
    if line:
        for key in (line, normalise.phone(line, settings.default_region)):
            if key and key in settings.line_teams:
                return settings.line_teams[key]
    return settings.default_team


def answer_for_team(
    settings: Settings,
    team: str,
    rule: str,
    reason: str,
    *,
    verified: bool = False,
    challenge: bool = True,
    conversation_id: str | None = None,
) -> m.RouteAnswer:
    return m.RouteAnswer(
        ring="team",
        team_id=settings.telephony_team_ids.get(team),
        team=team,
        rule=rule,
        reason=reason,
        verified=verified,
        challenge=challenge,
        conversation_id=conversation_id,
    )


def fallback(settings: Settings, request: RouteRequest, why: str) -> m.RouteAnswer:
    """The line's team, from the settings alone: what the route answers past its budget."""
    team = line_team(settings, request.line)
    return answer_for_team(settings, team, TEAM_RULE, why)


def record_fallback(session: Session, settings: Settings, request: RouteRequest) -> None:
    """After a late answer: the call rang the line's team, so that is what the conversation
    says it was routed by (the rules' own decision never reached the phone system)."""
    conv = session.scalar(
        select(Conversation).where(
            Conversation.source == request.source, Conversation.external_id == request.call_id
        )
    )
    if conv is None:
        return
    answer = fallback(settings, request, LATE_REASON)
    conv.routed_by, conv.routing_reason = answer.rule, answer.reason
    conv.team, conv.routed_to = answer.team, f"team:{answer.team}"
    audit(session, "call.routed_late", agent_id=None, conversation_id=conv.id)


def _account_by_number(session: Session, number: str | None) -> Account | None:
    if not number:
        return None
    ids = session.scalars(
        select(AccountPhone.account_id).where(AccountPhone.number == number).distinct().limit(2)
    ).all()
    if len(ids) != 1:
        return None  # unknown, or a number several accounts share: no guess
    return session.get(Account, ids[0])


def decide(situation: Situation, settings: Settings) -> Decision:
    for name, rule in rules_in_order(settings):
        decision = rule(situation)
        if decision is not None:
            return Decision(name, decision.reason, decision.agent, decision.team)
    return Decision(TEAM_RULE, f"No rule matched: the {situation.team} team's line.")


def _call(session: Session, settings: Settings, request: RouteRequest) -> lifecycle.Change:
    lock_call(session, request.source, request.call_id)
    existing = session.scalar(
        locks.rows(
            select(Conversation).where(
                Conversation.source == request.source, Conversation.external_id == request.call_id
            )
        )
    )
    if existing is not None:
        return lifecycle.begin_change(existing)
    facts = CallFacts(
        source=request.source,
        external_id=request.call_id,
        direction=m.Direction.INBOUND,
        raw_number=request.caller,
        line=request.line,
        started_at=None,
        answered=False,
        answered_at=None,
        ended=False,
        ended_at=None,
        missed_reason=None,
        agent_id=None,
    )
    change = apply_call(session, settings, facts)
    session.flush()
    return change


def route(session: Session, settings: Settings, request: RouteRequest) -> m.RouteAnswer:
    """Redeem the keypad input, record the call, and decide whom it rings. Asked twice for one
    call (a Smartflow with a user widget and a team widget asks twice), it answers the same."""
    change = _call(session, settings, request)
    conv = change.conv
    if request.digits and conv.account_id is None and conv.auth_state == m.AuthState.UNVERIFIED:
        app_tokens.redeem(session, settings, conv, request.digits)
    verified = conv.account_id is not None and conv.pending is None
    team = line_team(settings, request.line or conv.line)
    if conv.routed_by is None:
        account = (
            session.get(Account, conv.account_id)
            if conv.account_id
            else _account_by_number(session, conv.caller_number)
        )
        decision = decide(Situation(session, settings, account, team, utcnow()), settings)
        target = telephony_user(settings, decision.agent) if decision.agent else None
        conv.routed_by = decision.rule
        conv.routing_reason = decision.reason[:200]
        conv.team = decision.team or team
        conv.routed_to = f"user:{target}" if target else f"team:{conv.team}"
        audit(
            session,
            "call.routed",
            agent_id=None,
            conversation_id=conv.id,
            rule=decision.rule,
            routed_to=conv.routed_to,
        )
    lifecycle.publish(session, settings, change, "routed")
    if verified:
        insight_cards.queue(session, settings, conv)
    kind, _, target_id = (conv.routed_to or f"team:{team}").partition(":")
    routed_team = conv.team or team
    if kind == "user":
        return m.RouteAnswer(
            ring="user",
            user_id=target_id,
            team_id=settings.telephony_team_ids.get(routed_team),
            team=routed_team,
            rule=conv.routed_by or TEAM_RULE,
            reason=conv.routing_reason or "",
            verified=verified,
            challenge=not verified,
            conversation_id=conv.id,
        )
    return answer_for_team(
        settings,
        routed_team,
        conv.routed_by or TEAM_RULE,
        conv.routing_reason or "",
        verified=verified,
        challenge=not verified,
        conversation_id=conv.id,
    )
