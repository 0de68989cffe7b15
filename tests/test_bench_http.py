"""The load generator's HTTP (bench/raw_http.py) against the real server: keep-alive requests,
answers read whole, and an SSE stream's lines de-chunked however the bytes arrive."""

from __future__ import annotations

import asyncio
import json

from bench.raw_http import HttpPool, _Dechunk, open_stream
from tests.live_server import LiveServer
from tests.support import aircall


def chunked(*parts: bytes) -> bytes:
    body = b"".join(b"%x;ext=1\r\n%s\r\n" % (len(p), p) for p in parts)
    return body + b"0\r\n\r\n"


def test_chunks_come_out_whole_whatever_the_split() -> None:
    payload = [b"id: 7\nevent: x\n", b'data: {"a": 1}\n\n', b": heartbeat\n\n"]
    wire = chunked(*payload)
    for cut in range(len(wire) + 1):
        for second in range(cut, len(wire) + 1):
            chunks = _Dechunk()
            out = chunks.feed(wire[:cut]) + chunks.feed(wire[cut:second])
            out += chunks.feed(wire[second:])
            assert out == b"".join(payload), (cut, second)
            assert chunks.finished


async def test_requests_and_a_stream_against_the_server(live_server: LiveServer) -> None:
    pool = HttpPool("127.0.0.1", int(live_server.url.rsplit(":", 1)[1]))
    try:
        refused, body = await pool.request(
            "POST", "/v1/auth/login", {}, {"username": "advisor", "password": "wrong"}
        )
        assert refused == 401
        assert json.loads(body)["error"]
        status, body = await pool.request(
            "POST", "/v1/auth/login", {}, {"username": "advisor", "password": "demo"}
        )
        assert status == 200
        token = json.loads(body)["access_token"]
        assert len(pool.idle) == 1  # the same connection served both

        lines: list[bytes] = []
        created = asyncio.Event()

        def on_line(line: bytes) -> None:
            lines.append(line)
            if line.startswith(b"data: ") and b'"conversation.created"' in line:
                created.set()

        headers = {"Authorization": f"Bearer {token}"}
        transport, status, _ = await open_stream(pool, "/v1/events", headers, on_line)
        try:
            assert status == 200
            rang, body = await pool.request(
                "POST", "/webhooks/aircall", {}, aircall("call.ringing_on_agent", 4242)
            )
            assert rang == 200, body
            await asyncio.wait_for(created.wait(), 10)
        finally:
            transport.close()
        ids = [line for line in lines if line.startswith(b"id: ")]
        data = [json.loads(line[6:]) for line in lines if line.startswith(b"data: ")]
        assert len(ids) == len(data) and ids
        assert [int(i[4:]) for i in ids] == [d["id"] for d in data]
        assert any(d["type"] == "conversation.created" for d in data)
    finally:
        pool.close()
