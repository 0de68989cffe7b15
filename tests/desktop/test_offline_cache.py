"""The offline cache: sealed at rest, readable offline, gone at sign-out, and a broken file is
rebuilt, never a crash."""

from __future__ import annotations

import asyncio
import secrets
import sqlite3
import time
from pathlib import Path

import keyring
import pytest

from backend_client import models as m
from desktop.cache import CacheStore, DeskCache, cache_folder
from desktop.cache.store import KEYRING_SERVICE
from tests.desktop.conftest import Loop, open_desk, until
from tests.desktop.test_palette_and_runner import app_token_call
from tests.live_server import LiveServer
from tests.support import patient


def test_entries_round_trip_and_nothing_is_readable_on_disk(tmp_path: Path) -> None:
    store = CacheStore(tmp_path / "c.sqlite3", secrets.token_bytes(32))
    store.put("snapshot", "pat_00001", b'{"name": "Rosie Lewis-Hart"}', 60)
    assert store.get("snapshot", "pat_00001") == b'{"name": "Rosie Lewis-Hart"}'
    store.close()
    raw = b"".join(p.read_bytes() for p in tmp_path.iterdir())
    assert b"Rosie" not in raw and b"pat_00001" not in raw


def test_entries_expire(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store = CacheStore(tmp_path / "c.sqlite3", secrets.token_bytes(32))
    store.put("snapshot", "a", b"x", 60)
    later = time.time() + 61
    monkeypatch.setattr("desktop.cache.store.time.time", lambda: later)
    assert store.get("snapshot", "a") is None
    assert store.count() == 0


def test_a_row_moved_onto_another_key_does_not_open(tmp_path: Path) -> None:
    store = CacheStore(tmp_path / "c.sqlite3", secrets.token_bytes(32))
    store.put("snapshot", "a", b"patient a", 60)
    store.put("snapshot", "b", b"patient b", 60)
    db = sqlite3.connect(tmp_path / "c.sqlite3")
    with db:  # an attacker swaps the sealed payloads
        rows = db.execute("SELECT ident, payload FROM entries ORDER BY ident").fetchall()
        db.executemany(
            "UPDATE entries SET payload = ? WHERE ident = ?",
            [(rows[1][1], rows[0][0]), (rows[0][1], rows[1][0])],
        )
    db.close()
    assert store.get("snapshot", "a") is None and store.get("snapshot", "b") is None


def test_a_corrupt_file_or_another_key_is_discarded_and_rebuilt(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / "c.sqlite3"
    key = secrets.token_bytes(32)
    earlier = CacheStore(path, key)  # a desk that wrote the file and ended
    earlier.put("snapshot", "a", b"x", 60)
    # Closed, as a desk that ends closes it. Left to the garbage collector, the connection
    # (kept in a cycle by sqlite3 itself) closed whenever a collection happened to run, and
    # closing checkpointed its log back over the damage below: the test passed or failed by
    # the collector's timing.
    earlier.close()
    path.write_bytes(b"this is not a database" * 100)
    for suffix in ("-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    store = CacheStore(path, key)
    assert store.get("snapshot", "a") is None and store.count() == 0
    store.put("snapshot", "a", b"y", 60)
    assert store.get("snapshot", "a") == b"y"
    store.close()
    other = CacheStore(path, secrets.token_bytes(32))  # a key that does not open it
    assert other.count() == 0
    assert any("could not be read" in r.getMessage() for r in caplog.records)


def schema_1_file(path: Path, key: bytes) -> None:
    """A cache as a desk before schema 2 left it: sealed with AES-256-GCM (12-byte nonce first),
    with a snapshot, a queued action and a refused one."""
    import base64
    import hashlib
    import hmac

    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    from desktop.cache.store import _SCHEMA

    aead = AESGCM(key)

    def seal(kind: str, ident: str, plain: bytes) -> bytes:
        nonce = secrets.token_bytes(12)
        return nonce + aead.encrypt(nonce, plain, f"{kind}:{ident}".encode())

    id_key = hmac.new(key, b"caredesk-cache-ident", hashlib.sha256).digest()
    ident = hmac.new(id_key, b"snapshot:pat_00001", hashlib.sha256).hexdigest()
    db = sqlite3.connect(path)
    with db:
        for statement in _SCHEMA:
            db.execute(statement)
        db.executemany(
            "INSERT INTO info (name, value) VALUES (?, ?)",
            [("schema", "1"), ("canary", base64.b64encode(seal("info", "canary", b"ok")).decode())],
        )
        db.execute(
            "INSERT INTO entries VALUES (?, ?, ?, ?)",
            ("snapshot", ident, time.time() + 600, seal("snapshot", ident, b"Rosie Lewis-Hart")),
        )
        db.execute(
            "INSERT INTO outbox (seq, state, payload) VALUES (1, 'pending', ?)",
            (seal("outbox", "1", b'{"action": "reship", "key": "k-1"}'),),
        )
        db.execute(
            "INSERT INTO outbox (seq, state, payload, error) VALUES (2, 'refused', ?, ?)",
            (seal("outbox", "2", b'{"action": "refund"}'), seal("outbox-error", "2", b"too late")),
        )
    db.close()


def test_a_cache_sealed_by_an_earlier_desk_is_carried_over_with_its_queued_actions(
    tmp_path: Path,
) -> None:
    path, key = tmp_path / "c.sqlite3", secrets.token_bytes(32)
    schema_1_file(path, key)
    store = CacheStore(path, key)
    assert store.outbox() == [
        (1, "pending", b'{"action": "reship", "key": "k-1"}', None),
        (2, "refused", b'{"action": "refund"}', b"too late"),
    ]
    assert store.get("snapshot", "pat_00001") == b"Rosie Lewis-Hart"
    store.close()
    # Sealed again, the new way: a store opens it as schema 2, and no AES-GCM seal is left.
    db = sqlite3.connect(path)
    assert dict(db.execute("SELECT name, value FROM info").fetchall())["schema"] == "2"
    payloads = [
        p for (p,) in db.execute("SELECT payload FROM outbox UNION ALL SELECT payload FROM entries")
    ]
    db.close()
    assert all(len(p) >= 24 + 16 for p in payloads)
    again = CacheStore(path, key)
    assert [seq for seq, *_ in again.outbox()] == [1, 2]
    assert again.get("snapshot", "pat_00001") == b"Rosie Lewis-Hart"
    raw = b"".join(p.read_bytes() for p in tmp_path.iterdir())
    assert b"Rosie" not in raw and b"reship" not in raw


def test_a_damaged_row_in_an_earlier_desks_cache_costs_that_row_only(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path, key = tmp_path / "c.sqlite3", secrets.token_bytes(32)
    schema_1_file(path, key)
    db = sqlite3.connect(path)
    with db:  # one byte of the refused action's seal changed
        (payload,) = db.execute("SELECT payload FROM outbox WHERE seq = 2").fetchone()
        damaged = payload[:-1] + bytes([payload[-1] ^ 1])
        db.execute("UPDATE outbox SET payload = ? WHERE seq = 2", (damaged,))
    db.close()
    store = CacheStore(path, key)
    assert store.outbox() == [(1, "pending", b'{"action": "reship", "key": "k-1"}', None)]
    assert store.get("snapshot", "pat_00001") == b"Rosie Lewis-Hart"
    assert any("did not decrypt" in r.getMessage() for r in caplog.records)


def test_an_earlier_desks_cache_that_the_key_does_not_open_is_discarded(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / "c.sqlite3"
    schema_1_file(path, secrets.token_bytes(32))
    store = CacheStore(path, secrets.token_bytes(32))
    assert store.outbox() == [] and store.count() == 0
    assert any("could not be read" in r.getMessage() for r in caplog.records)


def test_offline_the_desk_shows_the_cached_snapshot_and_sign_out_wipes_it(
    aloop: Loop, live_server: LiveServer, qtbot
) -> None:
    facts = patient(live_server.ctx, "pat_00086")

    async def scenario() -> None:
        async with open_desk(live_server) as desk:
            window = desk.window
            controller = desk.desk
            await app_token_call(live_server, facts.account_id, 86)
            await until(lambda: window.account.name.text() == facts.full_name, what="account")
            await until(lambda: controller.cache is not None, what="the cache")
            cache: DeskCache = controller.cache  # type: ignore[assignment]
            await until(lambda: cache.store.count() >= 2, what="snapshot and list cached")
            conversation_id = controller.current_id
            assert conversation_id is not None

            live_server.stop()  # the network drops
            controller.conversation.load_snapshot()
            await until(lambda: window.account.banner.isVisible(), what="the offline banner")
            assert window.account.banner.text().startswith("Offline: the account as of")
            assert window.account.name.text() == facts.full_name
            assert window.account.orders_model.rowCount() >= 1

            # An action made offline, naming the patient, waits in the outbox.
            await cache.queue(
                "add_note",
                m.ActionRequest(
                    conversation_id=conversation_id,
                    workflow_id="add_note",
                    inputs={"body": f"{facts.full_name} born {facts.date_of_birth.isoformat()}"},
                ),
                facts.account_id,
                "Add a note",
                "key-1",
            )
            assert len(await cache.waiting()) == 1
            await asyncio.sleep(1.2)  # let the list save settle before reading the file
            raw = b"".join(p.read_bytes() for p in cache_folder().rglob("*") if p.is_file())
            for secret in (
                facts.full_name,
                facts.first_name,
                facts.date_of_birth.isoformat(),
                facts.date_of_birth.strftime("%d/%m/%Y"),
                facts.postcode,
                facts.postcode.replace(" ", ""),
                facts.phone,
                facts.nhs_number,
            ):
                assert secret.encode() not in raw, f"{secret!r} is readable in the cache"

            await controller.session.sign_out()
            assert controller.cache is None
            assert not [p for p in cache_folder().rglob("*") if p.is_file()]
            assert (
                keyring.get_password(KEYRING_SERVICE, f"cache-key@{live_server.url}|advisor")
                is None
            )

    aloop.run(scenario(), timeout=90)
