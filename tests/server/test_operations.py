"""What an operations team relies on: /metrics, /livez and /readyz, the request id in every
answer, and the refusal to run Twilio unverifiable behind a proxy."""

from __future__ import annotations

import asyncio
import re
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families
from sqlalchemy import text

from backend_client import CareDeskClient, StreamStatus
from backend_client import models as m
from server.__main__ import main as server_main
from server.__main__ import public_url_problem
from server.app import create_app
from server.core.config import Settings
from server.core.db import Database, migrate
from server.seed import seed
from tests.live_server import LiveServer
from tests.postgres import PostgresCluster
from tests.support import APP_KEY, aircall, patient, until

BORROWED = "+44 113 496 0999"
ANY_ADDRESS = "0.0.0.0"  # noqa: S104 - never bound: the command refuses before it listens
Samples = dict[tuple[str, tuple[tuple[str, str], ...]], float]


def samples(text: str) -> Samples:
    found: Samples = {}
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            found[(sample.name, tuple(sorted(sample.labels.items())))] = sample.value
    return found


def value(found: Samples, name: str, **labels: str) -> float:
    return found.get((name, tuple(sorted(labels.items()))), 0.0)


async def scrape(http: httpx.AsyncClient) -> tuple[str, Samples]:
    reply = await http.get("/metrics")
    assert reply.status_code == 200, reply.text
    assert reply.headers["content-type"].startswith("text/plain")
    return reply.text, samples(reply.text)


async def test_metrics_name_the_series_after_a_call_and_carry_no_patient_value(
    live_server: LiveServer,
) -> None:
    assert live_server.ctx is not None
    facts = patient(live_server.ctx, "pat_00012")
    call_id = 987_654_321
    async with (
        httpx.AsyncClient(base_url=live_server.url, timeout=10) as http,
        CareDeskClient(live_server.url) as advisor,
    ):
        await advisor.login("advisor", "demo")
        _, before = await scrape(http)
        stream = advisor.events.stream(0)
        first = asyncio.ensure_future(anext(stream))
        # The patient calls from the app on a borrowed phone: a date-of-birth check, wrong once
        # and then right.
        token = await advisor.patient_app.create_call_token(facts.account_id, APP_KEY)
        rang = await http.post(
            "/webhooks/aircall",
            json=aircall("call.ringing_on_agent", call_id, raw_digits=BORROWED, digits=token.token),
        )
        assert rang.status_code == 200
        refused = await http.post(
            "/webhooks/aircall", json=aircall("call.created", call_id + 1, token="not-the-token")
        )
        assert refused.status_code == 401
        event = await asyncio.wait_for(first, 10)
        conv = (await advisor.conversations.list()).items[0]
        for dob in ("01/01/1901", facts.date_of_birth.strftime("%d/%m/%Y")):
            await advisor.challenge.submit(
                conv.id,
                m.ChallengeAnswers(
                    caller_type=m.CallerType.PATIENT, answers={"date_of_birth": dob}
                ),
            )
        text, after = await scrape(http)
        await stream.aclose()

    def grew(name: str, **labels: str) -> float:
        return value(after, name, **labels) - value(before, name, **labels)

    assert event.type
    assert grew("caredesk_webhooks_received_total", vendor="aircall") == 2
    assert (
        grew("caredesk_webhooks_rejected_total", vendor="aircall", reason="bad_webhook_token") == 1
    )
    assert (
        grew("caredesk_http_requests_total", route="/webhooks/aircall", method="POST", status="200")
        == 1
    )
    assert (
        grew(
            "caredesk_http_request_duration_seconds_count",
            route="/webhooks/aircall",
            method="POST",
        )
        == 2
    )
    assert grew("caredesk_events_appended_total", type=event.type) >= 1
    assert grew("caredesk_events_delivered_total") >= 1
    assert grew("caredesk_event_delivery_lag_seconds_count") >= 1
    assert value(after, "caredesk_sse_streams_open") >= 1
    assert grew("caredesk_challenge_outcomes_total", caller_type="patient", outcome="verified") == 1
    assert (
        grew("caredesk_challenge_outcomes_total", caller_type="patient", outcome="not_verified")
        == 1
    )
    assert ("caredesk_outbox_depth", (("outbox", "sms"), ("state", "queued"))) in after
    assert ("caredesk_db_connections_in_use", (("pool", "writer"),)) in after
    assert value(after, "caredesk_ready") == 1
    if live_server.ctx.db.dialect == "postgresql":
        assert grew("caredesk_writer_lock_wait_seconds_count") >= 1

    # Nothing of the patient, the call or the token, in any name, label or help text, and no
    # sample whose value is one of them. (Searching the whole text found the six random digits
    # of the app-call token inside a latency's digits now and then: 0.0040413999977317.)
    described = "\n".join(
        line if line.startswith("#") else line.rsplit(" ", 1)[0] for line in text.splitlines()
    )
    values = {
        line.rsplit(" ", 1)[1] for line in text.splitlines() if line and not line.startswith("#")
    }
    assert 'vendor="aircall"' in described and "caredesk_webhooks_received" in described
    digits = re.sub(r"\D", "", facts.phone)
    for secret in (
        re.sub(r"\D", "", BORROWED),
        facts.account_id,
        facts.first_name,
        facts.last_name,
        facts.postcode,
        digits,
        digits[-9:],
        str(call_id),
        token.token,
        conv.id,
        facts.date_of_birth.strftime("%d/%m/%Y"),
    ):
        assert secret not in described, f"the metrics carry {secret!r}"
        if secret.isdigit():
            assert not {secret, f"{secret}.0", f"{float(secret)}"} & values, secret
    for name, labels in after:
        for _, label in labels:
            assert not re.search(r"\d{5,}|pat_|conv_|@", label), (name, label)


