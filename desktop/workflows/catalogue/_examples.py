"""Example values drawn from a snapshot, for demos and the catalogue test (not workflows)."""

from __future__ import annotations

from datetime import date, timedelta

from backend_client import models as m


def latest_order(s: m.Snapshot | None) -> str | None:
    return s.orders[0].id if s and s.orders else None


def open_order(s: m.Snapshot | None) -> str | None:
    return next((o.id for o in s.orders if o.status.in_the_pharmacy), None) if s else None


def shipped_order(s: m.Snapshot | None) -> str | None:
    return next((o.id for o in s.orders if o.status.shipped), None) if s else None


def paid_order(s: m.Snapshot | None) -> str | None:
    return (
        next((o.id for o in s.orders if o.total_pence - o.refunded_pence > 0), None) if s else None
    )


def active_repeat(s: m.Snapshot | None) -> str | None:
    return (
        next((p.id for p in s.prescriptions if p.repeat and p.status == "active"), None)
        if s
        else None
    )


def any_prescription(s: m.Snapshot | None) -> str | None:
    return s.prescriptions[0].id if s and s.prescriptions else None


def next_weekday(_: object = None) -> str:
    day = date.today() + timedelta(days=1)
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day.strftime("%d/%m/%Y")


def open_issue(s: m.Snapshot | None) -> str | None:
    return s.open_issues[0].id if s and s.open_issues else None
