"""Writers in parallel (server/core/locks.py), on PostgreSQL: each place a scoped unit of work
locks is met by a second unit at the worst moment (tests/server/interleave.py), once with its
lock and once without it. With it, the second waits and the effect happens once; without it, the
same meeting does the harm the lock is there for, so each test shows its lock is what prevents
it. Units of work on different places do not wait for each other; a whole one waits for all."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import IntegrityError

from backend_client import models as m
from server.conversations import states
from server.core import events, locks
from server.core.context import AppContext
from server.core.errors import ApiError
from server.core.events import append_event, fetch_since
from server.core.orm import (
    Account,
    Agent,
    ChallengeFailure,
    Conversation,
    IntercomNote,
    Issue,
    Note,
    Order,
    OutboundMessage,
    RefundRecord,
    RefundRequestRow,
    TokenFailure,
    new_id,
)
from server.floor import refund_requests
from server.identity import app_tokens, challenge_flow
from server.messaging import enquiries, intercom, sms
from server.pharmacy import escalations
from server.telephony import aircall as aircall_calls
from server.workflows import runner
from tests.conftest import postgres_database
from tests.server.interleave import meet
from tests.support import aircall, patient

WITH_AND_WITHOUT = pytest.mark.parametrize("locked", [True, False], ids=["locked", "unlocked"])
MONDAY_NOON = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)  # in the demo line's hours


@pytest.fixture
def database_url(postgres_cluster, postgres_template) -> Iterator[str]:  # type: ignore[no-untyped-def]
    """PostgreSQL only: SQLite has one writer at a time, and no locks to meet at."""
    with postgres_database(postgres_cluster, postgres_template) as url:
        yield url


def without(monkeypatch: pytest.MonkeyPatch, place: locks.Place) -> None:
    real = locks.lock
    monkeypatch.setattr(locks, "lock", lambda s, p, key: None if p is place else real(s, p, key))


def without_row_lock(monkeypatch: pytest.MonkeyPatch, model: type) -> None:
    real = locks.row
    monkeypatch.setattr(
        locks,
        "row",
        lambda s, kind, ident: s.get(kind, ident) if kind is model else real(s, kind, ident),
    )


def webhook(ctx: AppContext, envelope: dict[str, Any]) -> Callable[[], dict[str, Any]]:
    """Aircall's webhook as its route applies it (server/routes/webhooks.py)."""
    raw = json.dumps(envelope).encode()
    call = aircall_calls.parse(envelope)
    assert call is not None
    return lambda: ctx.db.run(
        lambda s: aircall_calls.apply(s, ctx.settings, raw, call), scoped=True
    )


def count(ctx: AppContext, query: Any) -> int:
    with ctx.db.reader() as session:
        return int(session.scalar(query) or 0)


def agent(ctx: AppContext, username: str) -> Agent:
    with ctx.db.reader() as session:
        found = session.scalar(select(Agent).where(Agent.username == username))
        assert found is not None
        return found


# --- calls --------------------------------------------------------------------------------------


@WITH_AND_WITHOUT
def test_two_events_of_one_new_call_make_one_conversation(ctx, monkeypatch, locked) -> None:
    if not locked:
        without(monkeypatch, locks.Place.CALL)
    met = meet(
        ctx.db,
        webhook(ctx, aircall("call.created", 7001, user=None)),
        webhook(ctx, aircall("call.ringing_on_agent", 7001)),
        pause_after="FROM conversations",
    )
    calls = count(
        ctx,
        select(func.count()).select_from(Conversation).where(Conversation.external_id == "7001"),
    )
    if locked:
        assert met.second_waited
        assert met.first["conversation_id"] == met.second["conversation_id"] and calls == 1
    else:  # the second made the call's conversation; the first then made it again
        assert not met.second_waited
        assert isinstance(met.first, IntegrityError) or calls == 2


def test_a_delivery_that_arrives_twice_at_once_is_applied_once(ctx) -> None:
    """Its lock is the key's unique index (``calls.first_delivery``): the second insert waits for
    the first to commit and then inserts nothing. A plain insert in its place, or a look-up and
    then an insert, fails the second with an IntegrityError: Aircall would be answered 500."""
    envelope = aircall("call.created", 7002, user=None)
    met = meet(
        ctx.db, webhook(ctx, envelope), webhook(ctx, envelope), pause_after="webhook_deliveries"
    )
    assert met.second_waited and met.second == {"ok": True, "duplicate": True}
    assert "conversation_id" in met.first


