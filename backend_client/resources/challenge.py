"""The caller challenge of a conversation: its questions, the answers, the call-back, a lead's
unlock, and an account's lock cleared."""

from __future__ import annotations

from backend_client import models as m
from backend_client.resources import Resource


class Challenge(Resource):
    async def questions(
        self, conversation_id: str, caller_type: m.CallerType = m.CallerType.PATIENT
    ) -> m.ChallengeQuestions:
        return await self._client._get(
            f"/v1/conversations/{conversation_id}/challenge",
            m.ChallengeQuestions,
            {"caller_type": caller_type.value},
        )

    async def submit(
        self, conversation_id: str, body: m.ChallengeAnswers, *, idempotency_key: str | None = None
    ) -> m.ChallengeResult:
        return await self._client._post(
            f"/v1/conversations/{conversation_id}/challenge",
            m.ChallengeResult,
            body.model_dump(mode="json"),
            idempotency_key=idempotency_key,
        )

    async def confirm_callback(self, conversation_id: str) -> m.ChallengeResult:
        return await self._client._post(
            f"/v1/conversations/{conversation_id}/challenge/callback",
            m.ChallengeResult,
            m.CallbackConfirmation(called_registered_number=True).model_dump(),
        )

    async def unlock(self, conversation_id: str) -> m.Conversation:
        return await self._client._post(
            f"/v1/conversations/{conversation_id}/unlock", m.Conversation
        )

    async def clear_account_lock(
        self, account_id: str, *, idempotency_key: str | None = None
    ) -> m.ChallengeLockCleared:
        """A lead clears an account's challenge lock (after repeated failed challenges)."""
        return await self._client._post(
            f"/v1/accounts/{account_id}/challenge/unlock",
            m.ChallengeLockCleared,
            idempotency_key=idempotency_key,
        )
