"""``caredesk-server``: run the reference backend (``--demo`` seeds synthetic data)."""

from __future__ import annotations

import argparse
import logging
import os
import sys
import tempfile
from dataclasses import replace
from pathlib import Path

from server.config import Settings


def demo_settings(base: Settings | None = None, data_dir: Path | None = None) -> Settings:
    """Demo settings: a SQLite file in a fresh folder unless CAREDESK_DATABASE_URL says otherwise;
    the webhook secrets from the environment when set, else fixed, printed values."""
    settings = base or Settings.from_env()
    if not os.environ.get("CAREDESK_DATABASE_URL"):
        folder = data_dir or Path(tempfile.mkdtemp(prefix="caredesk-demo-"))
        settings = replace(settings, database_url=f"sqlite:///{folder / 'demo.sqlite3'}")
    fixed = {
        "aircall_webhook_token": ("CAREDESK_AIRCALL_WEBHOOK_TOKEN", "demo-aircall-token"),
        "intercom_client_secret": ("CAREDESK_INTERCOM_CLIENT_SECRET", "demo-intercom-secret"),
        "cti_token": ("CAREDESK_CTI_TOKEN", "demo-cti-token"),
        "patient_app_key": ("CAREDESK_PATIENT_APP_KEY", "demo-patient-app-key"),
    }
    for field_name, (env, value) in fixed.items():
        if not os.environ.get(env):
            settings = replace(settings, **{field_name: value})
    return settings


def seed_demo(settings: Settings) -> None:
    from server.db import Database, migrate
    from server.seed import seed

    db = Database(settings.database_url)
    migrate(db.engine)
    with db.transaction() as session:
        seed(session)
    db.dispose()


def banner(settings: Settings, url: str) -> str:
    from server.seed import DEMO_AGENTS, DEMO_PASSWORD

    lines = [f"CareDesk demo server on {url}", "", f"Sign in as (password “{DEMO_PASSWORD}”):"]
    for username, display, roles, _ in DEMO_AGENTS:
        lines.append(
            f"  {username:<11} {display:<12} {', '.join(roles):<20} {username}@demo.caredesk.test"
        )
    lines += [
        "",
        "Webhooks:",
        f"  Aircall   POST {url}/webhooks/aircall          token {settings.aircall_webhook_token}",
        f"  Intercom  POST {url}/webhooks/intercom  secret {settings.intercom_client_secret}",
        f"  CTI       POST {url}/webhooks/cti/{settings.cti_token}",
        f"  App key   POST {url}/v1/patient/app-call-tokens  Bearer {settings.patient_app_key}",
        f"Database: {settings.database_url}",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="caredesk-server", description=__doc__)
    parser.add_argument(
        "--demo", action="store_true", help="seed synthetic data and print sign-ins"
    )
    parser.add_argument(
        "--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)"
    )
    parser.add_argument(
        "--port", type=int, default=8765, help="port (default 8765; 0 picks a free one)"
    )
    parser.add_argument(
        "--log-level", default="info", choices=["debug", "info", "warning", "error"]
    )
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=args.log_level.upper(), format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )

    import uvicorn

    from server.app import create_app

    settings = demo_settings() if args.demo else Settings.from_env()
    if args.demo:
        seed_demo(settings)
    app = create_app(settings)
    config = uvicorn.Config(
        app, host=args.host, port=args.port, log_level=args.log_level, timeout_graceful_shutdown=2
    )
    server = uvicorn.Server(config)

    original_startup = server.startup

    async def startup(sockets=None):  # type: ignore[no-untyped-def]
        await original_startup(sockets)
        port = server.servers[0].sockets[0].getsockname()[1] if server.servers else args.port
        print(banner(settings, f"http://{args.host}:{port}"), flush=True)

    server.startup = startup  # type: ignore[method-assign]
    server.run()
    return 0


if __name__ == "__main__":
    sys.exit(main())
