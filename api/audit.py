"""The audit log as GraphQL: admins page through every change, newest first."""

from __future__ import annotations

import strawberry
from strawberry.scalars import JSON

from api.access import require
from api.cursors import decode_cursor, encode_cursor
from api.pagination import DEFAULT_FIRST, Edge, PageInfo, check_first
from api.types import Ctx
from graph.bookkeeping import AuditEntry

AUDIT_ROLE = "admin"


@strawberry.type(description="One change: who made it, when, and the values before and after (CSV row form)")
class AuditRecord:
    id: strawberry.ID
    at: str = strawberry.field(description="UTC, ISO 8601")
    actor: str = strawberry.field(description="key:<key id>:<key name>, or anonymous")
    role: str
    operation: str = strawberry.field(description="the mutation, e.g. createUnit, joinAlliance; seed for a CSV load")
    ids: list[strawberry.ID]
    before: JSON | None
    after: JSON | None

    @classmethod
    def of(cls, entry: AuditEntry) -> AuditRecord:
        return cls(id=strawberry.ID(entry.id), at=entry.at, actor=entry.actor, role=entry.role,
                   operation=entry.operation, ids=[strawberry.ID(i) for i in entry.ids], before=entry.before,
                   after=entry.after)


@strawberry.type
class AuditLog:
    edges: list[Edge[AuditRecord]]
    page_info: PageInfo
    total_count: int


@strawberry.type
class AuditQuery:
    @strawberry.field(description="Every change, newest first (admin role)")
    async def audit_log(self, info: Ctx, first: int = DEFAULT_FIRST, after: str | None = None) -> AuditLog:
        require(info, AUDIT_ROLE, "auditLog")
        check_first(first)
        store = info.context.store
        entries = await store.audit_page(first + 1, decode_cursor(after) if after is not None else None)
        edges = [Edge(cursor=encode_cursor(e.id), node=AuditRecord.of(e)) for e in entries[:first]]
        return AuditLog(
            edges=edges,
            page_info=PageInfo(has_next_page=len(entries) > first, end_cursor=edges[-1].cursor if edges else None),
            total_count=await store.audit_count(),
        )
