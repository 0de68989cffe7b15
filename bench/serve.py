"""``python -m bench.serve DB_URL PORT``: the reference server for the bench, on 127.0.0.1."""

from __future__ import annotations

import sys

import uvicorn

from bench.backend import bench_settings
from server.app import create_app


def main() -> int:
    url, port = sys.argv[1], int(sys.argv[2])
    settings = bench_settings(url)
    config = uvicorn.Config(
        create_app(settings),
        host="127.0.0.1",
        port=port,
        log_level="warning",
        timeout_graceful_shutdown=1,
    )
    server = uvicorn.Server(config)
    original = server.startup

    async def startup(sockets=None):  # type: ignore[no-untyped-def]
        await original(sockets)
        print("SERVING", flush=True)

    server.startup = startup  # type: ignore[method-assign]
    server.run()
    return 0


if __name__ == "__main__":
    sys.exit(main())
