"""HTTP/1.1 for the load generator at the cost of a socket: keep-alive POSTs and SSE streams on
asyncio's own protocols, nothing parsed that the generator does not read.

The capacity figure counts the generator's CPU with the server's, because they share the bench's
two cores; in the field, Aircall and 200 desks are other machines. httpx (the desk's HTTP stack,
measured by ``make bench``) cost the generator about a quarter of the machine's CPU per webhook,
most of it in its connection pool and stream plumbing, so the knee measured the client as much as
the server. The server sees the same requests either way: same paths, headers and bodies, one
connection per stream, keep-alive for the rest.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from typing import Any


class HttpError(ConnectionError):
    """The connection failed or closed before a whole answer came (httpx's TransportError)."""


def _head(method: str, path: str, host: str, headers: dict[str, str], body: bytes | None) -> bytes:
    lines = [f"{method} {path} HTTP/1.1", f"Host: {host}"]
    lines += [f"{name}: {value}" for name, value in headers.items()]
    if body is not None:
        lines += ["Content-Type: application/json", f"Content-Length: {len(body)}"]
    elif method != "GET":
        lines.append("Content-Length: 0")
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")


def _status(status_line: str) -> int:
    """The code of a status line (``HTTP/1.1 200 OK``)."""
    return int(status_line.split(" ", 2)[1])


class _Dechunk:
    """Transfer-Encoding: chunked, undone as bytes arrive; ``feed`` returns the payload so far."""

    def __init__(self) -> None:
        self.pending = b""
        self.left = 0  # > 0: the chunk's bytes still to come; -2: its CRLF; 0: a size line
        self.finished = False

    def feed(self, data: bytes) -> bytes:
        self.pending += data
        out = bytearray()
        while self.pending and not self.finished:
            if self.left > 0:
                take = self.pending[: self.left]
                out += take
                self.left -= len(take)
                self.pending = self.pending[len(take) :]
                if self.left:
                    break
                self.left = -2  # the chunk's CRLF
            if self.left < 0:
                if len(self.pending) < 2:
                    break
                self.pending = self.pending[2:]
                self.left = 0
                continue
            end = self.pending.find(b"\r\n")
            if end < 0:
                break
            size = int(self.pending[:end].split(b";", 1)[0], 16)
            self.pending = self.pending[end + 2 :]
            if size == 0:
                self.finished = True
                break
            self.left = size
        return bytes(out)


class _Exchange(asyncio.Protocol):
    """One keep-alive connection: a request at a time, its answer read whole."""

    def __init__(self) -> None:
        self.transport: asyncio.Transport | None = None
        self.buffer = b""
        self.answer: asyncio.Future[tuple[int, bytes]] | None = None
        self.status = 0
        self.length: int | None = None
        self.chunks: _Dechunk | None = None
        self.body = b""
        self.reusable = True
        self.closed = False

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self.transport = transport

    def send(self, request: bytes) -> asyncio.Future[tuple[int, bytes]]:
        assert self.transport is not None and self.answer is None
        self.answer = asyncio.get_running_loop().create_future()
        self.status, self.length, self.chunks, self.body, self.buffer = 0, None, None, b"", b""
        self.transport.write(request)
        return self.answer

    def data_received(self, data: bytes) -> None:
        if not self.status:
            self.buffer += data
            end = self.buffer.find(b"\r\n\r\n")
            if end < 0:
                return
            head, data = self.buffer[:end].decode("latin-1"), self.buffer[end + 4 :]
            lines = head.split("\r\n")
            self.status = _status(lines[0])
            for line in lines[1:]:
                name, _, value = line.partition(":")
                name, value = name.strip().lower(), value.strip().lower()
                if name == "content-length":
                    self.length = int(value)
                elif name == "transfer-encoding" and "chunked" in value:
                    self.chunks = _Dechunk()
                elif name == "connection" and value == "close":
                    self.reusable = False
            if self.length is None and self.chunks is None:
                self.length = 0  # 204, 304 and the like
        if self.chunks is not None:
            self.body += self.chunks.feed(data)
            done = self.chunks.finished
        else:
            self.body += data
            assert self.length is not None
            done = len(self.body) >= self.length
        if done and self.answer is not None and not self.answer.done():
            self.answer.set_result((self.status, self.body))
            self.answer = None

    def connection_lost(self, exc: Exception | None) -> None:
        self.closed = True
        if self.answer is not None and not self.answer.done():
            self.answer.set_exception(HttpError(f"connection closed: {exc}"))


class HttpPool:
    """Keep-alive connections to one server, opened as needed and kept for the next request."""

    def __init__(self, host: str, port: int) -> None:
        self.host, self.port = host, port
        self.authority = f"{host}:{port}"
        self.idle: list[_Exchange] = []

    async def request(
        self, method: str, path: str, headers: dict[str, str], body: Any = None
    ) -> tuple[int, bytes]:
        """Status and body; ``body`` (if any) goes as JSON. HttpError when the connection fails."""
        payload = None if body is None else json.dumps(body).encode()
        head = _head(method, path, self.authority, headers, payload)
        exchange = self.idle.pop() if self.idle else None
        if exchange is None or exchange.closed:
            try:
                _, exchange = await asyncio.get_running_loop().create_connection(
                    _Exchange, self.host, self.port
                )
            except OSError as exc:
                raise HttpError(str(exc)) from exc
        try:
            answer = await exchange.send(head + (payload or b""))
        except BaseException:
            if exchange.transport is not None:
                exchange.transport.close()
            raise
        if exchange.reusable and not exchange.closed:
            self.idle.append(exchange)
        elif exchange.transport is not None:
            exchange.transport.close()
        return answer

    def close(self) -> None:
        for exchange in self.idle:
            if exchange.transport is not None:
                exchange.transport.close()
        self.idle.clear()


class _Stream(asyncio.Protocol):
    """An SSE stream: its status, then each whole line of the de-chunked body to ``on_line``."""

    def __init__(self, on_line: Callable[[bytes], None]) -> None:
        self.on_line = on_line
        self.status: asyncio.Future[int] = asyncio.get_running_loop().create_future()
        self.ended: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self.head = b""
        self.chunks = _Dechunk()
        self.tail = b""

    def data_received(self, data: bytes) -> None:
        if not self.status.done():
            self.head += data
            end = self.head.find(b"\r\n\r\n")
            if end < 0:
                return
            self.status.set_result(_status(self.head[:end].split(b"\r\n", 1)[0].decode("latin-1")))
            data = self.head[end + 4 :]
        text = self.tail + self.chunks.feed(data)
        lines = text.split(b"\n")
        self.tail = lines.pop()
        for line in lines:
            self.on_line(line)

    def connection_lost(self, exc: Exception | None) -> None:
        if not self.status.done():
            self.status.set_exception(HttpError(f"connection closed: {exc}"))
        if not self.ended.done():
            self.ended.set_result(None)


async def open_stream(
    pool: HttpPool, path: str, headers: dict[str, str], on_line: Callable[[bytes], None]
) -> tuple[asyncio.Transport, int, asyncio.Future[None]]:
    """A GET held open on a connection of its own: its transport, status, and a future done
    when the server or the network ends it. HttpError when it cannot be opened."""
    try:
        transport, stream = await asyncio.get_running_loop().create_connection(
            lambda: _Stream(on_line), pool.host, pool.port
        )
    except OSError as exc:
        raise HttpError(str(exc)) from exc
    transport.write(
        _head("GET", path, pool.authority, {**headers, "Accept": "text/event-stream"}, None)
    )
    return transport, await stream.status, stream.ended
