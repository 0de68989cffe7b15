"""The desk's shared state, and the controllers that work on it.

Views call the controllers' slots and observe their signals. The desk holds patient data (the
snapshot) only for the open conversation and only while that conversation is verified; anything
else clears it.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from backend_client import CareDeskClient
from backend_client import models as m
from desktop import session
from desktop.controllers.challenge import ChallengeController
from desktop.controllers.conversation import ConversationController
from desktop.controllers.explain import explain
from desktop.controllers.feed import LiveFeedController
from desktop.controllers.forms import FormsController
from desktop.controllers.idle_lock import IdleLockController
from desktop.controllers.knowledge import KnowledgeController
from desktop.controllers.outbox import OutboxController
from desktop.controllers.presence import PresenceController
from desktop.controllers.refunds import RefundsController
from desktop.controllers.session import SessionController
from desktop.controllers.wrap_up import WrapUpController
from desktop.state import ConnectionState, ConversationModel
from desktop.tasks import TaskOwner

if TYPE_CHECKING:
    from desktop.cache import DeskCache


class DeskController(QObject):
    problem = Signal(str)  # a failure no screen of its own reports

    def __init__(
        self, client_factory: Callable[[str], CareDeskClient], parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.client: CareDeskClient | None = None
        self.me: m.Me | None = None
        self.conversations = ConversationModel(self)
        self.connection = ConnectionState(self)
        self.current_id: str | None = None
        # The open conversation's account, only while it is open and verified.
        self.snapshot: m.Snapshot | None = None
        self.cache: DeskCache | None = None  # opened after sign-in
        self.locked = False
        # Set by the window at its first painted, signed-in frame: work the frame does not need
        # (the offline cache, its cipher and SQLite) waits for it.
        self.first_frame = asyncio.Event()
        # The one way off the UI thread, for every controller: a named task replaces the last.
        self.tasks = TaskOwner(on_error=lambda _name, exc: self.problem.emit(explain(exc)))
        self.session = SessionController(self, client_factory)
        self.feed = LiveFeedController(self)
        self.conversation = ConversationController(self)
        self.challenge = ChallengeController(self)
        self.wrap_up = WrapUpController(self)
        self.presence = PresenceController(self)
        self.refunds = RefundsController(self)
        self.idle_lock = IdleLockController(self)
        self.outbox = OutboxController(self)
        self.forms = FormsController(self)
        self.knowledge = KnowledgeController(self)

    def painted(self) -> None:
        """The window has shown a signed-in frame."""
        if self.me is not None and not self.first_frame.is_set():
            self.first_frame.set()

    async def after_first_frame(self, longest: float = 2.0) -> None:
        """Once the first signed-in frame is painted; at most ``longest`` seconds (a desk with
        no window on screen, such as a controller under test, goes on without it)."""
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self.first_frame.wait(), longest)

    @property
    def server_url(self) -> str:
        return self.client.base_url if self.client else ""

    @property
    def current(self) -> m.Conversation | None:
        return self.conversations.conversation(self.current_id) if self.current_id else None

    def explain(self, exc: BaseException) -> str:
        """A failure in the advisor's words, naming this desk's server where it matters."""
        return explain(exc, self.server_url)

    async def drop_client(self) -> None:
        if self.client is not None:
            await self.client.aclose()
            self.client = None

    async def aclose(self) -> None:
        await self.tasks.aclose()
        cache, self.cache = self.cache, None
        if cache is not None:
            await cache.aclose()
        await self.drop_client()
        await session.flush()
