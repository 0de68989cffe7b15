"""App-call tokens: a budget of wrong tokens per line, a fallback to the challenge instead of a
refusal, leads alerted, and the pepper kept out of the database."""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select, update

from server.core.config import Settings, token_pepper_from_env
from server.core.orm import Conversation, EventRow, TokenFailure, utcnow
from tests.support import APP_KEY, CTI_PATH, aircall, patient

README = Path(__file__).resolve().parents[2] / "README.md"


async def digits(http, call_id: str, caller: str, entered: str, line: str = "+442079460000"):
    reply = await http.post(
        f"{CTI_PATH}/digits",
        json={"callId": call_id, "from": caller, "to": line, "digits": entered},
    )
    assert reply.status_code == 200, reply.text
    return reply.json()


async def test_a_wrong_token_falls_back_to_the_challenge(http, advisor, ctx) -> None:
    result = await digits(http, "w-1", "+447700900001", "000000")
    assert (result["matched"], result["throttled"], result["challenge"]) == (False, False, True)
    response = await http.post(
        "/webhooks/aircall", json=aircall("call.ringing_on_agent", 901, digits="123456")
    )
    assert response.status_code == 200 and response.json()["token_matched"] is False
    with ctx.db.reader() as session:
        pending = set(session.scalars(select(Conversation.pending)))
    assert pending == {"challenge"}


async def test_a_line_takes_its_budget_of_wrong_tokens_then_alerts_leads_and_challenges(
    http, advisor, ctx
) -> None:
    facts = patient(ctx, "pat_00031")
    token = await advisor.patient_app.create_call_token(facts.account_id, APP_KEY)
    budget = ctx.settings.app_token_line_budget_per_hour
    for n in range(budget):  # a different number each time: the per-number limit never bites
        result = await digits(http, f"g-{n}", f"+4477009{n:05d}", f"{n:06d}")
        assert result["throttled"] is False
    # The genuine caller, right token, right number: not tried, and not refused either.
    genuine = await digits(http, "genuine", facts.phone, token.token)
    assert (genuine["matched"], genuine["throttled"], genuine["challenge"]) == (False, True, True)
    with ctx.db.reader() as session:
        conv = session.get(Conversation, genuine["conversation_id"])
        assert conv is not None and (conv.pending, conv.account_id) == ("challenge", None)
        alerts = session.scalars(select(EventRow).where(EventRow.type == "security.alert")).all()
    assert [a.agent_id for a in alerts] == ["agent_lead"]  # once, to the leads only
    assert alerts[0].data["kind"] == "app_token_line_budget"
    # Another line is not held up by this one's budget.
    other = await digits(http, "other-line", facts.phone, token.token, line="+442079460001")
    assert other["matched"] is True and other["challenge"] is False
    # The budget is a rolling hour: once it has passed, tokens are tried again.
    with ctx.db.transaction() as session:
        session.execute(update(TokenFailure).values(at=utcnow() - timedelta(minutes=61)))
    again = await digits(http, "later", "+447700955555", "999999")
    assert again["throttled"] is False


async def test_a_right_token_from_a_number_not_on_the_account_counts_as_a_failure(
    http, advisor, ctx
) -> None:
    facts = patient(ctx, "pat_00032")
    token = await advisor.patient_app.create_call_token(facts.account_id, APP_KEY)
    result = await digits(http, "foreign", "+447700900777", token.token)
    assert (result["matched"], result["challenge"]) == (True, True)  # date of birth asked
    with ctx.db.reader() as session:
        assert session.scalar(select(func.count()).select_from(TokenFailure)) == 1


def test_the_readme_states_the_worst_case_guessing_chance_for_the_default_budget() -> None:
    budget = Settings(
        database_url="sqlite://", aircall_webhook_token="", intercom_client_secret="", cti_token=""
    ).app_token_line_budget_per_hour
    chance = budget * 24 / 10**6  # evaluated guesses a day, one live token among a million
    mantissa, exponent = f"{chance:.1e}".split("e")
    superscript = str(-int(exponent)).translate(str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹"))
    text = README.read_text(encoding="utf-8")
    assert f"{budget} wrong tokens" in text
    assert f"{mantissa} × 10⁻{superscript}" in text


def test_the_pepper_comes_from_the_environment_or_a_secret_file(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("CAREDESK_TOKEN_PEPPER", "from-the-environment-0123")
    assert token_pepper_from_env() == "from-the-environment-0123"
    monkeypatch.delenv("CAREDESK_TOKEN_PEPPER")
    secret = tmp_path / "pepper"
    secret.write_text("from-a-mounted-secret-file\n", encoding="utf-8")
    monkeypatch.setenv("CAREDESK_TOKEN_PEPPER_FILE", str(secret))
    assert token_pepper_from_env() == "from-a-mounted-secret-file"
    monkeypatch.setenv("CAREDESK_TOKEN_PEPPER_FILE", str(tmp_path / "missing"))
    with pytest.raises(SystemExit, match="cannot be read"):
        token_pepper_from_env()
    # Nothing configured: a file of its own, readable by its owner only.
    monkeypatch.delenv("CAREDESK_TOKEN_PEPPER_FILE")
    monkeypatch.setattr("platformdirs.user_config_dir", lambda *a, **k: str(tmp_path / "cfg"))
    made = token_pepper_from_env()
    stored = tmp_path / "cfg" / "token-pepper"
    assert stored.read_text(encoding="utf-8") == made and len(made) >= 32
    assert os.stat(stored).st_mode & 0o077 == 0
    assert token_pepper_from_env() == made  # the same one on the next start


def test_the_database_has_no_table_for_secrets(ctx) -> None:
    from sqlalchemy import inspect

    assert "server_secrets" not in inspect(ctx.db.engine).get_table_names()
