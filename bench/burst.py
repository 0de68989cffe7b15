"""``python -m bench.burst URL N``: N calls that ring and are abandoned, posted as fast as the
server takes them (2·N events for the advisor)."""

from __future__ import annotations

import sys

import httpx

from bench.desk_scenarios import envelope


def main() -> int:
    url, calls = sys.argv[1], int(sys.argv[2])
    with httpx.Client(base_url=url, timeout=30) as http:
        for n in range(calls):
            number = f"+44113497{n:04d}"
            http.post(
                "/webhooks/aircall", json=envelope("call.ringing_on_agent", 700_000 + n, number)
            ).raise_for_status()
            http.post(
                "/webhooks/aircall", json=envelope("call.hungup", 700_000 + n, number, ended=True)
            ).raise_for_status()
    return 0


if __name__ == "__main__":
    sys.exit(main())
