"""``python -m bench.fanout_clients URL TOKENS_FILE EXPECTED``: one SSE stream per agent; prints
CONNECTED once all are open, then ``RECV <n> <event id> <unix time>`` for every event."""

from __future__ import annotations

import asyncio
import json
import sys
import time

import httpx


async def listen(
    http: httpx.AsyncClient,
    n: int,
    token: str,
    opened: asyncio.Event,
    count: list[int],
    expected: int,
    done: asyncio.Event,
) -> None:
    headers = {"Authorization": f"Bearer {token}", "Accept": "text/event-stream"}
    async with http.stream("GET", "/v1/events", headers=headers) as response:
        count[1] += 1
        if count[1] == count[2]:
            opened.set()
        async for line in response.aiter_lines():
            if line.startswith("id: "):
                print(f"RECV {n} {line[4:]} {time.time():.6f}", flush=False)
                count[0] += 1
                if count[0] >= expected:
                    done.set()
                    return
                if count[0] % 200 == 0:
                    sys.stdout.flush()


async def main() -> int:
    url, tokens_file, expected = sys.argv[1], sys.argv[2], int(sys.argv[3])
    tokens = json.loads(open(tokens_file).read())  # noqa: ASYNC230, SIM115 - read once at start
    opened, done = asyncio.Event(), asyncio.Event()
    count = [0, 0, len(tokens)]  # received, open streams, wanted streams
    limits = httpx.Limits(
        max_connections=len(tokens) + 10, max_keepalive_connections=len(tokens) + 10
    )
    async with httpx.AsyncClient(
        base_url=url, timeout=httpx.Timeout(60, read=120), limits=limits
    ) as http:
        tasks = [
            asyncio.create_task(listen(http, n, t, opened, count, expected, done))
            for n, t in enumerate(tokens)
        ]
        await asyncio.wait_for(opened.wait(), 60)
        print("CONNECTED", flush=True)
        await asyncio.wait_for(done.wait(), 300)
        sys.stdout.flush()
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
    return 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
