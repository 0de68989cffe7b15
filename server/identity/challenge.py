"""Challenge flows: the questions for each caller type, and their verification.

The client only ever receives question labels. The answers are compared here, after
normalisation, and the reply never says which answer failed or what the right one was.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from backend_client import models as m
from server.core import normalise
from server.core.orm import Account, Conversation, Order, Organisation

Q = m.ChallengeQuestion
K = m.QuestionKind

FACTS = {
    "address_line1": Q(
        key="fact",
        label="First line of the address",
        kind=K.TEXT,
        hint="As the caller says it, e.g. house number and street",
    ),
    "last_order_medicine": Q(
        key="fact",
        label="A medicine on the last order",
        kind=K.TEXT,
        hint="Its name, e.g. the first word on the box; strength and form do not count",
    ),
}

PATIENT = [
    Q(key="full_name", label="Full name", kind=K.TEXT),
    Q(key="date_of_birth", label="Date of birth", kind=K.DATE, hint="Any format, e.g. 14/03/1980"),
    Q(key="postcode", label="Postcode", kind=K.POSTCODE),
]
REPRESENTATIVE = [
    Q(key="representative_name", label="Caller's name, as held on the account", kind=K.TEXT),
    Q(
        key="date_of_birth",
        label="Patient's date of birth",
        kind=K.DATE,
        hint="Any format, e.g. 14/03/1980",
    ),
    Q(key="postcode", label="Patient's postcode", kind=K.POSTCODE),
]
PROFESSIONAL = [
    Q(key="ods_code", label="Organisation code (ODS)", kind=K.ODS_CODE, hint="e.g. A81001"),
    Q(key="caller_name", label="Caller's name", kind=K.TEXT),
    Q(
        key="caller_role",
        label="Caller's role",
        kind=K.TEXT,
        hint="e.g. GP, practice nurse, pharmacist",
    ),
    Q(key="nhs_number", label="Patient's NHS number", kind=K.NHS_NUMBER),
    Q(
        key="date_of_birth",
        label="Patient's date of birth",
        kind=K.DATE,
        hint="Any format, e.g. 14/03/1980",
    ),
]
DOB_ONLY = [
    Q(
        key="date_of_birth",
        label="Date of birth",
        kind=K.DATE,
        hint="The caller used the app from a number not on the account",
    ),
]


def questions(conv: Conversation, caller_type: m.CallerType) -> list[m.ChallengeQuestion]:
    if conv.pending == m.PendingCheck.DATE_OF_BIRTH:
        return list(DOB_ONLY)
    if caller_type is m.CallerType.PATIENT:
        if conv.challenge_fact not in FACTS:
            conv.challenge_fact = secrets.choice(sorted(FACTS))
        return [*PATIENT, FACTS[conv.challenge_fact]]
    if caller_type is m.CallerType.REPRESENTATIVE:
        return list(REPRESENTATIVE)
    return list(PROFESSIONAL)


@dataclass
class Verdict:
    account: Account | None
    callback_number: str | None = None
    representative: str | None = None
    # On a failure: the accounts the identifying answers pointed at, which the failure is
    # charged to (so guesses spread over many calls still add up on the account).
    suspects: list[Account] = field(default_factory=list)


def _candidates(session: Session, dob_text: str, postcode_text: str) -> list[Account]:
    dob = normalise.date_of_birth(dob_text)
    pc = normalise.postcode(postcode_text)
    if dob is None or pc is None:
        return []
    return list(
        session.scalars(
            select(Account).where(
                Account.date_of_birth == dob, Account.postcode_key == pc, Account.status != "closed"
            )
        )
    )


def fact_matches(session: Session, account: Account, fact: str | None, answer: str) -> bool:
    if fact == "address_line1":
        said = normalise.free_text(answer)
        return len(said) >= 3 and said == normalise.free_text(account.address_line1)
    # A medicine: its whole name and nothing else that could be a name. Dose forms ("tablets"),
    # strengths ("50mg") and filler words never count, so "tablets" proves nothing; and one
    # answer naming several medicines is no answer, so the catalogue cannot be recited.
    said_name = normalise.medicine_name(answer)
    if not said_name:
        return False
    last = session.scalar(
        select(Order).where(Order.account_id == account.id).order_by(Order.placed_at.desc())
    )
    if last is None:
        return False
    return any(
        said_name == normalise.medicine_name(str(line.get("medicine", ""))) for line in last.lines
    )


def verify(
    session: Session, conv: Conversation, caller_type: m.CallerType, answers: dict[str, str]
) -> Verdict:
    """The account these answers prove, or none. Never raises for bad input: it just fails."""

    def get(key: str) -> str:
        return (answers.get(key) or "").strip()

    if conv.pending == m.PendingCheck.DATE_OF_BIRTH:
        account = session.get(Account, conv.account_id) if conv.account_id else None
        dob = normalise.date_of_birth(get("date_of_birth"))
        if account is not None and dob == account.date_of_birth:
            return Verdict(account)
        return Verdict(None, suspects=[account] if account is not None else [])

    if caller_type is m.CallerType.PATIENT:
        said_name = normalise.name(get("full_name"))
        named = [
            a
            for a in _candidates(session, get("date_of_birth"), get("postcode"))
            if said_name and normalise.name(a.full_name) == said_name
        ]
        matches = [a for a in named if fact_matches(session, a, conv.challenge_fact, get("fact"))]
        if len(matches) == 1:
            return Verdict(matches[0])
        return Verdict(None, suspects=named)

    if caller_type is m.CallerType.REPRESENTATIVE:
        said_name = normalise.name(get("representative_name"))
        found: list[tuple[Account, str]] = []
        candidates = _candidates(session, get("date_of_birth"), get("postcode"))
        for account in candidates:
            for rep in account.representatives:
                if said_name and normalise.name(rep.name) == said_name:
                    found.append((account, rep.name))
        if len(found) == 1:
            return Verdict(found[0][0], representative=found[0][1])
        # Guessing a representative's name for a known patient adds up on that patient; a date
        # and postcode shared by many accounts points at none of them in particular.
        return Verdict(None, suspects=candidates if len(candidates) <= 2 else [])

    # Professional: the organisation must exist and the patient be identified exactly.
    code = normalise.ods_code(get("ods_code"))
    org = session.get(Organisation, code) if code else None
    nhs = normalise.nhs_number(get("nhs_number"))
    dob = normalise.date_of_birth(get("date_of_birth"))
    by_nhs = session.scalar(select(Account).where(Account.nhs_number == nhs)) if nhs else None
    if (
        org is None
        or by_nhs is None
        or dob != by_nhs.date_of_birth
        or not get("caller_name")
        or not get("caller_role")
    ):
        return Verdict(None, suspects=[by_nhs] if by_nhs is not None else [])
    account = by_nhs
    if conv.caller_number != org.phone:
        return Verdict(account, callback_number=org.phone)
    return Verdict(account)
