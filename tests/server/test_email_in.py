"""Email into the enquiry inbox: real-world message shapes parsed with the standard library,
Mailgun's signature (forged, stale and replayed ones refused), the relay's token, threading by
reference and by In-Reply-To, quoting stripped, attachments listed, HTML as text, the size cap,
replies carrying the reference, and the response target on the lead's figures."""

from __future__ import annotations

import hashlib
import hmac
import time
from datetime import timedelta
from email.message import EmailMessage

import httpx
import pytest
from sqlalchemy import select, update

from backend_client import CareDeskClient
from backend_client import models as m
from server.core.orm import EnquiryRow, OutboundMessage, utcnow
from server.messaging import email_in
from tests.support import MAILGUN_KEY, RELAY_TOKEN

RELAY = {"Authorization": f"Bearer {RELAY_TOKEN}", "Content-Type": "message/rfc822"}

# As Thunderbird sends it: multipart/alternative, quoted-printable, a Polish subject in RFC 2047.
POLISH = b"""\
From: =?UTF-8?Q?Zofia_W=C3=B3jcik?= <zofia@example.test>
To: care@pharmacy.example
Subject: =?UTF-8?B?UHl0YW5pZSBvIHJlY2VwdMSZIG5hIGluc3VsaW7EmQ==?=
Message-ID: <polish-1@example.test>
Date: Wed, 02 Dec 2026 09:12:00 +0100
MIME-Version: 1.0
Content-Type: multipart/alternative; boundary="b1"

--b1
Content-Type: text/plain; charset=UTF-8
Content-Transfer-Encoding: quoted-printable

Dzie=C5=84 dobry, kiedy przyjdzie moja insulina? Zam=C3=B3wienie z=C5=82o=
=C5=BCy=C5=82am w poniedzia=C5=82ek.

Pozdrawiam
Zofia

--b1
Content-Type: text/html; charset=UTF-8

<p>Dzie&#324; dobry, kiedy przyjdzie moja insulina?</p>
--b1--
"""

HTML_ONLY = b"""\
From: "Sam Patel" <sam@example.test>
To: care@pharmacy.example
Subject: Delivery
Message-ID: <html-1@example.test>
MIME-Version: 1.0
Content-Type: text/html; charset=utf-8

<html><head><style>p{color:red}</style><script>alert('x')</script></head>
<body><p>My parcel is <b>late</b> &amp; I need it.</p><img src="https://tracker.example/p.gif"></body></html>
"""


def message(
    subject: str = "A question",
    body: str = "Hello, can I change my delivery address?",
    sender: str = "Jo Bloggs <jo@example.test>",
    message_id: str = "<first@example.test>",
    **headers: str,
) -> EmailMessage:
    msg = EmailMessage()
    msg["From"] = sender
    msg["To"] = "care@pharmacy.example"
    msg["Subject"] = subject
    msg["Message-ID"] = message_id
    for name, value in headers.items():
        del msg[name.replace("_", "-")]
        msg[name.replace("_", "-")] = value
    msg.set_content(body)
    return msg


async def relay(http: httpx.AsyncClient, raw: bytes, **headers: str) -> httpx.Response:
    return await http.post("/webhooks/email/raw", content=raw, headers=RELAY | headers)


def signed(timestamp: int | None = None, token: str = "t" * 50) -> dict[str, str]:
    ts = str(timestamp if timestamp is not None else int(time.time()))
    signature = hmac.new(MAILGUN_KEY.encode(), (ts + token).encode(), hashlib.sha256).hexdigest()
    return {"timestamp": ts, "token": token, "signature": signature}


def enquiry(ctx, enquiry_id: str) -> EnquiryRow:  # type: ignore[no-untyped-def]
    with ctx.db.reader() as session:
        row = session.get(EnquiryRow, enquiry_id)
        assert row is not None
        session.expunge(row)
        return row


def test_a_polish_multipart_quoted_printable_message_parses() -> None:
    parsed = email_in.parse(POLISH)
    assert parsed.subject == "Pytanie o receptę na insulinę"
    assert parsed.name == "Zofia Wójcik" and parsed.sender == "zofia@example.test"
    assert parsed.body.startswith("Dzień dobry, kiedy przyjdzie moja insulina? Zamówienie złożyłam")
    assert parsed.message_id == "<polish-1@example.test>" and not parsed.attachments


def test_html_only_is_shown_as_text_without_scripts_styles_or_images() -> None:
    parsed = email_in.parse(HTML_ONLY)
    assert parsed.body == "My parcel is late & I need it."
    assert "alert" not in parsed.body and "color" not in parsed.body and "<" not in parsed.body


