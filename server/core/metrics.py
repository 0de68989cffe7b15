"""What an operations team watches: Prometheus series for ``GET /metrics``.

Built on ``prometheus-client``. Under ``--workers`` every worker writes its samples to files in
``PROMETHEUS_MULTIPROC_DIR`` (the supervisor sets a fresh folder before it starts them, and marks
a worker dead when it exits), and whichever worker answers a scrape adds them all up: the
library's multi-process mode. Gauges say how they add up (``livesum``: only live processes).

Labels are closed sets only (route templates, vendors, reasons, enum values): never a patient's
detail, an id, a number or a free-form string, so a scrape can be shared with anyone on call.
The queue depths are read from the database at scrape time, since every worker shares it.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    disable_created_metrics,
    generate_latest,
)
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector
from sqlalchemy import event
from sqlalchemy.orm import Session
from starlette.types import ASGIApp, Message, Receive, Scope, Send

if TYPE_CHECKING:
    from server.core.db import Database

MULTIPROC_ENV = "PROMETHEUS_MULTIPROC_DIR"
CONTENT_TYPE = CONTENT_TYPE_LATEST
# A ``_created`` series beside every counter doubles a scrape for nothing.
disable_created_metrics()  # type: ignore[no-untyped-call]

REQUESTS = Counter(
    "caredesk_http_requests",
    "HTTP requests answered, by route template, method and status code.",
    ["route", "method", "status"],
)
LATENCY = Histogram(
    "caredesk_http_request_duration_seconds",
    "Time from a request's arrival to the end of its response (event streams excluded).",
    ["route", "method"],
)
WEBHOOKS_RECEIVED = Counter(
    "caredesk_webhooks_received", "Webhook deliveries received, by vendor.", ["vendor"]
)
WEBHOOKS_REJECTED = Counter(
    "caredesk_webhooks_rejected",
    "Webhook deliveries refused, by vendor and the error code returned (bad_token, bad_json…).",
    ["vendor", "reason"],
)
EVENTS_APPENDED = Counter(
    "caredesk_events_appended", "Events committed to agents' streams, by event type.", ["type"]
)
EVENTS_DELIVERED = Counter(
    "caredesk_events_delivered", "Events written to an open event stream (replays included)."
)
HUB_NOTICES = Counter(
    "caredesk_event_notices",
    "Notices of committed events a process had, by what it did: 'read' (its streams may be owed "
    "them) or 'skipped' (events for agents with no stream in this process).",
    ["outcome"],
)
HUB_READS = Counter(
    "caredesk_event_hub_reads", "Reads of new events by a process's hub for its open streams."
)
DELIVERY_LAG = Histogram(
    "caredesk_event_delivery_lag_seconds",
    "From an event's commit to its write on a live stream: the server's part of a screen pop.",
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0),
)
STREAMS_OPEN = Gauge(
    "caredesk_sse_streams_open", "Event streams open now.", multiprocess_mode="livesum"
)
STREAMS_ENDED = Counter(
    "caredesk_sse_streams_ended",
    "Event streams ended by the server, by reason (session, expired, draining, error).",
    ["reason"],
)
OUTBOX_FAILURES = Counter(
    "caredesk_outbox_delivery_failures",
    "Outbox deliveries that failed (each attempt), by outbox.",
    ["outbox"],
)
CHALLENGES = Counter(
    "caredesk_challenge_outcomes",
    "Caller challenges answered, by caller type and outcome.",
    ["caller_type", "outcome"],
)
LOCK_BUCKETS = (0.0005, 0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5)
WRITER_LOCK_WAIT = Histogram(
    "caredesk_writer_lock_wait_seconds",
    "PostgreSQL: time a writing transaction waited for the writer lock (shared by units of "
    "work that lock their own places, exclusive for the rest).",
    buckets=LOCK_BUCKETS,
)
LOCK_WAIT = Histogram(
    "caredesk_lock_wait_seconds",
    "PostgreSQL: time a writing transaction waited for one contended place, by kind of place "
    "(a call, a refund request, the event log's tail).",
    ["place"],
    buckets=LOCK_BUCKETS,
)
DB_CONNECTIONS = Gauge(
    "caredesk_db_connections_in_use",
    "Database connections checked out of the pools now, by pool (writer, reader).",
    ["pool"],
    multiprocess_mode="livesum",
)


_ON_COMMIT = "caredesk.metrics_on_commit"


def count_on_commit(session: Session, child: Any, amount: float = 1) -> None:
    """Count ``child`` (a counter's labelled child) when ``session`` commits: a transaction that
    is rolled back and run again must not count twice."""
    session.info.setdefault(_ON_COMMIT, []).append((child, amount))


def _committed(session: Session) -> None:
    for child, amount in session.info.pop(_ON_COMMIT, ()):
        child.inc(amount)


def _rolled_back(session: Session) -> None:
    session.info.pop(_ON_COMMIT, None)


event.listen(Session, "after_commit", _committed)
event.listen(Session, "after_rollback", _rolled_back)


def observe_request(route: str, method: str, status: int, seconds: float | None) -> None:
    REQUESTS.labels(route, method, str(status)).inc()
    if seconds is not None:
        LATENCY.labels(route, method).observe(seconds)


# Who calls in: the second segment of /webhooks/… (a closed set, so an unknown path never
# becomes a label), and the phone system's routing request.
VENDORS = frozenset({"aircall", "intercom", "cti", "twilio", "sms"})


def webhook_vendor(path: str) -> str | None:
    """``/webhooks/aircall`` → ``aircall``; ``/webhooks/twilio/sms`` → ``twilio``;
    ``/telephony/route`` → ``routing``; anything else → None."""
    parts = path.split("/")
    if len(parts) > 2 and parts[1] == "webhooks":
        return parts[2] if parts[2] in VENDORS else None
    if path.startswith("/telephony/route"):
        return "routing"
    return None


class MetricsMiddleware:
    """Counts and times every HTTP request by its route template (``/v1/accounts/{account_id}``,
    never the id), plain ASGI so a streamed response is not re-piped. Outermost, so it also
    sees what the body cap refuses. The error handlers leave the error code in
    ``scope["state"]["error_code"]``: a refused webhook's reason."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500
        streaming = False

        async def send_watched(message: Message) -> None:
            nonlocal status, streaming
            if message["type"] == "http.response.start":
                status = int(message["status"])
                for name, value in message.get("headers", ()):
                    if name.lower() == b"content-type" and value.startswith(b"text/event-stream"):
                        streaming = True
            await send(message)

        try:
            await self.app(scope, receive, send_watched)
        finally:
            route_obj = scope.get("route")
            route = getattr(route_obj, "path_format", None) or "unmatched"
            method = scope.get("method", "GET")
            observe_request(
                route, method, status, None if streaming else time.perf_counter() - started
            )
            vendor = webhook_vendor(scope.get("path", ""))
            if vendor is not None:
                WEBHOOKS_RECEIVED.labels(vendor).inc()
                if status >= 400:
                    reason = (scope.get("state") or {}).get("error_code") or str(status)
                    WEBHOOKS_REJECTED.labels(vendor, reason).inc()


class QueueDepths(Collector):
    """The outboxes' depths, read from the database when scraped (one query per outbox)."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def collect(self) -> Iterable[GaugeMetricFamily]:
        from sqlalchemy import func, select

        from server.core.orm import InsightCard, IntercomNote, OutboundMessage

        depth = GaugeMetricFamily(
            "caredesk_outbox_depth",
            "Outbox rows by outbox and state (queued or pending: waiting; failed: given up).",
            labels=["outbox", "state"],
        )
        with self._db.reader() as session:
            for name, table in (("intercom_note", IntercomNote), ("insight_card", InsightCard)):
                counts = dict(
                    session.execute(
                        select(table.status, func.count())
                        .where(table.status.in_(("pending", "failed")))
                        .group_by(table.status)
                    ).all()
                )
                for state in ("pending", "failed"):
                    depth.add_metric([name, state], counts.get(state, 0))
            rows = session.execute(
                select(OutboundMessage.channel, OutboundMessage.status, func.count())
                .where(OutboundMessage.status.in_(("queued", "sending", "failed")))
                .group_by(OutboundMessage.channel, OutboundMessage.status)
            ).all()
            found = {(channel, state): n for channel, state, n in rows}
            for channel in ("sms", "email", "app"):
                for state in ("queued", "sending", "failed"):
                    depth.add_metric([channel, state], found.get((channel, state), 0))
        yield depth


def exposition(db: Database, *, ready: bool) -> bytes:
    """The text a scrape gets: this process's series (or, under workers, all workers'), the
    queue depths, and whether this process is ready for traffic."""
    if os.environ.get(MULTIPROC_ENV):
        from prometheus_client import multiprocess

        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
    else:
        registry = REGISTRY
    local = CollectorRegistry()
    local.register(QueueDepths(db))
    local.register(_Readiness(ready))
    return generate_latest(registry) + generate_latest(local)


class _Readiness(Collector):
    def __init__(self, ready: bool) -> None:
        self._ready = ready

    def collect(self) -> Iterator[GaugeMetricFamily]:
        yield GaugeMetricFamily(
            "caredesk_ready",
            "1 when the worker that answered this scrape is ready for traffic (see /readyz).",
            value=1 if self._ready else 0,
        )


def track_pool(engine: object, pool: str) -> None:
    """Keep ``caredesk_db_connections_in_use`` for one engine's pool."""
    gauge = DB_CONNECTIONS.labels(pool)
    event.listen(engine, "checkout", lambda *_: gauge.inc())
    event.listen(engine, "checkin", lambda *_: gauge.dec())