async def test_metrics_ask_for_their_token_when_one_is_set(settings: Settings) -> None:
    app = create_app(replace(settings, metrics_token="scrape-me-please"))
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as http:
        assert (await http.get("/metrics")).status_code == 401
        wrong = await http.get("/metrics", headers={"Authorization": "Bearer nope"})
        assert wrong.status_code == 401
        right = await http.get("/metrics", headers={"Authorization": "Bearer scrape-me-please"})
        assert right.status_code == 200 and "caredesk_http_requests_total" in right.text
        # The probes never ask: an orchestrator calls them bare.
        assert (await http.get("/livez")).status_code == 200
    app.state.ctx.close()


async def test_every_answer_carries_its_request_id(http: httpx.AsyncClient) -> None:
    fresh = await http.get("/livez")
    assert re.fullmatch(r"[0-9a-f]{16}", fresh.headers["x-request-id"])
    given = await http.get("/v1/health", headers={"X-Request-ID": "lb-7f3a.2"})
    assert given.headers["x-request-id"] == "lb-7f3a.2"
    # An id that could forge a log line is replaced, not echoed.
    forged = await http.get("/livez", headers={"X-Request-ID": 'x" level=error'})
    assert forged.headers["x-request-id"] != 'x" level=error'
    refused = await http.get("/v1/conversations")
    assert refused.status_code == 401
    assert refused.json()["error"]["request_id"] == refused.headers["x-request-id"]


async def test_not_ready_while_draining_or_behind_the_migrations(
    settings: Settings, tmp_path: Path
) -> None:
    app = create_app(settings)
    ctx = app.state.ctx
    transport = httpx.ASGITransport(app=app)
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(transport=transport, base_url="http://t") as http,
    ):
        ready = await until_status(http, "/readyz", 200)  # PostgreSQL: once LISTEN is up
        assert ready.json()["checks"]["migrations"] == "ok"
        with ctx.db.transaction() as session:
            session.execute(text("UPDATE alembic_version SET version_num = 'older'"))
        behind = await http.get("/readyz")
        assert behind.status_code == 503
        assert "older" in behind.json()["checks"]["migrations"]
        with ctx.db.transaction() as session:
            session.execute(
                text("UPDATE alembic_version SET version_num = :v"), {"v": ctx.schema_head}
            )
        assert (await http.get("/readyz")).status_code == 200
        ctx.begin_drain()
        draining = await http.get("/readyz")
        assert draining.status_code == 503 and draining.json()["checks"]["draining"] == "yes"
        assert (await http.get("/livez")).status_code == 200  # alive: do not restart it
        signed_in = await http.post(
            "/v1/auth/login", json={"username": "advisor", "password": "demo"}
        )
        token = signed_in.json()["access_token"]
        stream = await http.get("/v1/events", headers={"Authorization": f"Bearer {token}"})
        assert stream.status_code == 503 and stream.json()["error"]["code"] == "draining"
        assert stream.headers["retry-after"] == "1"
    ctx.close()


@pytest.fixture
def own_postgres() -> Iterator[PostgresCluster]:
    """A PostgreSQL of this test's own, to stop and start again."""
    cluster = PostgresCluster(max_connections=40).start()
    yield cluster
    cluster.stop()


