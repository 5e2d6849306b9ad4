"""The embedded backend: LadybugDB on disk, in this process.

LadybugDB blocks the calling thread and allows one writer at a time, failing a second one at
once instead of waiting (LADYBUG-NOTES). So every query runs on a worker thread, reads through a
small pool of connections, and all writes through one connection behind one asyncio lock.
"""

from __future__ import annotations

import asyncio
import time
import weakref
from collections.abc import AsyncIterator, Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager, contextmanager, suppress
from pathlib import Path
from typing import Any

import ladybug
import pyarrow as pa

from graph import queries, sizing
from graph.bulk import BulkLoader
from graph.cypher_store import Rows
from graph.model import LABELS
from graph.name_index import NAME_WRITES, NameIndex
from graph.search import SearchHit, ranked, search_params
from graph.store import StoreError, StoreExhausted, StoreLocked
from locales import tr

Runner = Callable[[ladybug.Connection, str, dict[str, Any]], Any]  # runs one statement, shapes its answer
READ_CONNECTIONS = 4
LOCK_HELD = "Could not set lock on file"  # how LadybugDB refuses a store another process has open
COPY_MIN_ROWS = 1_000  # smaller batches are created row by row (see _bulk_create)


class EmbeddedStore(BulkLoader):
    backend = "embedded"
    dialect = "embedded"

    def __init__(self, path: Path, query_timeout_ms: int = 30_000, buffer_pool_mb: int | None = None,
                 max_db_size_gb: int | None = None, read_only: bool = False) -> None:
        """`None` sizes leave the choice to graph/sizing.py when the store opens (from its size then).
        `read_only` opens an existing store beside the process that writes it (a running server):
        LadybugDB then shows the store as it was when it opened, and nothing can be written."""
        super().__init__()
        self.path = Path(path)
        self.read_only = read_only
        self.query_timeout_ms = query_timeout_ms
        self.buffer_pool_mb = buffer_pool_mb
        self.max_db_size_gb = max_db_size_gb
        self._db: ladybug.Database | None = None
        self._readers: asyncio.Queue[ladybug.Connection] = asyncio.Queue()
        self._writer: ladybug.Connection | None = None
        self._executor = ThreadPoolExecutor(max_workers=READ_CONNECTIONS + 1, thread_name_prefix="ladybug")
        self._name_indexes: dict[str, NameIndex] = {}
        self._name_writes: dict[str, int] = dict.fromkeys(LABELS, 0)  # per label, to drop stale builds
        self._name_builds: dict[str, asyncio.Lock] = {label: asyncio.Lock() for label in LABELS}

    async def open(self) -> None:
        for conn in await asyncio.get_running_loop().run_in_executor(self._executor, self._open_sync):
            self._readers.put_nowait(conn)
        if self.read_only:
            return
        async with self.writing():
            for statement in queries.load(self.dialect, "schema").statements():
                await self._in_thread(self._writer_connection(), statement, {})
            await self.refresh_stale_facts()
            await self.refresh_stale_name_keys()

    def _open_sync(self) -> list[ladybug.Connection]:
        """Opens the database and the connections (blocking); returns the reader connections."""
        if self.read_only and not self.path.exists():
            raise StoreError(tr("there is no embedded store at {path}", path=self.path))
        self.path.parent.mkdir(parents=True, exist_ok=True)
        if self.buffer_pool_mb is None:
            self.buffer_pool_mb = sizing.default_buffer_pool_mb(self.path)
        try:
            self._db = ladybug.Database(str(self.path), buffer_pool_size=self.buffer_pool_mb * sizing.MIB,
                                        max_db_size=sizing.max_db_size_bytes(self.path, self.max_db_size_gb),
                                        read_only=self.read_only)
        except RuntimeError as exc:
            failure = StoreLocked if LOCK_HELD in str(exc) else StoreError
            raise failure(tr("cannot open the embedded store at {path}: {error}", path=self.path, error=exc)) from exc
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

    async def _read_seldom(self, name: str) -> Rows:
        """Such a statement keeps a hash table of a whole relationship while cached, however fast
        it ran: dropped at once, so two dozen of them in a row do not fill a small pool."""
        query = self._checked(name, {})
        self.round_trips += 1
        return await self._on_connection(query, {}, False, _run_uncached)

    async def close(self) -> None:
        if self._db is None:
            return
        await self._stop_fan_out_refresh()
        async with self.writing():
            self._executor.shutdown(wait=True)
            while not self._readers.empty():
                self._readers.get_nowait().close()
            self._writer_connection().close()
            self._db.close()
            self._db = self._writer = None

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[None]:
        """One transaction on the writer connection: a change and its audit entry land together or
        not at all. (Transaction control, not a query: the driver has no begin/commit methods.)
        Reads go through the reader connections, which see the state before the transaction."""
        writer = self._writer_connection()
        await self._in_thread(writer, "BEGIN TRANSACTION", {})
        try:
            yield
        except BaseException:
            with suppress(StoreError):  # a failed statement has already ended the transaction
                await self._in_thread(writer, "ROLLBACK", {})
            raise
        await self._in_thread(writer, "COMMIT", {})

    async def search(self, text: str, labels: Sequence[str], first: int) -> list[SearchHit]:
        """From the in-memory name indexes (graph/name_index.py). While a write is under way its
        names may not be committed yet, so no index is built then: the `search` query answers."""
        params = search_params(text, list(dict.fromkeys(labels)), first)
        if params is None or self._write_lock.locked():
            return await super().search(text, labels, first)
        found = []
        for label in params["labels"]:
            self._check_label(label)
            index = self._name_indexes.get(label) or await self._name_index(label)
            found += index.best(params["text"], params["key"], first)
        return ranked(found, first)

    async def _name_index(self, label: str) -> NameIndex:
        """Built from the store, once for the searches that wait for it (a build reads every name of
        the label: seconds at 100k units); kept only if no write touched the label's names meanwhile."""
        async with self._name_builds[label]:
            built = self._name_indexes.get(label)
            if built is not None:
                return built
            writes = self._name_writes[label]
            index = NameIndex(label, await self.read(f"names_{label.lower()}"))
            if writes == self._name_writes[label] and not self._write_lock.locked():
                self._name_indexes[label] = index
            return index

    async def _execute(self, query: queries.NamedQuery, params: dict[str, Any], write: bool) -> Rows:
        return await self._on_connection(query, params, write, _run)

    async def _execute_table(self, query: queries.NamedQuery, params: dict[str, Any], schema: pa.Schema,
                             write: bool) -> pa.Table:
        return await self._on_connection(query, params, write, _run_arrow)

    async def _read_at_once(self, wanted: list[tuple[queries.NamedQuery, pa.Schema]]) -> list[pa.Table]:
        """In one read-only transaction on one reader connection. A LadybugDB transaction reads a
        snapshot: every answer shows the graph as the transaction began, while the writer goes on
        committing (measured: a write committed meanwhile is not seen until the transaction ends)."""
        if self._db is None:
            raise StoreError("the embedded store is not open")
        conn = await self._readers.get()
        try:
            await self._in_thread(conn, "BEGIN TRANSACTION READ ONLY", {})
            try:
                return [await self._in_thread(conn, query.text, {}, _run_arrow, interrupt=True) for query, _ in wanted]
            finally:
                with suppress(StoreError):  # a failed statement has already ended the transaction
                    await self._in_thread(conn, "COMMIT", {})
        finally:
            self._readers.put_nowait(conn)

    async def _on_connection(self, query: queries.NamedQuery, params: dict[str, Any], write: bool,
                             runner: Runner) -> Any:
        """Writes on the writer connection (under the writer lock), reads on a pooled reader."""
        if self._db is None:
            raise StoreError("the embedded store is not open")
        if write:
            async with self.writing():
                try:
                    return await self._in_thread(self._writer_connection(), query.text, params, runner)
                finally:
                    for label in NAME_WRITES.get(query.name, ()):
                        self._name_writes[label] += 1
                        self._name_indexes.pop(label, None)
        conn = await self._readers.get()
        try:
            return await self._in_thread(conn, query.text, params, runner, interrupt=True)
        finally:
            self._readers.put_nowait(conn)

    async def _in_thread(self, conn: ladybug.Connection, text: str, params: dict[str, Any],
                         runner: Runner | None = None, interrupt: bool = False) -> Any:
        """Runs on a worker thread. If the caller is cancelled (a request's time limit), the
        connection is not handed back while the engine still uses it: a read is interrupted, a
        write runs to its end; either way this waits for the thread before re-raising."""
        running = asyncio.get_running_loop().run_in_executor(self._executor, runner or _run, conn, text, params)
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

    async def _bulk_param(self, table: pa.Table) -> pa.Table:
        return table


