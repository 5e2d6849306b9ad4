"""Fixtures shared by the suite: the backends every contract test runs against.

The embedded store always runs; Neo4j joins whenever NEO4J_URI is set, with the same assertions.
All async tests share one event loop (pyproject), because a store is bound to the loop it opened on.
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path

import pytest

from graph.batch import GraphBatch
from graph.config import StoreSettings, create_store
from graph.store import GraphStore

REPO = Path(__file__).resolve().parent.parent
DEMO = REPO / "seed" / "demo"

BACKENDS = [
    pytest.param("embedded", id="embedded"),
    pytest.param(
        "neo4j",
        id="neo4j",
        marks=pytest.mark.skipif(not os.environ.get("NEO4J_URI"), reason="NEO4J_URI is not set: no Neo4j server to test"),
    ),
]

StoreFactory = Callable[[], Awaitable[GraphStore]]


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return request.param


@pytest.fixture
async def make_store(backend: str, tmp_path: Path) -> AsyncIterator[StoreFactory]:
    """Open empty stores of the test's backend; every one is closed after the test.

    Neo4j is one shared server, so "empty" means cleared: tests on it must not run in parallel.
    """
    opened: list[GraphStore] = []

    async def factory() -> GraphStore:
        settings = StoreSettings.from_env(backend=backend, db_path=tmp_path / f"db{len(opened)}.lbug")
        store = create_store(settings)
        await store.open()
        opened.append(store)
        if backend == "neo4j":
            await store.load(GraphBatch(), replace=True)
        return store

    yield factory
    for store in opened:
        await store.close()


@pytest.fixture
async def store(make_store: StoreFactory) -> GraphStore:
    return await make_store()
