"""The audit log and API keys, kept in the same store as the graph so every server of a
deployment (a Neo4j cluster behind several API servers) sees the same ones."""

from __future__ import annotations

import json
import secrets
import time
from abc import abstractmethod
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from datetime import datetime, timezone
from typing import Any

from graph.changefeed import GraphChange


KEY_MEMORY_S = 5.0
KEYS_REMEMBERED = 10_000  # beyond, the memory starts afresh: a bound, not a policy


@dataclass(frozen=True)
class Actor:
    """Who makes a change, as the audit log records it."""

    name: str
    role: str


@dataclass
class AuditEntry:
    id: str
    at: str
    actor: str
    role: str
    operation: str
    ids: list[str]
    before: Any = None
    after: Any = None


@dataclass
class ApiKeyRecord:
    id: str
    name: str
    role: str
    created: str
    revoked: bool = False
    hash: str = field(default="", repr=False)


def new_audit_id() -> str:
    """Sorts by time (nanoseconds), unique across concurrent writers (random suffix)."""
    return f"{time.time_ns():020d}-{secrets.token_hex(4)}"


def now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds")


class Bookkeeping:
    @abstractmethod
    async def read(self, name: str, /, **params: Any) -> list[dict[str, Any]]: ...

    @abstractmethod
    async def write(self, name: str, /, **params: Any) -> list[dict[str, Any]]: ...

    announce: Callable[[GraphChange], None]  # GraphStore's: to the change feed once committed

    async def append_audit(self, actor: str, role: str, operation: str, ids: list[str], before: Any, after: Any,
                           labels: Sequence[str] = ()) -> AuditEntry:
        entry = AuditEntry(new_audit_id(), now(), actor, role, operation, ids, before, after)
        await self.write("audit_append", id=entry.id, at=entry.at, actor=actor, role=role, operation=operation,
                         ids=ids, before=json.dumps(before, ensure_ascii=False, default=str),
                         after=json.dumps(after, ensure_ascii=False, default=str))
        if labels:  # keys and other bookkeeping are not changes of the graph
            self.announce(GraphChange(entry.id, entry.at, actor, role, operation, tuple(dict.fromkeys(labels)),
                                      tuple(ids)))
        return entry

    async def audit_page(self, first: int, before: str | None) -> list[AuditEntry]:
        rows = await self.read("audit_page", first=first, before=before)
        return [AuditEntry(r["id"], r["at"], r["actor"], r["role"], r["operation"], list(r["ids"] or []),
                           json.loads(r["before"]), json.loads(r["after"])) for r in rows]

    async def audit_count(self) -> int:
        rows = await self.read("audit_count")
        return int(rows[0]["total"]) if rows else 0

    async def create_key(self, key_id: str, name: str, role: str, key_hash: str) -> ApiKeyRecord:
        record = ApiKeyRecord(key_id, name, role, now(), False, key_hash)
        await self.write("key_create", id=key_id, name=name, role=role, hash=key_hash, created=record.created)
        return record

    @cached_property
    def _known_keys(self) -> dict[str, tuple[float, ApiKeyRecord]]:
        return {}

    _key_revocations = 0  # revokes begun and ended by this store: a key read across one is not remembered

    async def get_key(self, key_id: str) -> ApiKeyRecord | None:
        """Every request with a key asks for it: a key found is remembered for KEY_MEMORY_S, so
        that under load a caller's requests do not queue for a reader behind heavy reads. A key
        revoked through this store is forgotten at once; one revoked by another server of a shared
        Neo4j is refused here within KEY_MEMORY_S."""
        known = self._known_keys.get(key_id)
        if known is not None and time.monotonic() - known[0] < KEY_MEMORY_S:
            return known[1]
        revocations = self._key_revocations
        rows = await self.read("key_get", id=key_id)
        if not rows:
            return None
        record = ApiKeyRecord(**rows[0])
        if revocations == self._key_revocations:  # else the read may predate a revoke: not remembered
            if len(self._known_keys) >= KEYS_REMEMBERED:
                self._known_keys.clear()
            self._known_keys[key_id] = (time.monotonic(), record)
        return record

    async def list_keys(self) -> list[ApiKeyRecord]:
        return [ApiKeyRecord(**r) for r in await self.read("keys_list")]

    async def revoke_key(self, key_id: str) -> bool:
        self._key_revocations += 1
        self._known_keys.pop(key_id, None)
        try:
            return bool(await self.write("key_revoke", id=key_id))
        finally:
            self._key_revocations += 1
