"""How to reach the graph store. The values come from api/settings.py, the table of every setting
(environment variable, flag, unit); the defaults are these fields'."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from graph.store import GraphStore

BACKENDS = ("embedded", "neo4j")
DEFAULT_QUERY_TIMEOUT_MS = 30_000


@dataclass(frozen=True)
class StoreSettings:
    backend: str = "embedded"
    db_path: Path = Path("data/lianjian.lbug")
    neo4j_uri: str = "neo4j://localhost:7687"
    neo4j_user: str = "neo4j"
    neo4j_password: str = ""
    neo4j_database: str = "neo4j"
    query_timeout_ms: int = DEFAULT_QUERY_TIMEOUT_MS
    buffer_pool_mb: int | None = None  # None: from the store's size and the machine (graph/sizing.py)
    max_db_size_gb: int | None = None  # None: at least the disk under the store (graph/sizing.py)


def create_store(settings: StoreSettings, read_only: bool = False) -> GraphStore:
    """A store for the settings, not yet opened (call `await store.open()`). `read_only` is for
    commands that only read (export): an embedded store then opens beside a running server; a
    Neo4j store reads in read transactions whatever it is told."""
    if settings.backend == "neo4j":
        from graph.neo4j_store import Neo4jStore

        return Neo4jStore(settings)
    from graph.embedded import EmbeddedStore

    return EmbeddedStore(settings.db_path, settings.query_timeout_ms, settings.buffer_pool_mb, settings.max_db_size_gb,
                         read_only)
