"""An encrypted cache on the workstation: SQLite (WAL) in the user cache folder, one file per
server and advisor. Python's own ``sqlite3`` rather than SQLAlchemy: two tables and four
statements do not need it, and importing SQLAlchemy into the desk costs 26 MB of memory and
0.2 s, which the desk's memory budget (2.5 × a bare window) cannot pay.

Every payload is sealed with XChaCha20-Poly1305 (libsodium, through PyNaCl) under a 256-bit key
kept in the OS keyring, with the row's identity as associated data, so a row cannot be moved onto
another; row keys are HMACs, so even an account id is not readable. Each seal has a random
24-byte nonce, long enough that random nonces never need counting. A sealed row rather than
SQLCipher: PyNaCl ships wheels for every platform the desk runs on and needs no native SQLite
build, and the schema stays plain SQLite while the patient data does not. PyNaCl rather than
``cryptography``'s AES-GCM (schema 1): importing ``cryptography`` made 6.6 MB of its Rust library
resident for this one cipher, libsodium about 1 MB (docs/offline-cache.md). A schema 1 file is
carried over when it is first opened, its queued actions and entries sealed again; only then is
``cryptography`` imported.

Entries expire after the lifetime the server sets (``/v1/me``, default 12 h). Sign-out wipes the
file and forgets the key. A file that cannot be read (corrupt, a key that no longer opens it, an
older schema) is discarded and rebuilt with a log line, never a crash.

``CacheStore`` is synchronous and used from one worker thread; ``DeskCache``
(``desktop/cache/desk.py``) is the desk's asyncio face over it.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import hmac
import logging
import os
import secrets
import sqlite3
import time
from pathlib import Path
from typing import Any

import keyring
import platformdirs
from keyring.errors import KeyringError, PasswordDeleteError
from nacl import bindings as sodium
from nacl.exceptions import CryptoError

from desktop import keyring_status

log = logging.getLogger("caredesk.cache")
KEY_BYTES = sodium.crypto_aead_xchacha20poly1305_ietf_KEYBYTES  # 32
NONCE_BYTES = sodium.crypto_aead_xchacha20poly1305_ietf_NPUBBYTES  # 24
TAG_BYTES = sodium.crypto_aead_xchacha20poly1305_ietf_ABYTES  # 16
SCHEMA_VERSION = 2  # 1: sealed with AES-256-GCM (cryptography), carried over at first open
KEYRING_SERVICE = "CareDesk"

_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS info (name TEXT PRIMARY KEY, value TEXT NOT NULL)",
    "CREATE TABLE IF NOT EXISTS entries (kind TEXT NOT NULL, ident TEXT NOT NULL,"
    " expires_at REAL NOT NULL, payload BLOB NOT NULL, PRIMARY KEY (kind, ident))",
    # Actions made offline, in the order made; payloads sealed like every entry.
    "CREATE TABLE IF NOT EXISTS outbox (seq INTEGER PRIMARY KEY AUTOINCREMENT,"
    " state TEXT NOT NULL, payload BLOB NOT NULL, error BLOB)",
)


def cache_folder() -> Path:
    base = os.environ.get("CAREDESK_CACHE_DIR") or platformdirs.user_cache_dir(
        "caredesk", appauthor=False
    )
    return Path(base)


def slug(server_url: str, username: str) -> str:
    return hashlib.sha256(f"{server_url.rstrip('/')}|{username}".encode()).hexdigest()[:24]


class CacheStore:
    """The file and its key. Not thread-safe: one worker thread uses it."""

    def __init__(self, path: Path, key: bytes) -> None:
        if len(key) != KEY_BYTES:
            raise ValueError(f"the cache key is {KEY_BYTES} bytes")
        self.path = path
        # Schema 1 sealed with the stored key as it is (AES-GCM); read only to carry it over.
        self._stored_key = key
        # The cipher's own key, derived as the row keys' is: never the key AES-GCM used.
        self._key = hmac.new(key, b"caredesk-cache-seal", hashlib.sha256).digest()
        self._id_key = hmac.new(key, b"caredesk-cache-ident", hashlib.sha256).digest()
        self._db: sqlite3.Connection | None = None
        self._open()

    # --- the file -------------------------------------------------------------------------

    def _open(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self._db = self._connect()
            self._check()
        except (sqlite3.DatabaseError, ValueError) as exc:
            log.warning("the offline cache could not be read (%s); starting a new one", exc)
            self._discard()
            self._db = self._connect()
            self._check()

    def _connect(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=NORMAL")
        db.execute("PRAGMA secure_delete=ON")  # deleted rows are zeroed, not left behind
        return db

    @property
    def db(self) -> sqlite3.Connection:
        assert self._db is not None
        return self._db

    def _check(self) -> None:
        """Create the schema, or accept the file only if it is ours, current, and our key
        opens it (a canary sealed with the key)."""
        for statement in _SCHEMA:
            self.db.execute(statement)
        rows = dict(self.db.execute("SELECT name, value FROM info").fetchall())
        if not rows:
            canary = base64.b64encode(self._seal("info", "canary", b"ok")).decode()
            with self.db:
                self.db.executemany(
                    "INSERT INTO info (name, value) VALUES (?, ?)",
                    [("schema", str(SCHEMA_VERSION)), ("canary", canary)],
                )
            return
        if rows.get("schema") == "1":
            self._carry_over_schema_1(base64.b64decode(rows.get("canary", "")))
            return
        if rows.get("schema") != str(SCHEMA_VERSION):
            raise ValueError(f"schema {rows.get('schema')!r}, expected {SCHEMA_VERSION}")
        try:
            self._open_sealed("info", "canary", base64.b64decode(rows.get("canary", "")))
        except (CryptoError, ValueError) as exc:
            raise ValueError("the key does not open this cache") from exc

    def _carry_over_schema_1(self, canary: bytes) -> None:
        """A file an earlier desk sealed with AES-256-GCM under the same key: every queued
        action (made offline, not yet sent) and every entry sealed again, in one transaction,
        so an update installed while actions wait loses none of them. A key that does not open
        its canary is refused as for any file (it is then discarded and rebuilt); a row that
        does not open is dropped with a warning, as reading it would have dropped it."""
        from cryptography.exceptions import InvalidTag
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM

        old = AESGCM(self._stored_key)

        def opened(kind: str, ident: str, sealed: bytes) -> bytes | None:
            if len(sealed) < 12 + 16:
                return None
            try:
                return old.decrypt(sealed[:12], sealed[12:], f"{kind}:{ident}".encode())
            except InvalidTag:
                return None

        if opened("info", "canary", canary) is None:
            raise ValueError("the key does not open this cache")
        outbox: list[tuple[bytes, bytes | None, int]] = []
        lost_actions: list[tuple[int]] = []
        for seq, payload, error in self.db.execute("SELECT seq, payload, error FROM outbox"):
            plain = opened("outbox", str(seq), payload)
            why = opened("outbox-error", str(seq), error) if error else None
            if plain is None or (error and why is None):
                lost_actions.append((seq,))
                continue
            sealed_why = self._seal("outbox-error", str(seq), why) if why is not None else None
            outbox.append((self._seal("outbox", str(seq), plain), sealed_why, seq))
        entries: list[tuple[bytes, str, str]] = []
        lost_entries: list[tuple[str, str]] = []
        for kind, ident, payload in self.db.execute("SELECT kind, ident, payload FROM entries"):
            plain = opened(kind, ident, payload)
            if plain is None:
                lost_entries.append((kind, ident))
            else:
                entries.append((self._seal(kind, ident, plain), kind, ident))
        with self.db:
            self.db.executemany("UPDATE outbox SET payload = ?, error = ? WHERE seq = ?", outbox)
            self.db.executemany("DELETE FROM outbox WHERE seq = ?", lost_actions)
            self.db.executemany(
                "UPDATE entries SET payload = ? WHERE kind = ? AND ident = ?", entries
            )
            self.db.executemany("DELETE FROM entries WHERE kind = ? AND ident = ?", lost_entries)
            self.db.executemany(
                "UPDATE info SET value = ? WHERE name = ?",
                [
                    (str(SCHEMA_VERSION), "schema"),
                    (base64.b64encode(self._seal("info", "canary", b"ok")).decode(), "canary"),
                ],
            )
        if lost_actions or lost_entries:
            log.warning(
                "carrying the offline cache over, %d queued actions and %d entries did not "
                "decrypt; they are dropped",
                len(lost_actions),
                len(lost_entries),
            )
        log.info(
            "the offline cache was carried over from schema 1: %d queued actions, %d entries",
            len(outbox),
            len(entries),
        )

    def _discard(self) -> None:
        if self._db is not None:
            with contextlib.suppress(sqlite3.Error):
                self._db.close()
            self._db = None
        for suffix in ("", "-wal", "-shm", "-journal"):
            with contextlib.suppress(FileNotFoundError):
                Path(f"{self.path}{suffix}").unlink()

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None

    # --- sealing --------------------------------------------------------------------------

    def _ident(self, kind: str, key: str) -> str:
        return hmac.new(self._id_key, f"{kind}:{key}".encode(), hashlib.sha256).hexdigest()

    def _seal(self, kind: str, ident: str, plain: bytes) -> bytes:
        nonce = secrets.token_bytes(NONCE_BYTES)
        return nonce + sodium.crypto_aead_xchacha20poly1305_ietf_encrypt(
            plain, f"{kind}:{ident}".encode(), nonce, self._key
        )

    def _open_sealed(self, kind: str, ident: str, sealed: bytes) -> bytes:
        """The plain bytes; raises CryptoError when the row was altered, moved or sealed
        under another key, ValueError when it is too short to be a seal."""
        if len(sealed) < NONCE_BYTES + TAG_BYTES:
            raise ValueError("too short")
        nonce, box = sealed[:NONCE_BYTES], sealed[NONCE_BYTES:]
        return sodium.crypto_aead_xchacha20poly1305_ietf_decrypt(
            box, f"{kind}:{ident}".encode(), nonce, self._key
        )

    # --- entries --------------------------------------------------------------------------

    def put(self, kind: str, key: str, plain: bytes, lifetime_seconds: float) -> None:
        ident = self._ident(kind, key)
        sealed = self._seal(kind, ident, plain)
        self._write(
            "INSERT OR REPLACE INTO entries (kind, ident, expires_at, payload) VALUES (?,?,?,?)",
            (kind, ident, time.time() + lifetime_seconds, sealed),
        )

    def get(self, kind: str, key: str) -> bytes | None:
        ident = self._ident(kind, key)
        try:
            found = self.db.execute(
                "SELECT expires_at, payload FROM entries WHERE kind = ? AND ident = ?",
                (kind, ident),
            ).fetchone()
        except sqlite3.DatabaseError as exc:
            self._recover(exc)
            return None
        if found is None:
            return None
        expires_at, payload = found
        if expires_at < time.time():
            self.drop(kind, key)
            return None
        try:
            return self._open_sealed(kind, ident, payload)
        except (CryptoError, ValueError):
            log.warning("an offline cache entry did not decrypt; it is dropped")
            self.drop(kind, key)
            return None

    def drop(self, kind: str, key: str) -> None:
        self._write(
            "DELETE FROM entries WHERE kind = ? AND ident = ?", (kind, self._ident(kind, key))
        )

    def purge_expired(self) -> int:
        return self._write("DELETE FROM entries WHERE expires_at < ?", (time.time(),))

    def count(self) -> int:
        return int(self.db.execute("SELECT count(*) FROM entries").fetchone()[0])

    def wipe(self) -> None:
        """Every entry gone, the file removed."""
        self._discard()

    # --- the outbox -----------------------------------------------------------------------

    def outbox_add(self, plain: bytes) -> int:
        """Queue an action (its idempotency key is inside ``plain``, made before any try)."""
        with self.db:
            cursor = self.db.execute(
                "INSERT INTO outbox (state, payload) VALUES ('pending', ?)", (b"",)
            )
            seq = int(cursor.lastrowid or 0)
            self.db.execute(
                "UPDATE outbox SET payload = ? WHERE seq = ?",
                (self._seal("outbox", str(seq), plain), seq),
            )
        return seq

    def outbox(self) -> list[tuple[int, str, bytes, bytes | None]]:
        """Every queued action, oldest first: (seq, state, payload, error)."""
        out = []
        for seq, state, payload, error in self.db.execute(
            "SELECT seq, state, payload, error FROM outbox ORDER BY seq"
        ).fetchall():
            try:
                plain = self._open_sealed("outbox", str(seq), payload)
                why = self._open_sealed("outbox-error", str(seq), error) if error else None
            except (CryptoError, ValueError):
                log.warning("a queued action did not decrypt; it is dropped")
                self._write("DELETE FROM outbox WHERE seq = ?", (seq,))
                continue
            out.append((seq, state, plain, why))
        return out

    def outbox_done(self, seq: int) -> None:
        self._write("DELETE FROM outbox WHERE seq = ?", (seq,))

    def outbox_refused(self, seq: int, why: bytes) -> None:
        self._write(
            "UPDATE outbox SET state = 'refused', error = ? WHERE seq = ?",
            (self._seal("outbox-error", str(seq), why), seq),
        )

    def _write(self, statement: str, params: tuple[Any, ...]) -> int:
        try:
            with self.db:
                return self.db.execute(statement, params).rowcount
        except sqlite3.DatabaseError as exc:
            self._recover(exc)
            return 0

    def _recover(self, exc: Exception) -> None:
        log.warning("the offline cache failed (%s); it is discarded and rebuilt", exc)
        self._discard()
        self._open()


# --- the key in the keyring -----------------------------------------------------------------


def _key_name(server_url: str, username: str) -> str:
    return f"cache-key@{server_url.rstrip('/')}|{username}"


def load_or_make_key(server_url: str, username: str) -> bytes:
    """The cache key from the keyring, made on first use. Without a keyring the key lives only
    in memory: the cache then works for this run and is unreadable after it."""
    name = _key_name(server_url, username)
    try:
        stored = keyring.get_password(KEYRING_SERVICE, name)
        if stored:
            key = base64.b64decode(stored)
            if len(key) == KEY_BYTES:
                return key
        key = secrets.token_bytes(KEY_BYTES)
        keyring.set_password(KEYRING_SERVICE, name, base64.b64encode(key).decode())
        return key
    except (KeyringError, ValueError) as exc:
        log.warning("no keyring for the cache key (%s); the cache lasts this run only", exc)
        keyring_status.note_failure("keeping the offline cache's key")
        return secrets.token_bytes(KEY_BYTES)


def forget_key(server_url: str, username: str) -> None:
    with contextlib.suppress(PasswordDeleteError, KeyringError):
        keyring.delete_password(KEYRING_SERVICE, _key_name(server_url, username))
