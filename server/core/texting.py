"""How the contact centre texts: per-line missed-call texts with practice hours, and the quick
responses advisors answer with. Read once at start from the TOML file named by
``CAREDESK_TEXTING_FILE`` (the built-in default otherwise); a bad file stops the server with a
message naming the key, never a text that breaks at 3 a.m.

Texts hold placeholders in braces, filled by the server only from this closed set:
``{agent_first_name}``, ``{opening_hours}``, ``{support_number}``, ``{line_name}``. Nothing of a
patient's record is ever put in an automatic text (its receiver is unverified).
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, time
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from backend_client.models import SMS_MAX_CHARS

PLACEHOLDERS = ("agent_first_name", "opening_hours", "support_number", "line_name")
_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
DAY_NAMES = {
    "en": ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"),
    "pl": ("pon.", "wt.", "śr.", "czw.", "pt.", "sob.", "niedz."),
}
CLOSED = {"en": "closed", "pl": "nieczynne"}
# The longest a placeholder may become, for checking at load that every text fits.
_WORST = {
    "agent_first_name": "X" * 20,
    "support_number": "+44 20 7946 0000",
    "line_name": None,  # the line's own name
    "opening_hours": None,  # the line's own hours
}


class TextingConfigError(ValueError):
    """The texting file is wrong: the message names the key and what is wrong with it."""


@dataclass(frozen=True)
class Span:
    start: time
    end: time


@dataclass(frozen=True)
class Line:
    """One number callers dial (``line`` as the telephony reports it; ``*`` for any)."""

    line: str
    name: str
    language: str
    missed_call_text: bool
    timezone: str
    hours: dict[str, Span | None]
    texts: dict[str, str]  # language → in-hours missed-call text
    after_hours_texts: dict[str, str]

    def is_open(self, at: datetime) -> bool:
        local = at.astimezone(ZoneInfo(self.timezone))
        span = self.hours.get(DAYS[local.weekday()])
        return span is not None and span.start <= local.time() < span.end

    def opening_hours(self, language: str) -> str:
        """ "Mon–Fri 08:00–20:00, Sat 09:00–13:00": runs of days with the same hours."""
        names = DAY_NAMES.get(language, DAY_NAMES["en"])
        parts: list[str] = []
        index = 0
        while index < len(DAYS):
            span = self.hours.get(DAYS[index])
            end = index
            while end + 1 < len(DAYS) and self.hours.get(DAYS[end + 1]) == span:
                end += 1
            if span is not None:
                days = names[index] if end == index else f"{names[index]}–{names[end]}"
                parts.append(f"{days} {span.start:%H:%M}–{span.end:%H:%M}")
            index = end + 1
        return ", ".join(parts) or CLOSED.get(language, CLOSED["en"])


@dataclass(frozen=True)
class QuickResponseTemplate:
    id: str
    title: str
    texts: dict[str, str]  # language → text with placeholders


@dataclass(frozen=True)
class TextingConfig:
    lines: tuple[Line, ...]
    quick_responses: tuple[QuickResponseTemplate, ...]
    support_number: str = "+442079460000"
    languages: tuple[str, ...] = field(default=("en",))

    def line_for(self, line: str | None) -> Line | None:
        """The line's own entry, else the ``*`` entry, else none (no texting on that line)."""
        fallback = None
        for entry in self.lines:
            if line is not None and entry.line == line:
                return entry
            if entry.line == "*":
                fallback = entry
        return fallback

    def quick_response(self, response_id: str) -> QuickResponseTemplate | None:
        return next((q for q in self.quick_responses if q.id == response_id), None)


def fill(template: str, values: Mapping[str, str]) -> str:
    """Replace the known placeholders; anything else in braces was refused at load."""
    return _PLACEHOLDER.sub(lambda match: values.get(match.group(1), match.group(0)), template)


def values_for(
    config: TextingConfig, line: Line | None, language: str, agent_name: str | None
) -> dict[str, str]:
    first = (agent_name or "").split(" ")[0] or "the team"
    return {
        "agent_first_name": first,
        "opening_hours": line.opening_hours(language) if line else "",
        "support_number": _display_number(config.support_number),
        "line_name": line.name if line else "",
    }


def _display_number(number: str) -> str:
    import phonenumbers

    try:
        parsed = phonenumbers.parse(number, None)
    except phonenumbers.NumberParseException:
        return number
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.NATIONAL)


# --- loading --------------------------------------------------------------------------------

