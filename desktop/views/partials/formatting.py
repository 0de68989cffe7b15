"""How the desk writes dates, times, amounts, phone numbers and the server's state words."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime

from PySide6.QtCore import QDate, QLocale

from backend_client import models as m
from desktop.i18n import QT_TRANSLATE_NOOP, in_use, translate


def day(d: date | datetime | None) -> str:
    if d is None:
        return "—"
    if isinstance(d, datetime):
        d = d.astimezone().date()
    # In the desk's language (QLocale's default is set with the translations).
    return QLocale().toString(QDate(d.year, d.month, d.day), "dd MMM yyyy")


def when(t: datetime) -> str:
    local = t.astimezone()
    today = datetime.now(UTC).astimezone().date()
    if local.date() == today:
        return local.strftime("%H:%M")
    return QLocale().toString(QDate(local.year, local.month, local.day), "dd MMM") + (
        local.strftime(" %H:%M")
    )


# Server words the desk shows (order, prescription and issue states, delivery methods), for the
# translation tools; an unknown word still shows, capitalised.
STATE_WORDS = (
    QT_TRANSLATE_NOOP("States", "Placed"),
    QT_TRANSLATE_NOOP("States", "Awaiting prescription"),
    QT_TRANSLATE_NOOP("States", "Dispensing"),
    QT_TRANSLATE_NOOP("States", "Dispatched"),
    QT_TRANSLATE_NOOP("States", "Delivered"),
    QT_TRANSLATE_NOOP("States", "Cancelled"),
    QT_TRANSLATE_NOOP("States", "Active"),
    QT_TRANSLATE_NOOP("States", "Paused"),
    QT_TRANSLATE_NOOP("States", "Open"),
    QT_TRANSLATE_NOOP("States", "Resolved"),
    QT_TRANSLATE_NOOP("States", "Claimed"),
    QT_TRANSLATE_NOOP("States", "Booked"),
    QT_TRANSLATE_NOOP("States", "Post"),
    QT_TRANSLATE_NOOP("States", "Courier"),
    QT_TRANSLATE_NOOP("States", "Collection point"),
    QT_TRANSLATE_NOOP("States", "Closed"),
    QT_TRANSLATE_NOOP("States", "Missed"),
    QT_TRANSLATE_NOOP("States", "Abandoned"),
    QT_TRANSLATE_NOOP("States", "Wrap up"),
)


def words(value: str) -> str:
    return translate("States", value.replace("_", " ").capitalize())


def readable_number(e164: str) -> str:
    """ "+447700900123" → "07700 900123" at home, international format abroad."""
    import phonenumbers  # loaded with the first number shown, not at start (18 ms)

    try:
        parsed = phonenumbers.parse(e164, None)
    except phonenumbers.NumberParseException:
        return e164
    fmt = (
        phonenumbers.PhoneNumberFormat.NATIONAL
        if phonenumbers.region_code_for_number(parsed) == "GB"
        else phonenumbers.PhoneNumberFormat.INTERNATIONAL
    )
    return phonenumbers.format_number(parsed, fmt)


def pounds(pence: int) -> str:
    return f"£{pence / 100:.2f}"


YES_NO = {True: QT_TRANSLATE_NOOP("Words", "Yes"), False: QT_TRANSLATE_NOOP("Words", "No")}


def yes_no(value: bool) -> str:
    return translate("Words", YES_NO[value])


def age(since: datetime, now: datetime) -> str:
    """How long something has waited: minutes, hours and minutes, or days."""
    minutes = max(0, int((now - since).total_seconds() // 60))
    if minutes < 60:
        return translate("Pharmacy", "{0} min").format(minutes)
    if minutes < 48 * 60:
        return translate("Pharmacy", "{0} h {1} min").format(minutes // 60, minutes % 60)
    return translate("Pharmacy", "{0} days").format(minutes // (24 * 60))


def clock(at: datetime, now: datetime) -> str:
    """A time today as 14:05; another day's with its date."""
    local = at.astimezone()
    return local.strftime("%H:%M" if local.date() == now.astimezone().date() else "%d %b %H:%M")


def wf_text(text: str) -> str:
    """A workflow's own words (title, description, labels, help) in the desk's language."""
    return translate("Workflow", text) if text else text


def minutes_and_seconds(seconds: float) -> str:
    """A wait as 4:07."""
    whole = max(0, int(seconds))
    return f"{whole // 60}:{whole % 60:02d}"


def suggested(items: Iterable[m.Suggestion]) -> list[tuple[m.Suggestion, str]]:
    """The suggestions to show, heaviest first and at most ``MAX_SUGGESTIONS``, each with its
    reason in the desk's language when the server sent it in that language."""
    language = in_use()
    ordered = sorted(items, key=lambda s: -s.weight)[: m.MAX_SUGGESTIONS]
    return [(s, s.translations.get(language, s.reason)) for s in ordered]
