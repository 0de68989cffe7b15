"""What a workflow is: a declaration, a form, a script to read out, and one server action.

A workflow module holds one ``WORKFLOW = Workflow(...)`` and a docstring saying what it is for.
Its script is a Jinja template rendered in a sandbox with ``patient``, ``conversation``,
``agent`` and ``inputs``; an undefined name is an error, never a blank read to a patient.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from functools import cached_property
from typing import Any, Literal

import phonenumbers
from jinja2 import StrictUndefined, TemplateError
from jinja2.sandbox import SandboxedEnvironment
from PySide6.QtCore import QDate, QLocale

from backend_client import CareDeskClient
from backend_client import models as m
from desktop.i18n import QT_TRANSLATE_NOOP, translate

ROLE_WORDS = (
    QT_TRANSLATE_NOOP("Roles", "advisor"),
    QT_TRANSLATE_NOOP("Roles", "pharmacist"),
    QT_TRANSLATE_NOOP("Roles", "lead"),
)

FieldKind = Literal[
    "text",
    "multiline",
    "choice",
    "order",
    "prescription",
    "issue",  # one of the account's open issues
    "money",
    "date",
    "bool",
    "phone",
    "email",
    "postcode",
    "list",
    "address",  # picked from a postcode lookup; fills the address lines, never sent itself
    # Choices the server holds, loaded when the form opens (SERVER_CHOICES):
    # one of its quick responses, filled in for this advisor and line (the value is the text
    # as it will go), or a pharmacist to escalate to by name (the value is their user name).
    "quick_response",
    "pharmacist",
]
SERVER_CHOICES = ("quick_response", "pharmacist")
POSTCODE = re.compile(r"^[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2}$")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_ENV = SandboxedEnvironment(
    undefined=StrictUndefined, autoescape=False, trim_blocks=True, lstrip_blocks=True
)
_PL = SandboxedEnvironment(
    undefined=StrictUndefined, autoescape=False, trim_blocks=True, lstrip_blocks=True
)
_PL.filters["pounds"] = lambda pence: f"{int(pence) / 100:.2f} £".replace(".", ",")
_PL.filters["day"] = lambda d: (
    QLocale(QLocale.Language.Polish).toString(QDate(d.year, d.month, d.day), "d MMMM")
    if isinstance(d, date | datetime)
    else str(d)
)
SCRIPT_LANGUAGES = {"en": _ENV, "pl": _PL}
_ENV.filters["pounds"] = lambda pence: f"£{int(pence) / 100:.2f}"
_ENV.filters["day"] = lambda d: d.strftime("%A %d %B") if isinstance(d, date | datetime) else str(d)


def order_label(o: m.Order) -> str:
    """An order as a list shows it: id, day, state, and what can still be refunded."""
    left = o.total_pence - o.refunded_pence
    money = translate("Form", " · £{0} refundable").format(f"{left / 100:.2f}") if left > 0 else ""
    state = translate("States", o.status.replace("_", " ").capitalize())
    return f"{o.id} · {o.placed_at:%d %b %Y} · {state}{money}"


def in_the_pharmacy(o: m.Order) -> bool:
    return o.status.in_the_pharmacy


def shipped(o: m.Order) -> bool:
    return o.status.shipped


def refundable(o: m.Order) -> bool:
    return o.total_pence - o.refunded_pence > 0


class ScriptError(Exception):
    """The script could not be rendered (a missing value): shown, never read out half-filled."""


@dataclass(frozen=True)
class Field:
    key: str
    label: str
    kind: FieldKind = "text"
    required: bool = True
    options: tuple[tuple[str, str], ...] = ()  # (value, label) for a choice
    max_length: int | None = None
    help: str = ""
    default: Any = None
    example: Any = None  # a valid value (or a function of the snapshot) for demos and tests
    # For an order field: which of the patient's orders make sense here (say, only those not
    # yet dispatched for a cancellation); the others are not offered.
    orders_that: Callable[[m.Order], bool] | None = None
    # For an "address" field: the postcode field whose Enter looks the addresses up.
    lookup_from: str = ""

    def choices(self, snapshot: m.Snapshot | None) -> list[tuple[str, str]]:
        """The options to pick from; for orders and prescriptions, the patient's own."""
        if self.kind == "order" and snapshot is not None:
            return [
                (o.id, order_label(o))
                for o in snapshot.orders
                if self.orders_that is None or self.orders_that(o)
            ]
        if self.kind == "prescription" and snapshot is not None:
            return [(p.id, f"{p.medicine} · {p.status}") for p in snapshot.prescriptions]
        if self.kind == "issue" and snapshot is not None:
            return [(i.id, f"{i.title} · {i.status}") for i in snapshot.open_issues]
        return list(self.options)

    def example_value(self, snapshot: m.Snapshot | None) -> Any:
        return self.example(snapshot) if callable(self.example) else self.example

    def parse(self, raw: Any) -> tuple[Any, str | None]:
        """The typed value of what was entered, or the reason it is not acceptable."""
        if self.kind == "bool":
            return bool(raw), None
        if self.kind == "address":
            return None, None  # a helper for the lines below it: they carry the address
        text = "" if raw is None else str(raw).strip()
        if not text:
            return None, translate("Form", "Required.") if self.required else None
        if self.max_length is not None and len(text) > self.max_length:
            return None, translate("Form", "At most {0} characters ({1} now).").format(
                self.max_length, len(text)
            )
        if self.kind == "money":
            try:
                amount = Decimal(text.replace("£", "").replace(",", ""))
            except InvalidOperation:
                return None, translate("Form", "An amount in pounds, e.g. 12.50.")
            if amount <= 0 or amount.as_tuple().exponent < -2:  # type: ignore[operator]
                return None, translate("Form", "An amount in pounds, e.g. 12.50.")
            return int(amount * 100), None
        if self.kind == "date":
            for fmt in ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y"):
                try:
                    return datetime.strptime(text, fmt).date(), None
                except ValueError:
                    continue
            return None, translate("Form", "A date, e.g. 24/11/2026.")
        if self.kind == "phone":
            try:
                parsed = phonenumbers.parse(text, "GB")
            except phonenumbers.NumberParseException:
                return None, translate("Form", "Not a phone number.")
            if not phonenumbers.is_possible_number(parsed):
                return None, translate("Form", "Not a phone number.")
            return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164), None
        if self.kind == "email":
            return (
                (text.lower(), None)
                if EMAIL.match(text)
                else (None, translate("Form", "Not an email address."))
            )
        if self.kind == "postcode":
            key = re.sub(r"\s+", "", text).upper()
            if not POSTCODE.match(key):
                return None, translate("Form", "Not a UK postcode.")
            return f"{key[:-3]} {key[-3:]}", None
        if self.kind == "list":
            return [item.strip() for item in text.split(",") if item.strip()], None
        return text, None


