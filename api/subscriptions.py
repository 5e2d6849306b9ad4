"""Live updates: `graphChanged` tells editors and admins of each change as it commits, over a
WebSocket speaking graphql-transport-ws (the protocol of the graphql-ws, Apollo and Strawberry
clients) at /graphql.

The events come from the store's change feed (graph/changefeed.py), which the place writing the
audit entry feeds after the commit: a refused or rolled-back change never arrives.
"""

from __future__ import annotations

from collections.abc import AsyncGenerator

import strawberry

from api.access import require
from api.enums import EntityType
from api.errors import ResourceExhausted
from api.types import Ctx
from graph.changefeed import FellBehind, GraphChange
from locales import tr

LIVE_ROLE = "editor"

@strawberry.type(name="GraphChange", description="A change that has just committed, as the audit log records it "
                                                 "(auditLog has the values before and after, for admins)")
class GraphChangeEvent:
    operation: str = strawberry.field(description="the mutation, e.g. createUnit, joinAlliance; seed for a "
                                                  "seedCsv load (one event per load)")
    types: list[EntityType] = strawberry.field(description="the types it is about: the node's type, both ends of "
                                                           "a relationship, every type a seed wrote")
    ids: list[strawberry.ID] = strawberry.field(description="the node's id, or the two ends' ids; empty for a seed")
    actor: str = strawberry.field(description="key:<key id>:<key name>, or anonymous")
    role: str
    at: str = strawberry.field(description="UTC, ISO 8601")
    audit_id: strawberry.ID = strawberry.field(description="the id of its AuditRecord")

    @classmethod
    def of(cls, change: GraphChange) -> GraphChangeEvent:
        return cls(operation=change.operation, types=[EntityType(label) for label in change.labels],
                   ids=[strawberry.ID(i) for i in change.ids], actor=change.actor, role=change.role, at=change.at,
                   audit_id=strawberry.ID(change.audit_id))


@strawberry.type
class Subscription:
    @strawberry.subscription(description="Each change of the graph as it commits (editor role), in commit order; "
                                          "with types, only the changes about one of them")
    async def graph_changed(self, info: Ctx, types: list[EntityType] | None = None
                            ) -> AsyncGenerator[GraphChangeEvent, None]:
        require(info, LIVE_ROLE, "graphChanged")
        wanted = None if types is None else {member.value for member in types}
        async with info.context.store.changes.listen() as changes:
            try:
                async for change in changes:
                    if wanted is None or wanted.intersection(change.labels):
                        yield GraphChangeEvent.of(change)
            except FellBehind as behind:
                raise ResourceExhausted(tr("graphChanged fell behind ({behind}) and stopped: subscribe again and "
                                           "reload what is shown", behind=behind)) from None
