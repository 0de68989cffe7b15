"""Arbitrary JSON at every webhook, authenticated so it reaches the parsing: never a 5xx.

At least 2,000 bodies per webhook, shaped like each vendor's envelope with any JSON in any
field, plus the cases that used to crash: invalid UTF-8, lone surrogates, wrong types where
names belong, and nesting a thousand levels deep.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.live_server import LiveServer
from tests.support import AIRCALL_TOKEN, CTI_PATH, INTERCOM_SECRET, sign

BODIES = 2000

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=False),
    st.text(max_size=30),
    st.sampled_from(
        [
            "call.ringing_on_agent",
            "call.answered",
            "call.ended",
            "newCall",
            "conversation.user.created",
            "inbound",
            "in",
            "+442079460000",
            "123456",
        ]
    ),
)
anything = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=12), inner, max_size=4)
    ),
    max_leaves=12,
)


def envelope(fields: dict[str, st.SearchStrategy], extra: st.SearchStrategy) -> st.SearchStrategy:
    """The vendor's keys, each with a likely value or anything at all, and extra keys."""
    return st.fixed_dictionaries(
        {},
        optional={k: st.one_of(v, anything) for k, v in fields.items()},
    ).flatmap(lambda d: extra.map(lambda e: {**e, **d}))


call = envelope(
    {
        "id": st.integers(1, 10**6),
        "direction": st.sampled_from(["inbound", "outbound"]),
        "status": st.sampled_from(["initial", "answered", "done"]),
        "started_at": st.integers(0, 2**31),
        "answered_at": st.integers(0, 2**31),
        "ended_at": st.integers(0, 2**31),
        "raw_digits": st.text(max_size=20),
        "user": st.fixed_dictionaries({"id": st.integers(), "email": st.text(max_size=20)}),
        "number": st.fixed_dictionaries({"digits": st.text(max_size=20)}),
        "ivr_options_selected": st.lists(anything, max_size=3),
        "missed_call_reason": st.text(max_size=20),
    },
    st.dictionaries(st.text(max_size=8), anything, max_size=2),
)
aircall_bodies = envelope(
    {
        "resource": st.just("call"),
        "event": st.sampled_from(["call.ringing_on_agent", "call.answered", "call.ended"]),
        "data": call,
    },
    st.just({"token": AIRCALL_TOKEN}),
)
item = envelope(
    {
        "type": st.just("conversation"),
        "id": st.text(min_size=1, max_size=12),
        "contacts": st.fixed_dictionaries({"contacts": st.lists(anything, max_size=2)}),
        "source": st.fixed_dictionaries({"author": anything}),
        "assignee": anything,
        "user": anything,
    },
    st.just({}),
)
intercom_bodies = envelope(
    {
        "type": st.just("notification_event"),
        "id": st.text(min_size=1, max_size=12),
        "topic": st.sampled_from(
            [
                "conversation.user.created",
                "conversation.admin.assigned",
                "conversation.admin.closed",
            ]
        ),
        "data": st.fixed_dictionaries({"item": item}),
    },
    st.just({}),
)
cti_bodies = envelope(
    {
        "event": st.sampled_from(["newCall", "answer", "hangup"]),
        "callId": st.text(min_size=1, max_size=12),
        "direction": st.sampled_from(["in", "out"]),
        "from": st.text(max_size=20),
        "to": st.text(max_size=20),
        "user": anything,
        "digits": st.one_of(st.text(max_size=10), st.integers()),
        "cause": anything,
    },
    st.just({}),
)


@pytest.fixture(scope="module")
def web(request) -> Iterator[httpx.Client]:
    """One server for the whole module (hypothesis runs thousands of examples against it), on
    loopback: a 500 is an answer like any other here, never an exception in the test."""
    import shutil
    from pathlib import Path

    settings = request.getfixturevalue("module_settings")
    server = LiveServer(settings)
    server.start()
    try:
        with httpx.Client(base_url=server.url, timeout=30) as client:
            yield client
    finally:
        server.stop()
        shutil.rmtree(
            Path(settings.database_url.removeprefix("sqlite:///")).parent, ignore_errors=True
        )


