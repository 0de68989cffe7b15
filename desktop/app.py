"""Start-up and shutdown: configuration, sign-in (silent when the keyring allows), the window."""

from __future__ import annotations

import asyncio
import logging
import os
import ssl
import sys
from collections.abc import Awaitable, Callable
from concurrent.futures import Future, ThreadPoolExecutor

import httpx
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QMenu

from backend_client import CareDeskClient
from backend_client import models as m
from desktop import i18n, keyring_status, resources, theme
from desktop import session as session_store
from desktop.config import DeskConfig
from desktop.controllers.desk import DeskController
from desktop.controllers.explain import explain
from desktop.demo_calls import DemoCalls, DemoFixtures
from desktop.demo_launcher import DemoBackend
from desktop.footprint import release_import_sources
from desktop.notifier import Notifier
from desktop.session import TokenStore
from desktop.views.main_window import MainWindow
from desktop.views.sign_in import SignInDialog

log = logging.getLogger("caredesk")


def make_client(url: str) -> CareDeskClient:
    """A client whose new tokens go to the keyring (off the UI thread); the stored refresh
    token is read separately (``TokenStore.aload``) and handed to ``resume``."""
    return CareDeskClient(url, on_tokens=TokenStore(url).save, tls=tls_context())


# The start's keyring read and TLS context, beside the window's build (DeskApp.__init__).
_STARTER = ThreadPoolExecutor(max_workers=2, thread_name_prefix="caredesk-start")
_tls: Future[ssl.SSLContext] | None = None


def prepare_tls() -> None:
    """Start making the TLS context on a starter thread (see ``tls_context``)."""
    global _tls
    if _tls is None:
        _tls = _STARTER.submit(httpx.create_ssl_context)


def tls_context() -> ssl.SSLContext:
    """The TLS context every client of this desk shares: httpx's defaults, made once. Loading
    the certificate store takes 20-40 ms, nearly all of it with the GIL released, so the start
    makes it on the other core while the window is built (``prepare_tls``)."""
    prepare_tls()
    assert _tls is not None
    return _tls.result()