@pytest.mark.parametrize(
    ("reply", "kept"),
    [
        (
            "Yes please.\n\nOn Tue, 1 Dec 2026 at 10:00, CareDesk <care@pharmacy.example> wrote:\n"
            "> Would you like us to reship it?",
            "Yes please.",
        ),
        (  # Gmail folds a long attribution line
            "Thanks!\n\nOn Tue, 1 Dec 2026 at 10:00, Patient Care Team\n<care@pharmacy.example> "
            "wrote:\n> Old text",
            "Thanks!",
        ),
        (
            "Tak, dziękuję.\n\nW dniu 1.12.2026 o 10:00 Apteka pisze:\n> Stary tekst",
            "Tak, dziękuję.",
        ),
        (
            "See below.\n\n________________________________\nFrom: Care <care@pharmacy.example>\n"
            "Sent: 01 December 2026 10:00\nSubject: Your order",
            "See below.",
        ),
        ("Fine by me.\n-- \nJo Bloggs\n07700 900123", "Fine by me."),
        ("Inline answer\n> quoted line\nmore of mine", "Inline answer\nmore of mine"),
    ],
)
def test_quoted_history_and_signatures_are_stripped(reply: str, kept: str) -> None:
    assert email_in.strip_quoted(reply) == kept


def test_attachments_are_listed_never_kept() -> None:
    msg = message()
    msg.add_attachment(
        b"%PDF-1.7 " + b"0" * 2000,
        maintype="application",
        subtype="pdf",
        filename="prescription.pdf",
    )
    msg.add_attachment(b"\x89PNG" + b"1" * 500, maintype="image", subtype="png", filename="box.png")
    parsed = email_in.parse(msg.as_bytes())
    assert [(a.filename, a.content_type, a.size) for a in parsed.attachments] == [
        ("prescription.pdf", "application/pdf", 2009),
        ("box.png", "image/png", 504),
    ]


async def test_an_email_becomes_an_enquiry_in_the_team_for_its_address(
    http, ctx, advisor: CareDeskClient, pharmacist: CareDeskClient
) -> None:
    first = await relay(http, POLISH)
    assert first.status_code == 200, first.text
    assert first.json()["threaded"] is False
    opened = await advisor.enquiries.open(first.json()["enquiry"])
    assert opened.source is m.EnquirySource.EMAIL and opened.team == "patient-care"
    assert opened.email == "zofia@example.test" and opened.account_id is None
    assert opened.reference == f"[ref {opened.id}]"
    to_pharmacy = message(
        message_id="<p1@example.test>", To="Pharmacist <pharmacist@pharmacy.example>"
    )
    second = await relay(http, to_pharmacy.as_bytes())
    assert enquiry(ctx, second.json()["enquiry"]).team == "pharmacy"
    again = await relay(http, POLISH)  # a retried delivery: the same enquiry, nothing added
    assert again.json() == first.json() | {"duplicate": True}
    summary = next(i for i in (await advisor.enquiries.list()).items if i.id == opened.id)
    assert summary.source is m.EnquirySource.EMAIL and not summary.updated


async def test_a_reply_threads_onto_its_open_enquiry_and_an_answer_carries_the_reference(
    http, ctx, advisor: CareDeskClient
) -> None:
    with_file = message()
    with_file.add_attachment(b"x" * 10, maintype="image", subtype="jpeg", filename="label.jpg")
    created = (await relay(http, with_file.as_bytes())).json()["enquiry"]
    follow_up = message(
        subject=f"Re: A question [ref {created}]",
        body="Also, my postcode is LS1 4AB.\n\nOn Wed, Jo wrote:\n> Hello, can I change…",
        message_id="<second@example.test>",
    )
    threaded = (await relay(http, follow_up.as_bytes())).json()
    assert threaded == {"ok": True, "enquiry": created, "threaded": True, "duplicate": False}
    by_header = message(
        subject="Forgot to say",
        body="Thank you!",
        message_id="<third@example.test>",
        In_Reply_To="<first@example.test>",
    )
    assert (await relay(http, by_header.as_bytes())).json()["enquiry"] == created
    opened = await advisor.enquiries.open(created)
    assert [x.body for x in opened.messages] == ["Also, my postcode is LS1 4AB.", "Thank you!"]
    assert [a.filename for a in opened.attachments] == ["label.jpg"]
    assert next(i for i in (await advisor.enquiries.list()).items if i.id == created).updated
    await advisor.enquiries.answer(created, m.AnswerChannel.EMAIL, "Done: the address is changed.")
    with ctx.db.reader() as session:
        sent = session.scalars(
            select(OutboundMessage).where(OutboundMessage.to == "jo@example.test")
        ).one()
    assert sent.subject == f"Re: A question [ref {created}]" and sent.channel == "email"
    # The patient answers the answer: a new enquiry that follows the answered one.
    after = message(
        subject=f"Re: A question [ref {created}]",
        body="Great, thanks",
        message_id="<4@example.test>",
    )
    reply = (await relay(http, after.as_bytes())).json()
    assert reply["enquiry"] != created and not reply["threaded"]
    assert enquiry(ctx, reply["enquiry"]).follows == created


