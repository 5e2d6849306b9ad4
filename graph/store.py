"""The store seam: the one interface the GraphQL layer and the seeder use, whatever the backend.

Callers see plain Python values only: nodes are dicts holding every property of their label
(None when unset), dates are ISO strings, lists are lists. No driver, Cypher text or dialect
crosses this line.
"""

from __future__ import annotations

import asyncio
from abc import ABC, abstractmethod
from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import asynccontextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from graph.aggregates import Aggregate
from graph.analytics import (
    ChainLink, ConnectionPath, Connector, Coverage, CoverageSummary, Network, ResourceAccess, Talent, UnitSharing,
)
from graph.batch import GraphBatch
from graph.bookkeeping import ApiKeyRecord, AuditEntry
from graph.model import RelDef
from graph.planning import Plan, WhatIf
from graph.suggestions import GapCloser, PartnerSuggestion
from graph.values import Neighbour, Node

Progress = Callable[[int], None]  # called with the number of rows just written


__all__ = ["Dependent", "GraphStore", "Neighbour", "Node", "Progress", "StoreError", "StoreExhausted"]


@dataclass(frozen=True)
class Dependent:
    """A relationship at a node, seen from it: what deleting the node would cut."""

    rel: str
    direction: str  # "out" | "in"
    label: str
    id: str


class StoreError(Exception):
    """The store could not be reached or refused an operation; the message is safe to show."""


class StoreExhausted(StoreError):
    """One query needed more of a bounded resource than the store was given; the store itself is
    fine and the next query runs. `limit` names the resource (`bufferPool`), `size_mb` what it was."""

    def __init__(self, message: str, limit: str, size_mb: int) -> None:
        super().__init__(message)
        self.limit = limit
        self.size_mb = size_mb


