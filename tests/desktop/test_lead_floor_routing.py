"""The lead's floor says, in plain text, why a waiting call rang whom, and how the call-backs
stand."""

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


def test_callbacks_text_says_how_many_wait_and_how_late() -> None:
    from desktop.views.lead_floor import callbacks_text

    floor = m.Floor(
        waiting=[],
        locked=[],
        locked_accounts=0,
        pending_refund_requests=0,
        agents=[],
        sla=m.SlaTargets(
            phone_answer_seconds=30, chat_first_response_seconds=60, issue_ack_minutes=120
        ),
        breaches_today={},
        callbacks_waiting=3,
        callbacks_late=1,
        oldest_callback_minutes=41.6,
    )
    assert callbacks_text(floor) == "Call-backs: 3 waiting, 1 late · oldest 42 min"
    empty = floor.model_copy(
        update={"callbacks_waiting": 0, "callbacks_late": 0, "oldest_callback_minutes": None}
    )
    assert callbacks_text(empty) == "Call-backs: 0 waiting, 0 late · none waiting"
