"""A validated, store-ready set of nodes and relationships: what seeding hands to a store."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from graph.model import RelDef

Row = dict[str, Any]


@dataclass
class EdgeRows:
    """Relationships of one `RelDef`, each row `{"source": id, "target": id, **edge properties}`.

    `owner` says how an upsert treats existing relationships. A relationship that is a column of a
    node row (a unit's `area_id`) is owned by that node: every existing relationship of this type
    at the nodes in `owner_ids` is replaced, so changing or blanking the column moves or removes
    it. A relationship from a link file (`alliance_members.csv`) has no owner: it is keyed by its
    two ends and updated in place.
    """

    rel: RelDef
    rows: list[Row] = field(default_factory=list)
    owner: Literal["source", "target"] | None = None
    owner_ids: list[str] = field(default_factory=list)

    def column(self, name: str) -> list[Any]:
        """One column of the rows (`source`, `target` or an edge property)."""
        return [row[name] for row in self.rows]


@dataclass
class GraphBatch:
    """Nodes per label (each row carries every property of the label, None when blank) and edges."""

    nodes: dict[str, list[Row]] = field(default_factory=dict)
    edges: list[EdgeRows] = field(default_factory=list)

    def node_ids(self, label: str) -> list[str]:
        return [row["id"] for row in self.nodes.get(label, [])]

    def size(self) -> int:
        return sum(len(rows) for rows in self.nodes.values()) + sum(len(e.rows) for e in self.edges)
