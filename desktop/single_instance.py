"""One desk per user session. The first launch listens on a local socket (QLocalServer: a named
pipe on Windows, a socket file only the user can open elsewhere); a later launch connects, hands
over its arguments (a ``caredesk://`` link, say) and exits. A socket left by a desk that died is
removed and taken over."""

from __future__ import annotations

import getpass
import hashlib
import json
import logging
import os

from PySide6.QtCore import QByteArray, QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

log = logging.getLogger("caredesk.instance")
CONNECT_MS = 500
WRITE_MS = 2000
MAX_MESSAGE = 64_000


def default_name() -> str:
    """Per user (and per IT-chosen name, for tests and side-by-side installs)."""
    override = os.environ.get("CAREDESK_INSTANCE_NAME")
    if override:
        return override
    try:
        user = getpass.getuser()
    except Exception:
        user = str(os.getuid()) if hasattr(os, "getuid") else "user"
    return "caredesk-" + hashlib.sha256(user.encode()).hexdigest()[:16]


def forward(arguments: list[str], name: str | None = None) -> bool:
    """Hand ``arguments`` to a running desk; False when none is running (or it did not answer)."""
    socket = QLocalSocket()
    socket.connectToServer(name or default_name())
    if not socket.waitForConnected(CONNECT_MS):
        return False
    payload = json.dumps({"argv": arguments}).encode() + b"\n"
    socket.write(QByteArray(payload))
    if not socket.waitForBytesWritten(WRITE_MS):
        socket.abort()
        return False
    # The running desk answers "ok" once it has the message: only then may this launch exit.
    answered = socket.waitForReadyRead(WRITE_MS) and bytes(socket.readAll().data()).startswith(
        b"ok"
    )
    socket.disconnectFromServer()
    return answered


class SingleInstance(QObject):
    """Listens for later launches; ``received`` carries each one's arguments."""

    received = Signal(list)

    def __init__(self, name: str | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.name = name or default_name()
        self.server = QLocalServer(self)
        self.server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        self.server.newConnection.connect(self._accept)
        self._buffers: dict[int, bytearray] = {}

    def listen(self) -> bool:
        """True when this process is now the desk; False when another one answers."""
        # Ask first: with UserAccessOption Qt binds in a private folder and renames the socket
        # into place, replacing a live desk's socket rather than failing.
        probe = QLocalSocket()
        probe.connectToServer(self.name)
        if probe.waitForConnected(CONNECT_MS):
            probe.abort()
            return False
        # Nobody answers: no desk, or a socket file left by one that crashed. Take the name.
        QLocalServer.removeServer(self.name)
        listening = self.server.listen(self.name)
        if not listening:
            log.warning("single-instance socket unavailable: %s", self.server.errorString())
        return listening

    def close(self) -> None:
        """Stop listening. Sockets still open are cut off from our callbacks first: none of
        them may call back into this object while Qt destroys them."""
        for socket in self.server.findChildren(QLocalSocket):
            for signal in (socket.readyRead, socket.disconnected):
                signal.disconnect()
            socket.abort()
            socket.deleteLater()
        self._buffers.clear()
        self.server.close()

    def _accept(self) -> None:
        while self.server.hasPendingConnections():
            socket = self.server.nextPendingConnection()
            key = id(socket)
            self._buffers[key] = bytearray()
            socket.readyRead.connect(lambda s=socket, k=key: self._read(s, k))
            socket.disconnected.connect(lambda s=socket, k=key: self._drop(s, k))

    def _drop(self, socket: QLocalSocket, key: int) -> None:
        self._buffers.pop(key, None)
        socket.deleteLater()

    def _read(self, socket: QLocalSocket, key: int) -> None:
        buffer = self._buffers.get(key)
        if buffer is None:
            return
        buffer.extend(bytes(socket.readAll().data()))
        if len(buffer) > MAX_MESSAGE:
            log.warning("ignored an oversized message from another launch")
            socket.abort()
            return
        if not buffer.endswith(b"\n"):
            return
        try:
            message = json.loads(buffer.decode("utf-8"))
            arguments = [str(a) for a in message["argv"]]
        except (ValueError, KeyError, TypeError):
            log.warning("ignored a malformed message from another launch")
            socket.abort()
            return
        buffer.clear()
        socket.write(QByteArray(b"ok\n"))
        socket.flush()
        # How many, never what: a link names a conversation or carries a caller's number.
        log.info("another launch handed over %d argument(s)", len(arguments))
        self.received.emit(arguments)
