"""caredesk:// links: parsed strictly, handed over by a second launch to the running desk, and
followed through the API (a call link opens one conversation, its app code redeemed)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from backend_client import models as m
from desktop import links
from desktop.single_instance import SingleInstance, forward
from tests.desktop.conftest import Loop, open_desk, until
from tests.live_server import LiveServer
from tests.support import APP_KEY, patient

ROOT = Path(__file__).resolve().parents[2]


def test_good_links_parse() -> None:
    assert links.parse("caredesk://conversation/conv_123-x") == links.ConversationLink("conv_123-x")
    assert links.parse("CareDesk://call?from=07700%20900123&digits=123456&call=ac.9") == (
        links.CallLink("+447700900123", "123456", "ac.9")
    )
    assert links.parse("caredesk://call?from=%2B442079460000") == links.CallLink("+442079460000")


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("https://conversation/abc", "must start with caredesk://"),
        ("caredesk://conversation/", "no valid conversation id"),
        ("caredesk://conversation/a%2Fb", "no valid conversation id"),
        ("caredesk://conversation/<script>", "no valid conversation id"),
        ("caredesk://call", "no caller number"),
        ("caredesk://call?from=hello", "not a phone number"),
        ("caredesk://call?from=07700900123&digits=12345", "must be six digits"),
        ("caredesk://call?from=07700900123&digits=12a456", "must be six digits"),
        ("caredesk://call?from=07700900123&from=07700900124", "gives a value twice"),
        ("caredesk://call/x?from=07700900123", "has no path"),
        ("caredesk://call?from=07700900123&call=a%20b", "call id in the link is not valid"),
        ("caredesk://settings/reset", "does not know this kind of link"),
        ("caredesk://conversation/" + "a" * 2000, "too long"),
    ],
)
def test_malformed_links_are_refused_with_the_reason(text: str, why: str) -> None:
    with pytest.raises(links.LinkError) as caught:
        links.parse(text)
    assert why in caught.value.message


def test_a_second_launch_hands_its_link_to_the_running_desk(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    name = f"caredesk-test-{os.getpid()}-{id(tmp_path)}"
    running = SingleInstance(name)
    assert running.listen()
    try:
        assert SingleInstance(name).listen() is False  # a second one cannot take the name
        env = {
            **os.environ,
            "CAREDESK_INSTANCE_NAME": name,
            "CAREDESK_USER_CONFIG": str(tmp_path / "none.toml"),
            "CAREDESK_SYSTEM_CONFIG": str(tmp_path / "none.toml"),
            "CAREDESK_LOG_DIR": str(tmp_path / "logs"),
            "QT_QPA_PLATFORM": "offscreen",
        }
        link = "caredesk://conversation/conv_abc"
        with qtbot.waitSignal(running.received, timeout=20_000) as received:
            second = subprocess.Popen(  # noqa: S603 - our own interpreter and module
                [sys.executable, "-m", "desktop", link],
                env=env,
                cwd=ROOT,
                stderr=subprocess.PIPE,
                text=True,
            )
        assert received.args == [[link]]
        _out, err = second.communicate(timeout=20)
        assert second.returncode == 0, err
        assert "handed over" in err
    finally:
        running.close()


def test_a_stale_socket_is_taken_over(qtbot) -> None:  # type: ignore[no-untyped-def]
    name = f"caredesk-test-stale-{os.getpid()}"
    first = SingleInstance(name)
    assert first.listen()
    first.close()  # as if the desk had died: nobody answers on the name any more
    assert forward(["x"], name) is False
    second = SingleInstance(name)
    assert second.listen()
    second.close()


def test_links_open_conversations_through_the_api(
    aloop: Loop, live_server: LiveServer, qtbot
) -> None:  # type: ignore[no-untyped-def]
    facts = patient(live_server.ctx, "pat_00083")

    async def scenario() -> None:
        async with open_desk(live_server) as app:
            desk = app.desk
            async with httpx.AsyncClient(base_url=live_server.url) as http:
                token = (
                    await http.post(
                        "/v1/patient/app-call-tokens",
                        json={"account_id": facts.account_id},
                        headers={"Authorization": f"Bearer {APP_KEY}"},
                    )
                ).json()["token"]
            call = (
                f"caredesk://call?from={facts.phone.replace('+', '%2B')}&digits={token}&call=sp-83"
            )
            desk.conversation.follow_text(call)
            await until(lambda: desk.snapshot is not None, what="the caller's account")
            # The view fills in turns, the name last.
            await until(lambda: app.window.account.name.text() == facts.full_name, what="shown")
            current = desk.current
            assert current is not None and current.auth_state is m.AuthState.VERIFIED_APP
            assert current.account_id == facts.account_id

            # The softphone opens the same link again: the same conversation, not a second.
            again = desk.conversation.follow_text(call)
            assert again is not None
            await again
            listed = await desk.client.conversations.list()  # type: ignore[union-attr]
            assert [c.id for c in listed.items if c.account_id == facts.account_id] == [current.id]
            assert desk.current_id == current.id

            # A malformed link is refused in a box the advisor can read.
            assert (
                desk.conversation.follow_text("caredesk://call?from=07700900123&digits=12") is None
            )
            box = app.window.link_message
            assert box is not None and "six digits" in box.text()
            box.close()
            await until(lambda: app.window.link_message is None, what="the box closed")

            # A conversation that does not exist (or is not this advisor's): refused.
            missing = desk.conversation.follow_text("caredesk://conversation/conv_nobody")
            assert missing is not None
            await missing
            box = app.window.link_message
            assert box is not None and "does not exist, or is not yours" in box.text()
            assert desk.current_id == current.id

    aloop.run(scenario(), timeout=60)
