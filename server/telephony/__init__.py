"""The phone and chat systems: each vendor's webhook turned into the same call facts, and the
calls CareDesk places through them."""
