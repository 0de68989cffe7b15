"""The Orders tab: the short facts in columns, the whole order under the table."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from backend_client import models as m
from desktop.i18n import QT_TRANSLATE_NOOP, translate
from desktop.views.partials.details import DetailsGrid
from desktop.views.partials.formatting import day, pounds, words
from desktop.views.partials.records import RecordsWithDetails

ORDER_DETAIL_ROWS = (
    QT_TRANSLATE_NOOP("Details", "Order"),
    QT_TRANSLATE_NOOP("Details", "Delivery"),
    QT_TRANSLATE_NOOP("Details", "Tracking"),
    QT_TRANSLATE_NOOP("Details", "Deliver to"),
    QT_TRANSLATE_NOOP("Details", "Items"),
    QT_TRANSLATE_NOOP("Details", "Paid"),
    QT_TRANSLATE_NOOP("Details", "Refunds"),
)


def order_details(o: m.Order) -> dict[str, str | None]:
    address = o.address
    left = o.total_pence - o.refunded_pence
    return {
        "Order": translate("Details", "{order} · placed {day} · {status}").format(
            order=o.id, day=day(o.placed_at), status=words(o.status)
        ),
        "Delivery": translate("Details", "{method} · expected {day}").format(
            method=words(o.delivery_method), day=day(o.expected_delivery)
        ),
        "Tracking": f"{o.carrier or ''} {o.tracking_code or ''}".strip()
        or translate("Details", "none yet"),
        "Deliver to": ", ".join(x for x in (address.line1, address.line2, address.city) if x)
        + f" {address.postcode}",
        "Items": "; ".join(f"{x.medicine} ×{x.quantity}" for x in o.lines) or "—",
        "Paid": pounds(o.total_pence),
        "Refunds": (
            translate("Details", "{refunded} refunded · {left} can still be refunded").format(
                refunded=pounds(o.refunded_pence), left=pounds(left)
            )
            if o.total_pence
            else translate("Details", "nothing was paid (free prescription)")
        ),
    }


class OrdersTab(RecordsWithDetails[m.Order]):
    def __init__(self, parent: QWidget | None = None) -> None:
        details = DetailsGrid(ORDER_DETAIL_ROWS)
        details.setObjectName("orderDetails")
        super().__init__(
            [
                (QT_TRANSLATE_NOOP("Columns", "Order"), lambda o: o.id),
                (QT_TRANSLATE_NOOP("Columns", "Placed"), lambda o: day(o.placed_at)),
                (QT_TRANSLATE_NOOP("Columns", "Status"), lambda o: words(o.status)),
                (QT_TRANSLATE_NOOP("Columns", "Paid"), lambda o: pounds(o.total_pence)),
                (
                    QT_TRANSLATE_NOOP("Columns", "Refundable"),
                    lambda o: pounds(o.total_pence - o.refunded_pence),
                ),
                (
                    QT_TRANSLATE_NOOP("Columns", "Items"),
                    lambda o: ", ".join(f"{x.medicine} ×{x.quantity}" for x in o.lines),
                ),
            ],
            "ordersTable",
            5,
            translate("OrdersTab", "Orders"),
            details,
            order_details,
            parent,
        )

    def show_orders(self, orders: list[m.Order]) -> None:
        self.show_rows(orders)
