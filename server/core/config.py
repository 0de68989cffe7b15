"""Server settings, read from the environment (``CAREDESK_*``) with safe defaults."""

from __future__ import annotations

import os
import re
import secrets
from dataclasses import dataclass, field, replace
from pathlib import Path

import platformdirs

from backend_client.models import DEFAULT_RESPONSE_TARGET_HOURS
from server.core import texting


def _default_database_url() -> str:
    data_dir = Path(platformdirs.user_data_dir("caredesk-server", appauthor=False))
    data_dir.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{data_dir / 'caredesk.sqlite3'}"


def token_pepper_from_env() -> str:
    """The key of the app-call token hashes: never in the database, so a copied database
    cannot be brute-forced back to live tokens. ``CAREDESK_TOKEN_PEPPER``, else the file named
    by ``CAREDESK_TOKEN_PEPPER_FILE`` (a mounted secret), else a file of our own in the user
    config folder, made once with owner-only permissions (fine for one host; several hosts must
    share one through the environment or a mounted file)."""
    value = os.environ.get("CAREDESK_TOKEN_PEPPER", "").strip()
    if value:
        return value
    named = os.environ.get("CAREDESK_TOKEN_PEPPER_FILE", "").strip()
    path = (
        Path(named)
        if named
        else Path(platformdirs.user_config_dir("caredesk-server", appauthor=False)) / "token-pepper"
    )
    if named or path.exists():
        try:
            value = path.read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise SystemExit(f"The token pepper file {path} cannot be read: {exc}") from exc
        if len(value) < 16:
            raise SystemExit(f"The token pepper in {path} is shorter than 16 characters.")
        return value
    path.parent.mkdir(parents=True, exist_ok=True)
    value = secrets.token_urlsafe(32)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(value)
    return value


def _float_env(name: str, default: float) -> float:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = float(raw)
    except ValueError as exc:
        raise SystemExit(f"{name} must be a number, not {raw!r}") from exc
    if not value > 0:
        raise SystemExit(f"{name} must be more than 0, not {raw!r}")
    return value


