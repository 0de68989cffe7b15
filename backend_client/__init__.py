"""The CareDesk wire contract and its typed async client (no Qt, no server code)."""

from backend_client import errors, models
from backend_client.client import CareDeskClient, RetryPolicy, StreamStatus

__all__ = ["CareDeskClient", "RetryPolicy", "StreamStatus", "errors", "models"]