async def test_a_reference_does_not_thread_another_senders_email(http, ctx) -> None:
    created = (await relay(http, message().as_bytes())).json()["enquiry"]
    stranger = message(
        subject=f"Re: [ref {created}]", sender="mallory@example.test", message_id="<m@example.test>"
    )
    other = (await relay(http, stranger.as_bytes())).json()
    assert other["enquiry"] != created and enquiry(ctx, other["enquiry"]).follows is None


async def test_mailgun_signed_forwards_are_taken_and_forged_stale_or_replayed_ones_refused(
    http, ctx
) -> None:
    url = "/webhooks/email/mailgun-mime"
    raw = message(message_id="<mg-1@example.test>").as_string()
    ok = await http.post(url, data=signed() | {"body-mime": raw, "recipient": "care@x.example"})
    assert ok.status_code == 200, ok.text
    assert enquiry(ctx, ok.json()["enquiry"]).source == "email"
    forged = signed(token="f" * 50) | {"signature": "0" * 64, "body-mime": raw}
    assert (await http.post(url, data=forged)).json()["error"]["code"] == "bad_signature"
    stale = signed(int(time.time()) - 3600, token="s" * 50) | {"body-mime": raw}
    assert (await http.post(url, data=stale)).json()["error"]["code"] == "stale_signature"
    other = message(message_id="<mg-2@example.test>").as_string()
    replayed = await http.post(url, data=signed() | {"body-mime": other})  # the first token again
    assert replayed.status_code == 401 and replayed.json()["error"]["code"] == "replayed"
    with_files = await http.post(
        url, data=signed(token="u" * 50), files={"body-mime": ("message.mime", other.encode())}
    )
    assert with_files.status_code == 200, with_files.text


async def test_the_relay_needs_its_token_and_a_real_message(http) -> None:
    raw = message().as_bytes()
    assert (await http.post("/webhooks/email/raw", content=raw)).status_code == 401
    wrong = await relay(http, raw, Authorization="Bearer nope")
    assert wrong.status_code == 401
    junk = await relay(http, b"this is not an email at all")
    assert junk.status_code == 422 and junk.json()["error"]["code"] == "bad_email"


async def test_a_twenty_megabyte_message_is_refused_before_it_is_read(http, ctx) -> None:
    big = message(message_id="<big@example.test>")
    big.add_attachment(
        b"0" * (20 * 1024 * 1024), maintype="application", subtype="zip", filename="scan.zip"
    )
    raw = big.as_bytes()
    refused = await relay(http, raw)
    assert refused.status_code == 413 and refused.json()["error"]["code"] == "too_large"
    by_mailgun = await http.post(
        "/webhooks/email/mailgun-mime", data=signed(token="b" * 50) | {"body-mime": raw.decode()}
    )
    assert by_mailgun.status_code == 406  # Mailgun does not retry a 406
    with ctx.db.reader() as session:
        assert (
            session.scalar(select(EnquiryRow).where(EnquiryRow.message_id == "<big@example.test>"))
            is None
        )


async def test_an_auto_reply_gets_no_out_of_office_reply(http, ctx, lead: CareDeskClient) -> None:
    await lead.enquiries.set_out_of_office(
        "patient-care", "We are closed until Monday.", utcnow() + timedelta(days=2)
    )
    await relay(http, message(message_id="<human@example.test>").as_bytes())
    robot = message(
        sender="noreply@example.test",
        message_id="<robot@example.test>",
        Auto_Submitted="auto-replied",
    )
    await relay(http, robot.as_bytes())
    with ctx.db.reader() as session:
        replies = session.scalars(
            select(OutboundMessage.to).where(OutboundMessage.kind == m.TextKind.OUT_OF_OFFICE.value)
        ).all()
    assert replies == ["jo@example.test"]


async def test_the_leads_figures_carry_each_teams_response_target(http, ctx, lead) -> None:
    late = (await relay(http, message(message_id="<late@example.test>").as_bytes())).json()
    fresh = message(message_id="<fresh@example.test>", To="pharmacist@pharmacy.example")
    await relay(http, fresh.as_bytes())
    with ctx.db.transaction() as session:
        session.execute(
            update(EnquiryRow)
            .where(EnquiryRow.id == late["enquiry"])
            .values(created_at=utcnow() - timedelta(hours=30))
        )
    stats = await lead.floor.stats()
    teams = {t.team: t for t in stats.enquiry_response}
    assert teams["patient-care"].target_hours == 24 and teams["patient-care"].overdue >= 1
    assert teams["pharmacy"].target_hours == 48 and teams["pharmacy"].overdue == 0