def _token(ctx: AppContext, account_id: str = "pat_00001") -> str:
    with ctx.db.transaction() as session:
        return app_tokens.issue_for(session, ctx.settings, account_id).token


def _keyed(call_id: int, token: str, caller: str, line: str) -> dict[str, Any]:
    envelope = aircall("call.created", call_id, user=None, raw_digits=caller, digits=token)
    envelope["data"]["number"]["digits"] = line
    return envelope


@WITH_AND_WITHOUT
def test_an_app_call_token_keyed_on_two_calls_at_once_is_redeemed_once(
    ctx, monkeypatch, locked
) -> None:
    if not locked:
        monkeypatch.setattr(locks, "rows", lambda query: query)
    token = _token(ctx)
    met = meet(  # two lines: their throttles are not the lock met here
        ctx.db,
        webhook(ctx, _keyed(7003, token, "+44 7700 900301", "+44 20 7946 0000")),
        webhook(ctx, _keyed(7004, token, "+44 7700 900302", "+44 20 7946 0001")),
        pause_after="FROM app_call_tokens",
    )
    matched = [met.first["token_matched"], met.second["token_matched"]]
    if locked:
        assert met.second_waited and matched == [True, False]
    else:
        assert matched == [True, True]  # one patient's account on two strangers' calls


@WITH_AND_WITHOUT
def test_a_lines_token_budget_is_not_overspent_by_guesses_at_once(ctx, monkeypatch, locked) -> None:
    if not locked:
        without(monkeypatch, locks.Place.APP_TOKEN_LINE)
    budget = ctx.settings.app_token_line_budget_per_hour
    line = "+44 20 7946 0000"
    webhook(ctx, _keyed(7010, "000000", "+44 7700 900310", line))()  # one wrong guess, recorded
    with ctx.db.transaction() as session:
        line_key = session.scalar(select(TokenFailure.line_key))
        session.add_all(
            TokenFailure(caller_key=f"other-{n}", line_key=line_key) for n in range(budget - 2)
        )
    met = meet(  # the budget's last guess, twice at once, from two callers
        ctx.db,
        webhook(ctx, _keyed(7011, "000001", "+44 7700 900311", line)),
        webhook(ctx, _keyed(7012, "000002", "+44 7700 900312", line)),
        pause_after="FROM token_failures",
    )
    spent = count(
        ctx, select(func.count()).select_from(TokenFailure).where(TokenFailure.line_key == line_key)
    )
    assert met.first["token_matched"] is False and met.second["token_matched"] is False
    if locked:
        assert met.second_waited and spent == budget  # the second was throttled, not tried
    else:
        assert spent == budget + 1


@WITH_AND_WITHOUT
def test_two_missed_calls_from_one_number_at_once_get_one_text(ctx, monkeypatch, locked) -> None:
    if not locked:
        without(monkeypatch, locks.Place.NUMBER)
    number = "+447700900320"

    def abandoned(call_id: int) -> dict[str, Any]:
        envelope = aircall(
            "call.hungup",
            call_id,
            raw_digits=number,
            user=None,
            ended=True,
            missed_call_reason="short_abandoned",
        )
        envelope["data"]["ended_at"] = int(MONDAY_NOON.timestamp())
        envelope["data"]["started_at"] = int(MONDAY_NOON.timestamp()) - 40
        return envelope

    met = meet(
        ctx.db,
        webhook(ctx, abandoned(7020)),
        webhook(ctx, abandoned(7021)),
        pause_after='outbound_messages."to" =',  # counted the texts the number had lately
    )
    texts = count(
        ctx, select(func.count()).select_from(OutboundMessage).where(OutboundMessage.to == number)
    )
    if locked:
        assert met.second_waited and texts == 1
        assert [met.first["text_offered"], met.second["text_offered"]] == [True, False]
    else:
        assert texts == 2, met