DEFAULT = """
support_number = "+442079460000"

[[lines]]
line = "*"
name = "Patient care"
language = "en"
missed_call_text = true
timezone = "Europe/London"
hours = { mon = "08:00-20:00", tue = "08:00-20:00", wed = "08:00-20:00", thu = "08:00-20:00", fri = "08:00-20:00", sat = "09:00-13:00" }
text.en = "Sorry we missed your call. Reply to this text and an advisor will answer here, or call us on {support_number}."
text.pl = "Przepraszamy, że nie odebraliśmy. Odpisz na tę wiadomość, a doradca odpowie, albo zadzwoń: {support_number}."
after_hours_text.en = "Thanks for calling. We're closed now; we're open {opening_hours}. Reply to this text and we'll answer when we open."
after_hours_text.pl = "Dziękujemy za telefon. Jesteśmy teraz zamknięci; pracujemy {opening_hours}. Odpisz, a odpowiemy po otwarciu."

[[quick_responses]]
id = "call_back"
title = "We'll call you back"
text.en = "Hi, it's {agent_first_name} from the pharmacy. We'll call you back on this number shortly."
text.pl = "Dzień dobry, tu {agent_first_name} z apteki. Oddzwonimy wkrótce na ten numer."

[[quick_responses]]
id = "verify_in_app"
title = "Confirm in the app"
text.en = "To talk about your account we need to confirm it's you: please open the pharmacy app, or call us on {support_number}."
text.pl = "Aby rozmawiać o Twoim koncie, musimy potwierdzić tożsamość: otwórz aplikację apteki lub zadzwoń: {support_number}."

[[quick_responses]]
id = "opening_hours"
title = "Opening hours"
text.en = "We're open {opening_hours}. Reply here any time and we'll answer when we're open."
text.pl = "Pracujemy {opening_hours}. Odpisz w dowolnej chwili, odpowiemy w godzinach pracy."

[[quick_responses]]
id = "details_in_app"
title = "Details in the app"
text.en = "Thanks for calling. The details we talked about are in the pharmacy app, under Messages."
text.pl = "Dziękujemy za telefon. Szczegóły rozmowy są w aplikacji apteki, w zakładce Wiadomości."

[[quick_responses]]
id = "resolved"
title = "All sorted"
text.en = "Thanks, that's all sorted. If you need anything else, reply here or call {support_number}."
text.pl = "Dziękujemy, sprawa załatwiona. W razie pytań odpisz lub zadzwoń: {support_number}."
"""  # noqa: E501 - TOML as IT would write it: one text per line


def load(path: str | Path | None) -> TextingConfig:
    if path is None or str(path).strip() == "":
        return parse(tomllib.loads(DEFAULT), "the built-in texting configuration")
    source = Path(path)
    try:
        data = tomllib.loads(source.read_text(encoding="utf-8"))
    except OSError as exc:
        raise TextingConfigError(f"{source}: cannot be read ({exc.strerror})") from None
    except tomllib.TOMLDecodeError as exc:
        raise TextingConfigError(f"{source}: is not TOML ({exc})") from None
    return parse(data, str(source))


def parse(data: Mapping[str, Any], where: str) -> TextingConfig:
    def fail(key: str, problem: str) -> TextingConfigError:
        return TextingConfigError(f"{where}: {key}: {problem}")

    unknown = set(data) - {"support_number", "lines", "quick_responses"}
    if unknown:
        raise fail(", ".join(sorted(unknown)), "unknown key")
    support = data.get("support_number", "+442079460000")
    if not isinstance(support, str) or not re.fullmatch(r"\+\d{6,15}", support):
        raise fail("support_number", "must be an E.164 number such as +442079460000")
    lines = tuple(
        _line(entry, f"lines[{i}]", fail) for i, entry in enumerate(_tables(data, "lines", fail))
    )
    if len({line.line for line in lines}) != len(lines):
        raise fail("lines", "a line is listed twice")
    responses = tuple(
        _quick(entry, f"quick_responses[{i}]", fail)
        for i, entry in enumerate(_tables(data, "quick_responses", fail))
    )
    if len({q.id for q in responses}) != len(responses):
        raise fail("quick_responses", "an id is listed twice")
    config = TextingConfig(lines=lines, quick_responses=responses, support_number=support)
    _check_lengths(config, fail)
    return config


def _tables(data: Mapping[str, Any], key: str, fail: Any) -> list[Mapping[str, Any]]:
    value = data.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        raise fail(key, "must be a list of tables ([[" + key + "]])")
    return value


def _string(entry: Mapping[str, Any], key: str, where: str, fail: Any, default: Any = None) -> str:
    value = entry.get(key, default)
    if not isinstance(value, str) or not value.strip():
        raise fail(f"{where}.{key}", "must be a non-empty string")
    return value.strip()