@dataclass(frozen=True)
class Workflow:
    id: str
    title: str
    category: str
    action: str
    script: str
    keywords: tuple[str, ...] = ()
    roles: frozenset[str] = frozenset()  # empty: every agent
    needs_verified: bool = True
    offline: bool = False  # may be queued while the desk is offline
    fields: tuple[Field, ...] = ()
    fixed_inputs: Mapping[str, Any] = field(default_factory=dict)  # sent with every run
    # The script in other languages, by code ("pl"): read to a patient whose account says so.
    scripts: Mapping[str, str] = field(default_factory=dict)
    to_inputs: Callable[[dict[str, Any]], dict[str, Any]] | None = None
    doc: str = ""  # the module's docstring, filled by the registry

    @cached_property
    def template(self) -> Any:
        return _ENV.from_string(self.script)

    @cached_property
    def _templates(self) -> dict[str, Any]:
        out = {"en": self.template}
        for language, text in self.scripts.items():
            env = SCRIPT_LANGUAGES.get(language)
            if env is not None:
                out[language] = env.from_string(text)
        return out

    def script_language(self, snapshot: m.Snapshot | None) -> str:
        """The language to read the script in: the patient's when this workflow has it."""
        wanted = snapshot.identity.language if snapshot is not None else "en"
        return wanted if wanted in self._templates else "en"

    def parse(self, raw: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, str]]:
        values: dict[str, Any] = {}
        problems: dict[str, str] = {}
        for f in self.fields:
            value, problem = f.parse(raw.get(f.key, f.default))
            if problem:
                problems[f.key] = problem
            elif value is not None:
                values[f.key] = value
        return values, problems

    def action_inputs(self, values: Mapping[str, Any]) -> dict[str, Any]:
        helpers = {f.key for f in self.fields if f.kind == "address"}
        kept = {k: v for k, v in values.items() if k not in helpers}
        mapped = self.to_inputs(kept) if self.to_inputs else kept
        plain = {
            k: (v.isoformat() if isinstance(v, date | datetime) else v) for k, v in mapped.items()
        }
        return {**self.fixed_inputs, **plain}

    def unavailable_because(
        self, me: m.Me | None, conversation: m.Conversation | None, online: bool
    ) -> str | None:
        """Why this cannot run now (shown greyed in the palette), or None."""
        roles = {r.value for r in me.roles} if me else set()
        if self.roles and "lead" not in roles and not (self.roles & roles):
            return translate("Form", "needs a {0}").format(
                translate("Form", " or ").join(translate("Roles", r) for r in sorted(self.roles))
            )
        if conversation is None:
            return translate("Form", "open a conversation first")
        if self.needs_verified and not (
            conversation.auth_state.is_verified and conversation.account_id
        ):
            return translate("Form", "needs a verified caller")
        if not online and not self.offline:
            return translate("Form", "offline")
        return None

    def render(
        self,
        *,
        snapshot: m.Snapshot | None,
        conversation: m.Conversation | None,
        me: m.Me | None,
        values: Mapping[str, Any],
        language: str | None = None,
    ) -> str:
        """The script, in ``language`` (default: the patient's, where this workflow has it)."""
        # Every declared field is defined (None when left empty), so a script can test optional
        # ones; anything else undefined is a mistake in the script and stops it.
        filled = {f.key: None for f in self.fields} | dict(values)
        template = self._templates.get(language or self.script_language(snapshot), self.template)
        try:
            text = str(template.render(**script_context(snapshot, conversation, me, filled)))
        except TemplateError as exc:
            raise ScriptError(
                f"The script of “{self.title}” could not be filled in: {exc}"
            ) from exc
        # Template lines are source layout, not speech: the script reads as one paragraph.
        return " ".join(line.strip() for line in text.splitlines() if line.strip())

    async def run(
        self,
        client: CareDeskClient,
        conversation: m.Conversation,
        values: Mapping[str, Any],
        idempotency_key: str | None = None,
    ) -> m.ActionResult:
        """Call this workflow's server action; the server records the run and the note."""
        return await client.actions.run(
            self.action,
            self.action_request(conversation, values),
            account_id=self.account_for(conversation),
            idempotency_key=idempotency_key or uuid.uuid4().hex,
        )

    def action_request(
        self, conversation: m.Conversation, values: Mapping[str, Any]
    ) -> m.ActionRequest:
        return m.ActionRequest(
            conversation_id=conversation.id, workflow_id=self.id, inputs=self.action_inputs(values)
        )

    def account_for(self, conversation: m.Conversation) -> str | None:
        """The account the action is on (none for a conversation-only action)."""
        if self.needs_verified or conversation.auth_state.is_verified:
            return conversation.account_id
        return None