@WITH_AND_WITHOUT
def test_a_call_hung_up_while_the_advisor_answers_ends_one_way(ctx, monkeypatch, locked) -> None:
    if not locked:
        monkeypatch.setattr(locks, "rows", lambda query: query)
        without_row_lock(monkeypatch, Conversation)
    conv_id = webhook(ctx, aircall("call.ringing_on_agent", 7025))()["conversation_id"]
    advisor = agent(ctx, "advisor")

    def answers() -> m.Conversation:
        return ctx.db.run(
            lambda s: states.change_state(
                s, ctx.settings, advisor, conv_id, m.ConversationState.ACTIVE
            ),
            scoped=True,
        )

    hangs_up = webhook(ctx, aircall("call.hungup", 7025, ended=True))
    met = meet(ctx.db, hangs_up, answers, pause_after="FROM conversations")
    with ctx.db.reader() as session:
        conv = session.get(Conversation, conv_id)
    assert conv is not None
    if locked:  # the hang-up came first; the advisor is told the call has ended
        assert met.second_waited and isinstance(met.second, ApiError)
        assert met.second.code == "conversation_ended" and conv.state == "missed"
        assert conv.answered_at is None
    else:  # the advisor was told they had it, and the call then said it was never answered
        assert isinstance(met.second, m.Conversation) and met.second.state == "active"
        assert conv.state == "missed" and conv.answered_at is not None


@WITH_AND_WITHOUT
def test_a_note_written_while_the_conversation_closes_lands_before_the_close(
    ctx, monkeypatch, locked
) -> None:
    if not locked:
        without_row_lock(monkeypatch, Conversation)
    conv_id = webhook(ctx, aircall("call.answered", 7026, answered=True))()["conversation_id"]
    webhook(ctx, aircall("call.hungup", 7026, answered=True, ended=True))()  # in wrap-up now
    advisor = agent(ctx, "advisor")
    note = ctx.actions["add_note"]
    request = m.ActionRequest(
        conversation_id=conv_id, workflow_id="add_note", inputs={"body": "Asked about delivery"}
    )
    closing = m.CloseRequest(disposition=ctx.settings.dispositions[0][0])

    def writes() -> m.ActionResult:
        return ctx.db.run(
            lambda s: runner.run(s, ctx, advisor.id, note, None, request), scoped=note.scoped
        )

    def closes() -> m.Conversation:
        return ctx.db.run(
            lambda s: states.change_state(
                s, ctx.settings, advisor, conv_id, m.ConversationState.CLOSED, closing
            ),
            scoped=True,
        )

    met = meet(ctx.db, writes, closes, pause_after="FROM conversations")
    assert isinstance(met.first, m.ActionResult) and isinstance(met.second, m.Conversation)
    with ctx.db.reader() as session:
        written = session.get(Note, met.first.note_id)
        conv = session.get(Conversation, conv_id)
    assert written is not None and conv is not None and conv.state == "closed"
    if locked:  # the close waited for the note
        assert met.second_waited and written.created_at <= conv.updated_at
    else:  # the note was checked against a conversation still open, and written after it closed
        assert not met.second_waited and written.created_at > conv.updated_at


@WITH_AND_WITHOUT
def test_two_processes_delivering_texts_at_once_send_each_once(ctx, monkeypatch, locked) -> None:
    if not locked:
        monkeypatch.setattr(locks, "rows", lambda query, **_: query)
    for n in range(3):  # three missed calls, three texts queued
        envelope = aircall(
            "call.hungup",
            7050 + n,
            raw_digits=f"+4477009004{n:02d}",
            user=None,
            ended=True,
            missed_call_reason="short_abandoned",
        )
        envelope["data"]["ended_at"] = int(MONDAY_NOON.timestamp())
        assert webhook(ctx, envelope)()["text_offered"]
    sent: list[tuple[str, str]] = ctx.senders.sms.sent
    before = len(sent)

    def delivers() -> int:
        return sms.deliver_pending(ctx.db, ctx.senders)

    met = meet(ctx.db, delivers, delivers, pause_after="outbound_messages.attempts <")
    to = [number for number, _ in sent[before:]]
    if locked:  # the second found every queued text taken, and did not wait for them
        assert (met.first, met.second) == (3, 0) and not met.second_waited
        assert sorted(to) == sorted(set(to)) and len(to) == 3
    else:
        assert met.first + met.second == 6 and len(set(to)) == 3  # every text twice


