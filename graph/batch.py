"""A validated, store-ready set of nodes and relationships: what seeding hands to a store.

Columnar all the way (Arrow tables), never a dict per row: a province's seed is millions of rows,
and LadybugDB's COPY reads an Arrow table as it is.

- `GraphBatch.nodes[label]`: a `pa.Table` with one column per property of the label, in the order
  of `NODE_PROPERTIES[label]`, typed as `ARROW_TYPES` (null when blank; lists may be empty).
- `EdgeRows.rows`: a `pa.Table` with `source` and `target` (string ids) and then the relationship's
  properties, in the order of `edge_columns(rel)`.
- `EdgeRows.owner_ids`: a string `pa.Array` of the owner nodes that were (re-)seeded.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

import pyarrow as pa

from graph.model import NODE_PROPERTIES, REL_PROPERTY_TYPES, PropType, RelDef

ARROW_TYPES = {
    PropType.STRING: pa.string(),
    PropType.DATE: pa.string(),
    PropType.INT: pa.int64(),
    PropType.BOOL: pa.bool_(),
    PropType.STRING_LIST: pa.list_(pa.string()),
}
EDGE_ENDS = {"source": PropType.STRING, "target": PropType.STRING}


def edge_columns(rel: RelDef) -> dict[str, PropType]:
    """The columns of a relationship row, in bulk-load order (ends first, as COPY maps by position)."""
    return EDGE_ENDS | {p: REL_PROPERTY_TYPES[p] for p in rel.properties}


def arrow_schema(columns: dict[str, PropType]) -> pa.Schema:
    return pa.schema([(name, ARROW_TYPES[t]) for name, t in columns.items()])


def node_table(label: str, columns: dict[str, pa.Array]) -> pa.Table:
    schema = arrow_schema(NODE_PROPERTIES[label])
    return pa.table([columns[f.name].cast(f.type) for f in schema], schema=schema)


def rows_table(rows: list[dict[str, Any]], columns: dict[str, PropType]) -> pa.Table:
    """A few rows given as dicts (tests, single changes) as the batch's table."""
    return pa.Table.from_pylist([{c: row.get(c) for c in columns} for row in rows], schema=arrow_schema(columns))


@dataclass
class EdgeRows:
    """Relationships of one `RelDef` (see the module docstring for the shape of `rows`).

    `owner` says how an upsert treats existing relationships. A relationship that is a column of a
    node row (a unit's `area_id`) is owned by that node: every existing relationship of this type
    at the nodes in `owner_ids` is replaced, so changing or blanking the column moves or removes
    it. A relationship from a link file (`alliance_members.csv`) has no owner: it is keyed by its
    two ends and updated in place.
    """

    rel: RelDef
    rows: pa.Table
    owner: Literal["source", "target"] | None = None
    owner_ids: pa.Array = field(default_factory=lambda: pa.array([], pa.string()))

    def column(self, name: str) -> list[Any]:
        """One column of the rows (`source`, `target` or an edge property)."""
        return self.rows.column(name).to_pylist()


@dataclass
class GraphBatch:
    """Nodes per label and relationships per RelDef (see the module docstring)."""

    nodes: dict[str, pa.Table] = field(default_factory=dict)
    edges: list[EdgeRows] = field(default_factory=list)

    def node_ids(self, label: str) -> list[str]:
        table = self.nodes.get(label)
        return [] if table is None else table.column("id").to_pylist()

    def labels(self) -> list[str]:
        """The labels whose nodes or relationships the batch writes (both ends of a relationship)."""
        found = [label for label, table in self.nodes.items() if table.num_rows]
        for edges in self.edges:
            if edges.rows.num_rows:
                found += [edges.rel.source, edges.rel.target]
        return list(dict.fromkeys(found))

    def size(self) -> int:
        return sum(t.num_rows for t in self.nodes.values()) + sum(e.rows.num_rows for e in self.edges)
