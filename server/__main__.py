"""``caredesk-server``: run the reference backend (``--demo`` seeds synthetic data)."""

from __future__ import annotations

import argparse
import logging
import os
import secrets
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

from server import serving
from server.core import logs
from server.core.config import Settings


def demo_settings(base: Settings | None = None, data_dir: Path | None = None) -> Settings:
    """Demo settings: a SQLite file in a fresh folder unless CAREDESK_DATABASE_URL says otherwise;
    the webhook secrets from the environment when set, else fixed, printed values."""
    pepper_configured = any(
        os.environ.get(name) for name in ("CAREDESK_TOKEN_PEPPER", "CAREDESK_TOKEN_PEPPER_FILE")
    )
    # A demo's tokens live five minutes in a throwaway database: a pepper of its own for each
    # run, rather than a secret file left in the user's folders.
    settings = base or (
        Settings.from_env()
        if pepper_configured
        else Settings.from_env(token_pepper=secrets.token_urlsafe(32))
    )
    if not os.environ.get("CAREDESK_INTERCOM_IDENTITY"):
        # The demo plays a workspace that enforces Intercom's identity verification, so its
        # logged-in chats arrive verified (see the README's Security section).
        settings = replace(settings, intercom_identity="enforced")
    if not os.environ.get("CAREDESK_DATABASE_URL"):
        folder = data_dir or Path(tempfile.mkdtemp(prefix="caredesk-demo-"))
        folder.mkdir(parents=True, exist_ok=True)
        settings = replace(settings, database_url=f"sqlite:///{folder / 'demo.sqlite3'}")
    fixed = {
        "aircall_webhook_token": ("CAREDESK_AIRCALL_WEBHOOK_TOKEN", "demo-aircall-token"),
        "intercom_client_secret": ("CAREDESK_INTERCOM_CLIENT_SECRET", "demo-intercom-secret"),
        "cti_token": ("CAREDESK_CTI_TOKEN", "demo-cti-token"),
        "patient_app_key": ("CAREDESK_PATIENT_APP_KEY", "demo-patient-app-key"),
        "email_relay_token": ("CAREDESK_EMAIL_RELAY_TOKEN", "demo-email-relay-token"),
    }
    for field_name, (env, value) in fixed.items():
        if not os.environ.get(env):
            # The fields named above are all strings; replace() cannot see that through a name.
            settings = replace(settings, **{field_name: value})  # type: ignore[arg-type]
    return settings


def _template_key() -> str:
    """Changes whenever the seed code or the migrations change, and every day (the seed is
    relative to today's date)."""
    import datetime
    import hashlib

    from server import seed as seed_module
    from server.core.db import MIGRATIONS

    seed_source = Path(seed_module.__file__ or "")
    # A frozen build carries compiled code only: the build itself (the program file) then
    # stands for the seed's source.
    digest = hashlib.sha256(
        seed_source.read_bytes()
        if seed_source.is_file()
        else f"{sys.executable}:{Path(sys.executable).stat().st_mtime_ns}".encode()
    )
    for version in sorted((MIGRATIONS / "versions").glob("*.py")):
        digest.update(version.read_bytes())
    digest.update(datetime.date.today().isoformat().encode())
    return digest.hexdigest()[:16]


def seed_demo(settings: Settings, patients: int | None = None) -> None:
    """Migrate and seed the demo database. Seeding 1,200 patients takes seconds, so a seeded
    SQLite file is kept in the user's cache folder and copied on later starts (the default
    number of patients only)."""
    import shutil

    import platformdirs

    from server.core.db import Database, migrate
    from server.seed import PATIENTS, seed

    path = (
        Path(settings.database_url.removeprefix("sqlite:///"))
        if settings.database_url.startswith("sqlite:///")
        else None
    )
    template = (
        Path(platformdirs.user_cache_dir("caredesk", appauthor=False))
        / f"demo-{_template_key()}.sqlite3"
    )
    cached = patients is None  # only the default seed is kept as a template
    if cached and path is not None and template.exists() and not path.exists():
        shutil.copyfile(template, path)
        return
    db = Database(settings.database_url)
    migrate(db.engine)
    started = time.monotonic()
    with db.transaction() as session:
        summary = seed(session, patients=patients or PATIENTS)
    db.dispose()  # the last connection to close folds the WAL into the file
    if summary.patients:
        logging.getLogger("caredesk.server").info(
            "seeded %d patients and %d orders in %.1f s",
            summary.patients,
            summary.orders,
            time.monotonic() - started,
        )
    if cached and path is not None and not template.exists():
        template.parent.mkdir(parents=True, exist_ok=True)
        partial = template.with_suffix(f".{os.getpid()}.tmp")
        shutil.copyfile(path, partial)
        partial.replace(template)  # atomic: a concurrent start never copies half a file
        for stale in template.parent.glob("demo-*.sqlite3"):
            if stale != template:  # yesterday's seed, or an older schema's
                stale.unlink(missing_ok=True)


