"""schemathesis over /openapi.json: whatever the schema allows (and a good deal it does not),
the server answers with a status and the error shape, never a 500."""

from __future__ import annotations

import itertools
import shutil
import tempfile
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, settings

from backend_client.models import LoginRequest
from server.app import build_context, create_app
from server.core.config import Settings
from server.identity import auth
from server.seed import seed

# schemathesis builds its tests at import time, so this module has its own seeded database.
_folder = Path(tempfile.mkdtemp(prefix="caredesk-fuzz-"))
_settings = Settings(
    database_url=f"sqlite:///{_folder / 'fuzz.sqlite3'}",
    aircall_webhook_token="fuzz-aircall",
    intercom_client_secret="fuzz-intercom",
    cti_token="fuzz-cti",
    patient_app_key="fuzz-app",
    token_pepper="fuzz-token-pepper-0123456789",
)
_ctx = build_context(_settings)
with _ctx.db.transaction() as _session:
    seed(_session, today=date.today(), patients=40)
_app = create_app(_settings, ctx=_ctx)
# A signed-in lead, so fuzzing reaches past the authentication check.
_TOKEN = auth.login(_ctx, LoginRequest(username="lead", password="demo"), "127.0.0.1").access_token

_KEYS = itertools.count()

schema = (
    schemathesis.openapi.from_asgi("/openapi.json", _app)
    # The event stream never ends; sign-out would end the session the fuzzer uses.
    .exclude(path="/v1/events")
    .exclude(path="/v1/auth/logout")
)


@pytest.fixture(scope="module", autouse=True)
def _cleanup() -> Iterator[None]:
    yield
    _ctx.close()
    shutil.rmtree(_folder, ignore_errors=True)


@schema.parametrize()
@settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck))
def test_no_server_errors(case) -> None:  # type: ignore[no-untyped-def]
    headers = dict(case.headers or {})
    headers.setdefault("Authorization", f"Bearer {_TOKEN}")
    # A fresh key for each case, so mutations reach their bodies instead of the missing-key 400.
    headers.setdefault("Idempotency-Key", f"fuzz-{next(_KEYS)}")
    response = case.call(headers=headers)
    assert response.status_code < 500, f"{case.method} {case.formatted_path}: {response.text[:300]}"
    if response.status_code >= 400:
        error = response.json()["error"]
        assert error["code"] and error["message"], response.text
