"""Store settings from the environment (SPEC §1); every one can also be set by a CLI flag."""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from pathlib import Path

from graph.store import GraphStore, StoreError

BACKENDS = ("embedded", "neo4j")


@dataclass(frozen=True)
class StoreSettings:
    backend: str = "embedded"
    db_path: Path = Path("data/lianjian.lbug")
    neo4j_uri: str = "neo4j://localhost:7687"
    neo4j_user: str = "neo4j"
    neo4j_password: str = ""
    neo4j_database: str = "neo4j"
    query_timeout_ms: int = 30_000
    buffer_pool_mb: int | None = None  # None: from the store's size and the machine (graph/sizing.py)
    max_db_size_gb: int | None = None  # None: at least the disk under the store (graph/sizing.py)

    @classmethod
    def from_env(cls, **overrides: object) -> StoreSettings:
        env = os.environ
        settings = cls(
            backend=env.get("LIANJIAN_BACKEND", cls.backend),
            db_path=Path(env.get("LIANJIAN_DB_PATH", str(cls.db_path))),
            neo4j_uri=env.get("NEO4J_URI", cls.neo4j_uri),
            neo4j_user=env.get("NEO4J_USER", cls.neo4j_user),
            neo4j_password=env.get("NEO4J_PASSWORD", cls.neo4j_password),
            neo4j_database=env.get("NEO4J_DATABASE", cls.neo4j_database),
            query_timeout_ms=int(env.get("LIANJIAN_QUERY_TIMEOUT_MS", cls.query_timeout_ms)),
            buffer_pool_mb=_optional_int(env.get("LIANJIAN_BUFFER_POOL_MB")),
            max_db_size_gb=_optional_int(env.get("LIANJIAN_MAX_DB_SIZE_GB")),
        )
        settings = replace(settings, **{k: v for k, v in overrides.items() if v is not None})
        if settings.backend not in BACKENDS:
            raise StoreError(f"LIANJIAN_BACKEND must be one of {', '.join(BACKENDS)}, not {settings.backend!r}")
        return settings


def _optional_int(value: str | None) -> int | None:
    return int(value) if value else None


def create_store(settings: StoreSettings) -> GraphStore:
    """A store for the settings, not yet opened (call `await store.open()`)."""
    if settings.backend == "neo4j":
        from graph.neo4j_store import Neo4jStore

        return Neo4jStore(settings)
    from graph.embedded import EmbeddedStore

    return EmbeddedStore(settings.db_path, settings.query_timeout_ms, settings.buffer_pool_mb, settings.max_db_size_gb)
