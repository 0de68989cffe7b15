"""The desk as an advisor uses it, against a real server on loopback."""

from __future__ import annotations

import httpx
import keyring
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit

from backend_client import models as m
from desktop import session
from desktop.app import DeskApp, make_client
from desktop.config import DeskConfig
from desktop.controllers.desk import DeskController
from desktop.session import SERVICE, TokenStore
from desktop.state import Roles
from desktop.views.sign_in import SignInDialog
from server.core.orm import utcnow
from server.identity import login_throttle
from tests.desktop.conftest import Loop, open_desk, until, widget_text
from tests.live_server import LiveServer, free_port
from tests.support import APP_KEY, aircall, intercom, patient, sign


async def post_aircall(server: LiveServer, *envelopes: dict) -> None:
    async with httpx.AsyncClient(base_url=server.url) as http:
        for env in envelopes:
            (await http.post("/webhooks/aircall", json=env)).raise_for_status()


def rows(desk: DeskApp) -> list[m.Conversation]:
    model = desk.desk.conversations
    return [model.data(model.index(i), Roles.CONVERSATION) for i in range(model.rowCount())]


def test_aircall_ring_puts_the_row_in_the_panel_and_notifies(aloop: Loop, live_server) -> None:
    async def scenario() -> None:
        async with open_desk(live_server) as desk:
            await post_aircall(live_server, aircall("call.ringing_on_agent", 1))
            await until(lambda: len(rows(desk)) == 1, what="the row")
            [row] = rows(desk)
            assert (row.state, row.caller.display, row.caller.name) == (
                "ringing",
                "020 7946 0321",
                None,
            )
            assert desk.window.panel.header.text() == "Conversations · 1 · 1 ringing"
            assert desk.notifier.shown == [("Incoming call", "020 7946 0321")]
            # Ringing sorts first, above a call already in progress.
            await post_aircall(
                live_server,
                aircall("call.answered", 2, answered=True, raw_digits="+44 113 496 0111"),
            )
            await until(lambda: len(rows(desk)) == 2)
            assert [r.state for r in rows(desk)] == ["ringing", "active"]

    aloop.run(scenario(), timeout=90)


def test_answer_then_challenge_then_verified_then_snapshot(aloop: Loop, live_server, qtbot) -> None:
    async def scenario() -> None:
        async with open_desk(live_server) as desk:
            facts = patient(live_server.ctx, "pat_00041")
            await post_aircall(live_server, aircall("call.ringing_on_agent", 3))
            await until(lambda: rows(desk))
            assert desk.window.stack.currentWidget() is desk.window.empty
            await post_aircall(live_server, aircall("call.answered", 3, answered=True))
            view = desk.window.challenge
            await until(
                lambda: desk.window.stack.currentWidget() is view and len(view.fields) == 4,
                what="questions",
            )
            assert view.isVisible() and view.objectName() == "challengeView"
            fact_label = desk.window.challenge.form.labelForField(view.fields["fact"]).text()
            fact = facts.address_line1 if "address" in fact_label else facts.medicine_name
            # Keyboard only: type each answer and press Enter; Enter on the last one submits.
            for key, text in (
                ("full_name", facts.full_name.lower()),
                ("date_of_birth", facts.date_of_birth.strftime("%d/%m/%Y")),
                ("postcode", facts.postcode.replace(" ", "")),
                ("fact", fact),
            ):
                field: QLineEdit = view.fields[key]
                assert field.hasFocus() or key == "full_name"
                qtbot.keyClicks(field, text)
                qtbot.keyClick(field, Qt.Key.Key_Return)
            account = desk.window.account
            await until(
                lambda: desk.window.stack.currentWidget() is account and account.name.text(),
                what="snapshot",
            )
            assert account.name.text() == facts.full_name
            assert account.tiles["orders"].value.text().isdigit()
            assert account.orders_model.rowCount() >= 1
            [row] = rows(desk)
            assert (row.auth_state, row.caller.name) == ("verified_challenge", facts.full_name)

    aloop.run(scenario(), timeout=90)


