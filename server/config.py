"""Server settings, read from the environment (``CAREDESK_*``) with safe defaults."""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass, field, replace
from pathlib import Path

import platformdirs


def _default_database_url() -> str:
    data_dir = Path(platformdirs.user_data_dir("caredesk-server", appauthor=False))
    data_dir.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{data_dir / 'caredesk.sqlite3'}"


def _int_env(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise SystemExit(f"{name} must be a whole number, not {raw!r}") from exc


@dataclass(frozen=True)
class Settings:
    database_url: str
    aircall_webhook_token: str
    intercom_client_secret: str
    cti_token: str
    patient_app_key: str = ""
    default_region: str = "GB"
    # Aircall user ids or Intercom admin ids mapped to agent usernames ("123=advisor,456=lead").
    telephony_user_map: dict[str, str] = field(default_factory=dict)
    access_token_seconds: int = 15 * 60
    refresh_token_days: int = 30
    heartbeat_seconds: float = 15.0
    event_poll_seconds: float = 0.5
    app_token_seconds: int = 300
    challenge_max_attempts: int = 3
    login_max_failures: int = 5
    idle_lock_minutes: int = 10
    cache_lifetime_hours: int = 12
    refund_lead_limit_pence: int = 5000
    idempotency_keep_hours: int = 48
    intercom_access_token: str | None = None
    intercom_admin_id: str | None = None
    support_number: str = "+442079460000"

    @classmethod
    def from_env(cls, **overrides: object) -> Settings:
        mapping: dict[str, str] = {}
        for pair in os.environ.get("CAREDESK_TELEPHONY_USER_MAP", "").split(","):
            if "=" in pair:
                ext, username = pair.split("=", 1)
                mapping[ext.strip()] = username.strip()
        settings = cls(
            database_url=os.environ.get("CAREDESK_DATABASE_URL") or _default_database_url(),
            aircall_webhook_token=os.environ.get("CAREDESK_AIRCALL_WEBHOOK_TOKEN")
            or secrets.token_urlsafe(24),
            intercom_client_secret=os.environ.get("CAREDESK_INTERCOM_CLIENT_SECRET")
            or secrets.token_urlsafe(24),
            cti_token=os.environ.get("CAREDESK_CTI_TOKEN") or secrets.token_urlsafe(24),
            patient_app_key=os.environ.get("CAREDESK_PATIENT_APP_KEY") or secrets.token_urlsafe(24),
            default_region=os.environ.get("CAREDESK_DEFAULT_REGION", "GB"),
            telephony_user_map=mapping,
            idle_lock_minutes=_int_env("CAREDESK_IDLE_LOCK_MINUTES", 10),
            cache_lifetime_hours=_int_env("CAREDESK_CACHE_LIFETIME_HOURS", 12),
            refund_lead_limit_pence=_int_env("CAREDESK_REFUND_LEAD_LIMIT_PENCE", 5000),
            intercom_access_token=os.environ.get("CAREDESK_INTERCOM_ACCESS_TOKEN") or None,
            intercom_admin_id=os.environ.get("CAREDESK_INTERCOM_ADMIN_ID") or None,
        )
        return replace(settings, **overrides)  # type: ignore[arg-type]