# How LadybugDB words running out of its buffer pool. The second is its temporary-page region, which
# is as large as the pool (the byte count it names is the pool's size, not max_db_size).
POOL_EXHAUSTED = ("The buffer pool is full", "Maximum database size of")
HEAVY_STATEMENT_S = 0.02  # a statement that ran longer gives its memory back at once (re-preparing costs ~2 ms)
_pool_flushes: weakref.WeakKeyDictionary[ladybug.Database, int] = weakref.WeakKeyDictionary()
_flushes_seen: weakref.WeakKeyDictionary[ladybug.Connection, int] = weakref.WeakKeyDictionary()


@contextmanager
def _statement(conn: ladybug.Connection, text: str, params: dict[str, Any]) -> Iterator[ladybug.QueryResult]:
    """One statement on a connection used by one thread at a time, its refusals mapped.

    ladybug 0.22 caches a prepared statement per connection, query text and parameter types, and a
    cached statement keeps the working memory of its last run (hash tables, sort buffers) in the
    buffer pool until it runs again or is dropped: at 100k units those filled a 1 GiB pool and every
    later query failed (issue 16; bench/repro_pool_leak.py shows it). So a statement that ran long
    or failed drops the connection's cache once its result is closed, and after any query ran out of
    pool, every connection drops its cache before its next statement. A failed statement's memory
    is held by ladybug's frame in the exception's traceback: only the message is kept.
    """
    if _flushes_seen.get(conn, 0) < _pool_flushes.get(conn.database, 0):
        _drop_prepared(conn)
    started = time.perf_counter()
    try:
        result = conn.execute(text, params)
    except RuntimeError as exc:
        failure = str(exc)  # not the exception: its traceback holds ladybug's frame and the statement
    else:
        failure = None
    if failure is None:
        results = result if isinstance(result, list) else [result]
        try:
            yield results[-1]
        except RuntimeError as exc:  # reading the rows can run out of pool too
            failure = str(exc)
        finally:
            for each in results:
                each.close()
            if time.perf_counter() - started > HEAVY_STATEMENT_S:
                _drop_prepared(conn)
    if failure is not None:
        _drop_prepared(conn)
        raise _refusal(conn, failure)


