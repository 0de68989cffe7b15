"""The outbox fault-injection run in a short form (the full one: ``python -m
bench.outbox_faults --runs 1000``): desk and server killed during replay, every action once."""

from __future__ import annotations

import pytest

from bench import outbox_faults


@pytest.mark.slow
def test_every_queued_action_is_applied_exactly_once_under_kills(capsys) -> None:  # type: ignore[no-untyped-def]
    assert outbox_faults.main(["--runs", "6", "--seed", "7"]) == 0
    printed = capsys.readouterr().out
    assert "applied exactly once: 18; missing: 0; applied twice or more: 0" in printed
