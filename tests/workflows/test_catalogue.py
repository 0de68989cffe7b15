"""The whole catalogue against the real server: each workflow's effect, run and note; each
script filled in for seeded patients with nothing missing."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from sqlalchemy import select

from backend_client import CareDeskClient, errors
from backend_client import models as m
from desktop.workflows.base import Workflow
from desktop.workflows.catalogue._examples import next_weekday
from desktop.workflows.registry import discover
from server.accounts import snapshot as server_snapshot
from server.core.orm import Account, Conversation, WorkflowRun
from tests.support import APP_KEY, aircall, patient

REGISTRY = discover(include_plugins=False)
ALL = sorted(REGISTRY.workflows)
Check = Callable[[m.Snapshot, m.Snapshot, dict[str, Any], m.ActionResult], None]


def order(s: m.Snapshot, order_id: str) -> m.Order:
    return next(o for o in s.orders if o.id == order_id)


def new_orders(before: m.Snapshot, after: m.Snapshot) -> list[m.Order]:
    old = {o.id for o in before.orders}
    return [o for o in after.orders if o.id not in old]


def new_issue(before: m.Snapshot, after: m.Snapshot) -> m.Issue:
    old = {i.id for i in before.open_issues}
    [issue] = [i for i in after.open_issues if i.id not in old]
    return issue


CHECKS: dict[str, Check] = {
    "track_order": lambda b, a, v, r: (
        r.data["status"] == order(a, v["order_id"]).status or pytest.fail("status")
    ),
    "escalation_status": lambda b, a, v, r: (
        r.data["status"] == next(i for i in a.open_issues if i.id == v["issue_id"]).status
        or pytest.fail("status")
    ),
    "explain_charge": lambda b, a, v, r: (
        r.data["total_pence"] == order(a, v["order_id"]).total_pence or pytest.fail()
    ),
    "change_address": lambda b, a, v, r: (
        (
            a.identity.address.line1 == v["line1"]
            and a.identity.address.postcode == v["postcode"]
            and (not v.get("order_id") or order(a, v["order_id"]).address.line1 == v["line1"])
        )
        or pytest.fail()
    ),
    "change_delivery": lambda b, a, v, r: (
        (
            order(a, v["order_id"]).delivery_method == v["method"]
            and order(a, v["order_id"]).expected_delivery == v["delivery_date"]
        )
        or pytest.fail()
    ),
    "cancel_order": lambda b, a, v, r: (
        order(a, v["order_id"]).status == "cancelled" or pytest.fail()
    ),
    "reship_order": lambda b, a, v, r: (
        (
            [(o.status, o.total_pence, o.lines) for o in new_orders(b, a)]
            == [("dispensing", 0, order(b, v["order_id"]).lines)]
        )
        or pytest.fail()
    ),
    "request_repeat": lambda b, a, v, r: (
        (
            [o.status for o in new_orders(b, a)] == ["awaiting_prescription"]
            and new_orders(b, a)[0].lines[0].medicine
            == next(p.medicine for p in b.prescriptions if p.id == v["prescription_id"])
        )
        or pytest.fail()
    ),
    "chase_gp": lambda b, a, v, r: new_issue(b, a).team == "prescriptions" or pytest.fail(),
    "change_gp": lambda b, a, v, r: (
        (a.identity.nominated_gp and a.identity.nominated_gp.ods_code == "A81005") or pytest.fail()
    ),
    "update_contact": lambda b, a, v, r: (
        (a.identity.phones == ["+447700900456"] and a.identity.email == "new.address@example.com")
        or pytest.fail()
    ),
    "payment_link": lambda b, a, v, r: (
        (a.messages[0].kind, a.messages[0].channel) == ("payment_link", "sms") or pytest.fail()
    ),
    "refund": lambda b, a, v, r: (
        order(a, v["order_id"]).refunded_pence == order(b, v["order_id"]).refunded_pence + 150
        or pytest.fail()
    ),
    "exemption": lambda b, a, v, r: (
        (a.identity.exemption, a.identity.exemption_expires)
        == ("Prescription prepayment certificate", date(2027, 12, 31))
        or pytest.fail()
    ),
    "pause_repeats": lambda b, a, v, r: (
        next(p for p in a.prescriptions if p.id == v["prescription_id"]).status == "paused"
        or pytest.fail()
    ),
    "book_pharmacist": lambda b, a, v, r: (
        [x.starts_at.date() for x in a.appointments] == [v["day"]] or pytest.fail()
    ),
    "escalate_medication": lambda b, a, v, r: (
        (new_issue(b, a).team, new_issue(b, a).kind) == ("pharmacy", "medication_question")
        or pytest.fail()
    ),
    "medication_review": lambda b, a, v, r: (
        (
            a.notes[0].body.startswith("Medication review by")
            and v["advice"] in a.notes[0].body
            and r.data["follow_up"] == v["follow_up"]
        )
        or pytest.fail()
    ),
    "side_effect": lambda b, a, v, r: (
        (
            new_issue(b, a).kind == "side_effect"
            and a.identity.flags[0].startswith("Suspected reaction")
        )
        or pytest.fail()
    ),
    "allergies": lambda b, a, v, r: (
        (a.identity.allergies, a.identity.conditions)
        == (["Penicillin"], ["Asthma", "Hypertension"])
        or pytest.fail()
    ),
    "controlled_drug_check": lambda b, a, v, r: (
        any(f.startswith("CD ID checked") for f in a.identity.flags) or pytest.fail()
    ),
    "representative": lambda b, a, v, r: (
        ("Jordan Example", "Carer")
        in [(x.name, x.relationship) for x in a.identity.representatives]
        or pytest.fail()
    ),
    "reminders": lambda b, a, v, r: (
        (
            a.identity.preferences["reminders"] is True
            and a.identity.preferences["reminder_time"].startswith("08:30")
        )
        or pytest.fail()
    ),
    "marketing": lambda b, a, v, r: (
        (a.identity.preferences["marketing_email"], a.identity.preferences["marketing_sms"])
        == (False, False)
        or pytest.fail()
    ),
    "password_reset": lambda b, a, v, r: (
        (a.messages[0].kind, a.messages[0].channel) == ("password_reset", "email") or pytest.fail()
    ),
    "unlock_app": lambda b, a, v, r: a.identity.preferences["app_locked"] is False or pytest.fail(),
    "resend_receipt": lambda b, a, v, r: (
        (a.messages[0].kind == "receipt" and v["order_id"] in a.messages[0].body) or pytest.fail()
    ),
    "complaint": lambda b, a, v, r: new_issue(b, a).team == "complaints" or pytest.fail(),
    "app_problem": lambda b, a, v, r: new_issue(b, a).team == "engineering" or pytest.fail(),
    "subject_access": lambda b, a, v, r: new_issue(b, a).team == "data-protection" or pytest.fail(),
    "close_account": lambda b, a, v, r: (
        (a.identity.status == "closure_requested" and new_issue(b, a).team == "data-protection")
        or pytest.fail()
    ),
    "follow_up_sms": lambda b, a, v, r: (
        (a.messages[0].body == v["text"] and len(a.messages[0].body) <= 255) or pytest.fail()
    ),
    "add_note": lambda b, a, v, r: a.notes[0].body == v["body"] or pytest.fail(),
}


def test_every_workflow_has_a_check_and_the_catalogue_is_complete() -> None:
    assert len(REGISTRY) > 30 and not REGISTRY.problems  # "over 30": the mission, not a count
    assert set(CHECKS) | {"transfer"} == set(ALL)
    for wf in REGISTRY:
        assert wf.doc, f"{wf.id} has no docstring"
        assert wf.keywords and wf.category


def examples(wf: Workflow, snap: m.Snapshot) -> dict[str, Any] | None:
    raw = {}
    for f in wf.fields:
        value = f.example_value(snap)
        if value is None and f.required and f.kind != "bool":
            return None
        raw[f.key] = value
    return raw


def suitable_patient(ctx, wf: Workflow) -> str:  # type: ignore[no-untyped-def]
    """The first seeded patient whose data lets this workflow's example run."""
    with ctx.db.reader() as session:
        for n in range(1, 120):
            account = session.get(Account, f"pat_{n:05d}")
            if account is None or not account.phones:
                continue
            snap = server_snapshot.build(session, account, None)
            raw = examples(wf, snap)
            if raw is not None and all(
                v is not None
                for k, v in raw.items()
                if next(f for f in wf.fields if f.key == k).required or v is not None
            ):
                if wf.id in ("refund",) and not any(o.total_pence > 200 for o in snap.orders):
                    continue
                return account.id
    raise AssertionError(f"no seeded patient suits {wf.id}")