def test_app_token_call_opens_the_account_directly(aloop: Loop, live_server) -> None:
    async def scenario() -> None:
        async with open_desk(live_server) as desk:
            facts = patient(live_server.ctx, "pat_00042")

            async def call() -> None:
                async with httpx.AsyncClient(base_url=live_server.url) as http:
                    token = (
                        await http.post(
                            "/v1/patient/app-call-tokens",
                            json={"account_id": facts.account_id},
                            headers={"Authorization": f"Bearer {APP_KEY}"},
                        )
                    ).json()["token"]
                await post_aircall(
                    live_server,
                    aircall("call.ringing_on_agent", 4, raw_digits=facts.phone, digits=token),
                    aircall("call.answered", 4, raw_digits=facts.phone, answered=True),
                )

            await call()
            account = desk.window.account
            await until(lambda: account.name.text() == facts.full_name, what="the account")
            assert desk.window.stack.currentWidget() is account
            assert desk.window.challenge.fields == {}

    aloop.run(scenario(), timeout=90)


def test_chat_opens_the_account_directly(aloop: Loop, live_server) -> None:
    async def scenario() -> None:
        async with open_desk(live_server) as desk:
            facts = patient(live_server.ctx, "pat_00043")

            async def chat() -> None:
                import json

                async with httpx.AsyncClient(base_url=live_server.url) as http:
                    for n, topic in enumerate(
                        ("conversation.user.created", "conversation.admin.assigned")
                    ):
                        body = json.dumps(
                            intercom(topic, "chat-1", f"n{n}", external_id=facts.account_id)
                        ).encode()
                        (
                            await http.post(
                                "/webhooks/intercom",
                                content=body,
                                headers={
                                    "X-Hub-Signature": sign(body),
                                    "Content-Type": "application/json",
                                },
                            )
                        ).raise_for_status()

            await chat()
            await until(
                lambda: desk.window.account.name.text() == facts.full_name, what="the account"
            )
            [row] = rows(desk)
            assert (row.channel, row.auth_state) == ("chat", "verified_app")

    aloop.run(scenario(), timeout=90)


def test_server_restart_mid_shift_reconnects_and_loses_nothing(
    aloop: Loop, live_server: LiveServer
) -> None:
    async def scenario() -> None:
        async with open_desk(live_server) as desk:
            await post_aircall(
                live_server,
                aircall("call.ringing_on_agent", 5),
                aircall("call.answered", 6, answered=True, raw_digits="+44 113 496 0222"),
            )
            await until(lambda: len(rows(desk)) == 2)
            seen: list[str] = []
            desk.desk.connection.changed.connect(
                lambda: seen.append(desk.window.status.connection_label.text())
            )
            live_server.stop()
            await until(
                lambda: any(t.startswith(("Reconnecting", "Offline")) for t in seen),
                what="Reconnecting",
            )
            assert desk.window.status.connection_label.property("state") in (
                "reconnecting",
                "offline",
            )
            live_server.start()  # same port, same database
            # A call that arrives just after the restart reaches the desk too.
            await post_aircall(
                live_server, aircall("call.ringing_on_agent", 7, raw_digits="+44 113 496 0333")
            )
            await until(
                lambda: desk.window.status.connection_label.text() == "● Live",
                timeout=20,
                what="Live again",
            )
            await until(lambda: len(rows(desk)) == 3, what="all three conversations")
            assert {r.caller.display for r in rows(desk)} == {
                "020 7946 0321",
                "0113 496 0222",
                "0113 496 0333",
            }

    aloop.run(scenario(), timeout=90)


def test_locked_challenge_shows_no_patient_data_anywhere(aloop: Loop, live_server, qtbot) -> None:
    async def scenario() -> None:
        async with open_desk(live_server) as desk:
            facts = patient(live_server.ctx, "pat_00044")
            await post_aircall(live_server, aircall("call.answered", 8, answered=True))
            view = desk.window.challenge
            await until(lambda: len(view.fields) == 4, what="questions")
            for attempt in range(3):
                for key, text in (
                    ("full_name", facts.full_name),
                    ("date_of_birth", "01/01/1901"),
                    ("postcode", facts.postcode),
                    ("fact", "nothing"),
                ):
                    view.fields[key].setText(text)
                qtbot.keyClick(view.fields["fact"], Qt.Key.Key_Return)
                if attempt < 2:
                    await until(
                        lambda left=2 - attempt: view.attempts.text().startswith(str(left)),
                        what="a verdict",
                    )
            await until(lambda: "Locked" in view.banner.text(), what="locked")
            assert not view.verify.isEnabled()
            [row] = rows(desk)
            assert row.auth_state == "locked" and desk.desk.snapshot is None
            text = widget_text(desk.window)
            for value in [*facts.secrets(), facts.full_name, facts.first_name, facts.last_name]:
                assert value not in text, f"patient data left in the widgets: {value!r}"

    aloop.run(scenario(), timeout=90)


