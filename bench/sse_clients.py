"""``python -m bench.sse_clients URL TOKENS_FILE EXPECTED``: many SSE streams at the cost of a
socket each. Prints CONNECTED once all are open, then ``RECV <n> <event id> <unix time>`` per
event, and exits after EXPECTED events in all.

The fan-out figure times the server; 2,000 real desks parse their streams on 2,000 machines, not
on the bench's two cores. So these clients do no more than a desk's first step: a protocol
callback per read that finds each ``id:`` line. (httpx's line iterator costs several times the
server's own work per event, which turned the figure into a measure of the client.)
"""

from __future__ import annotations

import asyncio
import json
import sys
import time
from urllib.parse import urlsplit


class Stream(asyncio.Protocol):
    def __init__(self, n: int, request: bytes, shared: Shared) -> None:
        self.n = n
        self.request = request
        self.shared = shared
        self.tail = b""
        self.opened = False

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        transport.write(self.request)

    def data_received(self, data: bytes) -> None:
        now = time.time()
        if not self.opened:
            if not data.startswith(b"HTTP/1.1 200"):
                print(f"REFUSED {self.n} {data[:40]!r}", flush=True)
                self.shared.failed.set()
                return
            self.opened = True
            self.shared.open_one()
        chunk = self.tail + data
        start = 0
        while (at := chunk.find(b"\nid: ", start)) >= 0:
            end = chunk.find(b"\n", at + 5)
            if end < 0:
                break
            self.shared.received(self.n, chunk[at + 5 : end].decode(), now)
            start = end
        self.tail = chunk[start:][-64:]

    def connection_lost(self, exc: Exception | None) -> None:
        if not self.shared.done.is_set():
            print(f"LOST {self.n}", flush=True)


class Shared:
    def __init__(self, streams: int, expected: int) -> None:
        self.streams = streams
        self.expected = expected
        self.open = 0
        self.count = 0
        self.opened = asyncio.Event()
        self.done = asyncio.Event()
        self.failed = asyncio.Event()
        self.out: list[str] = []

    def open_one(self) -> None:
        self.open += 1
        if self.open == self.streams:
            self.opened.set()

    def received(self, n: int, event_id: str, at: float) -> None:
        self.out.append(f"RECV {n} {event_id} {at:.6f}\n")
        self.count += 1
        if len(self.out) >= 500 or self.count >= self.expected:
            sys.stdout.write("".join(self.out))
            sys.stdout.flush()
            self.out.clear()
        if self.count >= self.expected:
            self.done.set()


async def main() -> int:
    url, tokens_file, expected = sys.argv[1], sys.argv[2], int(sys.argv[3])
    tokens = json.loads(open(tokens_file).read())  # noqa: ASYNC230, SIM115 - read once at start
    parts = urlsplit(url)
    host, port = parts.hostname or "127.0.0.1", parts.port or 80
    shared = Shared(len(tokens), expected)
    loop = asyncio.get_running_loop()
    transports = []
    for n, token in enumerate(tokens):
        request = (
            f"GET /v1/events HTTP/1.1\r\nHost: {host}:{port}\r\n"
            f"Authorization: Bearer {token}\r\nAccept: text/event-stream\r\n\r\n"
        ).encode()
        transport, _ = await loop.create_connection(
            lambda n=n, r=request: Stream(n, r, shared), host, port
        )
        transports.append(transport)

    async def flush_now_and_then() -> None:
        while not shared.done.is_set():
            await asyncio.sleep(0.05)  # a round's last lines may sit below the batch size
            if shared.out:
                sys.stdout.write("".join(shared.out))
                sys.stdout.flush()
                shared.out.clear()

    flusher = asyncio.create_task(flush_now_and_then())
    await asyncio.wait_for(shared.opened.wait(), 120)
    print("CONNECTED", flush=True)
    await asyncio.wait_for(shared.done.wait(), 600)
    flusher.cancel()
    for transport in transports:
        transport.close()
    return 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