def _notes(ctx: AppContext, count: int) -> None:
    """``count`` Intercom notes waiting, on a conversation of their own."""
    conv_id = webhook(ctx, aircall("call.created", 7070, user=None))()["conversation_id"]
    with ctx.db.transaction() as session:
        session.add_all(
            IntercomNote(
                id=new_id("icn"),
                conversation_id=conv_id,
                intercom_conversation_id=f"ic-{n}",
                body_html="<p>Note</p>",
                status="pending",
            )
            for n in range(count)
        )


class _Notes:
    name = "test"

    def __init__(self, during: Callable[[], None] = lambda: None) -> None:
        self.sent: list[str] = []
        self.during = during

    def send(self, intercom_conversation_id: str, body_html: str) -> None:
        self.during()
        self.sent.append(intercom_conversation_id)


def test_two_processes_delivering_notes_at_once_send_each_once(ctx) -> None:
    _notes(ctx, 3)
    notes = _Notes()
    met = meet(
        ctx.db,
        lambda: intercom.deliver_pending(ctx.db, notes),
        lambda: intercom.deliver_pending(ctx.db, notes),
        pause_after="SKIP LOCKED",
    )
    assert (met.first, met.second) == (3, 0) and not met.second_waited
    assert sorted(notes.sent) == ["ic-0", "ic-1", "ic-2"]


def test_no_writer_waits_for_intercom_while_a_note_is_sent(ctx) -> None:
    """The note is claimed and recorded in transactions of their own: while Intercom answers,
    nothing is held, and even a whole unit of work (the writer lock exclusive) goes through."""
    _notes(ctx, 1)
    finished = threading.Event()

    def a_whole_unit_of_work() -> None:
        worker = threading.Thread(
            target=lambda: (ctx.db.run(lambda s: s.execute(select(1))), finished.set())
        )
        worker.start()
        worker.join(timeout=30)

    assert intercom.deliver_pending(ctx.db, _Notes(during=a_whole_unit_of_work)) == 1
    assert finished.is_set()


def test_events_of_different_calls_do_not_wait_for_each_other(ctx) -> None:
    met = meet(
        ctx.db,
        webhook(ctx, aircall("call.created", 7030, user=None)),
        webhook(ctx, aircall("call.created", 7031, user=None)),
        pause_after="FROM conversations",
    )
    assert not met.second_waited  # the second call was recorded while the first was held
    assert met.first["conversation_id"] != met.second["conversation_id"]


def test_a_whole_unit_of_work_waits_for_the_scoped_ones(ctx) -> None:
    met = meet(
        ctx.db,
        webhook(ctx, aircall("call.created", 7032, user=None)),
        lambda: ctx.db.run(lambda s: s.scalar(select(func.count()).select_from(Conversation))),
        pause_after="FROM conversations",
    )
    assert met.second_waited  # it takes the writer lock exclusive: code without places of its own


# --- the event log's tail -------------------------------------------------------------------------


@WITH_AND_WITHOUT
def test_event_ids_become_visible_in_increasing_order(ctx, monkeypatch, locked) -> None:
    if not locked:  # the tail's lock is in the statement that writes the events
        statement = events._WRITE.text.replace(
            "pg_advisory_xact_lock(:place, :key)", "CAST(:place AS int) + CAST(:key AS int)"
        )
        assert statement != events._WRITE.text
        monkeypatch.setattr(events, "_WRITE", text(statement))
    before = max((e.id for e in fetch_since(ctx.db, None, 0, limit=100_000)), default=0)

    def appends(agent_id: str) -> Callable[[], None]:
        return lambda: ctx.db.run(
            lambda s: append_event(s, agent_id, "issue.updated", {"n": agent_id}), scoped=True
        )

    seen: list[int] = []
    met = meet(
        ctx.db,
        appends("agent_advisor"),
        appends("agent_lead"),
        pause_after="INSERT INTO events",
        while_held=lambda: seen.extend(e.id for e in fetch_since(ctx.db, None, before)),
    )
    assert met.first is None and met.second is None
    later = [e.id for e in fetch_since(ctx.db, None, before)]
    assert len(later) == 2
    if locked:
        assert met.second_waited and seen == []
    else:  # a reader saw the second's id while a smaller one was still to come: it would skip it
        assert seen and min(later) < max(seen) and min(later) not in seen