def _texts(entry: Mapping[str, Any], key: str, where: str, fail: Any) -> dict[str, str]:
    value = entry.get(key)
    if isinstance(value, str):
        value = {"en": value}
    if not isinstance(value, dict) or not value:
        raise fail(f"{where}.{key}", "must be a text, or a table of texts by language")
    out: dict[str, str] = {}
    for language, text in value.items():
        if not re.fullmatch(r"[a-z]{2}", language) or not isinstance(text, str) or not text:
            raise fail(f"{where}.{key}.{language}", "must be a two-letter language with a text")
        for name in _PLACEHOLDER.findall(text):
            if name not in PLACEHOLDERS:
                raise fail(
                    f"{where}.{key}.{language}",
                    f"unknown placeholder {{{name}}} (known: {', '.join(PLACEHOLDERS)})",
                )
        out[language] = text.strip()
    if "en" not in out:
        raise fail(f"{where}.{key}", "needs an English (en) text, the fallback")
    return out


def _span(value: Any, key: str, fail: Any) -> Span | None:
    if value in ("", "closed"):
        return None
    match = re.fullmatch(
        r"(\d{2}):(\d{2})-(\d{2}):(\d{2})", value if isinstance(value, str) else ""
    )
    if not match:
        raise fail(key, 'must be "HH:MM-HH:MM" or "closed"')
    h1, m1, h2, m2 = (int(g) for g in match.groups())
    if h1 > 23 or h2 > 23 or m1 > 59 or m2 > 59 or (h1, m1) >= (h2, m2):
        raise fail(key, "is not a range of the day (start before end, 00:00 to 23:59)")
    return Span(time(h1, m1), time(h2, m2))


def _line(entry: Mapping[str, Any], where: str, fail: Any) -> Line:
    known = {
        "line",
        "name",
        "language",
        "missed_call_text",
        "timezone",
        "hours",
        "text",
        "after_hours_text",
    }
    unknown = set(entry) - known
    if unknown:
        raise fail(f"{where}.{sorted(unknown)[0]}", "unknown key")
    timezone = _string(entry, "timezone", where, fail, "Europe/London")
    try:
        ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError):
        raise fail(f"{where}.timezone", f"{timezone!r} is not a time zone") from None
    hours_in = entry.get("hours", {})
    if not isinstance(hours_in, dict) or set(hours_in) - set(DAYS):
        raise fail(f"{where}.hours", f"must be a table of {', '.join(DAYS)}")
    enabled = entry.get("missed_call_text", True)
    if not isinstance(enabled, bool):
        raise fail(f"{where}.missed_call_text", "must be true or false")
    language = _string(entry, "language", where, fail, "en")
    texts = _texts(entry, "text", where, fail)
    if language not in texts:
        raise fail(f"{where}.language", f"has no text in {language!r}")
    return Line(
        line=_string(entry, "line", where, fail),
        name=_string(entry, "name", where, fail),
        language=language,
        missed_call_text=enabled,
        timezone=timezone,
        hours={d: _span(hours_in.get(d, "closed"), f"{where}.hours.{d}", fail) for d in DAYS},
        texts=texts,
        after_hours_texts=_texts(entry, "after_hours_text", where, fail),
    )


def _quick(entry: Mapping[str, Any], where: str, fail: Any) -> QuickResponseTemplate:
    unknown = set(entry) - {"id", "title", "text"}
    if unknown:
        raise fail(f"{where}.{sorted(unknown)[0]}", "unknown key")
    ident = _string(entry, "id", where, fail)
    if not re.fullmatch(r"[a-z0-9_]{1,60}", ident):
        raise fail(f"{where}.id", "must be a-z, 0-9 and _ (up to 60)")
    return QuickResponseTemplate(
        id=ident,
        title=_string(entry, "title", where, fail),
        texts=_texts(entry, "text", where, fail),
    )


def _check_lengths(config: TextingConfig, fail: Any) -> None:
    """Every text fits one SMS even with the longest values its placeholders can take."""

    def worst(line: Line | None, language: str) -> dict[str, str]:
        values = values_for(config, line, language, _WORST["agent_first_name"])
        return values

    for i, line in enumerate(config.lines):
        for key, texts in (("text", line.texts), ("after_hours_text", line.after_hours_texts)):
            for language, text in texts.items():
                filled = fill(text, worst(line, language))
                if len(filled) > SMS_MAX_CHARS:
                    raise fail(
                        f"lines[{i}].{key}.{language}",
                        f"is {len(filled)} characters filled in; a text is at most {SMS_MAX_CHARS}",
                    )
    widest = max(config.lines, key=lambda ln: len(ln.opening_hours("pl")), default=None)
    for i, quick in enumerate(config.quick_responses):
        for language, text in quick.texts.items():
            filled = fill(text, worst(widest, language))
            if len(filled) > SMS_MAX_CHARS:
                raise fail(
                    f"quick_responses[{i}].text.{language}",
                    f"is {len(filled)} characters filled in; a text is at most {SMS_MAX_CHARS}",
                )
