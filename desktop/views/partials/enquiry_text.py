"""The enquiry inbox's words: a row of the list, the state of an answered one, the thread of
an emailed one and its attachments, all plain text (``desktop.views.enquiries`` shows them)."""

from __future__ import annotations

from datetime import UTC, datetime

from backend_client import models as m
from desktop.i18n import QT_TRANSLATE_NOOP, translate
from desktop.views.partials.formatting import age, clock

CHANNEL_WORDS = {
    m.AnswerChannel.EMAIL: QT_TRANSLATE_NOOP("Enquiries", "by email"),
    m.AnswerChannel.APP: QT_TRANSLATE_NOOP("Enquiries", "in the app"),
    m.AnswerChannel.SMS: QT_TRANSLATE_NOOP("Enquiries", "by text"),
    m.AnswerChannel.PHONE: QT_TRANSLATE_NOOP("Enquiries", "by phone"),
}
REPLY_CHANNELS = (
    (m.AnswerChannel.EMAIL, QT_TRANSLATE_NOOP("Enquiries", "Email")),
    (m.AnswerChannel.APP, QT_TRANSLATE_NOOP("Enquiries", "App message")),
    (m.AnswerChannel.SMS, QT_TRANSLATE_NOOP("Enquiries", "Text (SMS)")),
)


def tr(text: str) -> str:
    return translate("Enquiries", text)


def row_text(item: m.EnquirySummary, now: datetime) -> str:
    marks = []
    if item.state is m.EnquiryState.OPEN and not item.read:
        marks.append(tr("NEW"))
    if item.secondary:
        marks.append(tr("rerouted"))
    if item.reminded and item.state is m.EnquiryState.OPEN:
        marks.append(tr("reminder sent"))
    if item.updated and item.state is m.EnquiryState.OPEN:
        marks.append(tr("wrote again"))
    if item.state is m.EnquiryState.REJECTED:
        marks.append(tr("rejected"))
    elif item.state is m.EnquiryState.ANSWERED and item.answer_channel is not None:
        marks.append(tr("answered {0}").format(tr(CHANNEL_WORDS[item.answer_channel])))
    if item.source is m.EnquirySource.EMAIL:
        marks.append(tr("email"))
    if item.attachments:
        marks.append(tr("attachments: {0}").format(item.attachments))
    head = f"[{' · '.join(marks)}] " if marks else ""
    return f"{head}{item.subject}\n{item.name} · {age(item.created_at, now)}"


def size_text(size: int) -> str:
    if size < 1024:
        return tr("{0} bytes").format(size)
    if size < 1024 * 1024:
        return tr("{0:.0f} KB").format(size / 1024)
    return tr("{0:.1f} MB").format(size / 1024 / 1024)


def attachments_text(attachments: list[m.Attachment]) -> str:
    """The files that came, by name, type and size: listed, never opened in the desk."""
    if not attachments:
        return ""
    files = "; ".join(f"{a.filename} ({a.content_type}, {size_text(a.size)})" for a in attachments)
    return tr("Attachments, listed only (never opened here): {0}").format(files)


def thread_text(enquiry: m.Enquiry, now: datetime) -> str:
    """The first message, then every later one from the sender, oldest first, as plain text."""
    parts = [enquiry.body]
    for message in enquiry.messages:
        parts.append(
            tr("——— They wrote again, {0} ———").format(clock(message.received_at, now))
            + "\n"
            + message.body
        )
    return "\n\n".join(parts)


def state_text(enquiry: m.Enquiry) -> str:
    when = clock(enquiry.answered_at, datetime.now(UTC)) if enquiry.answered_at else ""
    who = enquiry.answered_by or tr("someone")
    if enquiry.state is m.EnquiryState.REJECTED:
        return tr("Rejected by {0} at {1}: {2}").format(who, when, enquiry.answer)
    if enquiry.state is m.EnquiryState.ANSWERED and enquiry.answer_channel is not None:
        return tr("Answered {0} by {1} at {2}").format(
            tr(CHANNEL_WORDS[enquiry.answer_channel]), who, when
        )
    if enquiry.read_by:
        return tr("Open · read by {0}").format(enquiry.read_by)
    return tr("Open")