async def verified_conversation(
    http, client: CareDeskClient, ctx, account_id: str, user: str, call_id: int
):  # type: ignore[no-untyped-def]
    token = await client.patient_app.create_call_token(account_id, APP_KEY)
    phone = patient(ctx, account_id).phone
    await http.post(
        "/webhooks/aircall",
        json=aircall(
            "call.answered", call_id, raw_digits=phone, digits=token.token, answered=True, user=user
        ),
    )
    conv = next(c for c in (await client.conversations.list()).items if c.account_id == account_id)
    assert conv.auth_state == "verified_app"
    return conv


@pytest.mark.parametrize("workflow_id", ALL)
async def test_workflow_runs_with_its_effect_run_and_note(
    workflow_id, http, advisor, pharmacist, ctx
) -> None:
    wf = REGISTRY.workflows[workflow_id]
    needs_pharmacist = bool(wf.roles)
    client = pharmacist if needs_pharmacist else advisor
    me = await client.agents.me()
    account_id = suitable_patient(ctx, wf)
    conv = await verified_conversation(
        http,
        client,
        ctx,
        account_id,
        "pharmacist" if needs_pharmacist else "advisor",
        ALL.index(workflow_id) + 100,
    )
    before = await client.accounts.snapshot(account_id, conv.id)
    raw = examples(wf, before)
    assert raw is not None
    if workflow_id == "refund":
        raw["order_id"] = next(
            o.id for o in before.orders if o.total_pence - o.refunded_pence >= 150
        )
    values, problems = wf.parse(raw)
    assert problems == {}
    script = wf.render(snapshot=before, conversation=conv, me=me, values=values)
    assert before.identity.name.split(" ")[0] in script or workflow_id == "add_note"
    assert "{{" not in script and "None" not in script

    result = await wf.run(client, conv, values)
    assert result.workflow_id == workflow_id and result.outcome == "done"
    if workflow_id == "transfer":
        with ctx.db.reader() as session:
            moved = session.get(Conversation, conv.id)
            assert moved is not None and (moved.team, moved.agent_id) == ("pharmacy", None)
            run = session.scalar(select(WorkflowRun).where(WorkflowRun.conversation_id == conv.id))
            assert run is not None and run.workflow_id == "transfer"
        return
    after = await client.accounts.snapshot(account_id, conv.id)
    CHECKS[workflow_id](before, after, values, result)
    assert after.workflow_runs[0].workflow_id == workflow_id
    assert after.workflow_runs[0].agent_name == me.display_name
    assert after.notes[0].conversation_id == conv.id
    assert after.notes[0].body


