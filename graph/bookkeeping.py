"""The audit log and API keys, kept in the same store as the graph so every server of a
deployment (a Neo4j cluster behind several API servers) sees the same ones."""

from __future__ import annotations

import json
import secrets
import time
from abc import abstractmethod
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

from graph.changefeed import GraphChange


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

    async def get_key(self, key_id: str) -> ApiKeyRecord | None:
        rows = await self.read("key_get", id=key_id)
        return ApiKeyRecord(**rows[0]) if rows else None

    async def list_keys(self) -> list[ApiKeyRecord]:
        return [ApiKeyRecord(**r) for r in await self.read("keys_list")]

    async def revoke_key(self, key_id: str) -> bool:
        return bool(await self.write("key_revoke", id=key_id))