# --- the challenge -------------------------------------------------------------------------------


def _challenged(ctx: AppContext, call_id: int, failures: int = 0) -> str:
    """A call answered by the advisor, asked for the last order's medicine."""
    conv_id = webhook(ctx, aircall("call.ringing_on_agent", call_id, answered=True))()[
        "conversation_id"
    ]
    with ctx.db.transaction() as session:
        conv = session.get(Conversation, conv_id)
        assert conv is not None
        conv.challenge_fact, conv.challenge_failures = "last_order_medicine", failures
    return conv_id


def _answers(ctx: AppContext, conv_id: str, name: str, facts: Any) -> Callable[[], Any]:
    advisor = agent(ctx, "advisor")
    body = m.ChallengeAnswers(
        caller_type=m.CallerType.PATIENT,
        answers={
            "full_name": name,
            "date_of_birth": facts.date_of_birth.isoformat(),
            "postcode": facts.postcode,
            "fact": "Not the medicine",
        },
    )
    return lambda: ctx.db.run(
        lambda s: challenge_flow.answer(s, ctx.settings, advisor, conv_id, body), scoped=True
    )


@WITH_AND_WITHOUT
def test_wrong_answers_at_once_on_one_call_both_count(ctx, monkeypatch, locked) -> None:
    if not locked:
        without_row_lock(monkeypatch, Conversation)
    facts = patient(ctx, "pat_00042")
    last = ctx.settings.challenge_max_attempts
    conv_id = _challenged(ctx, 7060, failures=last - 2)  # two attempts left
    wrong = _answers(ctx, conv_id, "Nobody Byname", facts)  # names no account: charges none
    met = meet(ctx.db, wrong, wrong, pause_after="FROM conversations")
    with ctx.db.reader() as session:
        conv = session.get(Conversation, conv_id)
    assert conv is not None
    if locked:  # the second saw the first's failure: the challenge locked on the last attempt
        assert met.second_waited and met.second.outcome is m.ChallengeOutcome.LOCKED
        assert conv.challenge_failures == last and conv.auth_state == "locked"
    else:  # one failure lost: a guesser with two callers at once gets an attempt more
        assert conv.challenge_failures == last - 1 and conv.auth_state != "locked"


@WITH_AND_WITHOUT
def test_failures_at_once_on_two_calls_add_up_on_the_account(ctx, monkeypatch, locked) -> None:
    if not locked:
        without_row_lock(monkeypatch, Account)
    facts = patient(ctx, "pat_00043")
    limit = ctx.settings.account_challenge_max_failures
    one, two = _challenged(ctx, 7061), _challenged(ctx, 7062)
    with ctx.db.transaction() as session:  # earlier failures: two short of the limit
        session.add_all(
            ChallengeFailure(account_id=facts.account_id, conversation_id=one)
            for _ in range(limit - 2)
        )
    name = facts.full_name  # the right patient, the wrong medicine: charged to the account
    met = meet(
        ctx.db,
        _answers(ctx, one, name, facts),
        _answers(ctx, two, name, facts),
        pause_after="FROM challenge_failures",
    )
    assert met.first.outcome is m.ChallengeOutcome.NOT_VERIFIED
    with ctx.db.reader() as session:
        account = session.get(Account, facts.account_id)
        failures = session.scalar(
            select(func.count())
            .select_from(ChallengeFailure)
            .where(ChallengeFailure.account_id == facts.account_id)
        )
    assert account is not None and failures == limit
    if locked:
        assert met.second_waited and account.challenge_locked_at is not None
    else:  # each counted its own failure and not the other's: the limit passed unnoticed
        assert account.challenge_locked_at is None


# --- the floor's decisions --------------------------------------------------------------------


