"""Look-ups shared by actions: the account's own orders and prescriptions, or a clear error."""

from __future__ import annotations

from backend_client import models as m
from server.actions import ActionContext
from server.core.errors import ApiError
from server.core.orm import Order, Prescription

NOT_DISPATCHED = tuple(sorted(s.value for s in m.ORDER_IN_THE_PHARMACY))


def order_of(ctx: ActionContext, order_id: str) -> Order:
    account = ctx.require_account()
    order = ctx.session.get(Order, order_id)
    if order is None or order.account_id != account.id:
        raise ApiError(
            422,
            "unknown_order",
            "That order is not on this account.",
            fields={"order_id": "not on this account"},
        )
    return order


def undispatched_order(ctx: ActionContext, order_id: str) -> Order:
    order = order_of(ctx, order_id)
    if order.status not in NOT_DISPATCHED:
        raise ApiError(
            409,
            "order_dispatched",
            f"Order {order.id} is already {order.status.replace('_', ' ')}: "
            "it can no longer be changed.",
        )
    return order


def prescription_of(ctx: ActionContext, prescription_id: str) -> Prescription:
    account = ctx.require_account()
    rx = ctx.session.get(Prescription, prescription_id)
    if rx is None or rx.account_id != account.id:
        raise ApiError(
            422,
            "unknown_prescription",
            "That prescription is not on this account.",
            fields={"prescription_id": "not on this account"},
        )
    return rx


def flag(ctx: ActionContext, text: str) -> None:
    account = ctx.require_account()
    flags = [f for f in (account.flags or []) if f != text]
    account.flags = [text, *flags][:8]


def set_preference(ctx: ActionContext, key: str, value: object) -> None:
    account = ctx.require_account()
    prefs = dict(account.preferences or {})
    prefs[key] = value
    account.preferences = prefs  # a new dict, so the JSON column is seen as changed
