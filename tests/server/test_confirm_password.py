"""The idle unlock's password check: right is 204, wrong is 403 and counts toward the sign-in
back-off, so a locked desk is no way round it."""

from __future__ import annotations

import httpx
import pytest

from backend_client import CareDeskClient, errors
from backend_client.client import RetryPolicy


async def test_confirm_password(advisor) -> None:
    await advisor.agents.confirm_password("demo")
    with pytest.raises(errors.PermissionDeniedError) as wrong:
        await advisor.agents.confirm_password("not it")
    assert wrong.value.code == "wrong_password"


async def test_wrong_passwords_meet_the_sign_in_back_off(app) -> None:
    impatient = CareDeskClient(
        "http://testserver",
        transport=httpx.ASGITransport(app),
        retry=RetryPolicy(max_retries=0),
    )
    await impatient.login("advisor", "demo")
    seen = []
    for _ in range(12):
        try:
            await impatient.agents.confirm_password("guess")
        except errors.ThrottledError:
            seen.append("throttled")
            break
        except errors.PermissionDeniedError:
            seen.append("wrong")
    await impatient.aclose()
    assert seen[-1] == "throttled" and "wrong" in seen
