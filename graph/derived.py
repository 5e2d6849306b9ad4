"""Facts derived from the graph and stored on its nodes (graph/model.py DERIVED_PROPERTIES).

The analytic questions that would otherwise walk variable-length paths over the whole graph read
them instead: which service domains cover an area (through any area it lies WITHIN) and the root
of its tree, for coverage gaps and summaries; each unit's distinct partners and alliances joined,
for top connectors and isolated units. They are kept exact by every write path, in the same
transaction: `BulkLoader.load` (seeds and the mutations that create or update nodes), `delete_node`
and `unlink` call `refresh_facts` with the part of the graph the write touched.

Each rule is computed in one place (graph/fact_rules.py, on whole columns) from what the store
holds: the area facts top-down along the WITHIN chains, the unit counts from the alliance
memberships. Only facts that differ from the stored ones are written.
"""

from __future__ import annotations

from abc import abstractmethod
from dataclasses import dataclass, field
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from graph.batch import ARROW_TYPES, GraphBatch
from graph.fact_rules import AREA_FACTS, UNIT_FACTS, area_facts, unit_facts
from graph.model import DERIVED_PROPERTIES

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


def facts_of_batch(batch: GraphBatch) -> dict[str, pa.Table]:
    """The facts of a batch loaded into an empty store, where they depend on the batch alone: the
    loader creates the nodes with them (one COPY, no refresh afterwards)."""
    facts: dict[str, pa.Table] = {}
    edges = {edge.rel.type: edge.rows for edge in batch.edges if edge.rel.type in ("WITHIN", "COVERS", "JOINS")}
    areas = batch.nodes.get("Area")
    if areas is not None and areas.num_rows:
        within = edges.get("WITHIN", _schema("source", "target").empty_table())
        covers = edges.get("COVERS", _schema("source", "target").empty_table())
        services = batch.nodes.get("Service", _schema("id", "domain").empty_table())
        domains = pc.take(services.column("domain"), pc.index_in(covers.column("source"), services.column("id")))
        facts["Area"] = area_facts(
            _blank(areas.column("id"), AREA_FACTS),
            pa.table({"child": within.column("source"), "parent": within.column("target")}),
            pa.table({"area": covers.column("target"), "domain": domains}),
        )
    units = batch.nodes.get("Unit")
    if units is not None and units.num_rows:
        joins = edges.get("JOINS", _schema("source", "target").empty_table())
        memberships = pa.table({"unit": joins.column("source"), "alliance": joins.column("target")})
        facts["Unit"] = unit_facts(_blank(units.column("id"), UNIT_FACTS), memberships, memberships)
    return facts


def with_facts(label: str, table: pa.Table, facts: pa.Table | None) -> pa.Table:
    """New nodes' rows with their derived columns (null, to be refreshed, when `facts` is None)."""
    at = pc.index_in(table.column("id"), facts.column("id")) if facts is not None else None
    for name, prop_type in DERIVED_PROPERTIES.get(label, {}).items():
        arrow_type = ARROW_TYPES[prop_type]
        values = pc.take(facts.column(name), at) if at is not None and facts is not None else pa.nulls(
            table.num_rows, arrow_type)
        table = table.append_column(pa.field(name, arrow_type), values.cast(arrow_type))
    return table


def _blank(ids: pa.ChunkedArray | pa.Array, schema: pa.Schema) -> pa.Table:
    """Nodes with no stored facts yet."""
    return pa.table([ids] + [pa.nulls(len(ids), f.type) for f in list(schema)[1:]], schema=schema)


