"""Facts derived from the graph and stored on its nodes (graph/model.py DERIVED_PROPERTIES).

The analytic questions that would otherwise walk variable-length paths over the whole graph read
them instead: which service domains cover an area (through any area it lies WITHIN) and the root
of its tree, for coverage gaps and summaries; each unit's distinct partners and alliances joined,
for top connectors and isolated units. They are kept exact by every write path, in the same
transaction: `BulkLoader.load` (seeds and the mutations that create or update nodes), `delete_node`
and `unlink` call `refresh_facts` with the part of the graph the write touched.

The rules are computed in one place each: the area facts top-down here (a tree walk), the unit
counts by the `derive_unit_facts*` queries.
"""

from __future__ import annotations

from abc import abstractmethod
from dataclasses import dataclass, field
from typing import Any

from graph.batch import GraphBatch
from graph.model import DERIVED_PROPERTIES, PropType

FULL_REFRESH_ROWS = 5_000  # a batch this big (a seed) refreshes every fact instead of a scope
ROWWISE_MAX = 1_000  # fewer fact rows than this are written row by row (see create_*_rows)

Rows = list[dict[str, Any]]


@dataclass
class FactScope:
    """What a write touched: the area subtrees, units and alliances whose facts may have changed."""

    areas: set[str] = field(default_factory=set)  # roots of subtrees to recompute
    services: set[str] = field(default_factory=set)  # the areas they cover, with their subtrees
    units: set[str] = field(default_factory=set)
    alliances: set[str] = field(default_factory=set)  # their members, direct

    def __bool__(self) -> bool:
        return bool(self.areas or self.services or self.units or self.alliances)

    def add(self, other: FactScope) -> None:
        self.areas |= other.areas
        self.services |= other.services
        self.units |= other.units
        self.alliances |= other.alliances


def scope_of_batch(batch: GraphBatch) -> FactScope | None:
    """What loading `batch` touches, or None when it is big enough (a seed) to refresh everything:
    an area may have moved (its subtree), a service may have changed domain or areas, a unit may
    have joined an alliance (its partners and the alliance's members)."""
    if batch.size() >= FULL_REFRESH_ROWS:
        return None
    scope = FactScope(
        areas=set(batch.node_ids("Area")), services=set(batch.node_ids("Service")), units=set(batch.node_ids("Unit")),
    )
    for edges in batch.edges:
        if edges.rel.type == "JOINS":
            scope.units.update(edges.column("source"))
            scope.alliances.update(edges.column("target"))
        elif edges.rel.type == "COVERS":
            scope.areas.update(edges.column("target"))
    return scope


class DerivedFacts:
    """Keeps the derived facts of a Cypher store; mixed into CypherStore."""

    @abstractmethod
    async def write(self, name: str, /, **params: Any) -> Rows: ...

    @abstractmethod
    async def _bulk_param(self, rows: Rows, columns: dict[str, PropType]) -> Any:
        """`rows` as the backend's fastest bulk parameter (an Arrow table for LadybugDB's LOAD FROM)."""

    async def refresh_stale_facts(self) -> None:
        """On open: a store written before the derived facts existed gets them once."""
        rows = await self.write("derived_facts_missing")
        if any(int(row["missing"]) for row in rows):
            await self.refresh_all_facts()

    async def refresh_all_facts(self) -> None:
        await self.write("derive_unit_facts_all")
        rows = await self.write("area_tree_all")
        await self._set_area_facts(_area_facts(rows))

    async def refresh_after_load(self, batch: GraphBatch, replace: bool) -> None:
        scope = None if replace else scope_of_batch(batch)
        if scope is None:
            await self.refresh_all_facts()
        else:
            await self.refresh_facts(scope)

    async def refresh_facts(self, scope: FactScope) -> None:
        """Recompute the facts of what `scope` touched. Runs on the writer (inside the change), so
        it sees the change's own writes."""
        units = set(scope.units)
        if scope.alliances:
            rows = await self.write("alliance_member_ids", ids=sorted(scope.alliances))
            units.update(row["unit"] for row in rows if row["unit"] is not None)
        if units:
            await self.write("derive_unit_facts", ids=sorted(units))
        areas = set(scope.areas)
        if scope.services:
            rows = await self.write("service_area_ids", ids=sorted(scope.services))
            areas.update(row["area"] for row in rows if row["area"] is not None)
        if areas:
            rows = await self.write("area_tree_within", ids=sorted(areas))
            await self._set_area_facts(_area_facts(rows))

    async def _set_area_facts(self, facts: Rows) -> None:
        if not facts:
            return
        if len(facts) < ROWWISE_MAX:
            await self.write("set_area_facts_rows", rows=facts)
        else:
            columns = {"id": PropType.STRING} | DERIVED_PROPERTIES["Area"]
            await self.write("set_area_facts", rows=await self._bulk_param(facts, columns))


def _area_facts(rows: Rows) -> Rows:
    """Each area's facts from its tree rows, top-down: covered = its own services' domains plus its
    parent's; root = its parent's root, or itself. A row's parent outside the rows brings its stored
    facts (`parentCovered`, `parentRoot`), which are exact because it was not touched. Only the
    areas whose stored facts (`covered`, `root`) differ are returned, to be written."""
    by_id = {row["area"]: row for row in rows}
    facts: dict[str, tuple[tuple[str, ...], str]] = {}
    for start in by_id:
        chain: list[str] = []
        node: str | None = start
        while node is not None and node in by_id and node not in facts and node not in chain:
            chain.append(node)
            node = by_id[node]["parent"]
        for area in reversed(chain):
            row = by_id[area]
            parent = row["parent"]
            if parent is None:
                inherited, root = (), area
            elif parent in facts:
                inherited, root = facts[parent]
            else:
                inherited, root = tuple(row["parentCovered"] or ()), row["parentRoot"] or parent
            own = [d for d in row["domains"] or () if d is not None and d not in inherited]
            facts[area] = (tuple(sorted({*inherited, *own})) if own else inherited, root)
    return [
        {"id": area, "covered": list(covered) or None, "root": root}
        for area, (covered, root) in facts.items()
        if (list(covered) or None) != by_id[area]["covered"] or root != by_id[area]["root"]
    ]