class DeskApp:
    """The running desk: one controller, one window, the sign-in dialog when needed."""

    def __init__(
        self,
        qapp: QApplication,
        config: DeskConfig,
        demo: DemoFixtures | DemoBackend | None = None,
        client_factory: Callable[[str], CareDeskClient] = make_client,
        demo_user: str = "advisor",
    ) -> None:
        release_import_sources()  # lines read before the desktop package was (desktop.footprint)
        self.qapp = qapp
        self.demo_user = demo_user  # who --demo signs in as: advisor, pharmacist or lead
        self.config = config
        self.demo = demo
        self.desk = DeskController(client_factory)
        # The stored session is read on a thread while the window is built: a keyring that
        # answers over D-Bus, or the Keychain, may take a while.
        self._stored: Future[str | None] | None = None
        if demo is None:
            prepare_tls()
            self._stored = _STARTER.submit(TokenStore(config.server_url).load)
        with theme.one_polish(qapp):
            self.window = MainWindow(self.desk)
        # The window owns the controller: Qt deletes them together, never the model first.
        self.desk.setParent(self.window)
        self.window.resize(1366, 768)
        self.window.idle_minutes = config.idle_lock_minutes  # IT may lower the server's
        self.notifier = Notifier(self.window)
        self.desk.feed.incomingCall.connect(self.notifier.incoming)
        self.window.texts.textElsewhere.connect(self._text_elsewhere)
        self.desk.feed.securityAlert.connect(self.notifier.security_alert)
        self.desk.feed.securityAlert.connect(
            lambda alert: self.window.statusBar().showMessage(alert.message, 30_000)
        )
        self.window.signOutRequested.connect(
            lambda: self.desk.tasks.spawn(self._sign_out(), name="sign-out")
        )
        self.desk.session.signedOut.connect(self._signed_out)
        self.dialog: SignInDialog | None = None
        self._done: asyncio.Future[None] | None = None
        self._keyring_told = False  # the no-keyring notice is shown once a run
        self.keyring: keyring_status.KeyringStatus | None = None  # known after the sign-in
        self.desk.session.signedIn.connect(
            lambda _me: self.desk.tasks.spawn(self._check_keyring(), name="keyring-check")
        )

    async def run(self) -> None:
        """Until the advisor quits."""
        self._done = asyncio.get_running_loop().create_future()
        self.qapp.lastWindowClosed.connect(self._finish)
        if os.environ.get("CAREDESK_STARTUP_PROBE"):
            self._probe_startup()
        await self.start()
        try:
            await self._done
        finally:
            await self.desk.aclose()

    def _probe_startup(self) -> None:
        """For bench/ and the start-up test: say READY at the first paint of the signed-in
        window (with ``modules``, the modules imported by then first), then quit."""

        class FirstPaint(QObject):
            def eventFilter(probe, watched: QObject, event: QEvent) -> bool:
                if event.type() == QEvent.Type.Paint and self.desk.me is not None:
                    watched.removeEventFilter(probe)
                    if os.environ.get("CAREDESK_STARTUP_PROBE") == "modules":
                        # What the first frame imported (tests/desktop/test_startup_imports.py).
                        print("MODULES " + " ".join(sorted(sys.modules)), flush=True)
                    print("READY", flush=True)
                    QTimer.singleShot(0, self._finish)
                return False

        self._first_paint = FirstPaint(self.window)
        self.window.installEventFilter(self._first_paint)

    def _finish(self) -> None:
        if self._done is not None and not self._done.done():
            self._done.set_result(None)

    async def start(self) -> None:
        url = self.config.server_url
        if self.demo is not None:
            demo = self.demo
            # The embedded server boots in its own process; wait for it off the UI thread.
            fixtures = (
                demo if isinstance(demo, DemoFixtures) else await asyncio.to_thread(demo.wait_ready)
            )
            self._add_demo_menu(DemoCalls(fixtures))
            await self.desk.session.sign_in(fixtures.url, self.demo_user, "demo")
            self.window.show()
            return
        token = await self._stored_token(url)
        if token:
            try:
                if await self.desk.session.resume(url, token) is not None:
                    self.window.show()
                    return
            except Exception as exc:  # offline at start: ask, with the reason shown
                self._ask_sign_in(explain(exc, url))
                return
        self._ask_sign_in()

    async def _stored_token(self, url: str) -> str | None:
        """The refresh token kept for ``url``: the one read while the window was built, or
        read now (a start after a sign-out)."""
        stored, self._stored = self._stored, None
        if stored is not None and url == self.config.server_url:
            return await asyncio.wrap_future(stored)
        return await TokenStore(url).aload()

    async def _check_keyring(self) -> None:
        """Once a run, after the first sign-in stored its session: say so when this computer
        cannot keep it (nor the offline cache's key) past a restart."""
        await session_store.flush()  # the sign-in's own write has been tried
        status = await asyncio.to_thread(keyring_status.check)
        self.keyring = status
        if status.ok or self._keyring_told:
            return
        self._keyring_told = True
        log.warning("%s", keyring_status.it_notice(status))
        self.window.notice.show_notice(keyring_status.advisor_notice())

    def _ask_sign_in(self, message: str = "") -> None:
        self.dialog = SignInDialog(
            self.desk.session.sign_in,
            self.config.server_url,
            server_locked="server_url" in self.config.locked,
            username=self.config.username,
        )
        if message:
            self.dialog.message.show_message(message, "error")
        self.dialog.signedIn.connect(lambda _me: self.window.show())
        self.dialog.rejected.connect(self._finish)
        self.dialog.show()

    async def _sign_out(self) -> None:
        await self.desk.session.sign_out()

    def _signed_out(self, reason: str) -> None:
        self.window.hide()
        self._ask_sign_in(reason if reason != "Signed out." else "")

    def _text_elsewhere(self, text: m.Text) -> None:
        conv = self.desk.conversations.conversation(text.conversation_id)
        if conv is not None:
            self.notifier.text_received(conv)

    def _add_demo_menu(self, calls: DemoCalls) -> None:
        menu: QMenu = self.window.menuBar().addMenu("&Demo")
        simulations: list[tuple[str, str, Callable[[], Awaitable[object]]]] = [
            ("Unknown caller rings", "Ctrl+Alt+1", calls.unknown_caller),
            ("App-token caller rings", "Ctrl+Alt+2", calls.app_token_caller),
            (
                "App-token caller from a number not on the account",
                "Ctrl+Alt+3",
                calls.app_token_from_another_number,
            ),
            ("GP practice rings", "Ctrl+Alt+4", calls.gp_practice),
            ("Intercom chat from a logged-in patient", "Ctrl+Alt+5", calls.intercom_chat),
            ("Abandoned call", "Ctrl+Alt+6", calls.abandoned_call),
            ("Text from a mobile", "Ctrl+Alt+7", calls.text_message),
            (
                "Abandoned call, then the caller texts back",
                "Ctrl+Alt+8",
                calls.abandoned_then_texts_back,
            ),
            ("Enquiry from the website's contact form", "Ctrl+Alt+9", calls.web_enquiry),
            ("Answer the ringing call (softphone)", "Ctrl+Alt+A", calls.answer_ringing),
            ("Caller in the queue asks to be called back", "Ctrl+Alt+B", calls.call_back_request),
        ]
        for label, shortcut, run in simulations:
            action = QAction(label, self.window)
            action.setShortcut(shortcut)
            action.triggered.connect(
                lambda _=False, run=run, label=label: self.desk.tasks.spawn(
                    self._simulate(label, run), name=f"demo:{label}"
                )
            )
            menu.addAction(action)
        self.demo_menu = menu

    async def _simulate(self, label: str, run: Callable[[], Awaitable[object]]) -> None:
        try:
            await run()
        except Exception as exc:
            self.window.statusBar().showMessage(
                f"Demo “{label}” failed: {type(exc).__name__}", 8000
            )
            raise


def apply_style(qapp: QApplication, scheme: str = "system", language: str = "en") -> str:
    """Fusion with CareDesk's palette and stylesheet, in ``scheme`` (system, light or dark),
    and the translations for ``language`` ("" follows the system); returns the language in use.
    Call it before building windows: widgets take their words when they are made."""
    qapp.setApplicationName("CareDesk")
    qapp.setOrganizationName("CareDesk")
    qapp.setWindowIcon(resources.icon("caredesk"))
    qapp.setStyle("Fusion")
    theme.apply(qapp, scheme)
    return i18n.install(qapp, language)
