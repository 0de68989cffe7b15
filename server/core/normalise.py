"""Normalisation of what callers say, so that the same fact matches however it was typed.

Every function returns ``None`` when the input cannot be read as that kind of value; callers treat
``None`` as a failed answer, never as an error to show.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date

import phonenumbers

_SPACES = re.compile(r"\s+")
_NOT_WORD = re.compile(r"[^\w\s]")
TITLES = {"mr", "mrs", "ms", "miss", "mx", "dr", "prof", "sir", "dame"}


def fold(text: str) -> str:
    """Case, diacritics, punctuation and spacing folded away.

    "  Zoë  O'Brien-Smith " → "zoe obrien smith".
    """
    # Casefold before decomposing: some letters only reveal their base form once folded
    # ("ᾳ" → "αι"), and the result must not depend on the case the advisor typed.
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    stripped = stripped.replace("-", " ").replace("'", "").replace("’", "")
    stripped = _NOT_WORD.sub(" ", stripped.casefold())
    return _SPACES.sub(" ", stripped).strip()


def name(text: str) -> str | None:
    """A person's name folded, with a leading title dropped ("Dr. Jane Smith" → "jane smith")."""
    words = fold(text).split(" ")
    while words and words[0] in TITLES:
        words = words[1:]
    result = " ".join(w for w in words if w)
    return result or None


_MONTHS = {
    m: i + 1
    for i, names in enumerate(
        [
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ]
    )
    for m in names
}
_ORDINAL = re.compile(r"(\d+)(st|nd|rd|th)\b")


def _year(raw: str, today: date) -> int:
    year = int(raw)
    if len(raw) == 2:  # "14/03/80": the most recent century that is not in the future
        year += 2000 if 2000 + year <= today.year else 1900
    return year


def date_of_birth(text: str, *, today: date | None = None) -> date | None:
    """A date in any common British form: 14/03/1980, 14-3-80, 1980-03-14, 14 March 1980,
    March 14th 1980, 14031980. Day first where the order is ambiguous (UK convention)."""
    today = today or date.today()
    cleaned = _ORDINAL.sub(r"\1", fold(text).replace(",", " "))
    cleaned = _SPACES.sub(" ", cleaned).strip()
    if not cleaned:
        return None
    parts = re.split(r"[\s/.\-]+", text.strip()) if re.search(r"[/.\-]", text) else None
    try:
        if parts and len(parts) == 3 and all(p.isdigit() for p in parts):
            if len(parts[0]) == 4:  # ISO order
                return date(int(parts[0]), int(parts[1]), int(parts[2]))
            return date(_year(parts[2], today), int(parts[1]), int(parts[0]))
        if cleaned.isdigit() and len(cleaned) == 8:
            if cleaned[:2] in ("19", "20") and 1 <= int(cleaned[4:6]) <= 12:
                return date(int(cleaned[:4]), int(cleaned[4:6]), int(cleaned[6:]))
            return date(int(cleaned[4:]), int(cleaned[2:4]), int(cleaned[:2]))
        words = cleaned.split(" ")
        if len(words) == 3:
            day_word, month_word, year_word = words
            if day_word in _MONTHS:  # "march 14 1980"
                month_word, day_word = day_word, month_word
            if month_word in _MONTHS and day_word.isdigit() and year_word.isdigit():
                return date(_year(year_word, today), _MONTHS[month_word], int(day_word))
    except ValueError:
        return None
    return None


_POSTCODE = re.compile(r"^[A-Z]{1,2}[0-9][A-Z0-9]?[0-9][A-Z]{2}$")


def postcode(text: str) -> str | None:
    """A UK postcode as a key: upper case, no spaces ("sw1a 1aa" → "SW1A1AA")."""
    key = re.sub(r"\s+", "", text).upper()
    return key if _POSTCODE.match(key) else None


def postcode_display(key: str) -> str:
    """ "SW1A1AA" → "SW1A 1AA"."""
    return f"{key[:-3]} {key[-3:]}" if len(key) > 3 else key


def nhs_number(text: str) -> str | None:
    """Ten digits whose last is the modulus-11 check digit; spaces and dashes ignored."""
    digits = re.sub(r"[\s\-]", "", text)
    if not (len(digits) == 10 and digits.isdigit()):
        return None
    return digits if nhs_check_digit(digits[:9]) == int(digits[9]) else None


def nhs_check_digit(first_nine: str) -> int | None:
    total = sum(int(d) * (10 - i) for i, d in enumerate(first_nine))
    check = 11 - total % 11
    if check == 11:
        return 0
    return None if check == 10 else check


