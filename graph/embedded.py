"""The embedded backend: LadybugDB on disk, in this process.

LadybugDB blocks the calling thread and allows one writer at a time, failing a second one at
once instead of waiting (LADYBUG-NOTES). So every query runs on a worker thread, reads through a
small pool of connections, and all writes through one connection behind one asyncio lock.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager, suppress
from pathlib import Path
from typing import Any

import ladybug
import pyarrow as pa

from graph import queries
from graph.batch import ARROW_TYPES
from graph.bulk import BulkLoader
from graph.cypher_store import Rows
from graph.model import PropType
from graph.store import StoreError

READ_CONNECTIONS = 4
COPY_MIN_ROWS = 1_000  # smaller batches are created row by row (see _bulk_create)


class EmbeddedStore(BulkLoader):
    backend = "embedded"
    dialect = "embedded"

    def __init__(self, path: Path, query_timeout_ms: int = 30_000, buffer_pool_mb: int = 1024) -> None:
        super().__init__()
        self.path = Path(path)
        self.query_timeout_ms = query_timeout_ms
        self.buffer_pool_mb = buffer_pool_mb
        self._db: ladybug.Database | None = None
        self._readers: asyncio.Queue[ladybug.Connection] = asyncio.Queue()
        self._writer: ladybug.Connection | None = None
        self._executor = ThreadPoolExecutor(max_workers=READ_CONNECTIONS + 1, thread_name_prefix="ladybug")

    async def open(self) -> None:
        for conn in await asyncio.get_running_loop().run_in_executor(self._executor, self._open_sync):
            self._readers.put_nowait(conn)
        async with self.writing():
            for statement in queries.load(self.dialect, "schema").statements():
                await self._in_thread(self._writer_connection(), statement, {})
            await self.refresh_stale_facts()

    def _open_sync(self) -> list[ladybug.Connection]:
        """Opens the database and the connections (blocking); returns the reader connections."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self._db = ladybug.Database(str(self.path), buffer_pool_size=self.buffer_pool_mb * 1024 * 1024)
        except RuntimeError as exc:
            raise StoreError(f"cannot open the embedded store at {self.path}: {exc}") from exc
        self._writer = self._connection()
        return [self._connection() for _ in range(READ_CONNECTIONS)]

    def _connection(self) -> ladybug.Connection:
        conn = ladybug.Connection(self._db)
        conn.set_query_timeout(self.query_timeout_ms)
        _run(conn, queries.load(self.dialect, "connection_settings").text, {})
        return conn

    def _writer_connection(self) -> ladybug.Connection:
        if self._writer is None:
            raise StoreError("the embedded store is not open")
        return self._writer

    async def close(self) -> None:
        if self._db is None:
            return
        async with self.writing():
            self._executor.shutdown(wait=True)
            while not self._readers.empty():
                self._readers.get_nowait().close()
            self._writer_connection().close()
            self._db.close()
            self._db = self._writer = None

    @asynccontextmanager
    async def change(self) -> AsyncIterator[None]:
        """One transaction on the writer connection: a change and its audit entry land together or
        not at all. (Transaction control, not a query: the driver has no begin/commit methods.)
        Reads go through the reader connections, which see the state before the transaction."""
        async with self.writing():
            writer = self._writer_connection()
            await self._in_thread(writer, "BEGIN TRANSACTION", {})
            try:
                yield
            except BaseException:
                with suppress(StoreError):  # a failed statement has already ended the transaction
                    await self._in_thread(writer, "ROLLBACK", {})
                raise
            await self._in_thread(writer, "COMMIT", {})

    async def _execute(self, query: queries.NamedQuery, params: dict[str, Any], write: bool) -> Rows:
        if self._db is None:
            raise StoreError("the embedded store is not open")
        if write:
            async with self.writing():
                return await self._in_thread(self._writer_connection(), query.text, params)
        conn = await self._readers.get()
        try:
            return await self._in_thread(conn, query.text, params, interrupt=True)
        finally:
            self._readers.put_nowait(conn)

    async def _in_thread(self, conn: ladybug.Connection, text: str, params: dict[str, Any],
                         interrupt: bool = False) -> Rows:
        """Runs on a worker thread. If the caller is cancelled (a request's time limit), the
        connection is not handed back while the engine still uses it: a read is interrupted, a
        write runs to its end; either way this waits for the thread before re-raising."""
        running = asyncio.get_running_loop().run_in_executor(self._executor, _run, conn, text, params)
        try:
            return await asyncio.shield(running)
        except asyncio.CancelledError:
            if interrupt:
                conn.interrupt()
            with suppress(Exception):
                await running
            raise

    async def _bulk_create(self, name: str, rows: pa.Table) -> None:
        """COPY FROM the batch's Arrow table, the engine's fast path (columns map by position).

        Each COPY keeps about 1.3 MB of the buffer pool until the database closes (measured on
        0.22: a 64 MB pool refused the 50th one-row COPY; CHECKPOINT did not free it), so a server
        taking single changes would run out: small batches are created row by row instead.
        """
        if rows.num_rows < COPY_MIN_ROWS:
            await self._bulk_write(f"{name}_rows", rows, "rows")
            return
        await self.write(name, rows=rows)

    async def _stored(self, name: str, schema: pa.Schema) -> pa.Table:
        """Read on the writer connection (the load holds it), straight into Arrow."""
        text = queries.load(self.dialect, name).text
        table = await asyncio.get_running_loop().run_in_executor(
            self._executor, _run_arrow, self._writer_connection(), text)
        return table if table.num_rows else schema.empty_table()

    async def _bulk_param(self, table: pa.Table) -> pa.Table:
        return table

    async def _execute_table(self, query: queries.NamedQuery, params: dict[str, Any], schema: pa.Schema) -> pa.Table:
        async with self.writing():
            table = await asyncio.get_running_loop().run_in_executor(
                self._executor, _run_arrow, self._writer_connection(), query.text, params)
        return table if table.num_rows else schema.empty_table()


# How LadybugDB words running out of its buffer pool. The second is its temporary-page region, which
# is as large as the pool (the byte count it names is the pool's size, not max_db_size).
POOL_EXHAUSTED = ("The buffer pool is full", "Maximum database size of")


def _run_arrow(conn: ladybug.Connection, text: str, params: dict[str, Any] | None = None) -> pa.Table:
    try:
        result = conn.execute(text, params or {})
    except RuntimeError as exc:
        raise StoreError(f"embedded store: {exc}") from exc
    assert not isinstance(result, list)
    table = result.get_as_arrow()
    result.close()
    return table


def _run(conn: ladybug.Connection, text: str, params: dict[str, Any]) -> Rows:
    try:
        result = conn.execute(text, params)
    except RuntimeError as exc:
        raise StoreError(f"embedded store: {exc}") from exc
    if isinstance(result, list):
        result = result[-1]
    columns = result.get_column_names()
    rows: Rows = []
    while result.has_next():
        rows.append(dict(zip(columns, result.get_next())))
    result.close()
    return rows

