"""Markup in every patient field is shown as the characters it is, never rendered."""

from __future__ import annotations

import httpx
from PySide6.QtCore import Qt
from PySide6.QtGui import Qt as QtGui
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QLabel, QWidget
from sqlalchemy import select

from server.core.orm import Account, Issue, Note, Order, Prescription, Representative, utcnow
from tests.desktop.conftest import Loop, open_desk, until, widget_text
from tests.support import APP_KEY, aircall, patient

MARKUP = "<h1 style=color:red>LEAD APPROVED</h1>"


def poison(ctx, account_id: str) -> None:
    """Markup in every field of the account that the desk shows."""
    with ctx.db.transaction() as session:
        account = session.get(Account, account_id)
        assert account is not None
        account.last_name = f"Smith {MARKUP}"
        account.address_line1 = f"1 {MARKUP} Street"
        account.city = MARKUP
        account.email = f"{MARKUP}@example.test"
        account.flags = [MARKUP]
        account.exemption = MARKUP
        session.add(Representative(account_id=account_id, name=MARKUP, relationship_="carer"))
        for order in session.scalars(select(Order).where(Order.account_id == account_id)):
            order.lines = [{"medicine": MARKUP, "quantity": 28}]
            order.carrier = MARKUP
        for rx in session.scalars(
            select(Prescription).where(Prescription.account_id == account_id)
        ):
            rx.medicine = MARKUP
        session.add(
            Issue(
                id="iss_markup",
                account_id=account_id,
                kind="complaint",
                team=MARKUP,
                title=MARKUP,
                status="open",
                created_at=utcnow(),
            )
        )
        session.add(
            Note(
                id="note_markup",
                account_id=account_id,
                agent_id="agent_lead",
                body=MARKUP,
                created_at=utcnow(),
            )
        )


def shown(rich: str) -> str:
    """What a tooltip's rich text displays: escaped markup comes back as its characters."""
    document = QTextDocument()
    document.setHtml(rich)
    return document.toPlainText()


def rendered_as_rich_text(root: QWidget) -> list[str]:
    """Widgets that would render MARKUP: labels not in plain-text mode holding text Qt takes
    for rich text, and tooltips (always rendered when they look like rich text)."""
    found = []
    for widget in [root, *root.findChildren(QWidget)]:
        rich_label = (
            isinstance(widget, QLabel)
            and widget.textFormat() != Qt.TextFormat.PlainText
            and QtGui.mightBeRichText(widget.text())
        )
        if rich_label and "LEAD APPROVED" in widget.text():  # type: ignore[union-attr]
            found.append(f"{widget.objectName() or type(widget).__name__}: label")
        tip = widget.toolTip()
        if "LEAD APPROVED" in tip and QtGui.mightBeRichText(tip) and MARKUP not in shown(tip):
            found.append(f"{widget.objectName() or type(widget).__name__}: tooltip")
    return found


def test_no_widget_renders_markup_from_the_server(aloop: Loop, live_server) -> None:
    async def scenario() -> None:
        async with open_desk(live_server) as desk:
            facts = patient(live_server.ctx, "pat_00061")
            poison(live_server.ctx, facts.account_id)
            async with httpx.AsyncClient(base_url=live_server.url) as http:
                token = (
                    await http.post(
                        "/v1/patient/app-call-tokens",
                        json={"account_id": facts.account_id},
                        headers={"Authorization": f"Bearer {APP_KEY}"},
                    )
                ).json()["token"]
                for envelope in (
                    aircall("call.ringing_on_agent", 61, raw_digits=facts.phone, digits=token),
                    aircall("call.answered", 61, raw_digits=facts.phone, answered=True),
                ):
                    (await http.post("/webhooks/aircall", json=envelope)).raise_for_status()
            account = desk.window.account
            await until(lambda: "LEAD APPROVED" in account.name.text(), what="the account")
            # Every poisoned field reached the screen, as the characters it is…
            shown = widget_text(desk.window)
            assert shown.count(MARKUP) >= 8, shown
            # …and nothing anywhere renders it.
            assert rendered_as_rich_text(desk.window) == []

    aloop.run(scenario(), timeout=90)
