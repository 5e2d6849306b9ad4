"""What both backends share: running named queries and turning their rows into plain values.

A backend supplies `_execute` (one named query, read or write, rows as dicts) and the bulk
write paths; everything that is the same Cypher contract on both stores lives here.
"""

from __future__ import annotations

from abc import abstractmethod
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

import pyarrow as pa

from graph import queries
from graph.aggregates import Aggregate, fold
from graph.analytics import Analytics
from graph.batch import EdgeRows, GraphBatch, arrow_schema, edge_columns
from graph.bookkeeping import Bookkeeping
from graph.derived import DerivedFacts, FactScope
from graph.filters import LIST_FILTERS
from graph.model import HIERARCHIES, LABELS, NODE_PROPERTIES, RELATIONSHIPS, RelDef
from graph.ordering import ID, SORT_KEYS, Order, Position, SortValue, keys_query, ordered_query
from graph.planning import Planning
from graph.relations import RELATIONS
from graph.search import SearchHit, candidates, ranked, search_params
from graph.store import Dependent, GraphStore, Link, Neighbour, Node, StoreError
from graph.suggestions import Suggestions

Rows = list[dict[str, Any]]


class CypherStore(Analytics, Planning, Suggestions, Bookkeeping, DerivedFacts, GraphStore):
    dialect: str = ""

    async def read(self, name: str, /, **params: Any) -> Rows:
        """Run the named read query; counts one round trip."""
        return await self._run(name, params, write=False)

    async def _read_seldom(self, name: str) -> Rows:
        """A read over a whole relationship, run once in a while (the fan-out figures)."""
        return await self.read(name)

    async def write(self, name: str, /, **params: Any) -> Rows:
        return await self._run(name, params, write=True)

    async def _run(self, name: str, params: dict[str, Any], write: bool) -> Rows:
        query = self._checked(name, params)
        self.round_trips += 1
        return await self._execute(query, params, write)

    def _checked(self, name: str, params: dict[str, Any]) -> queries.NamedQuery:
        query = queries.load(self.dialect, name)
        if set(params) != query.params:
            raise StoreError(
                f"query {name} declares parameters {sorted(query.params)} but was given {sorted(params)}"
            )
        return query

    async def write_table(self, name: str, schema: pa.Schema, /, **params: Any) -> pa.Table:
        """Run the named query on the writer (it sees the writes of the change or load in progress);
        its answer as a table of `schema`'s columns, for answers too big to be worth dicts."""
        return await self._table(name, schema, params, write=True)

    async def read_table(self, name: str, schema: pa.Schema, /, **params: Any) -> pa.Table:
        """Run the named read query; its answer as a table of `schema`'s columns, for answers too
        big to be worth dicts (a province's areas)."""
        return await self._table(name, schema, params, write=False)

    async def _table(self, name: str, schema: pa.Schema, params: dict[str, Any], write: bool) -> pa.Table:
        query = self._checked(name, params)
        self.round_trips += 1
        return _shaped(await self._execute_table(query, params, schema, write), schema)

    async def read_graph(self) -> GraphBatch:
        """Every node's seeded properties (ordered by id) and every relationship, all read at one
        moment (`_read_at_once`): the batch that `load(batch, replace=True)` writes back, so an
        export seeds back the same graph. It reads the tables a large seed compares with (`stored_*`)."""
        wanted = [(f"stored_{label.lower()}", arrow_schema(NODE_PROPERTIES[label])) for label in LABELS]
        wanted += [(f"stored_{rel.slug}", arrow_schema(edge_columns(rel))) for rel in RELATIONSHIPS]
        read = await self._read_at_once([(self._checked(name, {}), schema) for name, schema in wanted])
        self.round_trips += len(wanted)
        tables = [_shaped(table, schema) for table, (_, schema) in zip(read, wanted)]
        nodes = {label: table.sort_by("id") for label, table in zip(LABELS, tables)}
        edges = [EdgeRows(rel, table.sort_by([("source", "ascending"), ("target", "ascending")]))
                 for rel, table in zip(RELATIONSHIPS, tables[len(LABELS):])]
        return GraphBatch(nodes, edges)

    @abstractmethod
    async def _read_at_once(self, wanted: list[tuple[queries.NamedQuery, pa.Schema]]) -> list[pa.Table]:
        """Run parameterless read queries so that their answers show the graph of one moment, as
        nearly as the backend can while writes go on; each answer has at least its schema's columns."""

    @abstractmethod
    async def _execute_table(self, query: queries.NamedQuery, params: dict[str, Any], schema: pa.Schema,
                             write: bool) -> pa.Table:
        """Run one query on the writer or a reader; its answer as columns (at least those of `schema`)."""

    @abstractmethod
    async def _execute(self, query: queries.NamedQuery, params: dict[str, Any], write: bool) -> Rows:
        """Run one query in a read or write transaction; rows keyed by column name, nodes as dicts."""

    @staticmethod
    def _node(label: str, value: Any) -> Node:
        """A node as a dict with every property of its label, whatever the driver returned."""
        props = dict(value) if value is not None else {}
        return {key: props.get(key) for key in NODE_PROPERTIES[label]}

    @staticmethod
    def _check_label(label: str) -> None:
        if label not in NODE_PROPERTIES:
            raise StoreError(f"unknown label {label!r}")

    async def ping(self) -> bool:
        try:
            rows = await self.read("ping")
        except Exception:  # noqa: BLE001 - any failure means the store does not answer
            return False
        return bool(rows) and rows[0].get("ok") == 1

    async def nodes_by_id(self, label: str, ids: Sequence[str]) -> dict[str, Node]:
        self._check_label(label)
        if not ids:
            return {}
        rows = await self.read(f"nodes_{label.lower()}", ids=list(dict.fromkeys(ids)))
        return {row["node"]["id"]: self._node(label, row["node"]) for row in rows}

    def _filter_params(self, label: str, filters: dict[str, Any]) -> dict[str, Any]:
        self._check_label(label)
        allowed = {f.key for f in LIST_FILTERS[label]}
        unknown = set(filters) - allowed
        if unknown:
            raise StoreError(f"unknown filter keys for {label}: {sorted(unknown)}")
        return {key: filters.get(key) for key in sorted(allowed)}

    def _filter_shape(self, label: str, filters: dict[str, Any]) -> tuple[str, dict[str, Any]]:
        """The query suffix and its parameters: the shape that tests only the kinds of filter set
        (see list_queries in tools/gen_queries.py)."""
        params = self._filter_params(label, filters)
        related = {f.key for f in LIST_FILTERS[label] if f.test == "rel"}
        if any(params[key] is not None for key in related):
            return "_related", params
        if any(value is not None for value in params.values()):
            return "_filtered", {key: value for key, value in params.items() if key not in related}
        return "", {}

    async def list_nodes(
        self, label: str, filters: dict[str, Any], first: int, after: str | None
    ) -> list[Node]:
        suffix, params = self._filter_shape(label, filters)
        rows = await self.read(f"list_{label.lower()}{suffix}", first=first, after=after, **params)
        return [self._node(label, row["node"]) for row in rows]

    async def ordered_nodes(
        self, label: str, filters: dict[str, Any], order: Order, first: int, after: Position | None
    ) -> list[tuple[Node, SortValue]]:
        suffix, params = self._filter_shape(label, filters)
        if order.field not in SORT_KEYS[label]:
            raise StoreError(f"{label} cannot be sorted by {order.field}")
        if order == Order(ID):
            nodes = await self.list_nodes(label, filters, first, after.id if after else None)
            return [(node, node["id"]) for node in nodes]
        if order.field != ID:
            params["key"] = after.key if after else None
        rows = await self.read(ordered_query(label, order, suffix), first=first, after=after.id if after else None,
                               **params)
        return [(self._node(label, row["node"]), row["key"]) for row in rows]

    async def _sort_keys(self, label: str, field: str, ids: set[str]) -> dict[str, SortValue]:
        if field not in SORT_KEYS[label]:
            raise StoreError(f"{label} cannot be sorted by {field}")
        if field == ID or not ids:
            return {id_: id_ for id_ in ids}
        return {row["id"]: row["key"] for row in await self.read(keys_query(label, field), ids=sorted(ids))}

    async def count_nodes(self, label: str, filters: dict[str, Any]) -> int:
        suffix, params = self._filter_shape(label, filters)
        rows = await self.read(f"count_{label.lower()}{suffix}", **params)
        return int(rows[0]["total"]) if rows else 0

    async def aggregate_nodes(self, label: str, filters: dict[str, Any]) -> Aggregate:
        suffix, params = self._filter_shape(label, filters)
        return fold(label, await self.read(f"aggregate_{label.lower()}{suffix}", **params))

    async def related(self, relation: str, ids: Sequence[str]) -> dict[str, list[Neighbour]]:
        rel = RELATIONS.get(relation)
        if rel is None:
            raise StoreError(f"unknown relation {relation!r}")
        keys = list(dict.fromkeys(ids))
        result: dict[str, list[Neighbour]] = {key: [] for key in keys}
        if not keys:
            return result
        for row in await self.read(rel.query_name, ids=keys):
            edge = {prop: row[prop] for prop in rel.edge_properties}
            result[row["key"]].append(Neighbour(self._node(rel.other, row["node"]), edge))
        return result

    async def read_fan_out(self) -> dict[str, int]:
        fan_out: dict[str, int] = {}
        for rel in RELATIONS.values():
            if rel.single:
                continue
            rows = await self._read_seldom(rel.fan_out_query_name)
            fan_out[rel.name] = int(rows[0]["degree"] or 0) if rows else 0
        return fan_out

    async def search(self, text: str, labels: Sequence[str], first: int) -> list[SearchHit]:
        for label in labels:
            self._check_label(label)
        params = search_params(text, list(dict.fromkeys(labels)), first)
        if params is None:
            return []
        return ranked(candidates(await self.read("search", **params)), first)

    async def related_links(
        self, relation: str, ids: Sequence[str], filters: dict[str, Any], order: Order | None = None
    ) -> dict[str, list[Link]]:
        rel = RELATIONS.get(relation)
        if rel is None or rel.single:
            raise StoreError(f"unknown to-many relation {relation!r}")
        suffix, params = self._filter_shape(rel.other, filters)
        keys = list(dict.fromkeys(ids))
        result: dict[str, list[Link]] = {key: [] for key in keys}
        if not keys:
            return result
        for row in await self.read(f"{rel.links_query}{suffix}", ids=keys, **params):
            result[row["key"]].append(Link(row["id"], {prop: row[prop] for prop in rel.edge_properties}))
        if order is None:
            for links in result.values():  # sorted where the API compares cursors, so both use one order
                links.sort(key=lambda link: link.id)
            return result
        keys = await self._sort_keys(rel.other, order.field, {link.id for links in result.values() for link in links})
        return {parent: sorted((replace(link, key=keys[link.id]) for link in links if link.id in keys),
                               key=lambda link: (link.key, link.id), reverse=order.descending)
                for parent, links in result.items()}

    async def counts(self) -> dict[str, int]:
        rows = await self.read("count_by_label")
        found = {row["label"]: int(row["total"]) for row in rows}
        return {label: found.get(label, 0) for label in LABELS}

    async def existing_ids(self, label: str, ids: Sequence[str]) -> set[str]:
        self._check_label(label)
        if not ids:
            return set()
        rows = await self.read(f"existing_{label.lower()}", ids=list(dict.fromkeys(ids)))
        return {row["id"] for row in rows}

    async def parent_links(self, label: str) -> dict[str, str]:
        if label not in HIERARCHIES:
            raise StoreError(f"{label} has no parent chain")
        rows = await self.read(f"parents_{label.lower()}")
        return {row["child"]: row["parent"] for row in rows}

    async def ancestor_links(self, label: str, id_: str) -> dict[str, str]:
        """Walked one parent lookup per level: LadybugDB answers a variable-length walk up a
        100k-unit province's area tree in 1-2 s, a key lookup in a millisecond. A chain that loops
        (a broken store) ends where it comes back."""
        if label not in HIERARCHIES:
            raise StoreError(f"{label} has no parent chain")
        links: dict[str, str] = {}
        at = [id_]
        while at:
            found = await self.related(f"{label}.parent", at)
            at = []
            for child, parents in found.items():
                for parent in parents:
                    links[child] = parent.node["id"]
                    if parent.node["id"] not in links and parent.node["id"] != id_:
                        at.append(parent.node["id"])
        return links

    async def dependents(self, label: str, id_: str) -> list[Dependent]:
        self._check_label(label)
        rows = await self.read(f"dependents_{label.lower()}", id=id_)
        found = {Dependent(r["rel"], r["direction"], r["label"], r["id"]) for r in rows}
        return sorted(found, key=lambda d: (d.rel, d.direction, d.label, d.id))

    async def delete_node(self, label: str, id_: str) -> None:
        self._check_label(label)
        async with self.writing():
            scope = await self._scope_of_delete(label, id_)
            await self.write(f"delete_{label.lower()}", id=id_)
            await self.refresh_facts(scope)

    async def _scope_of_delete(self, label: str, id_: str) -> FactScope:
        """What a delete moves, read before it: an area's children become roots, a unit's or an
        alliance's partners lose partners, a service's areas may lose coverage."""
        neighbours = {"Area": "Area.children", "Unit": "Unit.alliances", "Alliance": "Alliance.members",
                      "Service": "Service.areas"}
        if label not in neighbours:
            return FactScope()
        ids = sorted({n.node["id"] for n in (await self.related(neighbours[label], [id_]))[id_]})
        return {"Area": FactScope(areas=set(ids)), "Unit": FactScope(alliances=set(ids)),
                "Alliance": FactScope(units=set(ids)), "Service": FactScope(areas=set(ids))}[label]

    async def unlink(self, rel: RelDef, source: str, target: str) -> None:
        if rel.owner is not None:
            raise StoreError(f"{rel.type} belongs to its {rel.owner} node: change that node instead")
        async with self.writing():
            await self.write(f"unpair_{rel.slug}", rows=[{"source": source, "target": target}])
            if rel.type == "JOINS":
                await self.refresh_facts(FactScope(units={source}, alliances={target}))
            elif rel.type == "COVERS":
                await self.refresh_facts(FactScope(areas={target}))


def _shaped(table: pa.Table, schema: pa.Schema) -> pa.Table:
    """`schema`'s columns of a query's answer, cast to its types (the drivers' own may differ)."""
    if table.num_rows == 0:
        return schema.empty_table()
    return pa.table([table[f.name].cast(f.type) for f in schema], schema=schema)