async def until_status(http: httpx.AsyncClient, path: str, status: int) -> httpx.Response:
    """Ask until ``path`` answers ``status`` (a restarting database takes a moment), up to 20 s."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + 20
    while True:
        reply = await http.get(path)
        if reply.status_code == status:
            return reply
        assert loop.time() < deadline, f"{path} still answers {reply.status_code}: {reply.text}"
        await asyncio.sleep(0.1)  # polling a probe, as an orchestrator does


async def test_readiness_follows_the_database_down_and_back(
    own_postgres: PostgresCluster, settings: Settings
) -> None:
    url = own_postgres.create_database("ready")
    db = Database(url)
    migrate(db.engine)
    with db.transaction() as session:
        seed(session, patients=20)
    db.dispose()
    server = LiveServer(replace(settings, database_url=url))
    server.start()
    try:
        async with httpx.AsyncClient(base_url=server.url, timeout=5) as http:
            ready = await until_status(http, "/readyz", 200)  # once LISTEN is up
            assert ready.json()["checks"] == {
                "database": "ok",
                "migrations": "ok",
                "event_notifications": "ok",
                "draining": "ok",
            }
            own_postgres.halt()
            down = await until_status(http, "/readyz", 503)
            assert down.json()["checks"]["database"].startswith("unreachable")
            assert (await http.get("/livez")).status_code == 200
            own_postgres.restart()
            back = await until_status(http, "/readyz", 200)
            assert back.json()["checks"]["event_notifications"] == "ok"
    finally:
        server.stop()


def test_twilio_behind_a_proxy_needs_the_public_url(
    settings: Settings, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    twilio = replace(settings, twilio_account_sid="AC123", twilio_auth_token="secret")
    problem = public_url_problem(twilio, ANY_ADDRESS)
    assert problem is not None and "CAREDESK_PUBLIC_URL" in problem
    for loopback in ("127.0.0.1", "::1", "localhost"):
        assert public_url_problem(twilio, loopback) is None
    assert (
        public_url_problem(replace(twilio, public_url="https://cd.example.org"), ANY_ADDRESS)
        is None
    )
    assert public_url_problem(settings, ANY_ADDRESS) is None  # no Twilio: nothing to sign
    # The command refuses to start, before it opens the database or a port.
    monkeypatch.setenv("CAREDESK_TWILIO_ACCOUNT_SID", "AC123")
    monkeypatch.setenv("CAREDESK_TWILIO_AUTH_TOKEN", "secret")
    monkeypatch.setenv("CAREDESK_TOKEN_PEPPER", "a-pepper-of-sixteen-or-more")
    monkeypatch.delenv("CAREDESK_PUBLIC_URL", raising=False)
    monkeypatch.setenv("CAREDESK_DATABASE_URL", "sqlite:////nonexistent/never-opened.sqlite3")
    assert server_main(["--host", ANY_ADDRESS, "--port", "1"]) == 2
    assert "CAREDESK_PUBLIC_URL" in capsys.readouterr().err


async def test_a_drained_stream_sends_the_desk_back_after_its_hint(
    live_server: LiveServer,
) -> None:
    assert live_server.ctx is not None
    ctx = live_server.ctx
    statuses: list[StreamStatus] = []
    async with (
        httpx.AsyncClient(base_url=live_server.url, timeout=10) as http,
        CareDeskClient(live_server.url) as advisor,
    ):
        await advisor.login("advisor", "demo")
        stream = advisor.events.stream(0, on_status=statuses.append)
        await http.post("/webhooks/aircall", json=aircall("call.ringing_on_agent", 71))
        first = await asyncio.wait_for(anext(stream), 10)
        # The worker is told to stop; the desk's next connection lands on a worker that is
        # not (here: the same one, no longer draining).
        nxt = asyncio.ensure_future(anext(stream))
        ctx.begin_drain()
        await until(lambda: any(not s.live for s in statuses))
        ctx.draining = ctx.hub.draining = False
        await http.post("/webhooks/aircall", json=aircall("call.ringing_on_agent", 72))
        second = await asyncio.wait_for(nxt, 10)
        await stream.aclose()
    assert second.id > first.id
    parting = next(s for s in statuses if not s.live)
    assert parting.error == "The server is restarting."
    assert parting.retry_in is not None and 0.5 <= parting.retry_in <= 1.0
    assert statuses[-1].live
