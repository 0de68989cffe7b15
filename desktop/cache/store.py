"""An encrypted cache on the workstation: SQLAlchemy 2 over SQLite (WAL) in the user cache
folder, one file per server and advisor.

Every payload is sealed with AES-256-GCM (``cryptography``) under a key kept in the OS keyring,
with the row's identity as associated data, so a row cannot be moved onto another; row keys are
HMACs, so even an account id is not readable. AES-GCM rather than SQLCipher: ``cryptography``
ships wheels for every platform the desk runs on and needs no native SQLite build, and the
schema stays readable to SQLAlchemy and alembic-style checks while the patient data does not.

Entries expire after the lifetime the server sets (``/v1/me``, default 12 h). Sign-out wipes the
file and forgets the key. A file that cannot be read (corrupt, a key that no longer opens it, an
older schema) is discarded and rebuilt with a log line, never a crash.

``CacheStore`` is synchronous and used from one worker thread; ``DeskCache`` is the desk's
asyncio face over it, so no disk or keyring call runs on the UI thread.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import hashlib
import hmac
import json
import logging
import os
import secrets
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import keyring
import platformdirs
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from keyring.errors import KeyringError, PasswordDeleteError
from sqlalchemy import (
    Column,
    Float,
    LargeBinary,
    MetaData,
    String,
    Table,
    create_engine,
    delete,
    event,
    select,
)
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DatabaseError, OperationalError

from backend_client import models as m

log = logging.getLogger("caredesk.cache")
SCHEMA_VERSION = 1
KEYRING_SERVICE = "CareDesk"

_meta = MetaData()
_info = Table(
    "info", _meta, Column("name", String(40), primary_key=True), Column("value", String(200))
)
_entries = Table(
    "entries",
    _meta,
    Column("kind", String(20), primary_key=True),
    Column("ident", String(64), primary_key=True),  # HMAC of the real key
    Column("expires_at", Float, nullable=False),
    Column("payload", LargeBinary, nullable=False),  # nonce ‖ AES-GCM ciphertext
)


def cache_folder() -> Path:
    base = os.environ.get("CAREDESK_CACHE_DIR") or platformdirs.user_cache_dir(
        "caredesk", appauthor=False
    )
    return Path(base)


def _slug(server_url: str, username: str) -> str:
    return hashlib.sha256(f"{server_url.rstrip('/')}|{username}".encode()).hexdigest()[:24]


class CacheStore:
    """The file and its key. Not thread-safe: one worker thread uses it."""

    def __init__(self, path: Path, key: bytes) -> None:
        if len(key) != 32:
            raise ValueError("the cache key is 32 bytes")
        self.path = path
        self._aead = AESGCM(key)
        self._id_key = hmac.new(key, b"caredesk-cache-ident", hashlib.sha256).digest()
        self._engine: Engine | None = None
        self._open()

    # --- the file -------------------------------------------------------------------------

    def _open(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self._engine = self._connect()
            self._check()
        except (DatabaseError, OperationalError, ValueError) as exc:
            log.warning("the offline cache could not be read (%s); starting a new one", exc)
            self._discard()
            self._engine = self._connect()
            self._check()

    def _connect(self) -> Engine:
        engine = create_engine(f"sqlite:///{self.path}")

        @event.listens_for(engine, "connect")
        def _pragmas(dbapi_connection: Any, _record: Any) -> None:
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.execute("PRAGMA secure_delete=ON")  # deleted rows are zeroed, not left behind
            cursor.close()

        return engine

    def _check(self) -> None:
        """Create the schema, or accept the file only if it is ours, current, and our key
        opens it (a canary sealed with the key)."""
        assert self._engine is not None
        _meta.create_all(self._engine)
        with self._engine.begin() as conn:
            rows = dict(conn.execute(select(_info.c.name, _info.c.value)).all())
            if not rows:
                canary = base64.b64encode(self._seal("info", "canary", b"ok")).decode()
                conn.execute(
                    _info.insert(),
                    [
                        {"name": "schema", "value": str(SCHEMA_VERSION)},
                        {"name": "canary", "value": canary},
                    ],
                )
                return
        if rows.get("schema") != str(SCHEMA_VERSION):
            raise ValueError(f"schema {rows.get('schema')!r}, expected {SCHEMA_VERSION}")
        try:
            self._open_sealed("info", "canary", base64.b64decode(rows.get("canary", "")))
        except (InvalidTag, ValueError) as exc:
            raise ValueError("the key does not open this cache") from exc

    def _discard(self) -> None:
        if self._engine is not None:
            self._engine.dispose()
            self._engine = None
        for suffix in ("", "-wal", "-shm", "-journal"):
            with contextlib.suppress(FileNotFoundError):
                Path(f"{self.path}{suffix}").unlink()

    def close(self) -> None:
        if self._engine is not None:
            self._engine.dispose()
            self._engine = None

    # --- sealing --------------------------------------------------------------------------

    def _ident(self, kind: str, key: str) -> str:
        return hmac.new(self._id_key, f"{kind}:{key}".encode(), hashlib.sha256).hexdigest()

    def _seal(self, kind: str, ident: str, plain: bytes) -> bytes:
        nonce = secrets.token_bytes(12)
        return nonce + self._aead.encrypt(nonce, plain, f"{kind}:{ident}".encode())

    def _open_sealed(self, kind: str, ident: str, sealed: bytes) -> bytes:
        if len(sealed) < 12 + 16:
            raise ValueError("too short")
        return self._aead.decrypt(sealed[:12], sealed[12:], f"{kind}:{ident}".encode())

    # --- entries --------------------------------------------------------------------------

    def put(self, kind: str, key: str, plain: bytes, lifetime_seconds: float) -> None:
        ident = self._ident(kind, key)
        row = {
            "kind": kind,
            "ident": ident,
            "expires_at": time.time() + lifetime_seconds,
            "payload": self._seal(kind, ident, plain),
        }
        self._write(lambda conn: _upsert(conn, row))

    def get(self, kind: str, key: str) -> bytes | None:
        ident = self._ident(kind, key)
        try:
            assert self._engine is not None
            with self._engine.connect() as conn:
                found = conn.execute(
                    select(_entries.c.expires_at, _entries.c.payload).where(
                        _entries.c.kind == kind, _entries.c.ident == ident
                    )
                ).first()
        except (DatabaseError, OperationalError) as exc:
            self._recover(exc)
            return None
        if found is None:
            return None
        if found.expires_at < time.time():
            self.drop(kind, key)
            return None
        try:
            return self._open_sealed(kind, ident, found.payload)
        except (InvalidTag, ValueError):
            log.warning("an offline cache entry did not decrypt; it is dropped")
            self.drop(kind, key)
            return None

    def drop(self, kind: str, key: str) -> None:
        ident = self._ident(kind, key)
        self._write(
            lambda conn: conn.execute(
                delete(_entries).where(_entries.c.kind == kind, _entries.c.ident == ident)
            )
        )

    def purge_expired(self) -> int:
        counted = [0]

        def purge(conn: Any) -> None:
            counted[0] = conn.execute(
                delete(_entries).where(_entries.c.expires_at < time.time())
            ).rowcount

        self._write(purge)
        return counted[0]

    def count(self) -> int:
        assert self._engine is not None
        with self._engine.connect() as conn:
            return len(conn.execute(select(_entries.c.ident)).all())

    def wipe(self) -> None:
        """Every entry gone, the file removed."""
        self._discard()

    def _write(self, work: Any) -> None:
        try:
            assert self._engine is not None
            with self._engine.begin() as conn:
                work(conn)
        except (DatabaseError, OperationalError) as exc:
            self._recover(exc)

    def _recover(self, exc: Exception) -> None:
        log.warning("the offline cache failed (%s); it is discarded and rebuilt", exc)
        self._discard()
        self._open()


def _upsert(conn: Any, row: dict[str, Any]) -> None:
    conn.execute(
        delete(_entries).where(_entries.c.kind == row["kind"], _entries.c.ident == row["ident"])
    )
    conn.execute(_entries.insert(), [row])


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
            if len(key) == 32:
                return key
        key = AESGCM.generate_key(bit_length=256)
        keyring.set_password(KEYRING_SERVICE, name, base64.b64encode(key).decode())
        return key
    except (KeyringError, ValueError) as exc:
        log.warning("no keyring for the cache key (%s); the cache lasts this run only", exc)
        return AESGCM.generate_key(bit_length=256)


def forget_key(server_url: str, username: str) -> None:
    with contextlib.suppress(PasswordDeleteError, KeyringError):
        keyring.delete_password(KEYRING_SERVICE, _key_name(server_url, username))


# --- the desk's face ----------------------------------------------------------------------------


class DeskCache:
    """What the desk keeps for offline use, per server and advisor; every call runs on the
    cache's own worker thread."""

    SNAPSHOT = "snapshot"
    CONVERSATIONS = "conversations"

    def __init__(self, store: CacheStore, server_url: str, username: str, hours: float) -> None:
        self.store = store
        self.server_url, self.username = server_url, username
        self.lifetime = max(0.0, hours) * 3600
        self._worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="caredesk-cache")

    @classmethod
    async def open(cls, server_url: str, username: str, hours: float) -> DeskCache:
        def build() -> CacheStore:
            key = load_or_make_key(server_url, username)
            path = cache_folder() / f"{_slug(server_url, username)}.sqlite3"
            return CacheStore(path, key)

        store = await asyncio.to_thread(build)
        cache = cls(store, server_url, username, hours)
        await cache._run(store.purge_expired)
        return cache

    async def _run(self, fn: Any, *args: Any) -> Any:
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._worker, fn, *args)

    async def put_snapshot(self, snapshot: m.Snapshot) -> None:
        plain = snapshot.model_dump_json().encode()
        await self._run(
            self.store.put, self.SNAPSHOT, snapshot.identity.account_id, plain, self.lifetime
        )

    async def snapshot(self, account_id: str) -> m.Snapshot | None:
        plain = await self._run(self.store.get, self.SNAPSHOT, account_id)
        if plain is None:
            return None
        try:
            return m.Snapshot.model_validate_json(plain)
        except ValueError:
            await self._run(self.store.drop, self.SNAPSHOT, account_id)
            return None

    async def put_conversations(self, conversations: list[m.Conversation]) -> None:
        plain = json.dumps([c.model_dump(mode="json") for c in conversations]).encode()
        await self._run(self.store.put, self.CONVERSATIONS, "open", plain, self.lifetime)

    async def conversations(self) -> list[m.Conversation] | None:
        plain = await self._run(self.store.get, self.CONVERSATIONS, "open")
        if plain is None:
            return None
        try:
            return [m.Conversation.model_validate(c) for c in json.loads(plain)]
        except ValueError:
            return None

    async def wipe(self) -> None:
        """Sign-out: every row and the file gone, and the key forgotten (crypto-shredding
        whatever a backup of the file may still hold)."""
        await self._run(self.store.wipe)
        await asyncio.to_thread(forget_key, self.server_url, self.username)
        self._worker.shutdown(wait=False)

    async def aclose(self) -> None:
        await self._run(self.store.close)
        self._worker.shutdown(wait=False)
