"""``python -m bench.memory_probe URL N``: the desk opens N verified accounts, one after another,
then prints its resident memory."""

from __future__ import annotations

import asyncio
import gc
import os
import sys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import httpx
import qasync
from PySide6.QtWidgets import QApplication

from bench.bare_window import rss_mb
from bench.desk_scenarios import envelope, open_desk, wait_for
from bench.fixtures import APP_KEY
from desktop.app import apply_style


async def run(url: str, accounts: int) -> None:
    app = await open_desk(url)
    client = app.desk.client
    assert client is not None
    # Call ids unique to this run: a later run against the same server must make new calls.
    first_call = 800_000 + (os.getpid() % 5000) * 100
    async with httpx.AsyncClient(base_url=url, timeout=10) as http:
        for n in range(accounts):
            account_id = f"pat_{n + 101:05d}"
            token = (
                await http.post(
                    "/v1/patient/app-call-tokens",
                    json={"account_id": account_id},
                    headers={"Authorization": f"Bearer {APP_KEY}"},
                )
            ).json()["token"]
            reply = await http.post(
                "/webhooks/aircall",
                json=envelope(
                    "call.answered",
                    first_call + n,
                    f"+447700900{n + 100:03d}",
                    answered=True,
                    digits=token,
                ),
            )
            conversation_id = reply.json()["conversation_id"]
            await wait_for(
                lambda: app.desk.snapshot is not None and app.desk.current_id == conversation_id
            )
            await wait_for(lambda: bool(app.window.account.name.text()))
            await client.conversations.close(conversation_id, "resolved")
            await wait_for(lambda: app.desk.current_id is None)
    gc.collect()
    await asyncio.sleep(0.2)
    print(f"RSS {rss_mb():.1f}", flush=True)
    await app.desk.aclose()


def main() -> int:
    url, accounts = sys.argv[1], int(sys.argv[2])
    qapp = QApplication(sys.argv[:1])
    apply_style(qapp)
    with asyncio.Runner(loop_factory=lambda: qasync.QEventLoop(qapp)) as runner:
        runner.run(run(url, accounts))
    return 0


if __name__ == "__main__":
    sys.exit(main())
