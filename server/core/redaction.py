"""Secrets and patient data out of log lines. The generic CTI hook's token travels in its URL
(some phone systems can send nothing else), so every access-log line would carry it; and query
strings carry what advisors look up (a postcode for the address finder). A filter on uvicorn's
loggers replaces both before any handler formats the record: paths keep only ids."""

from __future__ import annotations

import logging
import re

# The path segment after /webhooks/cti/ is the token, unless it is the "digits" route of the
# header-token form (/webhooks/cti/digits).
_CTI_TOKEN = re.compile(r"(/webhooks/cti/)(?!digits(?:[/?\s\"']|$))[^/?\s\"']+")
# A query string, up to where the access log's quoted request line ends.
_QUERY = re.compile(r"\?[^\s\"'?]*=[^\s\"']*")
REDACTED = "[redacted]"
LOGGERS = ("uvicorn.access", "uvicorn.error", "caredesk.server")


def redact(text: str) -> str:
    return _QUERY.sub("?" + REDACTED, _CTI_TOKEN.sub(r"\1" + REDACTED, text))


class RedactSecrets(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, str):
            record.msg = redact(record.msg)
        if isinstance(record.args, tuple):
            record.args = tuple(redact(a) if isinstance(a, str) else a for a in record.args)
        elif isinstance(record.args, dict):
            record.args = {
                k: redact(v) if isinstance(v, str) else v for k, v in record.args.items()
            }
        return True


def install() -> None:
    """Idempotent: one filter per logger, however many apps a process builds."""
    for name in LOGGERS:
        logger = logging.getLogger(name)
        if not any(isinstance(f, RedactSecrets) for f in logger.filters):
            logger.addFilter(RedactSecrets())
