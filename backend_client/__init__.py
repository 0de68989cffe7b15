"""The CareDesk wire contract and its typed async client (no Qt, no server code)."""

from backend_client import errors, models
from backend_client._http import RetryPolicy, StreamStatus
from backend_client.client import CareDeskClient

__all__ = ["CareDeskClient", "RetryPolicy", "StreamStatus", "errors", "models"]