class DerivedFacts:
    """Keeps the derived facts of a Cypher store; mixed into CypherStore."""

    @abstractmethod
    async def write(self, name: str, /, **params: Any) -> Rows: ...

    @abstractmethod
    async def write_table(self, name: str, schema: pa.Schema, /, **params: Any) -> pa.Table:
        """A query run on the writer (it sees the change's own writes), its answer as columns."""

    @abstractmethod
    async def _bulk_param(self, table: pa.Table) -> Any:
        """A table as the backend's bulk parameter (LadybugDB's LOAD FROM reads Arrow as it is)."""

    async def refresh_stale_facts(self) -> None:
        """On open: a store written before the derived facts existed gets them once."""
        rows = await self.write("derived_facts_missing")
        if any(int(row["missing"]) for row in rows):
            await self.refresh_all_facts()

    async def refresh_all_facts(self) -> None:
        joins = await self.write_table("unit_joins_all", _schema("unit", "alliance"))
        units = await self.write_table("unit_facts_all", UNIT_FACTS)
        await self._set_facts("unit", unit_facts(units, joins, joins))
        areas = await self.write_table("area_facts_all", AREA_FACTS)
        parents = await self.write_table("area_parents_all", _schema("child", "parent"))
        covers = await self.write_table("area_covers_all", _schema("area", "domain"))
        await self._set_facts("area", area_facts(areas, parents, covers))

    async def refresh_after_load(self, batch: GraphBatch) -> None:
        """After a load into a store that held nodes already (see facts_of_batch otherwise)."""
        scope = scope_of_batch(batch)
        if scope is None:
            await self.refresh_all_facts()
        else:
            await self.refresh_facts(scope)

    async def refresh_facts(self, scope: FactScope) -> None:
        """Recompute the facts of what `scope` touched (a change: a few rows each)."""
        units = set(scope.units)
        if scope.alliances:
            rows = await self.write("alliance_member_ids", ids=sorted(scope.alliances))
            units.update(row["unit"] for row in rows if row["unit"] is not None)
        if units:
            await self._set_facts("unit", _unit_facts_of(await self.write("unit_joins_within", ids=sorted(units))))
        areas = set(scope.areas)
        if scope.services:
            rows = await self.write("service_area_ids", ids=sorted(scope.services))
            areas.update(row["area"] for row in rows if row["area"] is not None)
        if areas:
            await self._set_facts("area", area_facts_of(await self.write("area_tree_within", ids=sorted(areas))))

    async def _set_facts(self, kind: str, facts: pa.Table) -> None:
        if facts.num_rows == 0:
            return
        if facts.num_rows < ROWWISE_MAX:
            await self.write(f"set_{kind}_facts_rows", rows=facts.to_pylist())
        else:
            await self.write(f"set_{kind}_facts", rows=await self._bulk_param(facts))


def _unit_facts_of(rows: Rows) -> pa.Table:
    """The rules' inputs from `unit_joins_within` rows: each unit, its alliances and their members."""
    units = pa.Table.from_pylist(list({r["unit"]: {"id": r["unit"], "partners": r["partners"], "joined": r["joined"]}
                                       for r in rows}.values()), schema=UNIT_FACTS)
    joins = _pairs({(r["unit"], r["alliance"]) for r in rows if r["alliance"] is not None}, "unit", "alliance")
    members = _pairs({(r["alliance"], r["member"]) for r in rows if r["alliance"] is not None}, "alliance", "unit")
    return unit_facts(units, joins, members)


def area_facts_of(rows: Rows) -> pa.Table:
    """The rules' inputs from `area_tree_within` rows: each area, its parent (with the parent's
    stored facts when it lies outside the rows) and its services' domains."""
    inside = {r["area"] for r in rows}
    areas = pa.Table.from_pylist([{"id": r["area"], "covered": r["covered"], "root": r["root"]} for r in rows],
                                 schema=AREA_FACTS)
    parents = _pairs({(r["area"], r["parent"]) for r in rows if r["parent"] is not None}, "child", "parent")
    covers = _pairs({(r["area"], d) for r in rows for d in r["domains"] or () if d is not None}, "area", "domain")
    outside = pa.Table.from_pylist(list({r["parent"]: {"id": r["parent"], "covered": r["parentCovered"],
                                                       "root": r["parentRoot"]}
                                         for r in rows if r["parent"] is not None and r["parent"] not in inside}.values()),
                                   schema=AREA_FACTS)
    return area_facts(areas, parents, covers, outside)


def _pairs(pairs: set[tuple[str, str]], first: str, second: str) -> pa.Table:
    return pa.Table.from_pylist([{first: a, second: b} for a, b in sorted(pairs)], schema=_schema(first, second))


def _schema(*names: str) -> pa.Schema:
    return pa.schema([(name, pa.string()) for name in names])