def ods_code(text: str) -> str | None:
    code = re.sub(r"\s+", "", text).upper()
    return code if re.fullmatch(r"[A-Z0-9]{3,8}", code) else None


def phone(text: str | None, region: str = "GB") -> str | None:
    """A phone number as E.164 ("020 7946 0321" → "+442079460321"), or None when not a number."""
    if not text:
        return None
    raw = text.strip()
    if raw.startswith("00"):
        raw = "+" + raw[2:]
    try:
        parsed = phonenumbers.parse(raw, region)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_possible_number(parsed):
        return None
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


def phone_display(e164: str, region: str = "GB") -> str:
    """How to show a number to an advisor: national format at home, international abroad."""
    try:
        parsed = phonenumbers.parse(e164, None)
    except phonenumbers.NumberParseException:
        return e164
    home = phonenumbers.region_code_for_number(parsed) == region
    fmt = (
        phonenumbers.PhoneNumberFormat.NATIONAL
        if home
        else phonenumbers.PhoneNumberFormat.INTERNATIONAL
    )
    return phonenumbers.format_number(parsed, fmt)


def pounds_display(pence: int) -> str:
    """An amount in pence as the desk and the scripts say it: £12.50."""
    return f"£{pence / 100:.2f}"


def free_text(text: str) -> str:
    """A free answer ("12 High Street", "Amoxicillin 500mg") folded for comparison."""
    return fold(text)


# What a medicine's name is not: dose forms and packaging, units and strengths, and the words a
# caller wraps a name in. None of them identifies a medicine, so none may answer the challenge.
DOSE_FORMS = frozenset(
    {
        "tablet",
        "tablets",
        "tab",
        "tabs",
        "capsule",
        "capsules",
        "cap",
        "caps",
        "caplet",
        "caplets",
        "inhaler",
        "inhalers",
        "puffer",
        "cream",
        "creams",
        "ointment",
        "ointments",
        "gel",
        "gels",
        "spray",
        "sprays",
        "drops",
        "drop",
        "solution",
        "solutions",
        "syrup",
        "suspension",
        "liquid",
        "injection",
        "injections",
        "injectable",
        "patch",
        "patches",
        "pessary",
        "pessaries",
        "suppository",
        "suppositories",
        "sachet",
        "sachets",
        "powder",
        "lozenge",
        "lozenges",
        "lotion",
        "shampoo",
        "foam",
        "granules",
        "oral",
        "modified",
        "release",
        "mr",
        "sr",
        "xl",
        "er",
        "prolonged",
        "gastro",
        "resistant",
        "soluble",
        "dispersible",
        "chewable",
        "effervescent",
        "film",
        "coated",
        "evohaler",
        "accuhaler",
        "turbohaler",
        "nasal",
        "eye",
        "ear",
        "pen",
        "pens",
        "pack",
        "packs",
        "box",
        "boxes",
        "bottle",
        "bottles",
        "tube",
        "tubes",
        "pump",
    }
)
UNITS = frozenset(
    {
        "mg",
        "mcg",
        "microgram",
        "micrograms",
        "g",
        "gram",
        "grams",
        "ml",
        "millilitre",
        "iu",
        "unit",
        "units",
    }
)
FILLERS = frozenset(
    {
        "a",
        "an",
        "the",
        "my",
        "me",
        "i",
        "im",
        "it",
        "its",
        "of",
        "on",
        "in",
        "for",
        "and",
        "or",
        "with",
        "some",
        "take",
        "taking",
        "takes",
        "took",
        "think",
        "was",
        "were",
        "is",
        "are",
        "be",
        "been",
        "had",
        "have",
        "has",
        "got",
        "get",
        "gets",
        "medicine",
        "medicines",
        "medication",
        "meds",
        "pill",
        "pills",
        "prescription",
        "strength",
        "dose",
        "doses",
        "daily",
        "once",
        "twice",
        "day",
        "every",
        "morning",
        "night",
        "one",
        "two",
        "three",
        "four",
        "half",
        "x",
        "per",
        "each",
        "last",
        "order",
        "ordered",
    }
)
_STRENGTH = re.compile(r"^\d+([.,]\d+)?[a-z]*$|^\d+[a-z]*\d*$")


def medicine_name(text: str) -> tuple[str, ...]:
    """The words that name a medicine, in order ("Folic acid 5mg tablets" → ("folic", "acid");
    "I take the sertraline" → ("sertraline",)). Empty when nothing but forms, strengths and
    filler words was said."""
    words = []
    for word in fold(text).split():
        if word in DOSE_FORMS or word in UNITS or word in FILLERS or _STRENGTH.match(word):
            continue
        if any(ch.isdigit() for ch in word):
            continue
        words.append(word)
    return tuple(words)