def _refund_request(ctx: AppContext, amount: int, order_id: str | None = None) -> tuple[str, str]:
    with ctx.db.transaction() as session:
        order = (
            session.get(Order, order_id)
            if order_id
            else session.scalar(
                select(Order)
                .where(
                    Order.account_id == "pat_00001",
                    Order.refunded_pence == 0,
                    Order.total_pence >= 2 * amount,
                )
                .order_by(Order.id)
            )
        )
        assert order is not None
        row = RefundRequestRow(
            id=new_id("rr"),
            account_id=order.account_id,
            order_id=order.id,
            requested_by="agent_advisor",
            amount_pence=amount,
            reason="Damaged twice",
            state=m.RefundRequestState.PENDING.value,
        )
        session.add(row)
        return row.id, order.id


def _decides(ctx: AppContext, lead: Agent, request_id: str) -> Callable[[], m.RefundRequest]:
    return lambda: ctx.db.run(
        lambda s: refund_requests.decide(s, lead, request_id, True, m.RefundDecision()),
        scoped=True,
    )


@WITH_AND_WITHOUT
def test_two_leads_approving_one_request_at_once_refund_it_once(ctx, monkeypatch, locked) -> None:
    if not locked:
        without_row_lock(monkeypatch, RefundRequestRow)
    lead = agent(ctx, "lead")
    request_id, order_id = _refund_request(ctx, 1000)
    met = meet(
        ctx.db,
        _decides(ctx, lead, request_id),
        _decides(ctx, lead, request_id),
        pause_after="FROM refund_requests",
    )
    records = count(
        ctx, select(func.count()).select_from(RefundRecord).where(RefundRecord.order_id == order_id)
    )
    if locked:
        assert met.second_waited and isinstance(met.second, ApiError)
        assert met.second.code == "already_decided" and records == 1
    else:
        assert records == 2


@WITH_AND_WITHOUT
def test_two_requests_on_one_order_never_refund_more_than_is_left(ctx, monkeypatch, locked) -> None:
    if not locked:
        without_row_lock(monkeypatch, Order)
    lead = agent(ctx, "lead")
    first, order_id = _refund_request(ctx, 1000)
    with ctx.db.reader() as session:
        order = session.get(Order, order_id)
        assert order is not None
        share = order.total_pence * 6 // 10  # each fits alone; both do not
    with ctx.db.transaction() as session:
        session.get(RefundRequestRow, first).amount_pence = share  # type: ignore[union-attr]
    second, _ = _refund_request(ctx, share, order_id)
    met = meet(
        ctx.db, _decides(ctx, lead, first), _decides(ctx, lead, second), pause_after="FROM orders"
    )
    refunded = count(
        ctx, select(func.sum(RefundRecord.amount_pence)).where(RefundRecord.order_id == order_id)
    )
    if locked:
        assert met.second_waited and isinstance(met.second, ApiError)
        assert met.second.code == "refund_too_large" and refunded == share
    else:
        assert refunded == 2 * share > order.total_pence


def _escalation(ctx: AppContext) -> str:
    with ctx.db.transaction() as session:
        issue = Issue(
            id=new_id("iss"),
            account_id="pat_00001",
            kind="escalation",
            team=escalations.TEAM,
            title="Side effect question",
            status=m.IssueStatus.OPEN.value,
            escalated_by="agent_advisor",
        )
        session.add(issue)
        return issue.id


@WITH_AND_WITHOUT
def test_two_pharmacists_claiming_one_escalation_at_once_one_gets_it(
    ctx, monkeypatch, locked
) -> None:
    if not locked:
        without_row_lock(monkeypatch, Issue)
    with ctx.db.transaction() as session:
        session.add(
            Agent(
                id="agent_pharmacist2",
                username="pharmacist2",
                display_name="Omar Reid",
                email="pharmacist2@demo.caredesk.test",
                password_hash="-",
                roles=["advisor", "pharmacist"],
                team=escalations.TEAM,
                telephony_user_id=None,
            )
        )
    issue_id = _escalation(ctx)
    one, two = agent(ctx, "pharmacist"), agent(ctx, "pharmacist2")

    def claims(who: Agent) -> Callable[[], m.Escalation]:
        return lambda: ctx.db.run(
            lambda s: escalations.claim(s, ctx.settings, who, issue_id), scoped=True
        )

    met = meet(ctx.db, claims(one), claims(two), pause_after="FROM issues")
    with ctx.db.reader() as session:
        row = session.get(Issue, issue_id)
    assert row is not None
    if locked:
        assert met.second_waited and isinstance(met.second, ApiError)
        assert met.second.code == "already_claimed" and row.assignee_id == one.id
    else:  # both were told they had it; the first's claim was overwritten by the second's
        assert isinstance(met.first, m.Escalation) and isinstance(met.second, m.Escalation)