def script_context(
    snapshot: m.Snapshot | None,
    conversation: m.Conversation | None,
    me: m.Me | None,
    values: Mapping[str, Any],
) -> dict[str, Any]:
    patient = None
    if snapshot is not None:
        who = snapshot.identity
        first = who.name.split(" ")[0]
        patient = {
            "name": who.name,
            "first_name": first,
            "date_of_birth": who.date_of_birth,
            "age": who.age,
            "address": who.address.model_dump(),
            "email": who.email or "",
            "phones": who.phones,
            "gp": who.nominated_gp.model_dump() if who.nominated_gp else None,
            "exemption": who.exemption,
            "orders": {o.id: o.model_dump() for o in snapshot.orders},
            "prescriptions": {p.id: p.model_dump() for p in snapshot.prescriptions},
            "issues": {i.id: i.model_dump() for i in snapshot.open_issues},
            "last_order": snapshot.orders[0].model_dump() if snapshot.orders else None,
        }
    agent = (
        {"name": me.display_name, "first_name": me.display_name.split(" ")[0]}
        if me
        else {"name": "the advisor", "first_name": "the advisor"}
    )
    return {
        "patient": patient,
        "conversation": {
            "caller": conversation.caller.display if conversation else "the caller",
            "channel": conversation.channel.value if conversation else "phone",
        },
        "agent": agent,
        "inputs": dict(values),
        "pharmacy": "the pharmacy",
        "today": date.today(),
    }
