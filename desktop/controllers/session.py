"""Signing in and out: the client, resuming with the stored refresh token, the offline cache,
and what a new session starts (the live feed, the floor and requests for leads)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from backend_client import CareDeskClient, errors
from backend_client import models as m
from desktop import session
from desktop.state import Connection

if TYPE_CHECKING:
    from desktop.controllers.desk import DeskController

log = logging.getLogger("caredesk.desk")


class SessionController(QObject):
    signedIn = Signal(object)  # m.Me
    signedOut = Signal(str)  # why

    def __init__(
        self, desk: DeskController, client_factory: Callable[[str], CareDeskClient]
    ) -> None:
        super().__init__(desk)
        self.desk = desk
        self._client_factory = client_factory

    async def sign_in(self, server_url: str, username: str, password: str) -> m.Me:
        """Raises the client's typed errors; the sign-in dialog explains them."""
        desk = self.desk
        await desk.drop_client()
        desk.client = client = self._client_factory(server_url)
        try:
            await client.login(username, password)
            me = client.agent or await client.agents.me()  # the sign-in names the agent
        except BaseException:
            await desk.drop_client()
            raise
        self._start(me)
        desk.idle_lock.remember(password)  # the offline verifier: behind the UI, not waited for
        return me

    async def resume(self, server_url: str, refresh_token: str) -> m.Me | None:
        """Silent sign-in with the stored refresh token; None when it no longer works."""
        desk = self.desk
        await desk.drop_client()
        desk.client = client = self._client_factory(server_url)
        try:
            if not await client.resume(refresh_token):
                await desk.drop_client()
                return None
            # The refresh names the agent: one request before the first frame, not two (a
            # round trip on the workstation's network). An older server does not: ask.
            me = client.agent or await client.agents.me()
        except errors.AuthenticationError:
            await desk.drop_client()
            return None
        self._start(me)
        return me

    def _start(self, me: m.Me) -> None:
        desk = self.desk
        desk.me = me
        log.info("signed in to %s as agent %s (%s)", desk.server_url, me.id, ",".join(me.roles))
        self.signedIn.emit(me)
        desk.presence.availabilityChanged.emit(me.availability)
        desk.tasks.spawn(desk.feed.live(), name="live-feed")
        desk.tasks.spawn(self._open_cache(me), name="cache")
        if m.Role.LEAD in me.roles:
            desk.tasks.spawn(desk.presence.load_floor(), name="floor")
            desk.tasks.spawn(desk.refunds.load(), name="refund-requests")
        desk.conversation.follow_pending_links()

    async def _open_cache(self, me: m.Me) -> None:
        desk = self.desk
        # The cache's SQLite and cipher load after the first signed-in frame, not before it.
        await desk.after_first_frame()
        if desk.me is None or desk.me.id != me.id:
            return  # signed out (or in as someone else) meanwhile
        from desktop.cache import DeskCache

        try:
            desk.cache = await DeskCache.open(
                desk.server_url, me.username, me.settings.cache_lifetime_hours
            )
        except Exception:  # the desk works without a cache, never the other way round
            log.exception("the offline cache could not be opened; working without it")
            return
        if desk.idle_lock.verifier is not None:
            await desk.cache.put_verifier(desk.idle_lock.verifier)
        # What an earlier run queued and never sent (a crash, a shutdown while offline).
        desk.outbox.publish(await desk.cache.waiting())
        if desk.connection.state is Connection.LIVE:
            desk.tasks.spawn(desk.outbox.replay_outbox(), name="outbox")

    async def sign_out(self, reason: str = "Signed out.") -> None:
        desk = self.desk
        await desk.tasks.aclose()
        cache, desk.cache = desk.cache, None
        if cache is not None:
            await cache.wipe()  # no patient data stays on the workstation
        desk.idle_lock.reset()
        client = desk.client
        if client is not None:
            try:
                await client.logout()
            except errors.CareDeskError:
                log.warning("sign-out could not reach the server; tokens forgotten locally")
        await desk.drop_client()
        await session.flush()  # the forgotten refresh token is gone before we say so
        desk.me = None
        log.info("signed out")
        desk.conversation.close_current()
        desk.conversations.replace_all([])
        # Nothing of this session's floor, requests or pending keys outlives it.
        desk.presence.reset()
        desk.refunds.reset()
        desk.wrap_up.reset()
        desk.outbox.reset()
        self.signedOut.emit(reason)
