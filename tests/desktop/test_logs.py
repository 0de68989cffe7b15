"""Logs hold no patient data: a whole demo call with both the desk and the server at DEBUG, then
both logs searched for the caller's name, date of birth, postcode, phone and NHS number. And an
error nobody caught is logged and reported without its message (values live there)."""

from __future__ import annotations

import logging
import sys
import threading
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from backend_client import models as m
from desktop import demo_launcher, logs
from desktop.app import DeskApp
from desktop.config import DeskConfig
from desktop.crash import CrashReporter
from desktop.demo_calls import DemoCalls
from tests.desktop.conftest import Loop, until


@pytest.fixture
def desk_log(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.setenv("CAREDESK_LOG_DIR", str(tmp_path / "logs"))
    root = logging.getLogger()
    level, handlers = root.level, list(root.handlers)
    path = logs.setup("debug")
    assert path is not None
    try:
        yield path
    finally:
        for handler in list(root.handlers):
            if handler not in handlers:
                root.removeHandler(handler)
                handler.close()
        root.setLevel(level)


def test_a_whole_demo_call_at_debug_leaves_no_patient_data_in_either_log(
    aloop: Loop, desk_log: Path, tmp_path: Path
) -> None:
    backend = demo_launcher.spawn(tmp_path / "demo", log_level="debug")
    found: list[m.Identity] = []

    async def scenario() -> None:
        fixtures = backend.wait_ready()
        app = DeskApp(QApplication.instance(), DeskConfig(server_url=fixtures.url), demo=fixtures)  # type: ignore[arg-type]
        try:
            await app.start()
            desk = app.desk
            calls = DemoCalls(fixtures)
            await calls.app_token_caller()
            await until(lambda: desk.conversations.rowCount() == 1, 15, "the call")
            await calls.answer_ringing()
            await until(lambda: desk.snapshot is not None, 15, "the account")
            assert desk.snapshot is not None and desk.current is not None
            identity = desk.snapshot.identity
            found.append(identity)
            # The address finder: the postcode travels in a query string.
            looked_up: list[str] = []
            desk.forms.addressesFound.connect(lambda postcode, _found: looked_up.append(postcode))
            desk.forms.lookup_addresses(identity.address.postcode)
            await until(lambda: looked_up, 15, "the address lookup")
            # A workflow run with the patient's details in its inputs.
            assert desk.client is not None
            await desk.client.actions.run(
                "change_address",
                m.ActionRequest(
                    conversation_id=desk.current.id,
                    workflow_id="change_address",
                    inputs={
                        "line1": identity.address.line1,
                        "city": identity.address.city,
                        "postcode": identity.address.postcode,
                    },
                ),
                account_id=identity.account_id,
                idempotency_key=uuid.uuid4().hex,
            )
            desk.wrap_up.end_conversation()
            await until(
                lambda: (
                    desk.current is not None and desk.current.state is m.ConversationState.WRAP_UP
                ),
                15,
                "wrap-up",
            )
            desk.wrap_up.close_conversation(
                "resolved", f"Spoke to {identity.name} about the address"
            )
            await until(lambda: desk.current is None, 15, "the close")
        finally:
            await app.desk.aclose()
            app.window.close()

    try:
        aloop.run(scenario(), timeout=90)
    finally:
        backend.stop()
    for handler in logging.getLogger().handlers:
        handler.flush()
    desk_text = desk_log.read_text(encoding="utf-8")
    server_text = backend.output()
    (identity,) = found
    secrets = [
        identity.name,
        *identity.name.split(),
        identity.date_of_birth.isoformat(),
        identity.date_of_birth.strftime("%d/%m/%Y"),
        identity.address.postcode,
        identity.address.postcode.replace(" ", ""),
        identity.address.postcode.replace(" ", "%20"),
        identity.address.line1,
        *identity.phones,
        *(p.lstrip("+") for p in identity.phones),
    ]
    if identity.nhs_number:
        secrets.append(identity.nhs_number)
    # Both logs really are at DEBUG and cover the call…
    assert " DEBUG " in desk_text and "caredesk" in desk_text
    assert "/v1/addresses?[redacted]" in server_text
    assert "/actions/change_address" in server_text
    # …and hold none of the caller's details.
    for name, text in (("desk", desk_text), ("server", server_text)):
        leaked = [s for s in secrets if len(s) >= 4 and s in text]
        assert not leaked, f"the {name} log holds {leaked}"


def test_an_uncaught_error_is_logged_and_reported_without_its_message(
    qtbot,
    desk_log: Path,  # type: ignore[no-untyped-def]
) -> None:
    reporter = CrashReporter()
    reporter.install()
    try:
        name, born, postcode = "Jane Example", "12/03/1961", "SW1A 1AA"
        try:
            raise ValueError(f"{name}, {born}, {postcode}")
        except ValueError as exc:
            with qtbot.waitSignal(reporter.reported, timeout=5000):
                sys.excepthook(type(exc), exc, exc.__traceback__)
        qtbot.waitUntil(lambda: reporter.dialog is not None and reporter.dialog.isVisible())
        dialog = reporter.dialog
        assert dialog is not None
        text = dialog.details.toPlainText()
        assert "builtins.ValueError (message withheld)" in text
        assert "test_logs.py" in text
        assert "Jane" not in text and "SW1A" not in text
        dialog.copy.click()
        assert QApplication.clipboard().text() == text
        logging.getLogger().handlers[-1].flush()
        logged = desk_log.read_text(encoding="utf-8")
        assert "builtins.ValueError (message withheld)" in logged and "Jane" not in logged
        dialog.close()
    finally:
        sys.excepthook = sys.__excepthook__
        threading.excepthook = threading.__excepthook__


async def test_a_server_failure_gives_the_advisor_a_reference_that_finds_its_log_line(
    live_server, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """A 500: the advisor's message and the error report carry the request id, and the
    server's log line for that failure carries the same id."""
    from backend_client import CareDeskClient, errors
    from desktop.controllers.explain import explain
    from desktop.crash import report
    from server.routes import misc

    def broken(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("Jane Example, 12/03/1961")

    monkeypatch.setattr(misc.addresses, "lookup", broken)
    caplog.set_level(logging.ERROR, logger="caredesk.server")
    async with CareDeskClient(live_server.url) as client:
        await client.login("advisor", "demo")
        with pytest.raises(errors.ServerError) as failed:
            await client.accounts.addresses("SW1A 1AA")
    rid = failed.value.request_id
    assert rid
    shown = explain(failed.value)
    assert shown.endswith(f"Reference for the service desk: {rid}")
    assert f"Server request: {rid}" in report(failed.value, "the address finder")
    logged = [r.getMessage() for r in caplog.records if rid in r.getMessage()]
    assert logged and "RuntimeError" in logged[0] and "Jane" not in logged[0]