def _int_env(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise SystemExit(f"{name} must be a whole number, not {raw!r}") from exc


INTERCOM_IDENTITY_MODES = ("off", "enforced")


def _intercom_identity() -> str:
    value = os.environ.get("CAREDESK_INTERCOM_IDENTITY", "off").strip().lower() or "off"
    if value not in INTERCOM_IDENTITY_MODES:
        raise SystemExit(
            f"CAREDESK_INTERCOM_IDENTITY must be one of {', '.join(INTERCOM_IDENTITY_MODES)}, "
            f"not {value!r}"
        )
    return value


# How conversations end, as the contact centre reports them: (code, label). IT replaces the
# list with CAREDESK_DISPOSITIONS="code=Label;code=Label".
DEFAULT_DISPOSITIONS: tuple[tuple[str, str], ...] = (
    ("resolved", "Resolved"),
    ("follow_up", "Follow-up needed"),
    ("escalated", "Escalated"),
    ("transferred", "Transferred"),
    ("callback", "Call-back arranged"),
    ("information", "Information only"),
    ("not_patient", "Wrong number or not a patient"),
)
_CODE = re.compile(r"^[a-z0-9_]{1,40}$")


def parse_dispositions(raw: str | None) -> tuple[tuple[str, str], ...]:
    if raw is None or not raw.strip():
        return DEFAULT_DISPOSITIONS
    out: list[tuple[str, str]] = []
    for part in raw.split(";"):
        if not part.strip():
            continue
        code, sep, label = part.partition("=")
        code, label = code.strip(), label.strip()
        if not sep or not _CODE.match(code) or not label or len(label) > 80:
            raise SystemExit(
                "CAREDESK_DISPOSITIONS must be code=Label pairs separated by ';' (codes of "
                f"a-z, 0-9 and _, labels up to 80 characters), not {part.strip()!r}"
            )
        if code in {c for c, _ in out}:
            raise SystemExit(f"CAREDESK_DISPOSITIONS lists {code!r} twice")
        out.append((code, label))
    return tuple(out)


def _texting() -> texting.TextingConfig:
    try:
        return texting.load(os.environ.get("CAREDESK_TEXTING_FILE"))
    except texting.TextingConfigError as exc:
        raise SystemExit(f"CAREDESK_TEXTING_FILE: {exc}") from None


def parse_reroute(raw: str | None) -> dict[str, str]:
    if raw is None or not raw.strip():
        return {"patient-care": "pharmacy", "pharmacy": "patient-care"}
    out: dict[str, str] = {}
    for part in raw.split(";"):
        source, sep, target = (x.strip() for x in part.partition("="))
        if not part.strip():
            continue
        if not sep or not source or not target or source == target:
            raise SystemExit(
                f"CAREDESK_ENQUIRY_REROUTE must be team=team pairs separated by ';', not {part!r}"
            )
        out[source] = target
    return out


def parse_pairs(name: str, raw: str | None) -> dict[str, str]:
    """``key=value;key=value`` from the environment variable ``name`` (empty: no pairs)."""
    out: dict[str, str] = {}
    for part in (raw or "").split(";"):
        if not part.strip():
            continue
        key, sep, value = (x.strip() for x in part.partition("="))
        if not sep or not key or not value:
            raise SystemExit(f"{name} must be key=value pairs separated by ';', not {part!r}")
        out[key] = value
    return out


def _targets(raw: str | None) -> dict[str, int]:
    """CAREDESK_RESPONSE_TARGETS ("team=hours;…"); unset: patient care 24 h, the pharmacy 48 h."""
    if not raw:
        return {"patient-care": 24, "pharmacy": 48}
    out = {}
    for team, hours in parse_pairs("CAREDESK_RESPONSE_TARGETS", raw).items():
        if not hours.isdigit() or not 1 <= int(hours) <= 24 * 14:
            raise SystemExit(f"CAREDESK_RESPONSE_TARGETS: {hours!r} for {team} is not 1–336 hours")
        out[team] = int(hours)
    return out


def _names(raw: str | None) -> tuple[str, ...] | None:
    names = tuple(n.strip() for n in (raw or "").split(",") if n.strip())
    return names or None


@dataclass(frozen=True)
class Settings:
    database_url: str
    aircall_webhook_token: str
    intercom_client_secret: str
    cti_token: str
    patient_app_key: str = ""
    # Keys the hashes of app-call tokens and the derived successors of refresh tokens. Comes
    # from the environment or a secret file (see ``token_pepper_from_env``), never the database.
    token_pepper: str = ""
    default_region: str = "GB"
    # Aircall user ids or Intercom admin ids mapped to agent usernames ("123=advisor,456=lead").
    telephony_user_map: dict[str, str] = field(default_factory=dict)
    access_token_seconds: int = 15 * 60
    refresh_token_days: int = 30
    heartbeat_seconds: float = 15.0
    event_poll_seconds: float = 0.5
    app_token_seconds: int = 300
    challenge_max_attempts: int = 3
    # Failed challenges charged to one account across all its conversations: this many within
    # the window locks that account's challenge until a lead clears it.
    account_challenge_max_failures: int = 5
    account_challenge_window_hours: int = 24
    # Sign-in back-off (see server/identity/login_throttle.py): failures expire after the window.
    login_window_minutes: int = 15
    # Wrong app-call tokens one line may take in a rolling hour before tokens on it are no
    # longer tried (callers then get the challenge); see the README's Security section.
    app_token_line_budget_per_hour: int = 10
    # A refresh token presented again within this many seconds of its rotation gets the same
    # new pair (two windows refreshing at once); later, it is a stolen copy and ends the family.
    refresh_grace_seconds: int = 20
    # Snapshots and actions stay open this long after a call ends (wrap-up), never once closed.
    wrap_up_minutes: int = 15
    # An open event stream re-checks its session at least this often (sign-out elsewhere).
    stream_session_check_seconds: float = 5.0
    # Bodies larger than this are refused with 413 before they are read (webhooks: 256 KiB).
    max_body_bytes: int = 1024 * 1024
    # Chats arrive verified only when Intercom vouches for the user: "enforced" when the
    # workspace enforces identity verification (so a user's external_id was signed with the
    # identity secret); "off" gives every chat the challenge.
    intercom_identity: str = "off"
    webhook_keep_days: int = 7
    idle_lock_minutes: int = 10
    cache_lifetime_hours: int = 12
    refund_lead_limit_pence: int = 5000
    # SLA: an issue escalated to a team is claimed (acknowledged) within this many minutes
    # (the telehealth guide's two hours).
    sla_issue_ack_minutes: int = 120
    # SLA: a call is answered, and a chat first answered, within these many seconds.
    sla_phone_answer_seconds: int = 30
    sla_chat_response_seconds: int = 60
    idempotency_keep_hours: int = 48
    # Aircall's REST API, for click-to-call (POST /v1/users/:id/dial); unset: the desk dials
    # through a tel: link instead.
    aircall_api_id: str | None = None
    aircall_api_token: str | None = None
    aircall_api_url: str = "https://api.aircall.io"
    intercom_access_token: str | None = None
    intercom_admin_id: str | None = None
    intercom_api_url: str = "https://api.intercom.io"
    support_number: str = "+442079460000"
    dispositions: tuple[tuple[str, str], ...] = DEFAULT_DISPOSITIONS
    # Missed-call texts per line, practice hours and quick responses (CAREDESK_TEXTING_FILE).
    texting: texting.TextingConfig = field(default_factory=lambda: texting.load(None))
    # Twilio, for texts (unset: the demo provider, which sends nothing). ``twilio_sender`` is the
    # number or Messaging Service SID texts come from; ``public_url`` is this server's address as
    # Twilio calls it (behind a proxy, request.url is not what Twilio signed).
    twilio_account_sid: str | None = None
    twilio_auth_token: str | None = None
    twilio_sender: str | None = None
    public_url: str | None = None
    # The phone system's routing request (POST /telephony/route): its secret (Bearer, Basic
    # password or X-CareDesk-Routing-Token; unset: routing is refused), how long the answer may
    # take before the line's team is answered instead, the routing rules in the order they are
    # tried (None: every rule, in each rule's own order), the team each line belongs to, the
    # phone system's team id of each team, and how far back "the advisor who last handled this
    # patient" looks.
    routing_token: str | None = None
    # GET /metrics asks for this Bearer token when it is set (unset: open to whoever reaches the
    # server's port, so keep it behind the proxy; the series never carry patients' details).
    metrics_token: str | None = None
    # A call-back is made within this many minutes of the request (late after), and the IVR
    # option (its title or branch, any case) that asks for one.
    callback_sla_minutes: int = 30
    callback_ivr_option: str = "call back"
    routing_budget_ms: int = 300
    routing_rules: tuple[str, ...] | None = None
    line_teams: dict[str, str] = field(default_factory=dict)
    telephony_team_ids: dict[str, str] = field(default_factory=dict)
    default_team: str = "patient-care"
    sticky_days: int = 30
    # Where an enquiry nobody answered goes after ENQUIRY_REROUTE_AFTER_DAYS ("team=team;…").
    enquiry_reroute: dict[str, str] = field(
        default_factory=lambda: {"patient-care": "pharmacy", "pharmacy": "patient-care"}
    )
    # Email in (server/messaging/email_in.py): Mailgun's webhook signing key for its raw-MIME
    # forward (unset: that route is refused), the Bearer token of the plain relay POST (unset:
    # refused), and which team each inbound address belongs to ("address=team;…"; others go to
    # default_team).
    mailgun_signing_key: str | None = None
    email_relay_token: str | None = None
    email_teams: dict[str, str] = field(default_factory=dict)
    # Hours within which each team answers an enquiry (the lead's figures); others get
    # DEFAULT_RESPONSE_TARGET_HOURS ("team=hours;…").
    response_targets: dict[str, int] = field(
        default_factory=lambda: {"patient-care": 24, "pharmacy": 48}
    )

    def response_target(self, team: str) -> int:
        return self.response_targets.get(team, DEFAULT_RESPONSE_TARGET_HOURS)

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
            token_pepper=str(overrides.pop("token_pepper", "") or token_pepper_from_env()),
            default_region=os.environ.get("CAREDESK_DEFAULT_REGION", "GB"),
            telephony_user_map=mapping,
            idle_lock_minutes=_int_env("CAREDESK_IDLE_LOCK_MINUTES", 10),
            # SQLite's only way to see other processes' events; PostgreSQL's fallback.
            event_poll_seconds=_float_env("CAREDESK_EVENT_POLL_SECONDS", 0.5),
            cache_lifetime_hours=_int_env("CAREDESK_CACHE_LIFETIME_HOURS", 12),
            refund_lead_limit_pence=_int_env("CAREDESK_REFUND_LEAD_LIMIT_PENCE", 5000),
            wrap_up_minutes=_int_env("CAREDESK_WRAP_UP_MINUTES", 15),
            sla_issue_ack_minutes=_int_env("CAREDESK_SLA_ISSUE_ACK_MINUTES", 120),
            sla_phone_answer_seconds=_int_env("CAREDESK_SLA_PHONE_ANSWER_SECONDS", 30),
            sla_chat_response_seconds=_int_env("CAREDESK_SLA_CHAT_RESPONSE_SECONDS", 60),
            app_token_line_budget_per_hour=_int_env("CAREDESK_APP_TOKEN_LINE_BUDGET", 10),
            intercom_identity=_intercom_identity(),
            intercom_access_token=os.environ.get("CAREDESK_INTERCOM_ACCESS_TOKEN") or None,
            aircall_api_id=os.environ.get("CAREDESK_AIRCALL_API_ID") or None,
            aircall_api_token=os.environ.get("CAREDESK_AIRCALL_API_TOKEN") or None,
            aircall_api_url=os.environ.get("CAREDESK_AIRCALL_API_URL") or "https://api.aircall.io",
            intercom_admin_id=os.environ.get("CAREDESK_INTERCOM_ADMIN_ID") or None,
            intercom_api_url=os.environ.get("CAREDESK_INTERCOM_API_URL")
            or "https://api.intercom.io",
            dispositions=parse_dispositions(os.environ.get("CAREDESK_DISPOSITIONS")),
            texting=_texting(),
            twilio_account_sid=os.environ.get("CAREDESK_TWILIO_ACCOUNT_SID") or None,
            twilio_auth_token=os.environ.get("CAREDESK_TWILIO_AUTH_TOKEN") or None,
            twilio_sender=os.environ.get("CAREDESK_TWILIO_SENDER") or None,
            public_url=(os.environ.get("CAREDESK_PUBLIC_URL") or "").rstrip("/") or None,
            enquiry_reroute=parse_reroute(os.environ.get("CAREDESK_ENQUIRY_REROUTE")),
            routing_token=os.environ.get("CAREDESK_ROUTING_TOKEN") or None,
            metrics_token=os.environ.get("CAREDESK_METRICS_TOKEN") or None,
            callback_sla_minutes=_int_env("CAREDESK_CALLBACK_SLA_MINUTES", 30),
            callback_ivr_option=os.environ.get("CAREDESK_CALLBACK_IVR_OPTION") or "call back",
            routing_budget_ms=_int_env("CAREDESK_ROUTING_BUDGET_MS", 300),
            routing_rules=_names(os.environ.get("CAREDESK_ROUTING_RULES")),
            line_teams=parse_pairs("CAREDESK_LINE_TEAMS", os.environ.get("CAREDESK_LINE_TEAMS")),
            telephony_team_ids=parse_pairs(
                "CAREDESK_TELEPHONY_TEAM_IDS", os.environ.get("CAREDESK_TELEPHONY_TEAM_IDS")
            ),
            default_team=os.environ.get("CAREDESK_DEFAULT_TEAM") or "patient-care",
            sticky_days=_int_env("CAREDESK_STICKY_DAYS", 30),
            mailgun_signing_key=os.environ.get("CAREDESK_MAILGUN_SIGNING_KEY") or None,
            email_relay_token=os.environ.get("CAREDESK_EMAIL_RELAY_TOKEN") or None,
            email_teams={
                k.casefold(): v
                for k, v in parse_pairs(
                    "CAREDESK_EMAIL_TEAMS", os.environ.get("CAREDESK_EMAIL_TEAMS")
                ).items()
            },
            response_targets=_targets(os.environ.get("CAREDESK_RESPONSE_TARGETS")),
        )
        return replace(settings, **overrides)  # type: ignore[arg-type]
