"""The desk fixtures (a qasync loop on the test's QApplication), for the desk's security tests."""

from tests.desktop.conftest import aloop, qasync_loop

__all__ = ["aloop", "qasync_loop"]
