"""An email in the advisor's inbox: marked as email, with its later messages threaded below it,
its attachments listed by name and never opened, HTML shown as words; Ctrl+K in the reply
inserts an article's answer; the lead's figures carry each team's response target."""

from __future__ import annotations

from email.message import EmailMessage

import httpx
from PySide6.QtCore import Qt

from tests.desktop.conftest import Loop, open_desk, until
from tests.live_server import LiveServer
from tests.server.test_email_in import RELAY


def mail(subject: str, body: str, message_id: str, html: str | None = None) -> EmailMessage:
    msg = EmailMessage()
    msg["From"] = "Jo Bloggs <jo@example.test>"
    msg["To"] = "care@pharmacy.example"
    msg["Subject"] = subject
    msg["Message-ID"] = message_id
    msg.set_content(body)
    if html is not None:
        msg.add_alternative(html, subtype="html")
    return msg


def test_an_email_enquiry_shows_its_thread_and_attachments_as_text(
    aloop: Loop, live_server: LiveServer, qtbot
) -> None:
    first = mail(
        "Photo of the box",
        "My tablets arrived damaged, photo attached.",
        "<desk-1@example.test>",
        html="<p>My tablets arrived <b>damaged</b><script>alert(1)</script></p>",
    )
    first.add_attachment(
        b"\x89PNG" + b"1" * 2044, maintype="image", subtype="png", filename="box.png"
    )

    async def scenario() -> None:
        async with open_desk(live_server) as desk:
            window = desk.window
            window.docks.focus_enquiries()  # open before the emails come: they arrive live
            panel = window.docks.enquiries
            async with httpx.AsyncClient(base_url=live_server.url) as http:
                created = await http.post(
                    "/webhooks/email/raw", content=first.as_bytes(), headers=RELAY
                )
                enquiry_id = created.json()["enquiry"]
                again = mail(
                    f"Re: Photo of the box [ref {enquiry_id}]",
                    "It is the blister pack.\n\n> quoted",
                    "<desk-2@example.test>",
                )
                await http.post("/webhooks/email/raw", content=again.as_bytes(), headers=RELAY)
            await until(
                lambda: any(
                    "wrote again" in panel.list.item(i).text() for i in range(panel.list.count())
                ),
                what="the email and its follow-up in the inbox",
            )
            row = next(
                panel.list.item(i)
                for i in range(panel.list.count())
                if "Photo of the box" in panel.list.item(i).text()
            )
            assert "email" in row.text() and "attachments: 1" in row.text()
            assert "wrote again" in row.text()
            panel.list.setCurrentItem(row)
            panel.list.itemActivated.emit(row)
            await until(lambda: panel.current is not None and panel.current.id == enquiry_id)
            # Opened (and so read), its row still says it is an email with a file, written again.
            row = next(
                panel.list.item(i)
                for i in range(panel.list.count())
                if "Photo of the box" in panel.list.item(i).text()
            )
            assert "email" in row.text() and "attachments: 1" in row.text()
            assert "wrote again" in row.text()
            body = panel.body.toPlainText()
            assert body.startswith("My tablets arrived damaged, photo attached.")
            assert "It is the blister pack." in body and "> quoted" not in body
            assert "<" not in body  # plain text: neither the HTML part nor its script
            assert f"[ref {enquiry_id}]" in panel.sender.text()
            assert panel.attachments.isVisible()
            assert panel.attachments.text().endswith("box.png (image/png, 2 KB)")
            assert panel.attachments.textFormat() is Qt.TextFormat.PlainText

            # Ctrl+K in the reply puts an article's answer in (no conversation to note it on).
            await until(lambda: desk.desk.knowledge.articles, what="the articles")
            panel.answer.setFocus()
            qtbot.keyClick(panel.answer, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
            assert window.palette.isVisible() and window.palette.mode == "insert"
            qtbot.keyClicks(window.palette.input, "returning")
            article = window.palette.model.rows[0].match.entry.payload
            qtbot.keyClick(window.palette.input, Qt.Key.Key_Return)
            assert panel.answer.toPlainText() == article.answer
            assert panel.reply.isEnabled()

    aloop.run(scenario(), timeout=90)
