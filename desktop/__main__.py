"""``caredesk``: the desk. ``caredesk --demo`` runs it on an embedded, seeded reference server."""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys

import qasync
from PySide6.QtWidgets import QApplication

from desktop import config as desk_config


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="caredesk", description=__doc__)
    parser.add_argument(
        "--demo", action="store_true", help="start an embedded demo server and sign in to it"
    )
    parser.add_argument("--server", dest="server_url", help="the CareDesk server's address")
    parser.add_argument("--username", help="prefill the sign-in")
    parser.add_argument(
        "--theme", choices=["system", "light", "dark"], help="colour scheme (default: the system's)"
    )
    parser.add_argument("--lang", dest="language", help="language of the desk: en or pl")
    parser.add_argument(
        "--log-level", default="warning", choices=["debug", "info", "warning", "error"]
    )
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=args.log_level.upper(), format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )

    backend = None
    if args.demo:
        from desktop import demo_launcher

        # Started before Qt, so the server boots on the other core while the window is built.
        backend = demo_launcher.spawn()
    try:
        config = desk_config.load(
            {
                "server_url": args.server_url,
                "username": args.username,
                "theme": args.theme,
                "language": args.language,
            }
        )
        qapp = QApplication.instance() or QApplication(sys.argv[:1])
        assert isinstance(qapp, QApplication)

        from desktop.app import DeskApp, apply_style

        scheme = config.theme if config.theme in ("system", "light", "dark") else "system"
        apply_style(qapp, scheme, config.language)
        desk = DeskApp(qapp, config, demo=backend)
        with asyncio.Runner(loop_factory=lambda: qasync.QEventLoop(qapp)) as runner:
            runner.run(desk.run())
    finally:
        if backend is not None:
            backend.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
