"""``python -m bench.dropper TARGET_PORT``: the workstation's network, as a TCP relay on 127.0.0.1
that the bench can cut. It prints ``LISTENING <port>``, then reads commands on stdin: ``down``
closes every connection through it and refuses new ones (a cable pulled, a Wi-Fi drop), ``up``
lets them through again; each is answered ``OK <command>``. It stops when stdin closes."""

from __future__ import annotations

import asyncio
import contextlib
import sys

from bench.harness import pin


class Relay:
    def __init__(self, target_port: int) -> None:
        self.target_port = target_port
        self.up = True
        self.open: set[asyncio.StreamWriter] = set()

    async def client(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        if not self.up:
            writer.close()
            return
        try:
            up_reader, up_writer = await asyncio.open_connection("127.0.0.1", self.target_port)
        except OSError:
            writer.close()
            return
        self.open |= {writer, up_writer}
        try:
            await asyncio.gather(self._pipe(reader, up_writer), self._pipe(up_reader, writer))
        finally:
            for w in (writer, up_writer):
                self.open.discard(w)
                w.close()

    async def _pipe(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        with contextlib.suppress(OSError, asyncio.IncompleteReadError):
            while data := await reader.read(65536):
                writer.write(data)
                await writer.drain()
        with contextlib.suppress(OSError):
            writer.close()

    def down(self) -> None:
        self.up = False
        for writer in list(self.open):
            transport = writer.transport
            transport.abort()  # a reset, not a polite close: the network went away
        self.open.clear()


async def main(target_port: int) -> None:
    relay = Relay(target_port)
    server = await asyncio.start_server(relay.client, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    print(f"LISTENING {port}", flush=True)
    loop = asyncio.get_running_loop()
    while line := await loop.run_in_executor(None, sys.stdin.readline):
        command = line.strip()
        if command == "down":
            relay.down()
        elif command == "up":
            relay.up = True
        print(f"OK {command}", flush=True)
    server.close()


if __name__ == "__main__":
    pin(0, desk=False)  # the network is not the desk's
    asyncio.run(main(int(sys.argv[1])))
