"""``caredesk-server --demo`` starts, seeds, prints its URL and sign-ins, and serves them."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time

import httpx


def test_demo_server_prints_url_and_sign_ins_and_serves(tmp_path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CAREDESK_")}
    env["CAREDESK_CTI_TOKEN"] = "from-the-environment"
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "server",
            "--demo",
            "--host",
            "127.0.0.1",
            "--port",
            "0",
            "--log-level",
            "warning",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=env,
        cwd=tmp_path,
    )
    try:
        lines: list[str] = []
        deadline = time.monotonic() + 60
        assert proc.stdout is not None
        while time.monotonic() < deadline:
            line = proc.stdout.readline()
            if not line:
                break
            lines.append(line)
            if line.startswith("Database:"):
                break
        banner = "".join(lines)
        url = re.search(r"demo server on (http://127\.0\.0\.1:\d+)", banner)
        assert url, banner
        for name in ("advisor", "pharmacist", "lead"):
            assert f"{name}@demo.caredesk.test" in banner
        assert "from-the-environment" in banner  # honours the variable
        assert "demo-aircall-token" in banner  # and prints the value it made up otherwise
        with httpx.Client(base_url=url.group(1), timeout=10) as http:
            token = http.post("/v1/auth/login", json={"username": "advisor", "password": "demo"})
            assert token.status_code == 200
            assert http.get("/v1/health").json()["status"] == "ok"
    finally:
        proc.terminate()
        proc.wait(timeout=20)


def test_seed_has_over_a_thousand_patients_and_organisations(empty_database_url) -> None:
    from sqlalchemy import func, select

    from server.core.db import Database, migrate
    from server.core.orm import Account, Order, Organisation
    from server.seed import seed

    db = Database(empty_database_url)
    migrate(db.engine)
    with db.transaction() as session:
        summary = seed(session)
    with db.reader() as session:
        assert (
            session.scalar(
                select(func.count()).select_from(Account).where(Account.parent_account_id.is_(None))
            )
            >= 1000
        )
        assert session.scalar(select(func.count()).select_from(Order)) == summary.orders > 1000
        kinds = set(session.scalars(select(Organisation.kind)))
    assert kinds == {"gp_practice", "pharmacy"}
    db.dispose()
