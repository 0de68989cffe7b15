"""Scripts say what is true for the order's state: a delivered parcel is never "expected", a
cancelled one never "on its way"; workflows offer only the orders they can act on."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from backend_client import models as m
from desktop.workflows.registry import discover
from server.accounts import snapshot as server_snapshot
from server.core.orm import Account

REGISTRY = discover(include_plugins=False)
TODAY = date.today()
ME = m.Me(
    id="a",
    username="advisor",
    display_name="Alex Morgan",
    email="a@x",
    roles=[m.Role.ADVISOR],
    settings=m.AgentSettings(
        idle_lock_minutes=10, cache_lifetime_hours=12, refund_lead_limit_pence=5000
    ),
)


def snapshot_with(ctx, orders: list[m.Order]) -> m.Snapshot:  # type: ignore[no-untyped-def]
    with ctx.db.reader() as session:
        account = session.get(Account, "pat_00001")
        assert account is not None
        snap = server_snapshot.build(session, account, None)
    return snap.model_copy(update={"orders": orders})


def order(
    status: m.OrderStatus, *, due: date | None, paid: int = 990, refunded: int = 0
) -> m.Order:
    return m.Order(
        id=f"ord_{status.value}",
        placed_at=datetime(2026, 11, 1, 10, tzinfo=UTC),
        status=status,
        delivery_method="royal_mail_tracked",
        expected_delivery=due,
        carrier="Royal Mail" if status.shipped else None,
        tracking_code="RM123456785GB" if status.shipped else None,
        total_pence=paid,
        refunded_pence=refunded,
        lines=[m.OrderLine(medicine="Sertraline 50mg tablets", quantity=28)],
        address=m.Address(line1="1 High Street", city="Leeds", postcode="LS1 4AB"),
    )


def conversation(snap: m.Snapshot) -> m.Conversation:
    return m.Conversation(
        id="c",
        channel=m.Channel.PHONE,
        direction=m.Direction.INBOUND,
        state=m.ConversationState.ACTIVE,
        auth_state=m.AuthState.VERIFIED_APP,
        caller=m.Caller(display="07700 900000"),
        attempts_left=3,
        started_at=snap.as_of,
        updated_at=snap.as_of,
        version=1,
        account_id=snap.identity.account_id,
    )


def render(ctx, workflow_id: str, the_order: m.Order) -> str:  # type: ignore[no-untyped-def]
    snap = snapshot_with(ctx, [the_order])
    wf = REGISTRY.workflows[workflow_id]
    values, problems = wf.parse({"order_id": the_order.id})
    assert problems == {}
    return wf.render(snapshot=snap, conversation=conversation(snap), me=ME, values=values)


TOMORROW, LAST_WEEK = TODAY + timedelta(days=1), TODAY - timedelta(days=7)


@pytest.mark.parametrize(
    ("status", "due", "says", "never"),
    [
        (m.OrderStatus.DELIVERED, LAST_WEEK, ["was delivered on"], ["expect", "on its way"]),
        (m.OrderStatus.CANCELLED, None, ["was cancelled", "won't be sent"], ["expect", "way"]),
        (
            m.OrderStatus.DISPATCHED,
            TOMORROW,
            ["on its way with Royal Mail", "We expect it on"],
            ["late"],
        ),
        (m.OrderStatus.DISPATCHED, LAST_WEEK, ["on its way", "late", "I'm sorry"], ["We expect"]),
        (
            m.OrderStatus.DISPENSING,
            TOMORROW,
            ["being prepared", "we expect it"],
            ["way", "delivered"],
        ),
        (m.OrderStatus.AWAITING_PRESCRIPTION, None, ["waiting for your GP"], ["expect", "way"]),
        (m.OrderStatus.PLACED, None, ["has reached us"], ["expect", "way", "delivered"]),
    ],
)
def test_track_order_says_what_is_true_for_each_state(
    ctx, status: m.OrderStatus, due: date | None, says: list[str], never: list[str]
) -> None:
    script = render(ctx, "track_order", order(status, due=due))
    for phrase in says:
        assert phrase in script, script
    for phrase in never:
        assert phrase.lower() not in script.lower(), script


def test_every_order_state_has_its_own_track_order_sentence(ctx) -> None:
    sentences = {
        render(ctx, "track_order", order(s, due=TOMORROW)).split(" from ", 1)[1].split(".")[0]
        for s in m.OrderStatus
    }
    assert len(sentences) == len(m.OrderStatus)


def test_explain_charge_for_a_cancelled_order(ctx) -> None:
    script = render(ctx, "explain_charge", order(m.OrderStatus.CANCELLED, due=None, refunded=990))
    assert "was cancelled" in script and "£9.90 you paid has been refunded" in script
    assert "came to" not in script


@pytest.mark.parametrize(
    ("workflow_id", "offered"),
    [
        ("cancel_order", {"placed", "awaiting_prescription", "dispensing"}),
        ("change_delivery", {"placed", "awaiting_prescription", "dispensing"}),
        ("reship_order", {"dispatched", "delivered"}),
    ],
)
def test_workflows_offer_only_orders_they_can_act_on(
    ctx, workflow_id: str, offered: set[str]
) -> None:
    snap = snapshot_with(ctx, [order(s, due=TOMORROW) for s in m.OrderStatus])
    wf = REGISTRY.workflows[workflow_id]
    [field] = [f for f in wf.fields if f.key == "order_id"]
    assert {v.removeprefix("ord_") for v, _ in field.choices(snap)} == offered


def test_refund_offers_orders_with_money_left_and_says_how_much(ctx) -> None:
    paid = order(m.OrderStatus.DELIVERED, due=LAST_WEEK, paid=1980, refunded=990)
    free = order(m.OrderStatus.DISPATCHED, due=TOMORROW, paid=0)
    snap = snapshot_with(ctx, [paid, free])
    [field] = [f for f in REGISTRY.workflows["refund"].fields if f.key == "order_id"]
    [(value, label)] = field.choices(snap)
    assert value == paid.id and label.endswith("£9.90 refundable")


def test_every_workflow_speaks_every_script_language() -> None:
    from desktop.workflows.base import SCRIPT_LANGUAGES

    for wf in REGISTRY:
        missing = set(SCRIPT_LANGUAGES) - {"en"} - set(wf.scripts)
        assert not missing, f"{wf.id} has no script in {sorted(missing)}"


@pytest.mark.parametrize("status", list(m.OrderStatus))
def test_polish_track_order_for_a_polish_patient(ctx, status: m.OrderStatus) -> None:
    the_order = order(status, due=TOMORROW)
    snap = snapshot_with(ctx, [the_order])
    snap = snap.model_copy(update={"identity": snap.identity.model_copy(update={"language": "pl"})})
    wf = REGISTRY.workflows["track_order"]
    assert wf.script_language(snap) == "pl"
    values, _ = wf.parse({"order_id": the_order.id})
    script = wf.render(snapshot=snap, conversation=conversation(snap), me=ME, values=values)
    assert script.startswith("Dziękuję,") and "listopada" in script  # 1 Nov, in Polish
    english = wf.render(
        snapshot=snap, conversation=conversation(snap), me=ME, values=values, language="en"
    )
    assert english.startswith("Thanks,")


@pytest.mark.parametrize("workflow_id", sorted(REGISTRY.workflows))
def test_polish_scripts_render_for_seeded_polish_patients(ctx, workflow_id: str) -> None:
    from tests.workflows.test_catalogue import examples

    wf = REGISTRY.workflows[workflow_id]
    rendered = 0
    with ctx.db.reader() as session:
        for n in range(1, 60):
            account = session.get(Account, f"pat_{n:05d}")
            assert account is not None
            snap = server_snapshot.build(session, account, None)
            if snap.identity.language != "pl":
                continue
            raw = examples(wf, snap)
            if raw is None:
                continue
            values, problems = wf.parse(raw)
            assert problems == {}
            script = wf.render(snapshot=snap, conversation=conversation(snap), me=ME, values=values)
            assert script and "{{" not in script and "{%" not in script
            rendered += 1
    assert rendered >= 1, f"{workflow_id}: no seeded Polish patient to render for"
