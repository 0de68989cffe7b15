"""Password hashing, opaque bearer tokens and the server-side pepper for short secrets."""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

_hasher = PasswordHasher()
# A hash of a password nobody has, so an unknown username costs as much as a wrong password.
_DUMMY_HASH = _hasher.hash(secrets.token_urlsafe(16))


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    try:
        return _hasher.verify(password_hash or _DUMMY_HASH, password) and password_hash is not None
    except (VerificationError, InvalidHashError):
        return False


def new_bearer_token() -> str:
    return secrets.token_urlsafe(32)


def token_hash(token: str) -> str:
    """Bearer tokens are long and random: a plain SHA-256 keeps them unusable at rest."""
    return hashlib.sha256(token.encode()).hexdigest()


def peppered_hash(pepper: str, value: str) -> str:
    """Short secrets (six-digit tokens) are keyed with a server secret, so a copied database
    cannot be brute-forced back to live tokens."""
    return hmac.new(pepper.encode(), value.encode(), hashlib.sha256).hexdigest()


def peppered_token(pepper: str, value: str) -> str:
    """A bearer token derived from ``value`` under the server secret (43 URL-safe characters,
    as unguessable as ``new_bearer_token`` to anyone without the secret)."""
    digest = hmac.new(pepper.encode(), value.encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def constant_time_equal(a: str, b: str) -> bool:
    return hmac.compare_digest(a.encode(), b.encode())
