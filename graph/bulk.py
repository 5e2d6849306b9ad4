"""Seeding a validated batch, the same way on both stores (SPEC §3: upsert by id, no duplicates).

New nodes and every relationship go through the backend's bulk-create path (LadybugDB's COPY,
Neo4j's batched UNWIND); existing nodes are updated in batches. Before relationships are
re-created, the ones they replace are removed: an owner node's relationships of the type, or the
same pair from a link file. Only nodes that existed before the load can have such relationships,
so a load into an empty store deletes nothing.
"""

from __future__ import annotations

from abc import abstractmethod
from typing import Any

from graph.batch import EdgeRows, GraphBatch
from graph.cypher_store import CypherStore
from graph.model import NODE_PROPERTIES, REL_PROPERTY_TYPES, PropType, RelDef
from graph.store import Progress

EDGE_ENDS = {"source": PropType.STRING, "target": PropType.STRING}


def edge_columns(rel: RelDef) -> dict[str, PropType]:
    """The columns of a relationship row, in bulk-load order (ends first, as COPY maps by position)."""
    return EDGE_ENDS | {p: REL_PROPERTY_TYPES[p] for p in rel.properties}


class BulkLoader(CypherStore):
    batch_size = 5_000

    @abstractmethod
    async def _bulk_create(self, name: str, rows: list[dict[str, Any]], columns: dict[str, PropType]) -> None:
        """Create rows known to be new, through the backend's fastest path."""

    async def _bulk_write(self, name: str, rows: list[Any], key: str) -> None:
        """Run a write query over `rows` (passed as parameter `key`) in batches of `batch_size`."""
        for start in range(0, len(rows), self.batch_size):
            await self.write(name, **{key: rows[start : start + self.batch_size]})

    async def load(self, batch: GraphBatch, replace: bool = False, progress: Progress | None = None) -> None:
        report = progress or (lambda _n: None)
        async with self.writing():
            if replace:
                await self.write("clear_all")
            created: dict[str, set[str]] = {}
            for label, rows in batch.nodes.items():
                created[label] = await self._load_nodes(label, rows, replace)
                report(len(rows))
            for edges in batch.edges:
                await self._load_edges(edges, created, replace)
                report(len(edges.rows))
            await self.refresh_after_load(batch, replace)

    async def _load_nodes(self, label: str, rows: list[dict[str, Any]], replace: bool) -> set[str]:
        if not rows:
            return set()
        existing = set() if replace else await self.existing_ids(label, [row["id"] for row in rows])
        new = [row for row in rows if row["id"] not in existing]
        old = [row for row in rows if row["id"] in existing]
        low = label.lower()
        if new:
            await self._bulk_create(f"create_{low}", new, NODE_PROPERTIES[label])
        if old:
            await self._bulk_write(f"update_{low}", old, "rows")
        return {row["id"] for row in new}

    async def _load_edges(self, edges: EdgeRows, created: dict[str, set[str]], replace: bool) -> None:
        rel = edges.rel
        if not replace:
            if rel.owner is not None:
                owner_label = rel.source if rel.owner == "source" else rel.target
                fresh = created.get(owner_label, set())
                stale = [i for i in edges.owner_ids if i not in fresh]
                if stale:
                    await self._bulk_write(f"unlink_{rel.slug}", stale, "ids")
            else:
                new_sources, new_targets = created.get(rel.source, set()), created.get(rel.target, set())
                pairs = [
                    {"source": r["source"], "target": r["target"]}
                    for r in edges.rows
                    if r["source"] not in new_sources and r["target"] not in new_targets
                ]
                if pairs:
                    await self._bulk_write(f"unpair_{rel.slug}", pairs, "rows")
        if edges.rows:
            await self._bulk_create(f"link_{rel.slug}", edges.rows, edge_columns(rel))