def test_secrets_are_not_recorded_with_the_run(ctx) -> None:
    from server.actions.controlled_drug_check import ACTION

    assert "document_number" in ACTION.secret_fields


@pytest.mark.parametrize("workflow_id", ALL)
def test_scripts_render_for_seeded_patients(workflow_id, ctx) -> None:
    wf = REGISTRY.workflows[workflow_id]
    me = m.Me(
        id="a",
        username="advisor",
        display_name="Alex Morgan",
        email="a@x",
        roles=[m.Role.ADVISOR],
        settings=m.AgentSettings(
            idle_lock_minutes=10, cache_lifetime_hours=12, refund_lead_limit_pence=5000
        ),
    )
    rendered = 0
    with ctx.db.reader() as session:
        for n in range(1, 41):
            account = session.get(Account, f"pat_{n:05d}")
            assert account is not None
            snap = server_snapshot.build(session, account, None)
            raw = examples(wf, snap)
            if raw is None:
                continue  # this patient has nothing this workflow acts on (e.g. no open order)
            values, problems = wf.parse(raw)
            assert problems == {}
            conv = m.Conversation(
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
                account_id=account.id,
            )
            script = wf.render(snapshot=snap, conversation=conv, me=me, values=values)
            assert script and "{{" not in script
            rendered += 1
    assert rendered >= 5, f"{workflow_id} rendered for only {rendered} seeded patients"


