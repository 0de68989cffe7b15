"""The lead's floor says, in plain text, why a waiting call rang whom."""

from __future__ import annotations

from datetime import UTC, datetime

from backend_client import models as m
from desktop.views.lead_floor import waiting_text


def test_waiting_text_carries_the_routing_reason() -> None:
    now = datetime(2026, 12, 2, 9, 0, 30, tzinfo=UTC)
    item = m.WaitingConversation(
        id="conv_1",
        channel=m.Channel.PHONE,
        state=m.ConversationState.RINGING,
        auth_state=m.AuthState.UNVERIFIED,
        caller_display="+44 20 7946 0321",
        started_at=datetime(2026, 12, 2, 9, 0, 0, tzinfo=UTC),
        waited_seconds=30,
        sla_seconds=30,
        breached=False,
        routed_by="sticky",
        routing_reason="<b>Alex Morgan</b> handled this patient's last call.",
    )
    first, second = waiting_text(item, now).split("\n")
    assert "+44 20 7946 0321" in first
    assert second == "Routed: <b>Alex Morgan</b> handled this patient's last call."
    unrouted = waiting_text(item.model_copy(update={"routing_reason": None}), now)
    assert "\n" not in unrouted
