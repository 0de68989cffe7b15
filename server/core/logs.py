"""The server's log lines: plain text for a terminal, or JSON lines for a log pipeline
(``--log-format json``), each carrying the id of the request it was written for.

The id is the one ``RequestIdMiddleware`` gives a request (the caller's ``X-Request-ID`` or a new
one) and returns in the ``X-Request-ID`` response header and in every error body, so a desk's
error report, a proxy's access log and these lines meet on one value. It travels in a context
variable, which anyio copies into the worker threads that run the database work.
"""

from __future__ import annotations

import contextvars
import json
import logging
import re
import warnings
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

REQUEST_ID: contextvars.ContextVar[str | None] = contextvars.ContextVar(
    "caredesk_request_id", default=None
)
FORMATS = ("text", "json")
TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s%(request_suffix)s"
# FastAPI gives each parameter of a route a Field whose alias is the name it is read by (the
# body's is "body"), and builds a validator from it with pydantic's warning that such an alias has
# no effect (pydantic ≥ 2.12) silenced. The silence does not always hold:
# - the contract's models defer building their validators (``defer_build``, for the desk's start),
#   so a body's validator is built at its first request, outside FastAPI's silence;
# - FastAPI silences with ``warnings.catch_warnings``, which is not thread-safe: a thread leaving
#   its own block can restore the filters while another is inside (a path parameter's warning
#   was seen with two servers in one process).
# These are FastAPI's own fields, not mistakes in the contract (pydantic issue 12356 is the same
# false positive for parameter models). So the aliases ignored are exactly the app's parameters',
# read from its routes when it is built; the contract's own models still warn for any other.
FASTAPI_ALIAS_WARNING = (
    r"The 'alias' attribute with value '(?:{aliases})' was provided to the `Field\(\)` function"
)


def parameter_aliases(routes: Iterable[object]) -> frozenset[str]:
    """The aliases FastAPI gives the parameters of these routes and of their dependencies: path,
    query, header, cookie and body."""
    aliases: set[str] = set()
    pending = [dependant for route in routes if (dependant := getattr(route, "dependant", None))]
    while pending:
        dependant = pending.pop()
        for kind in (
            "path_params",
            "query_params",
            "header_params",
            "cookie_params",
            "body_params",
        ):
            aliases.update(field.alias for field in getattr(dependant, kind))
        pending.extend(dependant.dependencies)
    return frozenset(aliases)


def quiet_parameter_alias_warnings(aliases: Iterable[str]) -> None:
    """Ignore pydantic's no-effect-alias warning for these parameter aliases only (see above)."""
    from pydantic.warnings import UnsupportedFieldAttributeWarning

    names = sorted(aliases)
    if not names:
        return
    warnings.filterwarnings(
        "ignore",
        message=FASTAPI_ALIAS_WARNING.format(aliases="|".join(map(re.escape, names))),
        category=UnsupportedFieldAttributeWarning,
    )


# Libraries that log statements, request lines or bodies stay at WARNING whatever the level:
# what they would print at DEBUG includes patients' details.
QUIET = ("sqlalchemy", "httpx", "httpcore", "multipart", "python_multipart", "asyncio")


class RequestIdFilter(logging.Filter):
    """Adds ``request_id`` (None outside a request) and the text format's suffix to a record."""

    def filter(self, record: logging.LogRecord) -> bool:
        rid = REQUEST_ID.get()
        record.request_id = rid
        record.request_suffix = f" [request {rid}]" if rid else ""
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object a line: time (UTC, ISO 8601), level, logger, message, request id; for
    uvicorn's access lines also method, path (already redacted), status and client."""

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        rid = getattr(record, "request_id", None)
        if rid:
            line["request_id"] = rid
        args = record.args
        if record.name == "uvicorn.access" and isinstance(args, tuple) and len(args) == 5:
            client, method, path, _version, status = args
            line.update(client=client, method=method, path=path, status=status)
        if record.exc_info and record.exc_info[0] is not None:
            # The type only: an exception's text may hold a patient's details.
            line["exception"] = record.exc_info[0].__name__
        return json.dumps(line, ensure_ascii=False, default=str)


def configure(level: str = "info", fmt: str = "text") -> None:
    """Root handler on stderr in the chosen format; uvicorn's loggers propagate to it (run
    uvicorn with ``log_config=None``), and so do Python's warnings (logger ``py.warnings``), which
    would otherwise be bare lines on stderr in the middle of a JSON log. Idempotent."""
    if fmt not in FORMATS:
        raise ValueError(f"log format must be one of {', '.join(FORMATS)}")
    handler = logging.StreamHandler()
    handler.addFilter(RequestIdFilter())
    if fmt == "json":
        handler.setFormatter(JsonFormatter())
    else:
        handler.setFormatter(logging.Formatter(TEXT_FORMAT))
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(level.upper())
    for name in ("uvicorn", "uvicorn.error", "uvicorn.access"):
        logger = logging.getLogger(name)
        logger.handlers.clear()
        logger.propagate = True
    for name in QUIET:
        logging.getLogger(name).setLevel(max(logging.WARNING, root.level))
    logging.captureWarnings(True)
