"""The store seam: the one interface the GraphQL layer and the seeder use, whatever the backend.

Callers see plain Python values only: nodes are dicts holding every property of their label
(None when unset), dates are ISO strings, lists are lists. No driver, Cypher text or dialect
crosses this line.
"""

from __future__ import annotations

import asyncio
import logging
from abc import ABC, abstractmethod
from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import asynccontextmanager, suppress
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from graph.aggregates import Aggregate
from graph.analytics import (
    ChainLink, ConnectionPath, Connector, Coverage, CoverageSummary, Network, ResourceAccess, Talent, UnitSharing,
)
from graph.batch import GraphBatch
from graph.bookkeeping import ApiKeyRecord, AuditEntry
from graph.changefeed import ChangeFeed, GraphChange
from graph.model import RelDef
from graph.ordering import Order, Position, SortValue
from graph.planning import Plan, WhatIf
from graph.relations import RELATIONS
from graph.search import SearchHit
from graph.suggestions import GapCloser, PartnerSuggestion
from graph.values import Link, Neighbour, Node

Progress = Callable[[int], None]  # called with the number of rows just written


__all__ = ["Dependent", "GraphStore", "Link", "Neighbour", "Node", "Progress", "StoreError", "StoreExhausted"]


@dataclass(frozen=True)
class Dependent:
    """A relationship at a node, seen from it: what deleting the node would cut."""

    rel: str
    direction: str  # "out" | "in"
    label: str
    id: str


log = logging.getLogger("lianjian.store")


class StoreError(Exception):
    """The store could not be reached or refused an operation; the message is safe to show."""


class StoreLocked(StoreError):
    """Another process (a running server, another command) holds the embedded store's file lock."""


class StoreExhausted(StoreError):
    """One query needed more of a bounded resource than the store was given; the store itself is
    fine and the next query runs. `limit` names the resource (`bufferPool`), `size_mb` what it was."""

    def __init__(self, message: str, limit: str, size_mb: int) -> None:
        super().__init__(message)
        self.limit = limit
        self.size_mb = size_mb


def _with_connections(fan_out: dict[str, int]) -> dict[str, int]:
    connections = {f"{name}Connection": degree for name, degree in fan_out.items()
                   if name in RELATIONS and not RELATIONS[name].single}
    return {**fan_out, **connections}


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
        self.changes = ChangeFeed()
        # The changes made inside the current `change()`, announced once it commits.
        self._uncommitted: ContextVar[list[GraphChange] | None] = ContextVar(f"uncommitted_{id(self)}", default=None)
        self._fan_out: dict[str, int] | None = None  # None: not read, or a seed may have widened any relation
        self._writes = 0  # writes finished
        self._fan_out_writes = 0  # the writes finished when the fan-out figures were read
        self._fan_out_lock = asyncio.Lock()
        self._fan_out_refresh: asyncio.Task[None] | None = None

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
    async def ordered_nodes(
        self, label: str, filters: dict[str, Any], order: Order, first: int, after: Position | None
    ) -> list[tuple[Node, SortValue]]:
        """Up to `first` nodes matching `filters` in `order` (graph.ordering.SORT_KEYS[label]),
        beyond `after` when given, each with its sort key (what a cursor holds)."""

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

    async def fan_out(self) -> dict[str, int]:
        """For each to-many relation of graph.relations.RELATIONS, the most neighbours one node has
        through it: what the cost estimate of a query multiplies by, so that it never counts fewer
        fields than resolve. A relation's connection (`Organization.membersConnection`) has the
        same fan-out, which its `first` may lower.

        Reading the figures scans every relationship (≈0.8 s at 100k units), too slow to wait for
        after every change: the first caller and the first after a seed (which can widen any
        relation) wait for them, while after a change of this process the figures stand and are
        read again in the background, so they lag that change (a few neighbours at most) by the
        time of one read. A change of another server on a shared Neo4j is seen after this one's next.
        """
        if self._fan_out is None:
            async with self._fan_out_lock:
                if self._fan_out is None:
                    writes = self._writes
                    self._fan_out = _with_connections(await self.read_fan_out())
                    self._fan_out_writes = writes
            return self._fan_out
        if self._fan_out_writes != self._writes and (self._fan_out_refresh is None or self._fan_out_refresh.done()):
            self._fan_out_refresh = asyncio.create_task(self._refresh_fan_out())
        return self._fan_out

    async def _refresh_fan_out(self) -> None:
        async with self._fan_out_lock:
            writes = self._writes
            try:
                fan_out = _with_connections(await self.read_fan_out())
            except StoreError as exc:  # the figures in hand stand; the next caller after a write tries again
                log.warning("the fan-out of the cost estimate could not be read again: %s", exc)
                return
            if self._fan_out is not None:
                self._fan_out = fan_out
                self._fan_out_writes = writes

    async def _stop_fan_out_refresh(self) -> None:
        """Before the store closes: a refresh under way is cancelled (it would read a closed store)."""
        refresh, self._fan_out_refresh = self._fan_out_refresh, None
        if refresh is not None and not refresh.done():
            refresh.cancel()
            with suppress(asyncio.CancelledError):
                await refresh

    def _forget_fan_out(self) -> None:
        """After a seed: the next caller waits for figures read afresh."""
        self._fan_out = None

    @abstractmethod
    async def read_fan_out(self) -> dict[str, int]:
        """What `fan_out` answers, read from the graph now."""

    @abstractmethod
    async def search(self, text: str, labels: Sequence[str], first: int) -> list[SearchHit]:
        """The best `first` nodes of `labels` whose name or its pinyin keys match `text`,
        ranked as graph/search.py says."""

    @abstractmethod
    async def related_links(
        self, relation: str, ids: Sequence[str], filters: dict[str, Any], order: Order | None = None
    ) -> dict[str, list[Link]]:
        """For a to-many relation, each id's neighbours that match `filters` (keys of
        graph.filters.LIST_FILTERS of the neighbours' label), as ids with the edge's properties,
        ordered by id, or in `order` with each link's sort key. Every id of `ids` is a key."""

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
    async def read_graph(self) -> GraphBatch:
        """The whole seeded graph as a batch (nodes ordered by id, relationships by their ends),
        read as of one moment while writes go on: what `load(batch, replace=True)` writes back."""

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
                self._writes += 1
                self._holds_writer.reset(token)

    @asynccontextmanager
    async def change(self) -> AsyncIterator[None]:
        """One change made by several statements: exclusive (see `writing`) and atomic with its
        audit entry (each backend makes it one transaction). Its reads must come before its writes.
        What it announces (`announce`) reaches the change feed after the commit, never before or
        on a rollback."""
        async with self.writing():
            uncommitted: list[GraphChange] = []
            token = self._uncommitted.set(uncommitted)
            try:
                async with self.transaction():
                    yield
            finally:
                self._uncommitted.reset(token)
            for change in uncommitted:
                self.changes.publish(change)

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[None]:
        """The backend's transaction around a `change()`: committed when the block ends, rolled
        back when it raises."""
        yield

    def announce(self, change: GraphChange) -> None:
        """Tells the change feed about a change whose audit entry was just written: when the
        enclosing `change()` commits, or now when there is none (the write has committed)."""
        uncommitted = self._uncommitted.get()
        if uncommitted is None:
            self.changes.publish(change)
        else:
            uncommitted.append(change)

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
                           after: Any, labels: Sequence[str] = ()) -> AuditEntry:
        """Records a change; one about the graph (`labels`, the node labels it is about) is
        announced too."""

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