def write_fixtures(settings: Settings, folder: Path) -> Path:
    """What the desk's Demo menu needs to send realistic webhooks: secrets and a few patients."""
    import json

    from sqlalchemy import select

    from server.core.db import Database
    from server.core.orm import Account, Organisation

    db = Database(settings.database_url)
    with db.reader() as session:
        accounts = session.scalars(
            select(Account)
            .where(Account.parent_account_id.is_(None))
            .order_by(Account.id)
            .limit(12)
        ).all()
        patients = [{"account_id": a.id, "phone": a.phones[0].number} for a in accounts if a.phones]
        gp_phone = session.scalar(
            select(Organisation.phone)
            .where(Organisation.kind == "gp_practice")
            .order_by(Organisation.ods_code)
        )
    db.dispose()
    out = folder / "demo-fixtures.json"
    out.write_text(
        json.dumps(
            {
                "aircall_token": settings.aircall_webhook_token,
                "intercom_secret": settings.intercom_client_secret,
                "cti_token": settings.cti_token,
                "patient_app_key": settings.patient_app_key,
                "email_relay_token": settings.email_relay_token,
                "patients": patients,
                "gp_phone": gp_phone,
            }
        ),
        encoding="utf-8",
    )
    return out


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
        f"  Email     POST {url}/webhooks/email/raw  Bearer {settings.email_relay_token}",
        f"Database: {settings.database_url}",
    ]
    return "\n".join(lines)


# What every worker process must agree on, handed from the parent through the environment (a
# secret a worker drew for itself would refuse webhooks the others accept).
_SHARED = {
    "database_url": "CAREDESK_DATABASE_URL",
    "token_pepper": "CAREDESK_TOKEN_PEPPER",
    "aircall_webhook_token": "CAREDESK_AIRCALL_WEBHOOK_TOKEN",
    "intercom_client_secret": "CAREDESK_INTERCOM_CLIENT_SECRET",
    "cti_token": "CAREDESK_CTI_TOKEN",
    "patient_app_key": "CAREDESK_PATIENT_APP_KEY",
    "intercom_identity": "CAREDESK_INTERCOM_IDENTITY",
    "email_relay_token": "CAREDESK_EMAIL_RELAY_TOKEN",
}


def share_with_workers(settings: Settings) -> None:
    for field_name, env in _SHARED.items():
        value = getattr(settings, field_name)
        if value is not None:  # unset stays unset: never the string "None" as a secret
            os.environ[env] = str(value)


LOOPBACK = ("127.0.0.1", "::1", "localhost")


def public_url_problem(settings: Settings, host: str) -> str | None:
    """Twilio signs what it called, the public address; behind a proxy the server sees another
    one, so without ``CAREDESK_PUBLIC_URL`` every genuine text would be refused. Only a server
    on loopback (nothing but this machine can reach it, no proxy between) may go without."""
    twilio = settings.twilio_account_sid and settings.twilio_auth_token
    if not twilio or settings.public_url or host in LOOPBACK or host.startswith("127."):
        return None
    return (
        "Twilio is configured (CAREDESK_TWILIO_ACCOUNT_SID, CAREDESK_TWILIO_AUTH_TOKEN) but "
        "CAREDESK_PUBLIC_URL is not set. Twilio signs each webhook with the address it called, "
        "which behind a proxy or load balancer is not the one this server sees, so every text "
        f"would be refused. Set CAREDESK_PUBLIC_URL to the address Twilio calls (for example "
        f"https://caredesk.example.org), or listen on 127.0.0.1 instead of {host}."
    )


