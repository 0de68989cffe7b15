"""The client's methods by resource, the way Stainless-generated SDKs group them:
``client.conversations.list()``, ``client.enquiries.answer(…)``. One module per resource, each
a thin view over the client's one transport (retries, the token refresh, typed errors)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from backend_client.client import CareDeskClient


class Resource:
    """A group of the client's calls; every request goes through the client that owns it."""

    def __init__(self, client: CareDeskClient) -> None:
        self._client = client
