"""``caredesk --demo``: the embedded reference server, seeded, on 127.0.0.1.

The one desktop module that imports ``server`` (the import contract allows it nowhere else).
"""

from __future__ import annotations

import socket
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import uvicorn
from sqlalchemy import select

from desktop.demo_calls import DemoFixtures, DemoPatient
from server.__main__ import demo_settings, seed_demo
from server.app import build_context, create_app
from server.context import AppContext
from server.orm import Account, Organisation


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class DemoBackend:
    fixtures: DemoFixtures
    ctx: AppContext
    server: uvicorn.Server
    thread: threading.Thread

    @property
    def url(self) -> str:
        return self.fixtures.url

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)
        self.ctx.close()


def start(data_dir: Path | None = None, port: int | None = None) -> DemoBackend:
    folder = data_dir or Path(tempfile.mkdtemp(prefix="caredesk-demo-"))
    settings = demo_settings(data_dir=folder)
    seed_demo(settings)
    ctx = build_context(settings)
    port = port or _free_port()
    config = uvicorn.Config(
        create_app(settings, ctx=ctx),
        host="127.0.0.1",
        port=port,
        log_level="warning",
        timeout_graceful_shutdown=1,
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, name="caredesk-demo-server", daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("the embedded demo server did not start")
        time.sleep(0.01)
    with ctx.db.reader() as session:
        accounts = session.scalars(
            select(Account)
            .where(Account.parent_account_id.is_(None))
            .order_by(Account.id)
            .limit(12)
        ).all()
        patients = tuple(DemoPatient(a.id, a.phones[0].number) for a in accounts if a.phones)
        gp_phone = session.scalar(
            select(Organisation.phone)
            .where(Organisation.kind == "gp_practice")
            .order_by(Organisation.ods_code)
        )
    fixtures = DemoFixtures(
        url=f"http://127.0.0.1:{port}",
        aircall_token=settings.aircall_webhook_token,
        intercom_secret=settings.intercom_client_secret,
        cti_token=settings.cti_token,
        patient_app_key=settings.patient_app_key,
        patients=patients,
        gp_phone=gp_phone or "+442079460100",
    )
    return DemoBackend(fixtures, ctx, server, thread)