def _refusal(conn: ladybug.Connection, failure: str) -> StoreError:
    if not any(fragment in failure for fragment in POOL_EXHAUSTED):
        return StoreError(f"embedded store: {failure}")
    _pool_flushes[conn.database] = _pool_flushes.get(conn.database, 0) + 1
    return StoreExhausted(f"embedded store: {failure}", limit="bufferPool",
                          size_mb=conn.database.buffer_pool_size // sizing.MIB)


def _drop_prepared(conn: ladybug.Connection) -> None:
    """Frees the connection's cached statements (ladybug keeps them in a private dict; on this
    connection's own thread, between statements, so nothing still reads them)."""
    with conn._prepared_cache_lock:
        conn._pybind_implicit_prepared_cache.clear()
    _flushes_seen[conn] = _pool_flushes.get(conn.database, 0)


def _run_arrow(conn: ladybug.Connection, text: str, params: dict[str, Any] | None = None) -> pa.Table:
    with _statement(conn, text, params or {}) as result:
        return result.get_as_arrow()


def _run_uncached(conn: ladybug.Connection, text: str, params: dict[str, Any]) -> Rows:
    try:
        return _run(conn, text, params)
    finally:
        _drop_prepared(conn)


def _run(conn: ladybug.Connection, text: str, params: dict[str, Any]) -> Rows:
    with _statement(conn, text, params) as result:
        columns = result.get_column_names()
        rows: Rows = []
        while result.has_next():
            rows.append(dict(zip(columns, result.get_next())))
    return rows

