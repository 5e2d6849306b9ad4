"""The Neo4j backend: the official async driver, for Neo4j 5.x / 2025.x, Aura or a cluster.

Reads run in read transactions and writes in write transactions (managed, so the driver retries
transient failures), which is what lets a `neo4j://` routing URI send reads to followers. A single
change (a mutation) writes in one explicit transaction with its audit entry (`change`).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from contextvars import ContextVar
from typing import Any

import pyarrow as pa
from neo4j import (
    READ_ACCESS, AsyncDriver, AsyncGraphDatabase, AsyncManagedTransaction, AsyncResult, AsyncTransaction, unit_of_work,
)
from neo4j.exceptions import Neo4jError, ServiceUnavailable
from neo4j.graph import Node as DriverNode

from graph import queries
from graph.bulk import BulkLoader
from graph.config import StoreSettings
from graph.cypher_store import Rows
from graph.store import StoreError
from locales import tr


BATCHED = "IN TRANSACTIONS"  # a query that commits in bounded batches itself (clear_all)


class Neo4jStore(BulkLoader):
    backend = "neo4j"
    dialect = "neo4j"

    def __init__(self, settings: StoreSettings) -> None:
        super().__init__()
        self.settings = settings
        self._driver: AsyncDriver | None = None
        self._transaction: ContextVar[AsyncTransaction | None] = ContextVar(f"neo4j_change_{id(self)}", default=None)

    async def open(self) -> None:
        auth = (self.settings.neo4j_user, self.settings.neo4j_password) if self.settings.neo4j_password else None
        self._driver = AsyncGraphDatabase.driver(self.settings.neo4j_uri, auth=auth)
        try:
            await self._driver.verify_connectivity()
        except (ServiceUnavailable, Neo4jError, OSError) as exc:
            await self._driver.close()
            self._driver = None
            raise StoreError(tr("cannot reach Neo4j at {uri}: {error}", uri=self.settings.neo4j_uri,
                                error=exc)) from exc
        await self.read("connection_settings")
        for statement in queries.load(self.dialect, "schema").statements():
            await self._session_run(statement, {}, write=True)
        async with self.writing():
            await self.refresh_stale_facts()
            await self.refresh_stale_name_keys()

    async def _bulk_param(self, table: pa.Table) -> list[dict[str, Any]]:
        return table.to_pylist()

    async def _execute_table(self, query: queries.NamedQuery, params: dict[str, Any], schema: pa.Schema,
                             write: bool) -> pa.Table:
        return _table(await self._execute(query, params, write=write), schema)

    async def _read_at_once(self, wanted: list[tuple[queries.NamedQuery, pa.Schema]]) -> list[pa.Table]:
        """In one read transaction. Neo4j isolates it read committed, not as a snapshot: a change
        another process commits between two of these reads is seen by the later ones only, which
        the caller must check for (seed/export.py does)."""
        if self._driver is None:
            raise StoreError("the Neo4j store is not open")
        try:
            async with self._driver.session(database=self.settings.neo4j_database,
                                            default_access_mode=READ_ACCESS) as session:
                async with await session.begin_transaction() as tx:
                    return [_table(await _records(await tx.run(query.text, {})), schema) for query, schema in wanted]
        except Neo4jError as exc:
            raise StoreError(f"neo4j: {exc.message or exc}") from exc
        except ServiceUnavailable as exc:
            raise StoreError(tr("Neo4j is unavailable: {error}", error=exc)) from exc

    async def close(self) -> None:
        await self._stop_fan_out_refresh()
        if self._driver is not None:
            await self._driver.close()
            self._driver = None

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[None]:
        """One explicit write transaction: a change's writes and its audit entry commit together.

        Its reads still run in their own read transactions (they come before the writes), and an
        explicit transaction is not retried by the driver: a transient failure fails the change.
        """
        if self._driver is None:
            raise StoreError("the Neo4j store is not open")
        async with self._driver.session(database=self.settings.neo4j_database) as session:
            tx = await session.begin_transaction(timeout=self.settings.query_timeout_ms / 1000)
            token = self._transaction.set(tx)
            try:
                yield
            except BaseException:
                await tx.rollback()
                raise
            else:
                await tx.commit()
            finally:
                self._transaction.reset(token)

    async def _execute(self, query: queries.NamedQuery, params: dict[str, Any], write: bool) -> Rows:
        tx = self._transaction.get()
        if write and tx is not None:
            try:
                return await _records(await tx.run(query.text, params))
            except Neo4jError as exc:
                raise StoreError(f"neo4j: {exc.message or exc}") from exc
        return await self._session_run(query.text, params, write)

    async def _session_run(self, text: str, params: dict[str, Any], write: bool) -> Rows:
        if self._driver is None:
            raise StoreError("the Neo4j store is not open")

        @unit_of_work(timeout=self.settings.query_timeout_ms / 1000)
        async def work(tx: AsyncManagedTransaction) -> Rows:
            return await _records(await tx.run(text, params))

        try:
            async with self._driver.session(database=self.settings.neo4j_database) as session:
                if write and BATCHED in text:  # it commits batch by batch: only an auto-commit run may
                    return await _records(await session.run(text, params))
                if write:
                    return await session.execute_write(work)
                return await session.execute_read(work)
        except Neo4jError as exc:
            raise StoreError(f"neo4j: {exc.message or exc}") from exc
        except ServiceUnavailable as exc:
            raise StoreError(tr("Neo4j is unavailable: {error}", error=exc)) from exc

    async def _bulk_create(self, name: str, rows: pa.Table) -> None:
        """Neo4j has no COPY from a client: batched UNWIND, a transaction per batch, is its bulk path."""
        await self._bulk_write(name, rows, "rows")


def _table(rows: Rows, schema: pa.Schema) -> pa.Table:
    return pa.Table.from_pylist([{f.name: row.get(f.name) for f in schema} for row in rows], schema=schema)


async def _records(result: AsyncResult) -> Rows:
    return [{key: _plain(value) for key, value in record.items()} async for record in result]


def _plain(value: Any) -> Any:
    """Driver nodes become property dicts, as the embedded store returns them."""
    if isinstance(value, DriverNode):
        return dict(value)
    return value
