"""The caller challenge of the open conversation: the questions the server sends (never their
answers), the advisor's answers, the call-back confirmation, and what a verdict opens."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from backend_client import errors
from backend_client import models as m
from desktop.controllers.explain import explain

if TYPE_CHECKING:
    from desktop.controllers.desk import DeskController


class ChallengeController(QObject):
    questionsLoaded = Signal(object)  # m.ChallengeQuestions
    challengeAnswered = Signal(object)  # m.ChallengeResult
    challengeFailed = Signal(str)

    def __init__(self, desk: DeskController) -> None:
        super().__init__(desk)
        self.desk = desk

    def load_questions(self, caller_type: m.CallerType) -> None:
        desk = self.desk
        if desk.current_id is None:
            return
        desk.tasks.spawn(self._load_questions(desk.current_id, caller_type), name="challenge")

    async def _load_questions(self, conversation_id: str, caller_type: m.CallerType) -> None:
        desk = self.desk
        assert desk.client is not None
        try:
            questions = await desk.client.challenge.questions(conversation_id, caller_type)
        except errors.ConflictError as exc:
            if exc.code == "callback_pending":
                return  # the view already shows the callback instruction
            self.challengeFailed.emit(explain(exc))
            return
        except errors.CareDeskError as exc:
            self.challengeFailed.emit(desk.explain(exc))
            return
        if conversation_id == desk.current_id:
            self.questionsLoaded.emit(questions)

    def submit_challenge(self, caller_type: m.CallerType, answers: dict[str, str]) -> None:
        desk = self.desk
        if desk.current_id is None:
            return
        body = m.ChallengeAnswers(caller_type=caller_type, answers=answers)
        desk.tasks.spawn(self._submit(desk.current_id, body), name="challenge")

    async def _submit(self, conversation_id: str, body: m.ChallengeAnswers) -> None:
        assert self.desk.client is not None
        try:
            result = await self.desk.client.challenge.submit(conversation_id, body)
        except errors.CareDeskError as exc:
            self.challengeFailed.emit(self.desk.explain(exc))
            return
        self._after_challenge(result)

    def confirm_callback(self) -> None:
        if self.desk.current_id is not None:
            self.desk.tasks.spawn(self._confirm_callback(self.desk.current_id), name="challenge")

    async def _confirm_callback(self, conversation_id: str) -> None:
        assert self.desk.client is not None
        try:
            result = await self.desk.client.challenge.confirm_callback(conversation_id)
        except errors.CareDeskError as exc:
            self.challengeFailed.emit(self.desk.explain(exc))
            return
        self._after_challenge(result)

    def _after_challenge(self, result: m.ChallengeResult) -> None:
        desk = self.desk
        desk.conversations.upsert(result.conversation)
        self.challengeAnswered.emit(result)
        if result.verified and result.conversation.id == desk.current_id:
            desk.conversation.open(result.conversation.id)
