"""``caredesk``: the desk. ``caredesk --demo`` runs it on an embedded, seeded reference server.

``caredesk caredesk://conversation/<id>`` (or ``caredesk://call?from=…&digits=…``) opens the
link in the desk already running for this user, or starts one that opens it once signed in.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import sys
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject

from desktop import config as desk_config
from desktop import logs, platform_check

log = logging.getLogger("caredesk")
CONFIG_ERROR = 2
PLATFORM_ERROR = 3  # Qt cannot open a window here (platform_check says why)


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="caredesk", description=__doc__)
    p.add_argument("link", nargs="?", help="a caredesk:// link to open")
    p.add_argument(
        "--demo", action="store_true", help="start an embedded demo server and sign in to it"
    )
    p.add_argument(
        "--as",
        dest="demo_user",
        choices=["advisor", "pharmacist", "lead"],
        default="advisor",
        help="with --demo: sign in as this demo user (default: advisor)",
    )
    p.add_argument("--server", dest="server_url", help="the CareDesk server's address")
    p.add_argument("--username", help="prefill the sign-in")
    p.add_argument(
        "--theme", choices=["system", "light", "dark"], help="colour scheme (default: the system's)"
    )
    p.add_argument("--lang", dest="language", help="language of the desk: en or pl")
    p.add_argument(
        "--log-level",
        default="info",
        choices=["debug", "info", "warning", "error"],
        help="how much goes to the log file (default: info)",
    )
    p.add_argument(
        "--print-config",
        action="store_true",
        help="print each setting, its value and where it came from, then exit",
    )
    p.add_argument(
        "--self-test",
        action="store_true",
        help="check this installation offscreen with the embedded demo server, then exit",
    )
    p.add_argument(
        "--expect-workflow",
        action="append",
        default=[],
        metavar="ID",
        help="with --self-test: fail unless this workflow (a plug-in's, say) is loaded",
    )
    p.add_argument(
        "--expect-platform",
        metavar="NAME",
        help="with --self-test: fail unless Qt runs on this platform (xcb, wayland, offscreen…)",
    )
    p.add_argument(
        "--screenshot",
        metavar="PNG",
        help="with --self-test: save what the screen shows of the desk's window to this file",
    )
    return p


def _show_config_error(error: desk_config.ConfigError) -> None:
    """On stderr, and in a box: a desk started from a menu has no terminal to read."""
    text = "CareDesk cannot start: its configuration has problems.\n\n" + "\n".join(
        f"• {p}" for p in error.problems
    )
    print(text, file=sys.stderr)
    if os.environ.get("QT_QPA_PLATFORM") == "offscreen":
        return
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication, QMessageBox

    _app = QApplication.instance() or QApplication(sys.argv[:1])
    box = QMessageBox(QMessageBox.Icon.Critical, "CareDesk", text)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    box.exec()


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    # The desk uses no pydantic plugins; without this, the first model to validate (the
    # sign-in's) scans every installed distribution's entry points for them, 9 ms of the start.
    # Set here, for the desk's own process only: a library importing the desk is left alone.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    if args.self_test:
        from desktop import keyring_status

        # This computer's keyring, asked before the self-test's own in-memory one exists
        # (keyring would choose that one, being a backend class of higher priority).
        keyring_found = keyring_status.check()
        from desktop import self_test

        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        folder = self_test.isolate()
        logs.setup(args.log_level)
        if (problem := platform_check.problem()) is not None:
            print(problem, file=sys.stderr)
            return PLATFORM_ERROR
        from PySide6.QtWidgets import QApplication

        qapp = QApplication.instance() or QApplication(sys.argv[:1])
        assert isinstance(qapp, QApplication)
        return self_test.main(
            qapp,
            folder,
            args.expect_workflow,
            keyring_found=keyring_found,
            expect_platform=args.expect_platform,
            screenshot=args.screenshot,
        )

    cli = {
        "server_url": args.server_url,
        "username": args.username,
        "theme": args.theme,
        "language": args.language,
    }
    try:
        config = desk_config.load(cli)
    except desk_config.ConfigError as exc:
        if args.print_config:
            print("\n".join(exc.problems), file=sys.stderr)
            return CONFIG_ERROR
        _show_config_error(exc)
        return CONFIG_ERROR
    if args.print_config:
        print(desk_config.describe(config))
        return 0

    from desktop import links

    if args.link is not None and not links.looks_like_link(args.link):
        print(f"caredesk: not a caredesk:// link: {args.link!r}", file=sys.stderr)
        return CONFIG_ERROR

    backend = None
    if args.demo:
        from desktop import demo_launcher

        # Started before Qt, so the server boots on the other core while the window is built.
        backend = demo_launcher.spawn()

    if (problem := platform_check.problem()) is not None:
        # Qt would stop the process with its own message ("Reinstalling the application may
        # fix this problem"), which is never true for a missing system library.
        platform_check.tell(problem)
        if backend is not None:
            backend.stop()
        return PLATFORM_ERROR

    from PySide6.QtWidgets import QApplication

    from desktop.application import DeskApplication

    qapp = QApplication.instance() or DeskApplication(sys.argv[:1])
    assert isinstance(qapp, QApplication)

    from desktop import single_instance

    instance = None
    if not args.demo:
        # A demo desk is a sandbox of its own; a real one is one per user session.
        instance = single_instance.SingleInstance()
        if not instance.listen():
            forwarded = [args.link] if args.link else []
            if single_instance.forward(forwarded, instance.name):
                print("caredesk: handed over to the desk already running", file=sys.stderr)
                return 0
            # Something answered the name but took nothing: start anyway rather than leave the
            # advisor without a desk (this one just cannot receive links).
            print("caredesk: another desk did not answer; starting this one", file=sys.stderr)
            instance = None

    log_path = logs.setup(args.log_level)
    log.info("CareDesk starting; log file %s", log_path)
    try:
        import qasync

        from desktop.app import DeskApp, apply_style
        from desktop.crash import CrashReporter

        apply_style(qapp, config.theme, config.language)
        desk = DeskApp(qapp, config, demo=backend, demo_user=args.demo_user)
        reporter = CrashReporter(lambda: desk.window)
        if instance is not None:
            instance.received.connect(lambda arguments: _handed_over(desk, arguments))

        # macOS hands a clicked caredesk:// link to the running app as an open-URL event.
        def follow_link(url: str) -> None:
            _handed_over(desk, [url])

        if isinstance(qapp, DeskApplication):
            qapp.follow_link = follow_link
        else:  # an application made before the desk's (embedded): filtering all its events
            url_events = _UrlEvents(follow_link)
            qapp.installEventFilter(url_events)
        if args.link:
            desk.desk.conversation.follow_text(args.link)
        with asyncio.Runner(loop_factory=lambda: qasync.QEventLoop(qapp)) as runner:
            reporter.install(runner.get_loop())
            runner.run(desk.run())
    finally:
        if backend is not None:
            backend.stop()
        if instance is not None:
            instance.close()
    return 0


class _UrlEvents(QObject):
    def __init__(self, follow: Callable[[str], None]) -> None:
        super().__init__()
        self._follow = follow

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        from desktop.application import caredesk_link

        link = caredesk_link(event)
        if link is not None:
            self._follow(link)
            return True
        return False


def _handed_over(desk: object, arguments: list[str]) -> None:
    from desktop.app import DeskApp

    assert isinstance(desk, DeskApp)
    desk.window.bring_to_front()
    for argument in arguments:
        desk.desk.conversation.follow_text(argument)


if __name__ == "__main__":
    sys.exit(main())
