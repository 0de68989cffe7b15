"""A loopback TCP proxy that cuts connections at random points, for fault-injection tests.

Each connection forwards the client's bytes untouched and the server's bytes until a random
budget runs out, then both sides are closed mid-stream (mid-header, mid-event, anywhere).
After ``drops`` cuts it forwards everything.
"""

from __future__ import annotations

import asyncio
import contextlib
import random


class DroppingProxy:
    def __init__(
        self, upstream_port: int, *, drops: int, max_bytes: int = 1500, seed: int = 7
    ) -> None:
        self.upstream_port = upstream_port
        self.drops_wanted = drops
        self.drops_done = 0
        self.max_bytes = max_bytes
        self._rng = random.Random(seed)
        self._server: asyncio.Server | None = None
        self.port = 0
        self._tasks: set[asyncio.Task[None]] = set()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    async def start(self) -> None:
        self._server = await asyncio.start_server(self._handle, "127.0.0.1", 0)
        self.port = self._server.sockets[0].getsockname()[1]

    async def stop(self) -> None:
        if self._server is not None:
            self._server.close()
            await self._server.wait_closed()
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)

    async def _handle(self, client_r: asyncio.StreamReader, client_w: asyncio.StreamWriter) -> None:
        budget = None
        if self.drops_done < self.drops_wanted:
            budget = self._rng.randint(1, self.max_bytes)
        try:
            up_r, up_w = await asyncio.open_connection("127.0.0.1", self.upstream_port)
        except OSError:
            client_w.close()
            return

        async def pump(
            reader: asyncio.StreamReader, writer: asyncio.StreamWriter, limit: int | None
        ) -> None:
            sent = 0
            while True:
                chunk = await reader.read(4096)
                if not chunk:
                    break
                if limit is not None and sent + len(chunk) >= limit:
                    writer.write(chunk[: max(0, limit - sent)])
                    with contextlib.suppress(ConnectionError):
                        await writer.drain()
                    self.drops_done += 1
                    break
                writer.write(chunk)
                sent += len(chunk)
                await writer.drain()

        upward = asyncio.create_task(pump(client_r, up_w, None))
        downward = asyncio.create_task(pump(up_r, client_w, budget))
        self._tasks |= {upward, downward}
        try:
            await asyncio.wait({upward, downward}, return_when=asyncio.FIRST_COMPLETED)
        except (ConnectionError, asyncio.CancelledError):
            pass
        finally:
            for task in (upward, downward):
                task.cancel()
            await asyncio.gather(upward, downward, return_exceptions=True)
            self._tasks -= {upward, downward}
            for writer in (client_w, up_w):
                writer.close()
