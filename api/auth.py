"""API keys and roles. A key is `lj_<id>_<secret>`; the store keeps the id and a SHA-256 of the
secret (the secret is 256 random bits, so a fast hash is enough), never the secret itself."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass

from graph.store import GraphStore

ROLES = ("viewer", "editor", "admin")  # each role can do what the ones before it can


@dataclass(frozen=True)
class Principal:
    role: str | None  # None: anonymous where authentication is required
    name: str

    def at_least(self, role: str) -> bool:
        return self.role is not None and ROLES.index(self.role) >= ROLES.index(role)


REJECTED = Principal(None, "rejected key")  # a key was sent but is unknown, revoked or mistyped


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


async def create_key(store: GraphStore, role: str, name: str) -> str:
    """Stores a new key and returns it: the only time the whole key is ever seen."""
    if role not in ROLES:
        raise ValueError(f"role must be one of {', '.join(ROLES)}")
    key_id, secret = secrets.token_hex(6), secrets.token_urlsafe(32)
    await store.create_key(key_id, name, role, _digest(secret))
    return f"lj_{key_id}_{secret}"


async def principal_for(store: GraphStore, authorization: str | None, anonymous: Principal) -> Principal | None:
    """The caller of a request; None when a key was presented but is not valid."""
    if not authorization:
        return anonymous
    scheme, _, token = authorization.partition(" ")
    if scheme.lower() != "bearer" or not token.startswith("lj_"):
        return None
    key_id, _, secret = token[3:].partition("_")
    record = await store.get_key(key_id)
    if record is None or record.revoked or not hmac.compare_digest(record.hash, _digest(secret)):
        return None
    return Principal(record.role, f"key:{record.id}:{record.name}")
