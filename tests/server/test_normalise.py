"""Property tests: the same fact typed any common way normalises to the same value."""

from __future__ import annotations

from datetime import date

import phonenumbers
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from server.core import normalise
from server.core.normalise import TITLES
from server.identity.app_tokens import token_from_digits

dates = st.dates(min_value=date(1900, 1, 1), max_value=date(2025, 12, 31))
FORMATS = [
    "%d/%m/%Y",
    "%d-%m-%Y",
    "%d.%m.%Y",
    "%Y-%m-%d",
    "%d %B %Y",
    "%d %b %Y",
    "%B %d, %Y",
    "%d%m%Y",
    "%-d/%-m/%Y",
    "%d %B, %Y",
]


@given(dates, st.sampled_from(FORMATS), st.sampled_from(["", " ", "  "]))
def test_dates_in_common_formats_read_back(day: date, fmt: str, pad: str) -> None:
    assert normalise.date_of_birth(pad + day.strftime(fmt) + pad) == day


@given(dates)
def test_ordinals_and_month_first_words(day: date) -> None:
    suffix = {1: "st", 2: "nd", 3: "rd", 21: "st", 22: "nd", 23: "rd", 31: "st"}.get(day.day, "th")
    assert normalise.date_of_birth(f"{day.day}{suffix} {day.strftime('%B %Y')}") == day
    assert normalise.date_of_birth(f"{day.strftime('%B')} {day.day}{suffix} {day.year}") == day


@given(st.dates(min_value=date(1930, 1, 1), max_value=date(1999, 12, 31)))
def test_two_digit_years_are_the_last_century_when_the_next_would_be_future(day: date) -> None:
    assert normalise.date_of_birth(day.strftime("%d/%m/%y"), today=date(2026, 11, 22)) == day


@given(st.text(max_size=40))
def test_date_parsing_never_raises(text: str) -> None:
    result = normalise.date_of_birth(text)
    assert result is None or isinstance(result, date)


postcodes = st.from_regex(r"\A[A-Z]{1,2}[0-9][A-Z0-9]? [0-9][A-Z]{2}\Z")


@given(
    postcodes,
    st.sampled_from(
        [
            str.lower,
            str.upper,
            lambda s: s.replace(" ", ""),
            lambda s: f"  {s}  ",
            lambda s: s.replace(" ", "   "),
        ]
    ),
)
def test_postcodes_with_or_without_the_space(code: str, typed) -> None:
    assert normalise.postcode(typed(code)) == code.replace(" ", "")
    assert normalise.postcode_display(code.replace(" ", "")) == code


@given(st.text(max_size=20))
def test_postcode_never_raises(text: str) -> None:
    result = normalise.postcode(text)
    assert result is None or (result.isalnum() and result == result.upper())


nine_digits = st.text(alphabet="0123456789", min_size=9, max_size=9)


@given(nine_digits)
def test_nhs_numbers_check_their_digit(nine: str) -> None:
    check = normalise.nhs_check_digit(nine)
    if check is None:
        return
    number = nine + str(check)
    assert normalise.nhs_number(f"{number[:3]} {number[3:6]} {number[6:]}") == number
    wrong = nine + str((check + 1) % 10)
    assert normalise.nhs_number(wrong) is None


names = st.text(alphabet=st.characters(categories=["Lu", "Ll"]), min_size=1, max_size=12)


@given(names, names)
def test_names_fold_case_spacing_and_titles(first: str, last: str) -> None:
    assume(normalise.fold(first) not in TITLES)
    folded = normalise.name(f"{first} {last}")
    assert normalise.name(f"  {first}   {last} ") == folded
    assert normalise.name(f"{first.casefold()} {last.casefold()}") == folded
    assert normalise.name(f"Dr. {first} {last}") == folded


@pytest.mark.parametrize(
    ("typed", "folded"),
    [
        ("Zoë O'Brien-Smith", "zoe obrien smith"),
        ("  SIÂN   jones ", "sian jones"),
        ("Mrs Chloé Müller", "chloe muller"),
    ],
)
def test_diacritics_and_punctuation(typed: str, folded: str) -> None:
    assert normalise.name(typed) == folded


@given(st.integers(min_value=0, max_value=9_999_999))
def test_uk_numbers_in_any_layout_are_one_e164(n: int) -> None:
    national = f"020 7946 {n % 10000:04d}"
    e164 = normalise.phone(national, "GB")
    assert e164 == f"+44207946{n % 10000:04d}"
    assert normalise.phone("+44 " + national[1:], "GB") == e164
    assert normalise.phone("0044" + national[1:].replace(" ", ""), "GB") == e164
    assert phonenumbers.is_possible_number(phonenumbers.parse(e164))


@given(st.text(max_size=30))
def test_phone_never_raises(text: str) -> None:
    result = normalise.phone(text)
    assert result is None or result.startswith("+")


@given(st.text(alphabet="0123456789#*, ", max_size=20))
def test_tokens_from_keypad_input_keep_only_digits(raw: str) -> None:
    digits = token_from_digits(raw)
    assert digits is None or (digits.isdigit() and digits == "".join(c for c in raw if c.isdigit()))