# How uvicorn's own worker processes (macOS, Windows) learn the command's logging options.
LOG_LEVEL_ENV, LOG_FORMAT_ENV = "CAREDESK_SERVER_LOG_LEVEL", "CAREDESK_SERVER_LOG_FORMAT"


def worker_app():  # type: ignore[no-untyped-def]
    """The app of one of uvicorn's worker processes (``--workers N`` on macOS and Windows):
    settings from the environment."""
    from server.app import create_app

    logs.configure(os.environ.get(LOG_LEVEL_ENV, "info"), os.environ.get(LOG_FORMAT_ENV, "text"))
    app = create_app(Settings.from_env())
    serving.settle_heap()
    return app


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
    parser.add_argument(
        "--log-format",
        default="text",
        choices=list(logs.FORMATS),
        help="log lines as text (default) or JSON lines, each with its request id",
    )
    parser.add_argument(
        "--grace-seconds",
        type=float,
        default=serving.GRACE_SECONDS,
        help="on SIGTERM, how long requests in flight may take to finish (default 10)",
    )
    parser.add_argument(
        "--data-dir", type=Path, help="with --demo: the folder for the demo database"
    )
    parser.add_argument(
        "--workers",
        type=int,
        default=1,
        help="worker processes sharing the address (default 1; use PostgreSQL for more)",
    )
    parser.add_argument(
        "--patients",
        type=int,
        default=None,
        help="with --demo: how many synthetic patients to seed (default 1,200)",
    )
    args = parser.parse_args(argv)
    if args.workers < 1:
        parser.error("--workers must be 1 or more")
    if args.patients is not None and (not args.demo or args.patients < 1):
        parser.error("--patients needs --demo and a number of 1 or more")
    if args.workers > 1 and args.port == 0:
        parser.error("--workers needs a fixed --port")
    if args.grace_seconds <= 0:
        parser.error("--grace-seconds must be more than 0")
    settings = demo_settings(data_dir=args.data_dir) if args.demo else Settings.from_env()
    problem = public_url_problem(settings, args.host)
    if problem:
        print(f"caredesk-server: {problem}", file=sys.stderr)
        return 2
    logs.configure(args.log_level, args.log_format)

    import uvicorn

    from server.app import create_app

    if args.demo:
        seed_demo(settings, patients=args.patients)
        if args.data_dir is not None:
            write_fixtures(settings, args.data_dir)
    if args.workers > 1:
        if settings.database_url.startswith("sqlite"):
            logging.getLogger("caredesk.server").warning(
                "%d workers on SQLite: they take turns to write, and see each other's events "
                "only by polling; use PostgreSQL (CAREDESK_DATABASE_URL) in production",
                args.workers,
            )
        share_with_workers(settings)
        print(banner(settings, f"http://{args.host}:{args.port}"), flush=True)
        from server.core import workers

        if workers.balanced_sockets_supported():
            return workers.supervise(
                args.host,
                args.port,
                args.workers,
                serving.run_worker,
                (args.log_level, args.log_format, args.grace_seconds),
                grace=args.grace_seconds,
            )
        # macOS and Windows: uvicorn's own workers (they end event streams only when the grace
        # runs out; docs/deploy.md). Their metrics still share one folder.
        metrics_folder = workers.metrics_folder()
        os.environ[LOG_LEVEL_ENV], os.environ[LOG_FORMAT_ENV] = args.log_level, args.log_format
        try:
            uvicorn.run(
                "server.__main__:worker_app",
                factory=True,
                host=args.host,
                port=args.port,
                workers=args.workers,
                log_level=args.log_level,
                log_config=None,
                timeout_graceful_shutdown=max(1, round(args.grace_seconds)),
            )
        finally:
            if metrics_folder is not None:
                metrics_folder.cleanup()
        return 0
    app = create_app(settings)
    serving.settle_heap()
    config = serving.config(
        app, log_level=args.log_level, grace=args.grace_seconds, host=args.host, port=args.port
    )
    server = serving.DrainingServer(config, app.state.ctx)

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
