# Longer than 400 lines: the demo's synthetic pharmacy (patients, orders, agents) in one place.
"""Deterministic synthetic demo data: agents, organisations, patients with their history.

Every value is invented. Phone numbers come from Ofcom's ranges reserved for drama
(07700 900xxx, 020 7946 0xxx, 0113 496 0xxx), NHS numbers from the 999 test range, and the
same seed on the same day gives the same data, so tests and demos can name their patients.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from server.accounts import addresses
from server.core import normalise
from server.core.db import copy_rows
from server.core.orm import (
    Account,
    AccountPhone,
    Agent,
    Appointment,
    Issue,
    Order,
    Organisation,
    Prescription,
    Representative,
)
from server.core.security import hash_password
from server.knowledge import library

DEMO_PASSWORD = "demo"  # noqa: S105 - the documented demo sign-in
DEMO_AGENTS = (
    # username, display name, roles, telephony user id
    ("advisor", "Alex Morgan", ["advisor"], "1001"),
    ("pharmacist", "Priya Shah", ["advisor", "pharmacist"], "1002"),
    ("lead", "Sam Taylor", ["advisor", "lead"], "1003"),
)
DEMO_LANGUAGES = {"lead": ["en", "pl"]}  # the demo's Polish-speaking advisor
FIRST = (
    "Oliver",
    "Amelia",
    "George",
    "Isla",
    "Harry",
    "Ava",
    "Noah",
    "Mia",
    "Jack",
    "Ivy",
    "Leo",
    "Freya",
    "Arthur",
    "Lily",
    "Muhammad",
    "Florence",
    "Oscar",
    "Willow",
    "Charlie",
    "Rosie",
    "Zoë",
    "Siân",
    "Aoife",
    "Rhys",
    "Chloé",
    "Thomas",
    "Grace",
    "Daniel",
    "Evie",
    "Samuel",
    "Margaret",
    "Joan",
    "Brian",
    "Patricia",
    "Kwame",
    "Ananya",
    "Wei",
    "Fatima",
)
LAST = (
    "Smith",
    "Jones",
    "Taylor",
    "Brown",
    "Williams",
    "Wilson",
    "Johnson",
    "Davies",
    "Patel",
    "Robinson",
    "Wright",
    "Thompson",
    "Evans",
    "Walker",
    "White",
    "Roberts",
    "Green",
    "Hall",
    "O'Brien",
    "Nowak",
    "Khan",
    "Okafor",
    "Hughes",
    "Clarke",
    "Jackson",
    "Lewis-Hart",
    "Ahmed",
    "Murphy",
    "Kowalski",
    "Singh",
    "Edwards",
    "Chen",
    "Müller",
    "Lloyd",
)
STREETS = (
    "High Street",
    "Station Road",
    "Church Lane",
    "Victoria Road",
    "Park Avenue",
    "Mill Lane",
    "The Crescent",
    "Queen Street",
    "Manor Road",
    "Green Lane",
    "Kings Road",
    "Orchard Close",
    "Meadow Way",
    "Riverside Drive",
    "School Lane",
)
CITIES = (
    ("London", "SW"),
    ("Leeds", "LS"),
    ("Manchester", "M"),
    ("Bristol", "BS"),
    ("Birmingham", "B"),
    ("Leicester", "LE"),
    ("Norwich", "NR"),
    ("Cardiff", "CF"),
    ("Nottingham", "NG"),
    ("Brighton", "BN"),
    ("York", "YO"),
    ("Exeter", "EX"),
)
MEDICINES = (
    ("Amlodipine 5mg tablets", "One tablet daily"),
    ("Atorvastatin 20mg tablets", "One tablet at night"),
    ("Metformin 500mg tablets", "One tablet twice daily with food"),
    ("Levothyroxine 50mcg tablets", "One tablet each morning"),
    ("Ramipril 2.5mg capsules", "One capsule daily"),
    ("Omeprazole 20mg capsules", "One capsule daily before breakfast"),
    ("Salbutamol 100mcg inhaler", "Two puffs when needed"),
    ("Sertraline 50mg tablets", "One tablet daily"),
    ("Lansoprazole 15mg capsules", "One capsule daily"),
    ("Bisoprolol 2.5mg tablets", "One tablet daily"),
    ("Montelukast 10mg tablets", "One tablet at night"),
    ("Folic acid 5mg tablets", "One tablet daily"),
    ("Clopidogrel 75mg tablets", "One tablet daily"),
    ("Beclometasone 100mcg inhaler", "Two puffs twice daily"),
)
EXEMPTIONS = (
    "Over 60",
    "Medical exemption certificate",
    "Prescription prepayment certificate",
    "Maternity exemption certificate",
    "Under 16",
)
RELATIONSHIPS = ("Carer", "Daughter", "Son", "Spouse", "Parent")
CARRIERS = ("Royal Mail", "DPD", "Evri")
PATIENTS = 1200
SEED_BATCH = 5000  # patients written at a time


class BulkWriter:
    """Inserts many rows fast: COPY on PostgreSQL, a multi-row INSERT elsewhere.

    Rows are dicts keyed by the model's attribute names, all with the same keys, as for
    ``insert(Model)``. COPY skips the ORM, so values go through each column's own conversion
    (UTC datetimes, JSON) here.
    """

    def __init__(self, session: Session) -> None:
        self.session = session
        bind = session.get_bind()
        self.dialect = bind.dialect
        self.copy = self.dialect.name == "postgresql"

    def insert(self, model: type[Any], rows: list[dict[str, Any]]) -> None:
        if not rows:
            return
        if not self.copy:
            self.session.execute(insert(model), rows)
            return
        from psycopg.types.json import Jsonb
        from sqlalchemy import JSON
        from sqlalchemy import inspect as sa_inspect
        from sqlalchemy.types import TypeDecorator

        mapper = sa_inspect(model)
        keys = list(rows[0])
        columns = [mapper.attrs[key].columns[0] for key in keys]

        def converter(column: Any) -> Any:
            if isinstance(column.type, JSON):
                return lambda v: None if v is None else Jsonb(v)
            if isinstance(column.type, TypeDecorator):
                return lambda v, t=column.type: t.process_bind_param(v, self.dialect)
            return None

        convert = [converter(c) for c in columns]
        copy_rows(
            self.session,
            mapper.local_table.name,
            [c.name for c in columns],
            (
                [
                    row[key] if fn is None else fn(row[key])
                    for key, fn in zip(keys, convert, strict=True)
                ]
                for row in rows
            ),
        )


@dataclass(frozen=True)
class SeedSummary:
    patients: int
    organisations: int
    orders: int


def nhs_number(rng: random.Random) -> str:
    while True:
        nine = "999" + f"{rng.randrange(10**6):06d}"
        check = normalise.nhs_check_digit(nine)
        if check is not None:
            return nine + str(check)


def _postcode(rng: random.Random, area: str) -> str:
    letters = "ABDEFGHJLNPQRSTUWXYZ"
    return (
        f"{area}{rng.randint(1, 19)} {rng.randint(1, 9)}{rng.choice(letters)}{rng.choice(letters)}"
    )


def _email(first: str, last: str, i: int) -> str:
    return f"{normalise.fold(first)}.{normalise.fold(last).replace(' ', '')}{i}@example.com"


# Ofcom's blocks of 1,000 numbers kept for drama, after the mobiles and Leeds used first: no
# seeded number can ring a real person. Beyond 16,000 patients the numbers are shared (a care
# home's landline, a family phone), as some are in life.
_DRAMA_BLOCKS = (
    "+44114496",  # Sheffield 0114 496 0xxx
    "+44115496",
    "+44116496",
    "+44117496",
    "+44118496",
    "+44121496",
    "+44131496",
    "+44141496",
    "+44151496",
    "+44161496",
    "+44191498",
    "+44289649",  # Belfast 028 9649 6xxx, written +44 28 9649 6xxx
    "+44292018",  # Cardiff 029 2018 0xxx
    "+4416329",  # 01632 960xxx
)


DEMO_CALLERS = range(600, 700)  # the patients whose mobiles the demo's calls come from


def _patient_phone(i: int) -> str:
    # 1,000 mobiles in the drama range, then Leeds drama landlines, then the other drama blocks.
    if i < 1000:
        return f"+447700900{i:03d}"
    if i < 2000:
        return f"+44113496{i - 1000:04d}"
    block, n = divmod(i - 2000, 1000)
    prefix = _DRAMA_BLOCKS[block % len(_DRAMA_BLOCKS)]
    first = {"+44289649": "6", "+44292018": "0", "+4416329": "60"}.get(prefix, "0")
    return f"{prefix}{first}{n:03d}"


def seed_agents(session: Session) -> None:
    password = hash_password(DEMO_PASSWORD)
    for username, display, roles, tel in DEMO_AGENTS:
        if session.scalar(select(Agent.id).where(Agent.username == username)) is None:
            session.add(
                Agent(
                    id=f"agent_{username}",
                    username=username,
                    display_name=display,
                    email=f"{username}@demo.caredesk.test",
                    password_hash=password,
                    roles=roles,
                    telephony_user_id=tel,
                    languages=DEMO_LANGUAGES.get(username, ["en"]),
                    team="pharmacy" if "pharmacist" in roles else "patient-care",
                )
            )


def seed(session: Session, *, today: date | None = None, patients: int = PATIENTS) -> SeedSummary:
    """Fill an empty database. Does nothing to one that already has accounts."""
    seed_agents(session)
    if session.scalar(select(func.count()).select_from(Account)):
        return SeedSummary(0, 0, 0)
    today = today or date.today()
    rng = random.Random(20261122)
    orgs: list[dict[str, Any]] = []
    for i in range(20):
        city, _ = CITIES[i % len(CITIES)]
        orgs.append(
            {
                "ods_code": f"A8{1001 + i:04d}",
                "name": f"{rng.choice(STREETS).split()[0]} Medical Practice, {city}",
                "kind": "gp_practice",
                "phone": f"+442079460{100 + i:03d}",
            }
        )
    for i in range(10):
        city, _ = CITIES[i % len(CITIES)]
        orgs.append(
            {
                "ods_code": f"FA{101 + i:03d}",
                "name": f"{city} Community Pharmacy",
                "kind": "pharmacy",
                "phone": f"+442079460{200 + i:03d}",
            }
        )
    session.execute(insert(Organisation), orgs)
    gp_codes = [o["ods_code"] for o in orgs if o["kind"] == "gp_practice"]

    bulk = BulkWriter(session)
    accounts: list[dict[str, Any]] = []
    phones: list[dict[str, Any]] = []
    reps: list[dict[str, Any]] = []
    orders: list[dict[str, Any]] = []
    scripts: list[dict[str, Any]] = []
    issues: list[dict[str, Any]] = []
    homes: list[tuple[str, str, str]] = []
    parents: list[dict[str, Any]] = []  # every 20th patient, given a dependant below
    total_accounts = total_orders = 0

    def write_batch() -> None:
        # Parents before the rows that refer to them; then the lists are emptied, so a seed of
        # 400,000 patients never holds more than one batch of rows.
        nonlocal total_accounts, total_orders
        total_accounts += len(accounts)
        total_orders += len(orders)
        bulk.insert(Account, accounts)
        bulk.insert(AccountPhone, phones)
        bulk.insert(
            Representative,
            [
                {
                    "account_id": r["account_id"],
                    "name": r["name"],
                    "relationship_": r["relationship"],
                }
                for r in reps
            ],
        )
        bulk.insert(Prescription, scripts)
        bulk.insert(Order, orders)
        bulk.insert(Issue, issues)
        for rows in (accounts, phones, reps, scripts, orders, issues):
            rows.clear()

    for i in range(patients):
        pid = f"pat_{i + 1:05d}"
        city, area = CITIES[rng.randrange(len(CITIES))]
        first, last = rng.choice(FIRST), rng.choice(LAST)
        dob = date(1930, 1, 1) + timedelta(days=rng.randrange(365 * 75))
        pc = _postcode(rng, area)
        line1 = f"{rng.randint(1, 180)} {rng.choice(STREETS)}"
        since = today - timedelta(days=rng.randint(30, 365 * 8))
        exemption = rng.choice(EXEMPTIONS) if rng.random() < 0.35 else None
        if dob <= today.replace(year=today.year - 60):
            exemption = "Over 60"
        accounts.append(
            {
                "id": pid,
                "first_name": first,
                "last_name": last,
                "date_of_birth": dob,
                "nhs_number": nhs_number(rng),
                "email": _email(first, last, i),
                "address_line1": line1,
                "address_line2": None if rng.random() < 0.8 else f"Flat {rng.randint(1, 40)}",
                "city": city,
                "postcode": pc,
                "postcode_key": pc.replace(" ", ""),
                "gp_ods_code": rng.choice(gp_codes),
                "exemption": exemption,
                "exemption_expires": today + timedelta(days=rng.randint(30, 700))
                if exemption and exemption != "Over 60"
                else None,
                "patient_since": since,
                "status": "active",
                "flags": [],
                "preferences": {
                    "marketing_email": rng.random() < 0.3,
                    "marketing_sms": rng.random() < 0.2,
                    "reminders": rng.random() < 0.6,
                    # Every 7th patient prefers Polish (no random draw: the rest stays put).
                    **({"language": "pl"} if i % 7 == 3 else {}),
                },
                "parent_account_id": None,
            }
        )
        phones.append({"account_id": pid, "number": _patient_phone(i)})
        if rng.random() < 0.15:
            reps.append(
                {
                    "account_id": pid,
                    "name": f"{rng.choice(FIRST)} {rng.choice(LAST)}",
                    "relationship": rng.choice(RELATIONSHIPS),
                }
            )
        chosen = rng.sample(MEDICINES, rng.randint(1, 4))
        for j, (medicine, dosage) in enumerate(chosen):
            repeat = rng.random() < 0.75
            scripts.append(
                {
                    "id": f"rx_{i + 1:05d}_{j + 1}",
                    "account_id": pid,
                    "medicine": medicine,
                    "dosage": dosage,
                    "repeat": repeat,
                    "status": "active"
                    if repeat and rng.random() < 0.9
                    else ("paused" if repeat else "completed"),
                    "next_due": today + timedelta(days=rng.randint(1, 56)) if repeat else None,
                    "gp_ods_code": accounts[-1]["gp_ods_code"],
                }
            )
        span = max(2, (today - since).days)
        days = sorted(rng.sample(range(1, span), min(rng.randint(1, 6), span - 1)))
        if rng.random() < 0.35:  # a third of patients have an order in flight
            days[-1] = max(days[-1], span - rng.randint(1, 7))
        n_orders = len(days)
        for k, offset in enumerate(days):
            placed = since + timedelta(days=offset)
            latest = k == n_orders - 1
            status = (
                rng.choice(["dispatched", "dispensing", "awaiting_prescription", "delivered"])
                if latest and (today - placed).days < 10
                else "delivered"
            )
            method = rng.choice(["post", "post", "courier", "collection_point"])
            expected = placed + timedelta(days=rng.randint(2, 5))
            if status != "delivered" and expected < today:
                expected = today + timedelta(days=rng.randint(1, 3))
            lines = [
                {"medicine": med, "quantity": rng.choice([28, 56, 84])}
                for med, _ in rng.sample(chosen, rng.randint(1, len(chosen)))
            ]
            total = 0 if exemption else 990 * len(lines)
            payment = "paid" if total else "none"
            # The demo's callers (patients 600–699 ring from its mobiles) include some whose
            # order needs attention, so suggestions show; no draw from rng, so nothing else moves.
            if latest and DEMO_CALLERS.start <= i < DEMO_CALLERS.stop:
                if status == "dispatched" and i % 3 == 0:
                    expected = today - timedelta(days=1 + i % 4)
                elif status in ("dispensing", "awaiting_prescription") and total and i % 4 == 1:
                    payment = "failed"
            orders.append(
                {
                    "id": f"ord_{i + 1:05d}_{k + 1}",
                    "account_id": pid,
                    "placed_at": datetime.combine(
                        placed, time(rng.randint(7, 21), rng.randint(0, 59)), UTC
                    ),
                    "status": status,
                    "delivery_method": method,
                    "expected_delivery": expected,
                    "carrier": None if method == "collection_point" else rng.choice(CARRIERS),
                    "tracking_code": f"TRK{rng.randrange(10**9):09d}GB"
                    if status in ("dispatched", "delivered")
                    else None,
                    "total_pence": total,
                    "refunded_pence": 0,
                    "payment": payment,
                    "address": {"line1": line1, "line2": None, "city": city, "postcode": pc},
                    "lines": lines,
                }
            )
        if rng.random() < 0.12:
            kind, team, title = rng.choice(
                [
                    ("delivery", "logistics", "Parcel reported missing"),
                    ("medication_question", "pharmacy", "Question about a new medicine"),
                    ("prescription", "prescriptions", "GP has not approved the request"),
                    ("app_problem", "engineering", "Cannot see order history in the app"),
                ]
            )
            issues.append(
                {
                    "id": f"iss_seed_{i + 1:05d}",
                    "account_id": pid,
                    "conversation_id": None,
                    "kind": kind,
                    "team": team,
                    "title": title,
                    "description": "",
                    "status": "open",
                    "created_at": datetime.combine(
                        today - timedelta(days=rng.randint(0, 20)), time(10), UTC
                    ),
                }
            )
        homes.append((line1, city, pc))
        if i % 20 == 0:
            parents.append(accounts[-1])
        if len(accounts) >= SEED_BATCH:
            write_batch()
    write_batch()
    # The postcode address book: every patient's street. Its own random stream, so the
    # patients above stay the same whatever the book holds.
    addresses.seed(session, homes, random.Random(f"addresses-{patients}"), insert=bulk.insert)
    # Dependants: a few children on their parent's account, with their own record.
    children = []
    for n, parent in enumerate(parents):
        dob = today - timedelta(days=365 * rng.randint(2, 15) + rng.randint(0, 364))
        children.append(
            {
                **parent,
                "id": f"dep_{n + 1:05d}",
                "first_name": rng.choice(FIRST),
                "date_of_birth": dob,
                "nhs_number": nhs_number(rng),
                "email": None,
                "exemption": "Under 16",
                "exemption_expires": None,
                "parent_account_id": parent["id"],
                "preferences": {},
            }
        )
    bulk.insert(Account, children)
    bulk.insert(Appointment, _demo_diary(today, patients))
    library.seed(session, today)
    return SeedSummary(total_accounts, len(orgs), total_orders)


def _demo_diary(today: date, patients: int) -> list[dict[str, Any]]:
    """The demo pharmacist's next two working days: a few telephone appointments."""
    days: list[date] = []
    day = today
    while len(days) < 2:
        if day.weekday() < 5:
            days.append(day)
        day += timedelta(days=1)
    reasons = (
        "Medication review: new blood pressure tablets",
        "Side effects since starting sertraline",
        "Inhaler technique",
        "Repeat prescription questions",
        "Travel vaccinations advice",
    )
    rows = []
    for n, (offset, (hour, minute)) in enumerate(
        [(0, (9, 30)), (0, (11, 0)), (0, (14, 15)), (1, (10, 0)), (1, (15, 45))]
    ):
        rows.append(
            {
                "id": f"apt_seed_{n + 1:03d}",
                "account_id": f"pat_{(n * 37 + 11) % patients + 1:05d}",
                "pharmacist_id": "agent_pharmacist",
                "starts_at": datetime.combine(days[offset], time(hour, minute), UTC),
                "minutes": 15,
                "reason": reasons[n],
                "status": "booked",
                "created_at": datetime.combine(today, time(8), UTC),
            }
        )
    return rows
