"""A real uvicorn server on loopback, in a thread, for tests that need real sockets (SSE)."""

from server.threaded import ThreadedServer as LiveServer
from server.threaded import free_port

__all__ = ["LiveServer", "free_port"]
