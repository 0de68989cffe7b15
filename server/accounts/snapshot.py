"""The account snapshot: what an advisor sees at a glance once the caller is verified."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from backend_client import models as m
from server.conversations.lifecycle import ensure_workable
from server.core.config import Settings
from server.core.errors import ApiError, forbidden, not_found
from server.core.orm import (
    Account,
    Agent,
    Appointment,
    Conversation,
    Issue,
    Note,
    Order,
    Organisation,
    OutboundMessage,
    Prescription,
    WorkflowRun,
    utcnow,
)
from server.knowledge import rules as suggestions

OPEN_ORDER_STATES = (
    *sorted(s.value for s in m.ORDER_IN_THE_PHARMACY),
    m.OrderStatus.DISPATCHED.value,
)


def age_on(born: date, today: date) -> int:
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


def authorize(
    session: Session,
    settings: Settings,
    agent: Agent,
    account_id: str,
    conversation_id: str | None,
) -> Conversation:
    """The conversation that lets ``agent`` see ``account_id``, or the reason it may not."""
    if not conversation_id:
        raise forbidden(
            "Patient data is shown only within a verified conversation.", "not_verified"
        )
    conv = session.get(Conversation, conversation_id)
    if conv is None:
        raise not_found("The conversation")
    if conv.agent_id != agent.id and "lead" not in agent.roles:
        raise forbidden("This conversation belongs to another agent.", "not_your_conversation")
    ensure_workable(conv, settings)
    if conv.auth_state == m.AuthState.LOCKED:
        raise ApiError(423, "challenge_locked", "The challenge is locked; a lead must unlock it.")
    if not m.AuthState(conv.auth_state).is_verified or conv.account_id != account_id:
        raise forbidden("The caller is not verified for this account.", "not_verified")
    return conv


def _address(d: dict[str, object]) -> m.Address:
    return m.Address.model_validate(d)


def issue_wire(row: Issue, today: date, names: dict[str, str] | None = None) -> m.Issue:
    return m.Issue(
        id=row.id,
        kind=row.kind,
        team=row.team,
        title=row.title,
        status=row.status,
        created_at=row.created_at,
        age_days=(today - row.created_at.date()).days,
        assignee=(names or {}).get(row.assignee_id or ""),
        resolution=row.resolution or None,
        resolved_at=row.resolved_at,
    )


def agent_names(session: Session, ids: set[str]) -> dict[str, str]:
    if not ids:
        return {}
    rows = session.execute(select(Agent.id, Agent.display_name).where(Agent.id.in_(ids)))
    return {r.id: r.display_name for r in rows}


def runs_and_notes(
    session: Session, account_id: str, limit: int = 20
) -> tuple[list[m.WorkflowRun], list[m.Note]]:
    runs = session.scalars(
        select(WorkflowRun)
        .where(WorkflowRun.account_id == account_id)
        .order_by(WorkflowRun.created_at.desc(), WorkflowRun.id.desc())
        .limit(limit)
    ).all()
    notes = session.scalars(
        select(Note)
        .where(Note.account_id == account_id)
        .order_by(Note.created_at.desc(), Note.id.desc())
        .limit(limit)
    ).all()
    names = agent_names(session, {r.agent_id for r in runs} | {n.agent_id for n in notes})
    return (
        [
            m.WorkflowRun(
                id=r.id,
                workflow_id=r.workflow_id,
                action=r.action,
                agent_name=names.get(r.agent_id, "?"),
                conversation_id=r.conversation_id,
                outcome=r.outcome,
                summary=r.summary,
                created_at=r.created_at,
            )
            for r in runs
        ],
        [
            m.Note(
                id=n.id,
                body=n.body,
                agent_name=names.get(n.agent_id, "?"),
                conversation_id=n.conversation_id,
                created_at=n.created_at,
            )
            for n in notes
        ],
    )


def contacts(session: Session, account_id: str, limit: int = 10) -> list[m.ContactRecord]:
    convs = session.scalars(
        select(Conversation)
        .where(Conversation.account_id == account_id)
        .order_by(Conversation.started_at.desc())
        .limit(limit)
    ).all()
    names = agent_names(session, {c.agent_id for c in convs if c.agent_id})
    return [
        m.ContactRecord(
            conversation_id=c.id,
            channel=m.Channel(c.channel),
            state=m.ConversationState(c.state),
            started_at=c.started_at,
            agent_name=names.get(c.agent_id) if c.agent_id else None,
            ended_at=c.ended_at,
            disposition=c.disposition,
        )
        for c in convs
    ]


def appointments(
    session: Session, account_id: str, *, booked_only: bool = True, limit: int = 100
) -> list[m.Appointment]:
    """Booked appointments, soonest first; with ``booked_only=False`` every one (history)."""
    query = select(Appointment).where(Appointment.account_id == account_id)
    if booked_only:
        query = query.where(Appointment.status == "booked")
    rows = session.scalars(query.order_by(Appointment.starts_at).limit(limit)).all()
    names = agent_names(session, {a.pharmacist_id for a in rows})
    return [
        m.Appointment(
            id=a.id,
            starts_at=a.starts_at,
            minutes=a.minutes,
            pharmacist_name=names.get(a.pharmacist_id, "?"),
            reason=a.reason,
            status=a.status,
        )
        for a in rows
    ]


def messages(session: Session, account_id: str, limit: int = 10) -> list[m.OutboundMessage]:
    rows = session.scalars(
        select(OutboundMessage)
        .where(OutboundMessage.account_id == account_id)
        .order_by(OutboundMessage.created_at.desc(), OutboundMessage.id.desc())
        .limit(limit)
    ).all()
    return [
        m.OutboundMessage(
            id=r.id,
            channel=r.channel,
            kind=r.kind,
            to=r.to,
            body=r.body,
            created_at=r.created_at,
        )
        for r in rows
    ]


def open_issues(session: Session, account_id: str, today: date) -> list[m.Issue]:
    rows = session.scalars(
        select(Issue)
        .where(Issue.account_id == account_id, Issue.status.in_(("open", "claimed")))
        .order_by(Issue.created_at)
    ).all()
    names = agent_names(session, {r.assignee_id for r in rows if r.assignee_id})
    return [issue_wire(r, today, names) for r in rows]


def build(session: Session, account: Account, conv: Conversation | None) -> m.Snapshot:
    now = utcnow()
    today = now.date()
    gp = session.get(Organisation, account.gp_ods_code) if account.gp_ods_code else None
    dependants = session.scalars(
        select(Account).where(Account.parent_account_id == account.id).order_by(Account.id)
    ).all()
    flags = list(account.flags or [])
    if conv is not None and conv.caller_type == m.CallerType.REPRESENTATIVE:
        flags.insert(0, "Representative calling")
    if conv is not None and conv.caller_type == m.CallerType.PROFESSIONAL:
        flags.insert(0, "Professional calling")
    if account.status != "active":
        flags.insert(0, f"Account {account.status}")
    identity = m.Identity(
        account_id=account.id,
        name=account.full_name,
        date_of_birth=account.date_of_birth,
        age=age_on(account.date_of_birth, today),
        nhs_number=account.nhs_number,
        phones=[p.number for p in account.phones],
        email=account.email,
        address=m.Address(
            line1=account.address_line1,
            line2=account.address_line2,
            city=account.city,
            postcode=account.postcode,
        ),
        nominated_gp=m.Organisation(
            ods_code=gp.ods_code,
            name=gp.name,
            kind=gp.kind,
            phone=gp.phone,
        )
        if gp
        else None,
        exemption=account.exemption,
        exemption_expires=account.exemption_expires,
        representatives=[
            m.Representative(name=r.name, relationship=r.relationship_)
            for r in account.representatives
        ],
        dependants=[
            m.Dependant(account_id=d.id, name=d.full_name, date_of_birth=d.date_of_birth)
            for d in dependants
        ],
        flags=flags,
        allergies=list((account.preferences or {}).get("allergies", [])),
        conditions=list((account.preferences or {}).get("conditions", [])),
        preferences={
            k: v
            for k, v in (account.preferences or {}).items()
            if k not in ("allergies", "conditions", "language")
        },
        language=str((account.preferences or {}).get("language") or "en"),
        status=account.status,
    )
    orders = session.scalars(
        select(Order).where(Order.account_id == account.id).order_by(Order.placed_at.desc())
    ).all()
    order_count = len(orders)  # every order is read above (the count was a query of its own)
    prescriptions = session.scalars(
        select(Prescription).where(Prescription.account_id == account.id).order_by(Prescription.id)
    ).all()
    issues = open_issues(session, account.id, today)
    runs, notes = runs_and_notes(session, account.id)
    upcoming = [
        o.expected_delivery
        for o in orders
        if o.status in OPEN_ORDER_STATES and o.expected_delivery and o.expected_delivery >= today
    ]
    last = orders[0] if orders else None
    stats = m.SnapshotStats(
        patient_since=account.patient_since,
        orders=order_count,
        last_order=m.LastOrder(id=last.id, placed_at=last.placed_at, status=last.status)
        if last
        else None,
        next_delivery=min(upcoming) if upcoming else None,
        active_repeats=sum(1 for p in prescriptions if p.repeat and p.status == "active"),
        open_issues=len(issues),
        oldest_open_issue_days=max((i.age_days for i in issues), default=None),
    )
    snapshot = m.Snapshot(
        identity=identity,
        stats=stats,
        orders=[
            m.Order(
                id=o.id,
                placed_at=o.placed_at,
                status=o.status,
                delivery_method=o.delivery_method,
                expected_delivery=o.expected_delivery,
                carrier=o.carrier,
                tracking_code=o.tracking_code,
                total_pence=o.total_pence,
                refunded_pence=o.refunded_pence,
                lines=[m.OrderLine.model_validate(x) for x in o.lines],
                address=_address(o.address),
                payment=m.PaymentState(o.payment),
            )
            for o in orders[:20]
        ],
        prescriptions=[
            m.Prescription(
                id=p.id,
                medicine=p.medicine,
                dosage=p.dosage,
                repeat=p.repeat,
                status=p.status,
                next_due=p.next_due,
                gp_ods_code=p.gp_ods_code,
            )
            for p in prescriptions
        ],
        open_issues=issues,
        workflow_runs=runs,
        notes=notes,
        contacts=contacts(session, account.id),
        appointments=appointments(session, account.id),
        messages=messages(session, account.id),
        as_of=now,
    )
    snapshot.suggestions = suggestions.suggest(snapshot, today)
    return snapshot


def for_agent(
    session: Session,
    settings: Settings,
    agent: Agent,
    account_id: str,
    conversation_id: str | None,
) -> tuple[Conversation, m.Snapshot]:
    """The snapshot an agent may read now, and the conversation that lets them."""
    conv = authorize(session, settings, agent, account_id, conversation_id)
    account = session.get(
        Account,
        account_id,
        # Phones and representatives in the same query (a few rows each).
        options=[joinedload(Account.phones), joinedload(Account.representatives)],
    )
    if account is None:
        raise not_found("The account")
    return conv, build(session, account, conv)


def history(session: Session, account_id: str) -> m.History:
    """Everything recorded on the account, newest first, in pages the desk can show."""
    runs, notes = runs_and_notes(session, account_id, limit=200)
    today = utcnow().date()
    issues = session.scalars(
        select(Issue)
        .where(Issue.account_id == account_id)
        .order_by(Issue.created_at.desc())
        .limit(200)
    ).all()
    names = agent_names(session, {i.assignee_id for i in issues if i.assignee_id})
    return m.History(
        account_id=account_id,
        workflow_runs=runs,
        notes=notes,
        issues=[issue_wire(i, today, names) for i in issues],
        contacts=contacts(session, account_id, limit=100),
        appointments=appointments(session, account_id, booked_only=False),
        messages=messages(session, account_id, limit=100),
    )