async def test_roles_are_enforced_by_the_server(http, advisor, lead, ctx) -> None:
    wf = REGISTRY.workflows["side_effect"]
    conv = await verified_conversation(http, advisor, ctx, "pat_00051", "advisor", 900)
    snap = await advisor.accounts.snapshot("pat_00051", conv.id)
    values, _ = wf.parse(examples(wf, snap) or {})
    assert wf.unavailable_because(await advisor.agents.me(), conv, True) == "needs a pharmacist"
    with pytest.raises(errors.PermissionDeniedError) as caught:
        await wf.run(advisor, conv, values)
    assert caught.value.code == "role_required"


async def test_refunds_never_exceed_the_payment_and_large_ones_need_a_lead(
    http, advisor, ctx
) -> None:
    wf = REGISTRY.workflows["refund"]
    account_id = suitable_patient(ctx, wf)
    conv = await verified_conversation(http, advisor, ctx, account_id, "advisor", 901)
    snap = await advisor.accounts.snapshot(account_id, conv.id)
    paid = max(snap.orders, key=lambda o: o.total_pence)
    too_much, _ = wf.parse(
        {
            "order_id": paid.id,
            "amount_pence": f"{paid.total_pence / 100 + 0.01:.2f}",
            "reason": "x y",
        }
    )
    with pytest.raises(errors.ValidationError) as caught:
        await wf.run(advisor, conv, too_much)
    assert caught.value.code == "refund_too_large"
    with ctx.db.transaction() as session:
        from server.core.orm import Order

        session.get(Order, paid.id).total_pence = 20_000  # type: ignore[union-attr]
    large, _ = wf.parse({"order_id": paid.id, "amount_pence": "60.00", "reason": "Damaged twice"})
    with pytest.raises(errors.PermissionDeniedError) as caught:
        await wf.run(advisor, conv, large)
    assert caught.value.code == "lead_required"


async def test_texts_are_at_most_255_characters(http, advisor) -> None:
    await http.post("/webhooks/aircall", json=aircall("call.answered", 902, answered=True))
    [conv] = (await advisor.conversations.list()).items
    wf = REGISTRY.workflows["follow_up_sms"]
    assert (
        wf.unavailable_because(await advisor.agents.me(), conv, True) is None
    )  # no verified caller needed
    with pytest.raises(errors.ValidationError):
        await advisor.actions.run(
            "send_message",
            m.ActionRequest(
                conversation_id=conv.id,
                workflow_id=wf.id,
                inputs={"kind": "follow_up", "text": "x" * 256},
            ),
        )
    # What the desk offers is the server's quick responses, filled in: each can be sent.
    quick = await advisor.texts.quick_responses(conv.id, "en")
    assert quick.items
    for item in quick.items:
        values, problems = wf.parse({"text": item.preview})
        assert not problems
        result = await wf.run(advisor, conv, values)
        assert result.data["length"] == len(item.preview) <= 255


async def test_pharmacist_slots_are_never_double_booked(http, pharmacist, advisor, ctx) -> None:
    wf = REGISTRY.workflows["book_pharmacist"]
    starts = []
    for n, account_id in enumerate(("pat_00061", "pat_00062", "pat_00063")):
        conv = await verified_conversation(http, advisor, ctx, account_id, "advisor", 910 + n)
        values, _ = wf.parse({"day": next_weekday(), "reason": "Questions"})
        result = await wf.run(advisor, conv, values)
        starts.append((result.data["pharmacist"], result.data["starts_at"]))
    assert len(set(starts)) == 3
