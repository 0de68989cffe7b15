"""Where the desk writes its log: a rotating file in the user's log folder, and stderr.

No log line may carry patient data. The desk's own loggers log identifiers (conversation and
account ids, workflow keys) and kinds of error, never values; HTTP libraries log whole addresses
and headers (a postcode lookup's query, a bearer token), so they are held at WARNING whatever
``--log-level`` says. tests/desktop/test_logs.py runs a whole demo call at DEBUG and searches
both logs for the patient's details.
"""

from __future__ import annotations

import logging
import logging.handlers
import os
import traceback
from pathlib import Path
from types import TracebackType

import platformdirs

FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
MAX_BYTES = 2_000_000
BACKUPS = 5
# Libraries that log request lines, query strings or headers.
QUIET = ("httpx", "httpcore", "hpack", "urllib3", "asyncio", "qasync")


def safe_traceback(exc: BaseException) -> str:
    """A traceback with every frame but no exception message: messages carry values (a
    pydantic error quotes its input, a KeyError its key), and values may be a patient's."""
    chain: list[BaseException] = []
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        chain.append(current)
        current = current.__cause__ or (
            None if current.__suppress_context__ else current.__context__
        )
    parts: list[str] = []
    for item in reversed(chain):
        if parts:
            parts.append("\nwhich led to:\n")
        parts.append("Traceback (most recent call last):\n")
        parts.extend(traceback.format_tb(item.__traceback__))
        kind = type(item)
        parts.append(f"{kind.__module__}.{kind.__qualname__} (message withheld)\n")
    return "".join(parts).rstrip("\n")


class SafeFormatter(logging.Formatter):
    def formatException(
        self,
        ei: tuple[type[BaseException], BaseException, TracebackType | None]
        | tuple[None, None, None],
    ) -> str:
        return safe_traceback(ei[1]) if ei[1] is not None else ""


def log_dir() -> Path:
    return Path(
        os.environ.get("CAREDESK_LOG_DIR") or platformdirs.user_log_dir("caredesk", appauthor=False)
    )


def log_file() -> Path:
    return log_dir() / "caredesk.log"


def setup(level: str = "warning", to_file: bool = True) -> Path | None:
    """Configure the root logger once; returns the log file, or None when it cannot be written
    (the desk still runs, logging to stderr)."""
    root = logging.getLogger()
    for handler in list(root.handlers):
        if getattr(handler, "caredesk", False):
            root.removeHandler(handler)
            handler.close()
    root.setLevel(level.upper())
    formatter = SafeFormatter(FORMAT)
    console = logging.StreamHandler()
    console.setFormatter(formatter)
    console.caredesk = True  # type: ignore[attr-defined]
    root.addHandler(console)
    for name in QUIET:
        logging.getLogger(name).setLevel(max(logging.WARNING, root.level))
    if not to_file:
        return None
    path = log_file()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handler = logging.handlers.RotatingFileHandler(
            path, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8"
        )
    except OSError as exc:
        logging.getLogger("caredesk").warning("cannot write the log file %s: %s", path, exc)
        return None
    handler.setFormatter(formatter)
    handler.caredesk = True  # type: ignore[attr-defined]
    root.addHandler(handler)
    return path
