"""Suggestion rules: each rule's case (fires with its reason and starting values, and stays
quiet when it should), every rule discovered has a case, the best three are kept, a broken rule
is skipped, and the seeded accounts' snapshots carry them."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta

import pytest

from backend_client import models as m
from server.knowledge import rules

TODAY = date(2026, 12, 3)


def order(n: int, status: str = "dispatched", **changes: object) -> m.Order:
    base = {
        "id": f"ord_{n}",
        "placed_at": datetime(2026, 11, 28, 10, tzinfo=UTC),
        "status": status,
        "delivery_method": "post",
        "expected_delivery": TODAY + timedelta(days=1),
        "carrier": "Royal Mail",
        "tracking_code": None,
        "total_pence": 990,
        "refunded_pence": 0,
        "lines": [{"medicine": "Sertraline 50mg", "quantity": 28}],
        "address": {"line1": "1 High St", "city": "Leeds", "postcode": "LS1 4AB"},
    }
    return m.Order.model_validate(base | changes)


def script(**changes: object) -> m.Prescription:
    base = {
        "id": "rx_1",
        "medicine": "Sertraline 50mg",
        "dosage": "one a day",
        "repeat": True,
        "status": "active",
        "next_due": TODAY + timedelta(days=30),
        "gp_ods_code": "A81001",
    }
    return m.Prescription.model_validate(base | changes)


def issue(**changes: object) -> m.Issue:
    base = {
        "id": "iss_1",
        "kind": "medication_question",
        "team": "pharmacy",
        "title": "Can I take this with ibuprofen?",
        "status": "open",
        "created_at": datetime(2026, 11, 30, 9, tzinfo=UTC),
        "age_days": 3,
    }
    return m.Issue.model_validate(base | changes)


def snapshot(
    orders: list[m.Order] = (),  # type: ignore[assignment]
    prescriptions: list[m.Prescription] = (),  # type: ignore[assignment]
    issues: list[m.Issue] = (),  # type: ignore[assignment]
) -> m.Snapshot:
    return m.Snapshot.model_validate(
        {
            "identity": {
                "account_id": "pat_1",
                "name": "Jo Bloggs",
                "date_of_birth": "1970-01-01",
                "age": 56,
                "nhs_number": None,
                "phones": [],
                "email": None,
                "address": {"line1": "1 High St", "city": "Leeds", "postcode": "LS1 4AB"},
                "nominated_gp": None,
                "exemption": None,
                "exemption_expires": None,
                "representatives": [],
                "dependants": [],
                "flags": [],
            },
            "stats": {
                "patient_since": "2020-01-01",
                "orders": len(orders),
                "last_order": None,
                "next_delivery": None,
                "active_repeats": 0,
                "open_issues": len(issues),
                "oldest_open_issue_days": None,
            },
            "orders": [o.model_dump() for o in orders],
            "prescriptions": [p.model_dump() for p in prescriptions],
            "open_issues": [i.model_dump() for i in issues],
            "workflow_runs": [],
            "notes": [],
            "contacts": [],
            "as_of": datetime(2026, 12, 3, 9, tzinfo=UTC),
        }
    )


def run(name: str, snap: m.Snapshot) -> list[m.Suggestion]:
    return rules.suggest(snap, TODAY, only=[rules.rules()[name]])


def order_late() -> None:
    late = order(1042, expected_delivery=TODAY - timedelta(days=3))
    (found,) = run(
        "order_late",
        snapshot(
            [late, order(7), order(8, "delivered", expected_delivery=TODAY - timedelta(days=9))]
        ),
    )
    assert (found.workflow_id, found.reason, found.inputs) == (
        "track_order",
        "Order ord_1042 is 3 days late",
        {"order_id": "ord_1042"},
    )
    assert found.translations["pl"] == "Zamówienie ord_1042 jest opóźnione o 3 dni"


def gp_waiting() -> None:
    waiting = order(5, "awaiting_prescription", placed_at=datetime(2026, 11, 28, tzinfo=UTC))
    (found,) = run("gp_waiting", snapshot([waiting], [script()]))
    assert (found.workflow_id, found.inputs) == ("chase_gp", {"prescription_id": "rx_1"})
    assert found.reason == "Order ord_5 has waited 5 days for the GP (Sertraline 50mg)"
    recent = order(6, "awaiting_prescription", placed_at=datetime(2026, 12, 1, tzinfo=UTC))
    assert run("gp_waiting", snapshot([recent], [script()])) == []


def payment_failed() -> None:
    held = [order(1, "dispensing", payment="failed"), order(2, "placed", payment="failed")]
    (found,) = run("payment_failed", snapshot(held))  # one link updates the card for both
    assert found.workflow_id == "payment_link"
    assert found.reason == "The card was declined for order ord_1 (£9.90)"
    assert run("payment_failed", snapshot([order(3, "cancelled", payment="failed")])) == []


def open_escalation() -> None:
    claimed = issue(status="claimed", assignee="Priya Shah")
    (found,) = run("open_escalation", snapshot(issues=[claimed]))
    assert (found.workflow_id, found.inputs) == ("escalation_status", {"issue_id": "iss_1"})
    assert (
        found.reason
        == "“Can I take this with ibuprofen?” has been open 3 days with pharmacy, with Priya Shah"
    )
    assert run("open_escalation", snapshot(issues=[issue(status="resolved")])) == []


def repeat_due() -> None:
    due = script(next_due=TODAY + timedelta(days=2))
    (found,) = run("repeat_due", snapshot([], [due]))
    assert (found.workflow_id, found.inputs) == ("request_repeat", {"prescription_id": "rx_1"})
    assert found.reason == "Sertraline 50mg repeat is due on Sat 05 Dec"
    assert run("repeat_due", snapshot([order(9, "dispensing")], [due])) == []  # already coming
    assert run("repeat_due", snapshot([], [script()])) == []  # a month away


CASES: dict[str, Callable[[], None]] = {
    f.__name__: f for f in (order_late, gp_waiting, payment_failed, open_escalation, repeat_due)
}


def test_every_rule_has_a_case() -> None:
    assert set(rules.rules()) == set(CASES)  # a new rule file needs its case here


@pytest.mark.parametrize("name", sorted(CASES))
def test_rule(name: str) -> None:
    CASES[name]()


def test_the_best_three_are_kept_heaviest_first_one_per_workflow_and_values() -> None:
    snap = snapshot(
        [
            order(1, expected_delivery=TODAY - timedelta(days=2)),
            order(2, "dispensing", payment="failed"),
            order(3, "awaiting_prescription", placed_at=datetime(2026, 11, 20, tzinfo=UTC)),
        ],
        [script(), script(id="rx_2", next_due=TODAY + timedelta(days=1), medicine="Other")],
        [issue()],
    )
    found = rules.suggest(snap, TODAY)
    assert len(found) == m.MAX_SUGGESTIONS
    assert [s.workflow_id for s in found] == ["payment_link", "track_order", "chase_gp"]


def test_a_broken_rule_is_skipped_not_fatal(caplog) -> None:
    def broken(facts: rules.Facts) -> list[m.Suggestion]:
        raise RuntimeError("bug in a team's rule")

    snap = snapshot([order(1, expected_delivery=TODAY - timedelta(days=1))])
    found = rules.suggest(
        snap, TODAY, only=[rules.Rule("broken", broken), rules.rules()["order_late"]]
    )
    assert [s.rule for s in found] == ["order_late"] and "broken" in caplog.text


async def test_seeded_snapshots_carry_suggestions_for_workflows_that_exist(ctx) -> None:
    from desktop.workflows.registry import discover
    from server.accounts import snapshot as server_snapshot
    from server.core.orm import Account

    workflows = {w.id for w in discover()}
    seen = 0
    with ctx.db.reader() as session:
        for n in range(1, 120):
            account = session.get(Account, f"pat_{n:05d}")
            snap = server_snapshot.build(session, account, None)
            for suggestion in snap.suggestions:
                assert suggestion.workflow_id in workflows and suggestion.reason
                seen += 1
            assert len(snap.suggestions) <= m.MAX_SUGGESTIONS
    assert seen