def test_sign_in_messages(aloop: Loop, live_server: LiveServer, qtbot) -> None:
    desk = DeskController(make_client)
    dialog = SignInDialog(desk.session.sign_in, live_server.url)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.objectName() == "signInDialog"

    async def attempt(url: str, user: str, password: str) -> str:
        dialog.message.clear_message()
        dialog.server.setText(url)
        dialog.username.setText(user)
        dialog.password.setText(password)
        qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
        await until(lambda: dialog.message.isVisible() or dialog.result(), what="an answer")
        return dialog.message.text()

    async def scenario() -> None:
        assert (
            await attempt(live_server.url, "advisor", "wrong")
            == "The username or password is not right."
        )
        unreachable = await attempt(f"http://127.0.0.1:{free_port()}", "advisor", "demo")
        assert unreachable.startswith("Cannot reach the CareDesk server at http://127.0.0.1:")
        # Failed sign-ins from this address earlier in the window: the next try must wait
        # (written to the server's database, so the wait is minutes, not a race with the clock).
        keys = login_throttle.keys(live_server.settings, "advisor", "127.0.0.1")
        with live_server.ctx.db.transaction() as session:
            for _ in range(10):
                login_throttle.record_failure(session, keys, utcnow())
        throttled = await attempt(live_server.url, "advisor", "demo")
        assert throttled.startswith("Too many failed sign-ins: wait ")
        assert dialog.password.text() == ""
        assert not dialog.result()
        await desk.aclose()

    aloop.run(scenario(), timeout=90)


def answered(route: str) -> float:
    """Requests the in-process test server answered on ``route`` with 200 so far."""
    from prometheus_client import REGISTRY

    labels = {"route": route, "method": "POST" if "auth" in route else "GET", "status": "200"}
    return REGISTRY.get_sample_value("caredesk_http_requests_total", labels) or 0.0


def test_session_is_kept_in_the_keyring_and_forgotten_at_sign_out(
    aloop: Loop, live_server: LiveServer
) -> None:
    qapp = QApplication.instance()
    config = DeskConfig(server_url=live_server.url)

    async def scenario() -> None:
        first = DeskApp(qapp, config)  # type: ignore[arg-type]
        await first.desk.session.sign_in(live_server.url, "pharmacist", "demo")
        await session.flush()  # the keyring is written off the UI thread
        stored = TokenStore(live_server.url).load()
        assert stored and keyring.get_password(SERVICE, TokenStore(live_server.url).key) == stored
        await first.desk.aclose()
        # The next start signs in silently with what the keyring holds, in one request: the
        # refresh names the agent, so /v1/me is not asked before the first frame.
        asked = {path: answered(path) for path in ("/v1/auth/refresh", "/v1/me")}
        second = DeskApp(qapp, config)  # type: ignore[arg-type]
        await second.start()
        await until(lambda: second.window.isVisible())
        assert {path: answered(path) - n for path, n in asked.items()} == {
            "/v1/auth/refresh": 1,
            "/v1/me": 0,
        }
        assert second.desk.me is not None and second.desk.me.username == "pharmacist"
        assert second.window.status.agent_label.text() == "Priya Shah · pharmacist"
        await second.desk.session.sign_out()
        assert TokenStore(live_server.url).load() is None
        assert not second.window.isVisible()
        assert second.dialog is not None and second.dialog.isVisible()
        second.dialog.close()

    aloop.run(scenario(), timeout=90)


def test_the_desks_clients_share_one_verifying_tls_context() -> None:
    """Made once on a starter thread at the start (desktop.app.tls_context), and httpx's own
    defaults: the certificate checked, and the host name with it."""
    import ssl

    from desktop.app import tls_context

    first, second = make_client("https://caredesk.example"), make_client("https://other.example")
    contexts = {id(c._http._transport._pool._ssl_context) for c in (first, second)}  # type: ignore[attr-defined]
    assert contexts == {id(tls_context())}
    assert tls_context().verify_mode is ssl.CERT_REQUIRED and tls_context().check_hostname
