"""Postcode lookup: the addresses at a postcode, for the desk's "type the postcode, pick the
address". The reference server reads its own table; a deployment loads that table from its
licensed address file, or swaps ``lookup`` for its provider's API behind the same route."""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Iterable

from sqlalchemy import insert as sa_insert
from sqlalchemy import select
from sqlalchemy.orm import Session

from backend_client import models as m
from server.core import normalise
from server.core.orm import PostalAddress

# Demo postcodes the workflow examples and the screenshots use, always in the book.
DEMO_STREETS = {"LS1 4AB": ("Orchard Close", "Leeds"), "M1 2AB": ("Canal Street", "Manchester")}
_NUMBER = re.compile(r"^(\d+)\s+(.*)$")


def lookup(session: Session, postcode: str) -> list[m.Address]:
    key = normalise.postcode(postcode)
    if key is None:
        return []
    rows = session.scalars(
        select(PostalAddress).where(PostalAddress.postcode_key == key).order_by(PostalAddress.id)
    ).all()
    display = normalise.postcode_display(key)
    return [m.Address(line1=r.line1, line2=r.line2, city=r.city, postcode=display) for r in rows]


def seed(
    session: Session,
    homes: Iterable[tuple[str, str, str]],
    rng: random.Random,
    insert: Callable[[type[PostalAddress], list[dict[str, object]]], None] | None = None,
) -> int:
    """Each patient's address and its neighbours on the street: (line1, city, postcode).
    ``insert`` writes the rows (the seed's bulk writer); by default a plain INSERT."""
    rows: dict[tuple[str, str], dict[str, object]] = {}
    places = list(homes) + [
        (f"{n} {street}", city, postcode)
        for postcode, (street, city) in DEMO_STREETS.items()
        for n in (2, 4, 6, 8, 10, 12)
    ]
    for line1, city, postcode in places:
        key = normalise.postcode(postcode)
        if key is None:
            continue
        found = _NUMBER.match(line1)
        numbers: list[int | None] = [None]
        street = line1
        if found:
            house, street = int(found.group(1)), found.group(2)
            numbers = [*sorted({house, *(max(1, house + d) for d in rng.sample(range(-8, 9), 5))})]
        for number in numbers:
            first = f"{number} {street}" if number is not None else street
            rows.setdefault(
                (key, first), {"postcode_key": key, "line1": first, "line2": None, "city": city}
            )
    if rows:
        ordered = sorted(rows.values(), key=lambda r: (r["postcode_key"], _house(r["line1"])))
        if insert is None:
            session.execute(sa_insert(PostalAddress), ordered)
        else:
            insert(PostalAddress, ordered)
    return len(rows)


def _house(line1: object) -> tuple[int, str]:
    found = _NUMBER.match(str(line1))
    return (int(found.group(1)), found.group(2)) if found else (0, str(line1))