async def test_two_answers_to_one_enquiry_at_once_send_one(http, ctx) -> None:
    """Its lock is the answer's conditional update (``WHERE state = 'open'``): the second waits
    at the row, then updates nothing and is told who answered."""
    from tests.server.test_enquiries import enquire

    enquiry_id = await enquire(http)
    advisor = agent(ctx, "advisor")

    def answers(text: str) -> Callable[[], m.Enquiry]:
        body = m.EnquiryAnswer(channel=m.AnswerChannel.EMAIL, text=text)
        return lambda: ctx.db.run(
            lambda s: enquiries.answer(s, advisor, enquiry_id, body), scoped=True
        )

    met = meet(ctx.db, answers("From one"), answers("From two"), pause_after="UPDATE enquiries")
    assert met.second_waited and isinstance(met.first, m.Enquiry)
    assert isinstance(met.second, ApiError) and met.second.code == "already_answered"
    sent = count(
        ctx,
        select(func.count())
        .select_from(OutboundMessage)
        .where(OutboundMessage.body.like("From %")),
    )
    assert sent == 1


# --- the routes run these units of work scoped --------------------------------------------------


async def test_the_routes_that_lock_their_places_run_beside_each_other(
    http, ctx, lead, pharmacist, monkeypatch
) -> None:
    from dataclasses import replace

    from tests.server.test_enquiries import enquire
    from tests.server.test_routing import AUTH, ROUTING_TOKEN, ask
    from tests.support import CTI_PATH

    ctx.settings = replace(ctx.settings, routing_token=ROUTING_TOKEN)
    request_id, _ = _refund_request(ctx, 500)
    issue_id = _escalation(ctx)
    answer_id = webhook(ctx, aircall("call.created", 7043, user=None))()["conversation_id"]
    asked_id = webhook(ctx, aircall("call.created", 7044, user=None))()["conversation_id"]
    enquiry_id = await enquire(http)
    wrong = m.ChallengeAnswers(
        caller_type=m.CallerType.PATIENT,
        answers={"full_name": "Nobody", "date_of_birth": "1970-01-01", "postcode": "ZZ1 1ZZ"},
    )
    scopes: list[bool] = []
    real = ctx.db.run

    def spy(unit, attempts=8, *, scoped=False):  # type: ignore[no-untyped-def]
        scopes.append(scoped)
        return real(unit, attempts, scoped=scoped)

    monkeypatch.setattr(ctx.db, "run", spy)
    calls = {
        "aircall": http.post("/webhooks/aircall", json=aircall("call.created", 7040, user=None)),
        "cti digits": http.post(
            f"{CTI_PATH}/digits", json={"call_id": "7041", "from": "+447700900330", "digits": "1"}
        ),
        "route": http.post("/telephony/route", json=ask(7042, "+447700900331"), headers=AUTH),
        "refund decision": lead.refunds.decide(request_id, True),
        "escalation claim": pharmacist.escalations.claim(issue_id),
        "answer": lead.conversations.answer(answer_id),
        "a note": lead.actions.run(
            "add_note",
            m.ActionRequest(
                conversation_id=answer_id, workflow_id="add_note", inputs={"body": "Called back"}
            ),
        ),
        "challenge questions": lead.challenge.questions(asked_id),
        "challenge answers": lead.challenge.submit(asked_id, wrong),
        "enquiry answer": lead.enquiries.answer(enquiry_id, m.AnswerChannel.PHONE, "Called"),
    }
    for name, call in calls.items():
        scopes.clear()
        answer = await call
        assert getattr(answer, "status_code", 200) == 200, name
        assert scopes == [True], name
