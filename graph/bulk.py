"""Seeding a validated batch, the same way on both stores (SPEC §3: upsert by id, no duplicates).

New nodes and relationships go through the backend's bulk-create path (LadybugDB's COPY from the
batch's Arrow table, Neo4j's batched UNWIND). What a load replaces is removed first: an owner
node's relationships of the type, or the same pair from a link file.

Two ways to find what exists, by size. A small batch (a single change) looks its keys up. A large
one (a seed) reads each table it touches once (`stored_*`) and compares whole rows in Arrow: only
rows that are new or differ are written, and only relationships that went away are deleted, so a
re-seed costs one read per table plus its changes, linear in the rows, never a statement per batch
whose cost grows with the graph. On LadybugDB that also keeps the number of COPY statements (each
holds buffer pool until close) at one per table.
"""

from __future__ import annotations

from abc import abstractmethod
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from graph.batch import EdgeRows, GraphBatch
from graph.cypher_store import CypherStore
from graph.derived import ROWWISE_MAX, facts_of_batch, with_facts
from graph.model import LABELS
from graph.namekeys import with_name_keys
from graph.store import Progress
from graph.tablediff import among, keep, missing_from

BULK_ROWS = 5_000  # a table this big is compared against the store's (one read) instead of looked up
UNKEYED = pa.schema([("id", pa.string()), ("name", pa.string())])
ENDS = ["source", "target"]


class BulkLoader(CypherStore):
    batch_size = 5_000

    @abstractmethod
    async def _bulk_create(self, name: str, rows: pa.Table) -> None:
        """Create rows known to be new, through the backend's fastest path."""

    async def _bulk_write(self, name: str, rows: pa.Table | pa.Array | pa.ChunkedArray, key: str) -> None:
        """Run a write query over `rows` (passed as parameter `key`) in batches of `batch_size`."""
        for start in range(0, len(rows), self.batch_size):
            await self.write(name, **{key: rows.slice(start, self.batch_size).to_pylist()})

    async def load(self, batch: GraphBatch, replace: bool = False, progress: Progress | None = None) -> None:
        report = progress or (lambda _n: None)
        async with self.writing():
            self._forget_fan_out()
            if replace:
                await self.write("clear_all")
            fresh = replace or not any((await self.counts()).values())
            facts = facts_of_batch(batch) if fresh else {}
            created: dict[str, Any] = {}
            for label, table in batch.nodes.items():
                created[label] = await self._load_nodes(label, table, fresh, facts.get(label))
                report(table.num_rows)
            for edges in batch.edges:
                await self._load_edges(edges, created, fresh)
                report(edges.rows.num_rows)
            if not fresh:
                await self.refresh_after_load(batch)

    async def refresh_stale_name_keys(self) -> None:
        """On open: nodes written before one of their name keys existed (`name_sort` came after
        the search keys) get all of them once, so no list sorts a name it has no key for."""
        for label in LABELS:
            low = label.lower()
            stale = await self.write_table(f"unkeyed_names_{low}", UNKEYED)
            if stale.num_rows >= ROWWISE_MAX:  # one statement from the table (LadybugDB's LOAD FROM)
                await self.write(f"set_name_keys_{low}", rows=await self._bulk_param(with_name_keys(stale)))
            elif stale.num_rows:
                await self._bulk_write(f"set_name_keys_{low}_rows", with_name_keys(stale), "rows")

    async def _load_nodes(self, label: str, table: pa.Table, empty: bool,
                          facts: pa.Table | None) -> pa.ChunkedArray:
        """Creates the new nodes (with their derived `facts` when known) and updates those that
        differ; returns the ids created."""
        low = label.lower()
        ids = table.column("id")
        if empty or table.num_rows == 0:
            new, changed = table, table.slice(0, 0)
        elif table.num_rows >= BULK_ROWS:
            stored = await self.write_table(f"stored_{low}", table.schema)
            existing = among(ids, stored.column("id"))
            new, old = keep(table, pc.invert(existing)), keep(table, existing)
            changed = keep(old, missing_from(old, stored, table.column_names))
        else:
            found = await self.existing_ids(label, ids.to_pylist())
            existing = among(ids, pa.array(sorted(found), pa.string()))
            new, changed = keep(table, pc.invert(existing)), keep(table, existing)
        if new.num_rows:
            await self._bulk_create(f"create_{low}", with_name_keys(with_facts(label, new, facts)))
        if changed.num_rows:
            await self._bulk_write(f"update_{low}", with_name_keys(changed), "rows")
        return new.column("id")

    async def _load_edges(self, edges: EdgeRows, created: dict[str, Any], empty: bool) -> None:
        """`empty`: the store held no node before this load, so nothing can be replaced."""
        rows = edges.rows
        if empty:
            added = rows
        elif rows.num_rows + len(edges.owner_ids) >= BULK_ROWS:
            added = await self._changed_edges(edges)
        else:
            await self._remove_replaced(edges, created)
            added = rows
        if added.num_rows:
            await self._bulk_create(f"link_{edges.rel.slug}", added)

    async def _changed_edges(self, edges: EdgeRows) -> pa.Table:
        """Deletes the stored relationships the batch replaces; returns the rows to create."""
        rel, rows = edges.rel, edges.rows
        stored = await self.write_table(f"stored_{rel.slug}", rows.schema)
        if rel.owner is not None:  # every relationship at a re-seeded owner that the batch lacks goes
            stored = keep(stored, among(stored.column(rel.owner), edges.owner_ids))
            gone = keep(stored, missing_from(stored, rows, ENDS))
        else:  # a pair the batch sets again with other properties is deleted, then created anew
            reseeded = pc.invert(missing_from(stored, rows, ENDS))
            gone = keep(stored, pc.and_(reseeded, missing_from(stored, rows, rows.column_names)))
        if gone.num_rows:
            await self._bulk_write(f"unpair_{rel.slug}", gone.select(ENDS), "rows")
        return keep(rows, missing_from(rows, stored, rows.column_names))

    async def _remove_replaced(self, edges: EdgeRows, created: dict[str, Any]) -> None:
        """A small batch's owners (or pairs) that existed before lose the relationships it replaces."""
        rel, rows = edges.rel, edges.rows
        none = pa.array([], pa.string())
        if rel.owner is not None:
            owner_label = rel.source if rel.owner == "source" else rel.target
            stale = edges.owner_ids.filter(pc.invert(among(edges.owner_ids, created.get(owner_label, none))))
            if len(stale):
                await self._bulk_write(f"unlink_{rel.slug}", stale, "ids")
            return
        old = pc.and_(pc.invert(among(rows.column("source"), created.get(rel.source, none))),
                      pc.invert(among(rows.column("target"), created.get(rel.target, none))))
        pairs = rows.filter(old).select(ENDS)
        if pairs.num_rows:
            await self._bulk_write(f"unpair_{rel.slug}", pairs, "rows")
