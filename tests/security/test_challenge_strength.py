""" "A medicine on the last order" is answered by a medicine's name, never by the words every
order shares ("tablets", "50mg", "my")."""

from __future__ import annotations

from collections import Counter

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from server.core import normalise
from server.core.orm import Account, Order
from server.identity import challenge

FACT = "last_order_medicine"


@pytest.fixture
def seeded(ctx):
    """Every seeded patient with the lines of their last order."""
    with ctx.db.reader() as session:
        accounts = session.scalars(select(Account)).all()
        lines: dict[str, list[str]] = {}
        for account in accounts:
            last = session.scalar(
                select(Order).where(Order.account_id == account.id).order_by(Order.placed_at.desc())
            )
            lines[account.id] = [str(line["medicine"]) for line in last.lines] if last else []
        session.expunge_all()
    return accounts, lines


def passes_for(ctx, accounts, answer: str) -> list[str]:
    with ctx.db.reader() as session:
        return [a.id for a in accounts if challenge.fact_matches(session, a, FACT, answer)]


def common_words(lines: dict[str, list[str]], share: float) -> list[str]:
    """Words found on the last orders of more than ``share`` of the patients."""
    counts: Counter[str] = Counter()
    for medicines in lines.values():
        counts.update({w for m in medicines for w in normalise.fold(m).split()})
    return sorted(w for w, n in counts.items() if n > share * len(lines))


def test_no_word_common_to_more_than_one_percent_of_patients_passes_alone(ctx, seeded) -> None:
    accounts, lines = seeded
    names = {normalise.medicine_name(m) for ms in lines.values() for m in ms}
    common = common_words(lines, 0.01)
    assert "tablets" in common  # what the weak check accepted for most patients
    for word in common:
        if (word,) in names:
            continue  # the name of a medicine: that is the answer the question asks for
        assert passes_for(ctx, accounts, word) == [], f"{word!r} passed"


def test_the_name_passes_in_any_form_and_with_strength_or_form(ctx, seeded) -> None:
    accounts, lines = seeded
    account = next(a for a in accounts if lines[a.id])
    medicine = lines[account.id][0]  # "<name> <strength> <form>"
    name = medicine.rsplit(" ", 2)[0]
    with ctx.db.reader() as session:
        for said in (name, name.upper(), medicine, f"I take the {name.lower()}", f"{name} 5 mg"):
            assert challenge.fact_matches(session, account, FACT, said), said
        # Naming every medicine in the catalogue at once is no answer.
        catalogue = " ".join({m.rsplit(" ", 2)[0] for ms in lines.values() for m in ms})
        assert not challenge.fact_matches(session, account, FACT, catalogue)


FILLER = sorted(normalise.DOSE_FORMS | normalise.UNITS | normalise.FILLERS)


@given(
    words=st.lists(
        st.one_of(
            st.sampled_from(FILLER),
            st.from_regex(r"\A[0-9]{1,4}(\.[0-9])?(mg|mcg|ml|g)?\Z"),
        ),
        min_size=1,
        max_size=6,
    )
)
@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
def test_forms_strengths_and_filler_words_never_pass(ctx, seeded, words: list[str]) -> None:
    accounts, _ = seeded
    assert passes_for(ctx, accounts, " ".join(words)) == []


@given(answer=st.text(max_size=60))
@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
def test_whatever_passes_is_the_name_of_a_medicine_on_that_patients_last_order(
    ctx, seeded, answer: str
) -> None:
    accounts, lines = seeded
    for account_id in passes_for(ctx, accounts, answer):
        names = {normalise.medicine_name(m) for m in lines[account_id]}
        assert normalise.medicine_name(answer) in names
