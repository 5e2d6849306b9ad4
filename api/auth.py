"""API keys and roles. A key is `lj_<id>_<secret>`; the store keeps the id and a SHA-256 of the
secret (the secret is 256 random bits, so a fast hash is enough), never the secret itself."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass

from graph.bookkeeping import Actor
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


@dataclass(frozen=True)
class IssuedKey:
    id: str  # what `keys list` shows and `keys revoke` takes
    key: str  # the whole key, shown once


def _parts(token: str) -> tuple[str, str] | None:
    """(key id, secret) of a key `lj_<id>_<secret>`; None for anything else."""
    if not token.startswith("lj_"):
        return None
    key_id, _, secret = token[3:].partition("_")
    return (key_id, secret) if key_id and secret else None


async def create_key(store: GraphStore, role: str, name: str, actor: Actor) -> IssuedKey:
    """Stores a new key, audited, and returns it: the only time the whole key is ever seen."""
    if role not in ROLES:
        raise ValueError(f"role must be one of {', '.join(ROLES)}")
    key_id, secret = secrets.token_hex(6), secrets.token_urlsafe(32)
    async with store.change():
        await store.create_key(key_id, name, role, _digest(secret))
        await store.append_audit(actor.name, actor.role, "createApiKey", [key_id], None, {"role": role, "name": name})
    return IssuedKey(key_id, f"lj_{key_id}_{secret}")


async def revoke_key(store: GraphStore, key_id: str, actor: Actor) -> bool:
    """Whether there was such a key; revoking is audited."""
    async with store.change():
        if not await store.revoke_key(key_id):
            return False
        await store.append_audit(actor.name, actor.role, "revokeApiKey", [key_id], None, None)
    return True


async def principal_for(store: GraphStore, authorization: str | None, anonymous: Principal) -> Principal | None:
    """The caller of a request; None when a key was presented but is not valid."""
    if not authorization:
        return anonymous
    scheme, _, token = authorization.partition(" ")
    parts = _parts(token) if scheme.lower() == "bearer" else None
    if parts is None:
        return None
    record = await store.get_key(parts[0])
    if record is None or record.revoked or not hmac.compare_digest(record.hash, _digest(parts[1])):
        return None
    return Principal(record.role, f"key:{record.id}:{record.name}")