class GraphStore(ABC):
    """Async access to the party-building graph.

    `round_trips` counts every call that reaches the database, so tests can prove that nested
    GraphQL fields are batched.
    """

    backend: str = ""

    def __init__(self) -> None:
        self.round_trips = 0
        self._write_lock = asyncio.Lock()
        self._holds_writer: ContextVar[bool] = ContextVar(f"holds_writer_{id(self)}", default=False)

    @abstractmethod
    async def open(self) -> None:
        """Connect and create the schema if missing (idempotent)."""

    @abstractmethod
    async def close(self) -> None: ...

    @abstractmethod
    async def ping(self) -> bool:
        """Whether the store answers a trivial query now."""

    @abstractmethod
    async def nodes_by_id(self, label: str, ids: Sequence[str]) -> dict[str, Node]:
        """The nodes of `label` among `ids` (unknown ids are absent), in one round trip."""

    @abstractmethod
    async def list_nodes(
        self, label: str, filters: dict[str, Any], first: int, after: str | None
    ) -> list[Node]:
        """Up to `first` nodes matching `filters` (keys of graph.filters.LIST_FILTERS[label]),
        ordered by id, with id greater than `after` when given."""

    @abstractmethod
    async def count_nodes(self, label: str, filters: dict[str, Any]) -> int: ...

    @abstractmethod
    async def aggregate_nodes(self, label: str, filters: dict[str, Any]) -> Aggregate:
        """The nodes matching `filters` counted per value of the label's grouped properties
        (graph.aggregates.AGGREGATE_GROUPS), counted by the store in one round trip."""

    @abstractmethod
    async def related(self, relation: str, ids: Sequence[str]) -> dict[str, list[Neighbour]]:
        """For a relation of graph.relations.RELATIONS, each id's neighbours ordered by their id.
        Every id of `ids` is a key (an empty list when it has none)."""

    @abstractmethod
    async def counts(self) -> dict[str, int]:
        """Number of nodes per label."""

    @abstractmethod
    async def existing_ids(self, label: str, ids: Sequence[str]) -> set[str]:
        """Which of `ids` are already nodes of `label` (seed references may point into the store)."""

    @abstractmethod
    async def parent_links(self, label: str) -> dict[str, str]:
        """child id -> parent id of the label's hierarchy (graph.model.HIERARCHIES), for cycle checks."""

    @abstractmethod
    async def load(self, batch: GraphBatch, replace: bool = False, progress: Progress | None = None) -> None:
        """Upsert a validated batch by id (SPEC §3); `replace` empties the store first."""

    # The analytic questions of SPEC §4 (graph/analytics.py). Unknown ids raise UnknownId, arguments
    # out of bounds raise InvalidArgument; answers hold ids, resolved by the caller's lookups.

    @abstractmethod
    async def accessible_resources(self, unit_id: str, kind: str | None = None) -> list[ResourceAccess]: ...

    @abstractmethod
    async def unit_sharing(self, unit_id: str) -> UnitSharing: ...

    @abstractmethod
    async def coverage(self, area_id: str, domain: str | None = None) -> Coverage: ...

    @abstractmethod
    async def coverage_gaps(
        self, within_area_id: str | None, domain: str | None = None, remote_only: bool = False, kind: str | None = None,
        first: int | None = None,
    ) -> list[str]:
        """The first `first` gaps by id (all when None)."""

    @abstractmethod
    async def coverage_summary(self, within_area_id: str | None, domain: str | None = None) -> CoverageSummary: ...

    @abstractmethod
    async def connection_path(self, from_unit_id: str, to_unit_id: str, max_hops: int = 6) -> ConnectionPath | None: ...

    @abstractmethod
    async def isolated_units(self, kind: str | None = None, first: int | None = None) -> list[str]: ...

    @abstractmethod
    async def top_connectors(self, first: int = 10) -> list[Connector]: ...

    @abstractmethod
    async def alliance_network(
        self, unit_id: str | None, alliance_ids: Sequence[str] | None, depth: int = 1, limit: int = 2000
    ) -> Network: ...

    @abstractmethod
    async def talent_search(self, unit_id: str, skill: str, max_hops: int = 1) -> list[Talent]: ...

    @abstractmethod
    async def responsibility_chain(self, organization_id: str) -> list[ChainLink]: ...

    @abstractmethod
    async def what_if(self, plan: Plan, area_id: str | None = None, domain: str | None = None) -> WhatIf:
        """What sharing, delivery, partners and coverage (of the areas strictly within `area_id`,
        in `domain`) would become after `plan`, writing nothing (graph/planning.py)."""

    @abstractmethod
    async def gap_closers(self, within_area_id: str | None, domain: str | None = None, remote_only: bool = False,
                          first: int = 10) -> list[GapCloser]:
        """Services to extend to uncovered areas, picked greedily by the gaps each closes (graph/suggestions.py)."""

    @abstractmethod
    async def partner_suggestions(self, unit_id: str, first: int = 10) -> list[PartnerSuggestion]:
        """Units not yet partners of `unit_id`, by what an alliance would add on both sides."""

    # Edits, the audit log and API keys (issue 4).

    @asynccontextmanager
    async def writing(self) -> AsyncIterator[None]:
        """Exclusive write access in this process while a change is checked and written, so a
        check (does the id exist? would it make a cycle?) still holds when the write lands.

        Re-entrant within one task, so a seed load or a change can hold it across its statements.
        LadybugDB needs it (it refuses a second writer rather than queueing it); on Neo4j it keeps
        one API process's changes and their audit entries in order, and uniqueness constraints
        guard across processes.
        """
        if self._holds_writer.get():
            yield
            return
        async with self._write_lock:
            token = self._holds_writer.set(True)
            try:
                yield
            finally:
                self._holds_writer.reset(token)

    @asynccontextmanager
    async def change(self) -> AsyncIterator[None]:
        """One change made by several statements: exclusive (see `writing`) and atomic with its
        audit entry (each backend makes it one transaction). Its reads must come before its writes."""
        async with self.writing():
            yield

    @abstractmethod
    async def ancestor_links(self, label: str, id_: str) -> dict[str, str]:
        """child id -> parent id along the chain from `id_` up to its root."""

    @abstractmethod
    async def dependents(self, label: str, id_: str) -> list[Dependent]: ...

    @abstractmethod
    async def delete_node(self, label: str, id_: str) -> None: ...

    @abstractmethod
    async def unlink(self, rel: RelDef, source: str, target: str) -> None:
        """Remove one link-file relationship (JOINS, HOLDS, SHARED_VIA, COVERS) between two nodes."""

    @abstractmethod
    async def append_audit(self, actor: str, role: str, operation: str, ids: list[str], before: Any,
                           after: Any) -> AuditEntry: ...

    @abstractmethod
    async def audit_page(self, first: int, before: str | None) -> list[AuditEntry]:
        """Newest first; `before` is the id of the last entry of the previous page."""

    @abstractmethod
    async def audit_count(self) -> int: ...

    @abstractmethod
    async def create_key(self, key_id: str, name: str, role: str, key_hash: str) -> ApiKeyRecord: ...

    @abstractmethod
    async def get_key(self, key_id: str) -> ApiKeyRecord | None: ...

    @abstractmethod
    async def list_keys(self) -> list[ApiKeyRecord]: ...

    @abstractmethod
    async def revoke_key(self, key_id: str) -> bool: ...