@pytest.fixture(scope="module")
def module_settings(seeded_template):
    import shutil
    import tempfile
    from pathlib import Path

    from server.core.config import Settings
    from tests.support import APP_KEY, CTI_TOKEN, TOKEN_PEPPER

    folder = Path(tempfile.mkdtemp(prefix="caredesk-webhook-fuzz-"))
    shutil.copy(seeded_template, folder / "db.sqlite3")
    return Settings(
        database_url=f"sqlite:///{folder / 'db.sqlite3'}",
        aircall_webhook_token=AIRCALL_TOKEN,
        intercom_client_secret=INTERCOM_SECRET,
        cti_token=CTI_TOKEN,
        patient_app_key=APP_KEY,
        token_pepper=TOKEN_PEPPER,
        intercom_identity="enforced",
    )


def post(web: httpx.Client, path: str, raw: bytes, headers: dict[str, str] | None = None):
    response = web.post(
        path, content=raw, headers={"Content-Type": "application/json", **(headers or {})}
    )
    assert response.status_code < 500, f"{path} {response.status_code}: {raw[:300]!r}"
    if response.status_code >= 400:
        assert response.json()["error"]["code"]
    return response


def encode(body: dict) -> bytes:
    return json.dumps(body, ensure_ascii=True).encode()


FUZZ = settings(
    max_examples=BODIES, deadline=None, suppress_health_check=list(HealthCheck), database=None
)


@FUZZ
@given(body=aircall_bodies)
def test_aircall_never_fails_on_any_json(web, body) -> None:
    post(web, "/webhooks/aircall", encode(body))


@FUZZ
@given(body=intercom_bodies)
def test_intercom_never_fails_on_any_json(web, body) -> None:
    raw = encode(body)
    post(web, "/webhooks/intercom", raw, {"X-Hub-Signature": sign(raw)})


@FUZZ
@given(body=cti_bodies)
def test_cti_never_fails_on_any_json(web, body) -> None:
    post(web, CTI_PATH, encode(body))


@FUZZ
@given(body=cti_bodies)
def test_cti_digits_never_fail_on_any_json(web, body) -> None:
    post(web, f"{CTI_PATH}/digits", encode(body))


NASTY = {
    "invalid UTF-8": (b"\xff\xfe not utf-8", 400),
    "lone surrogate": (
        b'{"token": "%s", "resource": "call", "event": "call.answered", "data": {"id": "\\ud800"}}',
        400,
    ),
    "event as a list": (b'{"token": "%s", "resource": "call", "event": ["call.answered"]}', 200),
    "event as an object": (b'{"token": "%s", "resource": "call", "event": {"a": 1}}', 200),
    "direction as a list": (
        b'{"token": "%s", "resource": "call", "event": "call.answered", '
        b'"data": {"id": 1, "direction": ["inbound"]}}',
        400,
    ),
    "user id as an object": (
        b'{"token": "%s", "resource": "call", "event": "call.answered", '
        b'"data": {"id": 1, "user": {"id": {"x": 1}}}}',
        400,
    ),
    "5,000 levels deep": (b'{"token": "%s", "data": ' + b"[" * 5000 + b"]" * 5000 + b"}", 400),
    "200 levels deep": (
        b'{"token": "%s", "resource": "call", "event": "call.answered", "data": '
        + b'{"a":' * 200
        + b"1"
        + b"}" * 200
        + b"}",
        400,
    ),
}


@pytest.mark.parametrize("case", sorted(NASTY))
def test_the_bodies_that_used_to_crash_get_a_clear_answer(web, case: str) -> None:
    raw, expected = NASTY[case]
    raw = raw.replace(b"%s", AIRCALL_TOKEN.encode())
    assert post(web, "/webhooks/aircall", raw).status_code == expected
    signed = {"X-Hub-Signature": sign(raw)}
    assert post(web, "/webhooks/intercom", raw, signed).status_code in (200, 400)
    assert post(web, CTI_PATH, raw).status_code in (200, 400)


def test_the_token_is_checked_before_the_body_is_looked_at(web) -> None:
    deep = b'{"token": "wrong", "data": ' + b"[" * 200 + b"]" * 200 + b"}"
    assert post(web, "/webhooks/aircall", deep).status_code == 401
    assert (
        post(web, "/webhooks/intercom", b"\xff", {"X-Hub-Signature": "sha1=00"}).status_code == 401
    )
    assert post(web, "/webhooks/cti/wrong", b"\xff").status_code == 401
