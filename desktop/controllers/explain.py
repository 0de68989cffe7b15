"""What to tell the advisor about a failure, in their words."""

from __future__ import annotations

from backend_client import errors
from desktop.i18n import translate


def explain(exc: BaseException, server_url: str = "") -> str:
    """What to tell the advisor about a failure, in their words (the server's own message when
    it gave one)."""
    if isinstance(exc, errors.LockedError):
        return exc.message
    if isinstance(exc, errors.AuthenticationError):
        return (
            exc.message
            if exc.code == "invalid_credentials"
            else translate("Errors", "Your session ended. Sign in again.")
        )
    if isinstance(exc, errors.APITimeoutError):
        return translate(
            "Errors", "The server is taking too long to answer. Try again in a moment."
        )
    if isinstance(exc, errors.APIConnectionError):
        if server_url:
            return translate(
                "Errors",
                "Cannot reach the CareDesk server at {0}. Check the network connection or "
                "the address.",
            ).format(server_url)
        return translate(
            "Errors",
            "Cannot reach the CareDesk server. Check the network connection or the address.",
        )
    if isinstance(exc, errors.APIStatusError) and exc.status_code >= 500 and exc.request_id:
        # The server's own failure: the reference finds its log lines (docs/deploy.md).
        return translate("Errors", "{0} Reference for the service desk: {1}").format(
            exc.message, exc.request_id
        )
    if isinstance(exc, errors.APIStatusError | errors.CareDeskError):
        return exc.message
    return translate(
        "Errors", "Something went wrong. Try again; if it keeps happening, tell your team lead."
    )
