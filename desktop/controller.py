"""The desk's core, without widgets: the session, the live feed, the open conversation.

Views call its slots and observe its signals. It holds patient data (the snapshot) only for the
open conversation and only while that conversation is verified; anything else clears it.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import logging
import secrets
import uuid
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal

from backend_client import CareDeskClient, StreamStatus, errors
from backend_client import models as m
from desktop import links, session
from desktop.i18n import translate
from desktop.state import OPEN, Connection, ConnectionState, ConversationModel
from desktop.tasks import TaskOwner

if TYPE_CHECKING:
    from desktop.cache import DeskCache
    from desktop.workflows.base import Workflow

log = logging.getLogger("caredesk.desk")


def explain(exc: BaseException, server_url: str = "") -> str:
    """What to tell the advisor about a failure, in their words (the server's own message when
    it gave one)."""
    if isinstance(exc, errors.LockedError):
        return exc.message
    if isinstance(exc, errors.AuthenticationError):
        return (
            exc.message
            if exc.code == "invalid_credentials"
            else translate("Errors", "Your session ended. Sign in again.")
        )
    if isinstance(exc, errors.APITimeoutError):
        return translate(
            "Errors", "The server is taking too long to answer. Try again in a moment."
        )
    if isinstance(exc, errors.APIConnectionError):
        if server_url:
            return translate(
                "Errors",
                "Cannot reach the CareDesk server at {0}. Check the network connection or "
                "the address.",
            ).format(server_url)
        return translate(
            "Errors",
            "Cannot reach the CareDesk server. Check the network connection or the address.",
        )
    if isinstance(exc, errors.APIStatusError | errors.CareDeskError):
        return exc.message
    return translate(
        "Errors", "Something went wrong. Try again; if it keeps happening, tell your team lead."
    )


class DeskController(QObject):
    signedIn = Signal(object)  # m.Me
    signedOut = Signal(str)  # why
    conversationOpened = Signal(object)  # m.Conversation
    conversationClosed = Signal()
    currentUpdated = Signal(object)  # m.Conversation: the open conversation changed (state…)
    questionsLoaded = Signal(object)  # m.ChallengeQuestions
    challengeAnswered = Signal(object)  # m.ChallengeResult
    challengeFailed = Signal(str)
    snapshotLoading = Signal()
    snapshotLoaded = Signal(object)  # m.Snapshot
    snapshotCleared = Signal()
    snapshotFailed = Signal(str)
    snapshotFromCache = Signal(object)  # datetime: the cached snapshot shown is as of then
    securityAlert = Signal(object)  # m.SecurityAlert, for leads
    incomingCall = Signal(object)  # m.Conversation, ringing for this agent
    wrapUpFailed = Signal(str)  # the server refused to end or close the open conversation
    closedConversation = Signal(object)  # m.Conversation, closed by this advisor
    historyLoaded = Signal(object)  # m.History of the open account
    historyFailed = Signal(str)
    availabilityChanged = Signal(object)  # m.Availability, as the server keeps it
    availabilityFailed = Signal(str)
    floorChanged = Signal(object)  # list[m.AgentPresence], for leads
    refundRequested = Signal(object)  # m.RefundRequest this advisor just made
    refundRequestFailed = Signal(str)
    refundRequestChanged = Signal(object)  # m.RefundRequest: new (leads) or decided
    outboxChanged = Signal(object)  # list[outbox.Queued]: what waits to be sent, or was refused
    queued = Signal(object)  # outbox.Queued: an action made offline, waiting
    lockedChanged = Signal(bool)  # the idle lock came on (True) or went off
    unlockFailed = Signal(str)
    addressesFound = Signal(str, object)  # postcode, list[m.Address]
    addressLookupFailed = Signal(str, str)  # postcode, why
    # A field kind, the conversation id, and its choices (m.QuickResponse, m.Pharmacist) / why.
    fieldChoicesFound = Signal(str, str, object)
    fieldChoicesFailed = Signal(str, str, str)
    problem = Signal(str)
    linkRefused = Signal(str)  # a caredesk:// link the desk would not (or could not) follow
    eventReceived = Signal(object)  # m.Event: every event, for the other screens' controllers

    def __init__(
        self, client_factory: Callable[[str], CareDeskClient], parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._client_factory = client_factory
        self.client: CareDeskClient | None = None
        self.me: m.Me | None = None
        self.conversations = ConversationModel(self)
        self.connection = ConnectionState(self)
        self.current_id: str | None = None
        self._snapshot: m.Snapshot | None = None
        # Idempotency keys for closing, per conversation and per (disposition, note): a retry
        # of the same close after a timeout can never close twice or note twice.
        self._close_keys: dict[str, tuple[tuple[str, str], str]] = {}
        self.floor: dict[str, m.AgentPresence] = {}
        self.refund_requests: dict[str, m.RefundRequest] = {}  # pending, for leads
        self._ask_keys: dict[tuple[str, str, int], str] = {}
        self.conversations.conversationChanged.connect(self._row_changed)
        self.cache: DeskCache | None = None  # opened after sign-in
        self.locked = False
        self._verifier: str | None = None  # argon2 hash of the password, for offline unlock
        self._offline_unlock_failures = 0
        self._list_save: asyncio.Task[None] | None = None
        self._pending_links: list[links.Link] = []  # arrived before sign-in
        # One key per call link: a softphone that opens the same link twice opens one conversation.
        self._link_keys: dict[links.CallLink, str] = {}
        self.tasks = TaskOwner(on_error=lambda _name, exc: self.problem.emit(explain(exc)))

    # --- session --------------------------------------------------------------------------

    @property
    def server_url(self) -> str:
        return self.client.base_url if self.client else ""

    async def sign_in(self, server_url: str, username: str, password: str) -> m.Me:
        """Raises the client's typed errors; the sign-in dialog explains them."""
        await self._drop_client()
        self.client = self._client_factory(server_url)
        try:
            await self.client.login(username, password)
            me = await self.client.me()
        except BaseException:
            await self._drop_client()
            raise
        self._verifier = await asyncio.to_thread(_hash_password, password)
        self._start(me)
        return me

    async def resume(self, server_url: str, refresh_token: str) -> m.Me | None:
        """Silent sign-in with the stored refresh token; None when it no longer works."""
        await self._drop_client()
        self.client = self._client_factory(server_url)
        try:
            if not await self.client.resume(refresh_token):
                await self._drop_client()
                return None
            me = await self.client.me()
        except errors.AuthenticationError:
            await self._drop_client()
            return None
        self._start(me)
        return me

    def _start(self, me: m.Me) -> None:
        self.me = me
        log.info("signed in to %s as agent %s (%s)", self.server_url, me.id, ",".join(me.roles))
        self.signedIn.emit(me)
        self.availabilityChanged.emit(me.availability)
        self.tasks.spawn(self._live(), name="live-feed")
        self.tasks.spawn(self._open_cache(me), name="cache")
        if m.Role.LEAD in me.roles:
            self.tasks.spawn(self._load_floor(), name="floor")
            self.tasks.spawn(self._load_refund_requests(), name="refund-requests")
        pending, self._pending_links = self._pending_links, []
        for link in pending:
            self.follow_link(link)

    # --- caredesk:// links ----------------------------------------------------------------

    def follow_text(self, text: str) -> asyncio.Task[None] | None:
        """A link as another program handed it over: parsed here, refused with a reason.
        Returns the task that follows it (None when refused, or kept until sign-in)."""
        try:
            link = links.parse(text)
        except links.LinkError as exc:
            log.info("refused a caredesk link: %s", exc)
            self.linkRefused.emit(exc.message)
            return None
        return self.follow_link(link)

    def follow_link(self, link: links.Link) -> asyncio.Task[None] | None:
        if self.client is None or self.me is None:
            self._pending_links.append(link)  # followed once signed in
            return None
        return self.tasks.spawn(self._follow(link))

    async def _follow(self, link: links.Link) -> None:
        assert self.client is not None
        try:
            if isinstance(link, links.ConversationLink):
                conv = await self.client.conversation(link.conversation_id)
            else:
                key = self._link_keys.setdefault(link, uuid.uuid4().hex)
                conv = await self.client.open_conversation(
                    m.NewConversation(
                        channel=m.Channel.PHONE,
                        direction=m.Direction.INBOUND,
                        caller_number=link.number,
                        external_id=link.call_id,
                        digits=link.digits,
                    ),
                    idempotency_key=key,
                )
        except errors.NotFoundError:
            self.linkRefused.emit(
                translate("Links", "The link's conversation does not exist, or is not yours.")
            )
            return
        except errors.CareDeskError as exc:
            self.linkRefused.emit(explain(exc, self.server_url))
            return
        self.conversations.upsert(conv)
        self.open(conv.id)

    async def _open_cache(self, me: m.Me) -> None:
        # Imported here: SQLAlchemy and the cipher load after the first paint, not before it.
        from desktop.cache import DeskCache

        try:
            self.cache = await DeskCache.open(
                self.server_url, me.username, me.settings.cache_lifetime_hours
            )
        except Exception:  # the desk works without a cache, never the other way round
            log.exception("the offline cache could not be opened; working without it")
            return
        if self._verifier is not None:
            await self.cache.put_verifier(self._verifier)
        # What an earlier run queued and never sent (a crash, a shutdown while offline).
        self.outboxChanged.emit(await self.cache.waiting())
        if self.connection.state is Connection.LIVE:
            self.tasks.spawn(self.replay_outbox(), name="outbox")

    def _save_list_soon(self) -> None:
        """Keep the cached conversation list near current without a write per event."""
        if self.cache is not None and (self._list_save is None or self._list_save.done()):
            self._list_save = self.tasks.spawn(self._save_list(), name="cache-list")

    async def _save_list(self) -> None:
        await asyncio.sleep(1.0)
        if self.cache is not None:
            rows = [self.conversations.conversation(i) for i in self.conversations.ids()]
            await self.cache.put_conversations([c for c in rows if c is not None])

    async def sign_out(self, reason: str = "Signed out.") -> None:
        await self.tasks.aclose()
        cache, self.cache = self.cache, None
        if cache is not None:
            await cache.wipe()  # no patient data stays on the workstation
        self._verifier = None
        self._set_locked(False)
        client = self.client
        if client is not None:
            try:
                await client.logout()
            except errors.CareDeskError:
                log.warning("sign-out could not reach the server; tokens forgotten locally")
        await self._drop_client()
        await session.flush()  # the forgotten refresh token is gone before we say so
        self.me = None
        log.info("signed out")
        self._close_current()
        self.conversations.replace_all([])
        # Nothing of this session's floor, requests or pending keys outlives it.
        self.floor, self.refund_requests = {}, {}
        self._close_keys.clear()
        self._ask_keys.clear()
        self.signedOut.emit(reason)

    async def _drop_client(self) -> None:
        if self.client is not None:
            await self.client.aclose()
            self.client = None

    async def aclose(self) -> None:
        await self.tasks.aclose()
        cache, self.cache = self.cache, None
        if cache is not None:
            await cache.aclose()
        await self._drop_client()
        await session.flush()

    # --- the live feed --------------------------------------------------------------------

    async def _live(self) -> None:
        assert self.client is not None
        client = self.client
        while True:
            try:
                listing = await client.conversations()
                break
            except errors.APIConnectionError as exc:
                self.connection.set_reconnecting(2.0, str(exc), self.connection.failures + 1)
                if self.cache is not None and not self.conversations.rowCount():
                    cached = await self.cache.conversations()
                    if cached:
                        self.conversations.replace_all(cached)  # the last list, while offline
                await asyncio.sleep(2.0)
        self.conversations.replace_all(listing.items)
        self._save_list_soon()
        for conv in listing.items:
            if conv.state is m.ConversationState.RINGING:
                self.incomingCall.emit(conv)
        try:
            async for event in client.events(
                listing.last_event_id, on_status=self._on_stream_status
            ):
                self.apply_event(event)
        except errors.AuthenticationError:
            self.tasks.spawn(self.sign_out("Your session ended. Sign in again."), name="sign-out")

    def _on_stream_status(self, status: StreamStatus) -> None:
        log.debug("event stream %s (attempt %s)", "live" if status.live else "down", status.attempt)
        if status.live:
            was_down = self.connection.failures > 0
            self.connection.set_live()
            if was_down:
                self.tasks.spawn(self._resync(), name="resync")
                self.tasks.spawn(self.replay_outbox(), name="outbox")
        else:
            self.connection.set_reconnecting(status.retry_in or 0.0, status.error, status.attempt)

    async def _resync(self) -> None:
        """After an outage the stream replays what was missed; reload the open account too."""
        if self.current_id and self._snapshot is not None:
            self.load_snapshot()

    def apply_event(self, event: m.Event) -> None:
        self._apply_event(event)
        self.eventReceived.emit(event)
        if event.type in (
            m.EventType.CONVERSATION_CREATED,
            m.EventType.CONVERSATION_UPDATED,
            m.EventType.CONVERSATION_REMOVED,
        ):
            self._save_list_soon()

    def _apply_event(self, event: m.Event) -> None:
        if event.type in (m.EventType.CONVERSATION_CREATED, m.EventType.CONVERSATION_UPDATED):
            conv = event.conversation()
            before = self.conversations.conversation(conv.id)
            self.conversations.upsert(conv)
            if before is None and conv.state is m.ConversationState.RINGING:
                self.incomingCall.emit(conv)
            answered_now = conv.state is m.ConversationState.ACTIVE and (
                before is None or before.state is m.ConversationState.RINGING
            )
            current = self.current
            if answered_now and (current is None or current.state not in OPEN):
                self.open(conv.id)  # answered on the softphone, nothing live open: open it
            elif answered_now and before is None:
                # Assigned while the advisor works on another conversation (a chat, usually):
                # announce it; never replace what is on screen.
                self.incomingCall.emit(conv)
            elif conv.id == self.current_id:
                self._refresh_current(before, conv)
        elif event.type is m.EventType.CONVERSATION_REMOVED:
            removed = m.RemovedConversation.model_validate(event.data)
            self.conversations.remove(removed.id)
            if removed.id == self.current_id:
                self._close_current()
        elif event.type is m.EventType.ACCOUNT_UPDATED:
            changed = m.AccountChanged.model_validate(event.data)
            current = self.current
            if current is not None and current.account_id == changed.account_id:
                self.load_snapshot()
        elif event.type is m.EventType.SECURITY_ALERT:  # sent to leads only
            self.securityAlert.emit(m.SecurityAlert.model_validate(event.data))
        elif event.type is m.EventType.REFUND_REQUEST_UPDATED:
            request = m.RefundRequest.model_validate(event.data)
            if request.state is m.RefundRequestState.PENDING:
                self.refund_requests[request.id] = request
            else:
                self.refund_requests.pop(request.id, None)
            self.refundRequestChanged.emit(request)
        elif event.type is m.EventType.AGENT_UPDATED:  # sent to leads only
            presence = m.AgentPresence.model_validate(event.data)
            self.floor[presence.agent_id] = presence
            self.floorChanged.emit(list(self.floor.values()))

    # --- the open conversation ------------------------------------------------------------

    @property
    def current(self) -> m.Conversation | None:
        return self.conversations.conversation(self.current_id) if self.current_id else None

    @property
    def snapshot(self) -> m.Snapshot | None:
        return self._snapshot

    def open(self, conversation_id: str) -> None:
        conv = self.conversations.conversation(conversation_id)
        if conv is None:
            return
        if self.locked:
            self.current_id = conversation_id  # shown at unlock, not behind the lock
            return
        if conversation_id != self.current_id:
            self._clear_snapshot()
        self.current_id = conversation_id
        log.debug(
            "opened conversation %s (%s, %s)", conv.id, conv.channel.value, conv.auth_state.value
        )
        self.conversationOpened.emit(conv)
        if conv.auth_state.is_verified and conv.account_id:
            self.load_snapshot()
        elif conv.auth_state is not m.AuthState.LOCKED:
            self.load_questions(conv.suggested_caller_type or m.CallerType.PATIENT)

    def _refresh_current(self, before: m.Conversation | None, conv: m.Conversation) -> None:
        if conv.state not in OPEN:
            self._close_current()
            return
        if (
            before is not None
            and before.auth_state == conv.auth_state
            and before.pending == conv.pending
        ):
            return  # same view; the panel row already shows the fresher details
        self.open(conv.id)

    def _close_current(self) -> None:
        self.tasks.cancel("snapshot")
        self.tasks.cancel("challenge")
        self.current_id = None
        self._clear_snapshot()
        self.conversationClosed.emit()

    def _clear_snapshot(self) -> None:
        if self._snapshot is not None:
            self._snapshot = None
        self.snapshotCleared.emit()

    def load_snapshot(self) -> None:
        if self.locked:
            return  # reloaded at unlock
        conv = self.current
        if conv is None or not conv.auth_state.is_verified or not conv.account_id:
            self._clear_snapshot()
            return
        self.snapshotLoading.emit()
        self.tasks.spawn(self._load_snapshot(conv.id, conv.account_id), name="snapshot")

    async def _load_snapshot(self, conversation_id: str, account_id: str) -> None:
        assert self.client is not None
        from_cache = False
        try:
            snap = await self.client.snapshot(account_id, conversation_id)
        except errors.APIConnectionError as exc:
            # Offline: the copy kept from the last time this verified conversation opened it.
            cached = await self.cache.snapshot(account_id) if self.cache is not None else None
            if cached is None:
                self.snapshotFailed.emit(explain(exc, self.server_url))
                return
            snap, from_cache = cached, True
        except errors.CareDeskError as exc:
            log.info("snapshot of %s refused: %s", account_id, type(exc).__name__)
            self.snapshotFailed.emit(explain(exc, self.server_url))
            return
        current = self.current
        # Only for the conversation still open and still verified: never a stale patient.
        if current is None or current.id != conversation_id or not current.auth_state.is_verified:
            return
        self._snapshot = snap
        log.debug("snapshot of %s shown%s", account_id, " from the cache" if from_cache else "")
        self.snapshotLoaded.emit(snap)
        if from_cache:
            self.snapshotFromCache.emit(snap.as_of)
        elif self.cache is not None:
            self.tasks.spawn(self.cache.put_snapshot(snap), name="cache-snapshot")

    def load_questions(self, caller_type: m.CallerType) -> None:
        if self.current_id is None:
            return
        self.tasks.spawn(self._load_questions(self.current_id, caller_type), name="challenge")

    async def _load_questions(self, conversation_id: str, caller_type: m.CallerType) -> None:
        assert self.client is not None
        try:
            questions = await self.client.challenge_questions(conversation_id, caller_type)
        except errors.ConflictError as exc:
            if exc.code == "callback_pending":
                return  # the view already shows the callback instruction
            self.challengeFailed.emit(explain(exc))
            return
        except errors.CareDeskError as exc:
            self.challengeFailed.emit(explain(exc, self.server_url))
            return
        if conversation_id == self.current_id:
            self.questionsLoaded.emit(questions)

    def submit_challenge(self, caller_type: m.CallerType, answers: dict[str, str]) -> None:
        if self.current_id is None:
            return
        body = m.ChallengeAnswers(caller_type=caller_type, answers=answers)
        self.tasks.spawn(self._submit(self.current_id, body), name="challenge")

    async def _submit(self, conversation_id: str, body: m.ChallengeAnswers) -> None:
        assert self.client is not None
        try:
            result = await self.client.submit_challenge(conversation_id, body)
        except errors.CareDeskError as exc:
            self.challengeFailed.emit(explain(exc, self.server_url))
            return
        self._after_challenge(result)

    def confirm_callback(self) -> None:
        if self.current_id is not None:
            self.tasks.spawn(self._confirm_callback(self.current_id), name="challenge")

    async def _confirm_callback(self, conversation_id: str) -> None:
        assert self.client is not None
        try:
            result = await self.client.confirm_callback(conversation_id)
        except errors.CareDeskError as exc:
            self.challengeFailed.emit(explain(exc, self.server_url))
            return
        self._after_challenge(result)

    def _after_challenge(self, result: m.ChallengeResult) -> None:
        self.conversations.upsert(result.conversation)
        self.challengeAnswered.emit(result)
        if result.verified and result.conversation.id == self.current_id:
            self.open(result.conversation.id)

    def _row_changed(self, conversation_id: str) -> None:
        if conversation_id == self.current_id:
            conv = self.current
            if conv is not None:
                self.currentUpdated.emit(conv)

    # --- wrap-up and close -----------------------------------------------------------------

    @property
    def dispositions(self) -> list[m.Disposition]:
        return list(self.me.settings.dispositions) if self.me else []

    def end_conversation(self) -> None:
        """The advisor ends the call or chat on the desk: it goes to wrap-up."""
        conv = self.current
        if conv is not None and conv.state is m.ConversationState.ACTIVE:
            self.tasks.spawn(self._wrap_up(conv.id), name="wrap-up")

    async def _wrap_up(self, conversation_id: str) -> None:
        assert self.client is not None
        try:
            conv = await self.client.wrap_up(conversation_id)
        except errors.CareDeskError as exc:
            self.wrapUpFailed.emit(explain(exc, self.server_url))
            return
        self.conversations.upsert(conv)

    def close_conversation(self, disposition: str, note: str = "") -> None:
        conv = self.current
        if conv is None:
            return
        values = (disposition, note.strip())
        kept = self._close_keys.get(conv.id)
        key = kept[1] if kept is not None and kept[0] == values else uuid.uuid4().hex
        self._close_keys[conv.id] = (values, key)
        self.tasks.spawn(self._close(conv.id, values, key), name="close")

    async def _close(self, conversation_id: str, values: tuple[str, str], key: str) -> None:
        assert self.client is not None
        try:
            conv = await self.client.close(
                conversation_id, values[0], values[1], idempotency_key=key
            )
        except errors.CareDeskError as exc:
            self.wrapUpFailed.emit(explain(exc, self.server_url))
            return
        self._close_keys.pop(conversation_id, None)
        self.conversations.upsert(conv)
        if conversation_id == self.current_id:
            self._close_current()
        self.closedConversation.emit(conv)

    # --- history ----------------------------------------------------------------------------

    def load_history(self) -> None:
        conv = self.current
        if conv is None or not conv.auth_state.is_verified or not conv.account_id:
            return
        self.tasks.spawn(self._load_history(conv.id, conv.account_id), name="history")

    async def _load_history(self, conversation_id: str, account_id: str) -> None:
        assert self.client is not None
        try:
            history = await self.client.history(account_id, conversation_id)
        except errors.CareDeskError as exc:
            self.historyFailed.emit(explain(exc, self.server_url))
            return
        if self.current_id == conversation_id and self._snapshot is not None:
            self.historyLoaded.emit(history)

    # --- availability and the floor ------------------------------------------------------

    def set_availability(self, availability: m.Availability) -> None:
        self.tasks.cancel("availability")  # the latest choice wins
        self.tasks.spawn(self._set_availability(availability), name="availability")

    async def _set_availability(self, availability: m.Availability) -> None:
        if self.client is None or self.me is None:
            return
        try:
            presence = await self.client.set_availability(availability)
        except errors.CareDeskError as exc:
            self.availabilityFailed.emit(explain(exc, self.server_url))
            self.availabilityChanged.emit(self.me.availability)  # show what the server has
            return
        self.me = self.me.model_copy(update={"availability": presence.availability})
        self.availabilityChanged.emit(presence.availability)

    async def _load_floor(self) -> None:
        assert self.client is not None
        try:
            listing = await self.client.agents()
        except errors.CareDeskError as exc:
            log.warning("the floor could not be loaded: %s", exc)
            return
        self.floor = {a.agent_id: a for a in listing.agents}
        self.floorChanged.emit(list(self.floor.values()))

    # --- postcode lookup ------------------------------------------------------------------

    def lookup_addresses(self, postcode: str) -> None:
        self.tasks.cancel("address-lookup")  # the latest postcode wins
        self.tasks.spawn(self._lookup_addresses(postcode), name="address-lookup")

    async def _lookup_addresses(self, postcode: str) -> None:
        if self.client is None:
            return
        try:
            found = await self.client.addresses(postcode)
        except errors.CareDeskError as exc:
            self.addressLookupFailed.emit(postcode, explain(exc, self.server_url))
            return
        self.addressesFound.emit(postcode, found.addresses)

    # --- a workflow field's choices that the server holds ------------------------------------

    def load_field_choices(self, kind: str, conversation_id: str, language: str) -> None:
        """The choices of a workflow field whose options live on the server: ``quick_response``
        (the texting configuration's quick responses, filled in for this advisor and the
        conversation's line, in ``language`` where they have it) or ``pharmacist`` (who an
        escalation can name). Answered by fieldChoicesFound or fieldChoicesFailed."""
        self.tasks.spawn(  # the workflow on screen wins: a newer load replaces this one
            self._load_field_choices(kind, conversation_id, language), name=f"choices:{kind}"
        )

    async def _load_field_choices(self, kind: str, conversation_id: str, language: str) -> None:
        if self.client is None:
            return
        try:
            if kind == "quick_response":
                items: list[object] = list(
                    (await self.client.quick_responses(conversation_id, language)).items
                )
            elif kind == "pharmacist":
                items = list((await self.client.pharmacists()).items)
            else:
                raise ValueError(f"no choices on the server for a {kind} field")
        except errors.CareDeskError as exc:
            self.fieldChoicesFailed.emit(kind, conversation_id, explain(exc, self.server_url))
            return
        self.fieldChoicesFound.emit(kind, conversation_id, items)

    # --- refunds above the limit: ask a lead; leads decide ---------------------------------

    def ask_for_refund(self, order_id: str, amount_pence: int, reason: str) -> None:
        conv = self.current
        if conv is None or not conv.account_id:
            return
        body = m.NewRefundRequest(
            conversation_id=conv.id, order_id=order_id, amount_pence=amount_pence, reason=reason
        )
        # One key per request asked for on this conversation: a retry never asks twice.
        key = self._ask_keys.setdefault((conv.id, order_id, amount_pence), uuid.uuid4().hex)
        self.tasks.spawn(self._ask(conv.account_id, body, key), name="ask-refund")

    async def _ask(self, account_id: str, body: m.NewRefundRequest, key: str) -> None:
        assert self.client is not None
        try:
            request = await self.client.ask_for_refund(account_id, body, idempotency_key=key)
        except errors.CareDeskError as exc:
            self.refundRequestFailed.emit(explain(exc, self.server_url))
            return
        self.refundRequested.emit(request)

    async def _load_refund_requests(self) -> None:
        assert self.client is not None
        try:
            listing = await self.client.refund_requests()
        except errors.CareDeskError as exc:
            log.warning("refund requests could not be loaded: %s", exc)
            return
        self.refund_requests = {r.id: r for r in listing.items}
        for request in listing.items:
            self.refundRequestChanged.emit(request)

    def decide_refund(self, request_id: str, approve: bool, note: str = "") -> None:
        # A request is decided once: a retried decision replays instead of deciding twice.
        key = f"{'approve' if approve else 'decline'}-{request_id}"
        self.tasks.spawn(self._decide(request_id, approve, note, key), name="decide-refund")

    async def _decide(self, request_id: str, approve: bool, note: str, key: str) -> None:
        assert self.client is not None
        try:
            request = await self.client.decide_refund(
                request_id, approve, note, idempotency_key=key
            )
        except errors.CareDeskError as exc:
            self.refundRequestFailed.emit(explain(exc, self.server_url))
            return
        self.refund_requests.pop(request.id, None)
        self.refundRequestChanged.emit(request)

    # --- the idle lock ----------------------------------------------------------------------

    def idle_lock_ms(self, configured_minutes: int) -> int:
        """The lock's delay: the server's minutes, or IT's when they are fewer."""
        minutes = self.me.settings.idle_lock_minutes if self.me else configured_minutes
        if configured_minutes > 0:
            minutes = min(minutes, configured_minutes)
        return max(0, minutes) * 60_000

    def lock(self) -> None:
        """Hide patient data until the advisor's password is given again: the snapshot is
        dropped from memory (it is reloaded, or read from the cache, at unlock)."""
        if self.locked or self.me is None:
            return
        self.tasks.cancel("snapshot")
        self._snapshot = None
        self.snapshotCleared.emit()
        self._set_locked(True)

    def _set_locked(self, locked: bool) -> None:
        if self.locked != locked:
            self.locked = locked
            self.lockedChanged.emit(locked)

    def unlock(self, password: str) -> None:
        self.tasks.spawn(self._unlock(password), name="unlock")

    async def _unlock(self, password: str) -> None:
        if self.client is None:
            return
        try:
            await self.client.confirm_password(password)
        except errors.APIConnectionError:
            await self._unlock_offline(password)
            return
        except errors.PermissionDeniedError as exc:
            self.unlockFailed.emit(exc.message)
            return
        except errors.CareDeskError as exc:
            self.unlockFailed.emit(explain(exc, self.server_url))
            return
        self._offline_unlock_failures = 0
        self._unlocked()  # first: the advisor is not kept waiting for the verifier
        self._verifier = await asyncio.to_thread(_hash_password, password)
        if self.cache is not None:
            await self.cache.put_verifier(self._verifier)

    async def _unlock_offline(self, password: str) -> None:
        """The server cannot be reached: check against the local verifier, a few times."""
        if self._offline_unlock_failures >= OFFLINE_UNLOCK_TRIES:
            self.unlockFailed.emit(
                translate(
                    "Errors",
                    "Too many wrong passwords while offline: wait for the connection, or sign out.",
                )
            )
            return
        verifier = self._verifier
        if verifier is None and self.cache is not None:
            verifier = await self.cache.verifier()
        if verifier is None:
            self.unlockFailed.emit(
                translate(
                    "Errors",
                    "The server cannot be reached to check your password: wait for the "
                    "connection, or sign out.",
                )
            )
            return
        if not await asyncio.to_thread(_password_matches, verifier, password):
            self._offline_unlock_failures += 1
            self.unlockFailed.emit(translate("Errors", "That is not your password."))
            return
        self._offline_unlock_failures = 0
        self._unlocked()

    def _unlocked(self) -> None:
        self._set_locked(False)
        if self.current_id is not None:
            self.open(self.current_id)  # the account again, from the server or the cache

    # --- the outbox: actions made offline ------------------------------------------------------

    def queue_action(
        self, workflow: Workflow, conversation: m.Conversation, values: dict[str, Any], key: str
    ) -> None:
        """Offline: keep the action, with the key it will be sent with, until the server is back."""
        self.tasks.spawn(self._queue(workflow, conversation, values, key), name=f"queue-{key}")

    async def _queue(
        self, workflow: Workflow, conversation: m.Conversation, values: dict[str, Any], key: str
    ) -> None:
        if self.cache is None:
            self.problem.emit(
                translate("Errors", "Offline, and there is no cache to keep this in.")
            )
            return
        item = await self.cache.queue(
            workflow.action,
            workflow.action_request(conversation, values),
            workflow.account_for(conversation),
            workflow.title,
            key,
        )
        self.queued.emit(item)
        self.outboxChanged.emit(await self.cache.waiting())

    async def replay_outbox(self) -> None:
        """Send what waits, oldest first; refusals stay listed with their reason."""
        cache, client = self.cache, self.client
        if cache is None or client is None:
            return
        report = await cache.replay(client)
        if report.sent or report.refused:
            self.outboxChanged.emit(await cache.waiting())
        for item, _result in report.sent:
            if item.account_id and self.current and self.current.account_id == item.account_id:
                self.load_snapshot()
                break

    def dismiss_refused(self, seq: int) -> None:
        self.tasks.spawn(self._dismiss(seq), name=f"dismiss-{seq}")

    async def _dismiss(self, seq: int) -> None:
        if self.cache is not None:
            await self.cache.dismiss(seq)
            self.outboxChanged.emit(await self.cache.waiting())


OFFLINE_UNLOCK_TRIES = 5


# The offline unlock's verifier: PBKDF2-HMAC-SHA256 at OWASP's 600,000 iterations, from the
# standard library (argon2 would add its 64 MiB working set to the desk for a check that only
# runs while offline, behind a sealed file and five tries).
PBKDF2_ITERATIONS = 600_000


def _hash_password(password: str) -> str:
    salt = secrets.token_bytes(16)
    digest = hashlib.pbkdf2_hmac("sha256", password.encode(), salt, PBKDF2_ITERATIONS)
    return "$".join(("pbkdf2_sha256", str(PBKDF2_ITERATIONS), salt.hex(), digest.hex()))


def _password_matches(verifier: str, password: str) -> bool:
    try:
        scheme, rounds, salt, digest = verifier.split("$")
        if scheme != "pbkdf2_sha256":
            return False
        wanted = bytes.fromhex(digest)
        got = hashlib.pbkdf2_hmac("sha256", password.encode(), bytes.fromhex(salt), int(rounds))
    except ValueError:
        return False
    return hmac.compare_digest(got, wanted)
