"""The embedded engine's memory: defaults sized from the store and the machine, and a query that
runs out of buffer pool refused on its own with a coded error while the store carries on (issue 16)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from graph import sizing
from api.settings import store_settings
from graph.embedded import EmbeddedStore
from seed.generate import write_synthetic
from seed.load import seed_directory
from tests.conftest import GraphQLClient, graphql_client

TINY_POOL_MB = 16  # the smallest pool LadybugDB 0.22 opens a store with
# Reads over the whole graph; at TINY_POOL_MB and 1,000 units some of them need more than the pool.
WHOLE_GRAPH = [
    "{ members(first: 500) { edges { node { id name } } } }",
    "{ units(first: 500) { edges { node { id organizations { members { id } } } } } }",
    "{ organizations(first: 500) { edges { node { id members { id } } } } }",
    "{ coverageGaps { id } }",
    "{ topConnectors(first: 50) { unit { id } } }",
    "{ isolatedUnits { id } }",
]
POINT = '{ unit(id: "u000001") { id name } }'


@pytest.fixture(scope="module")
def seeded_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store of 1,000 generated units, seeded with the default pool and closed again."""
    work = tmp_path_factory.mktemp("tiny")
    write_synthetic(work / "csv", 1000, 7)

    async def seed() -> None:
        store = EmbeddedStore(work / "db.lbug")
        await store.open()
        try:
            report = await seed_directory(store, work / "csv")
            assert report.ok, report.errors[:5]
        finally:
            await store.close()

    asyncio.run(seed())
    return work / "db.lbug"


@pytest.fixture
async def tiny(seeded_path: Path) -> AsyncIterator[GraphQLClient]:
    store = EmbeddedStore(seeded_path, buffer_pool_mb=TINY_POOL_MB)
    await store.open()
    try:
        async with graphql_client(store) as client:
            yield client
    finally:
        await store.close()


async def test_a_query_out_of_buffer_pool_is_refused_alone(tiny: GraphQLClient) -> None:
    refused = []
    for text in WHOLE_GRAPH:
        answer = await tiny.query(text)
        for error in answer.get("errors", []):
            assert error["extensions"] == {"code": "RESOURCE_EXHAUSTED", "limit": "bufferPool"}, error
            assert "LIANJIAN_BUFFER_POOL_MB" in error["message"] and f"{TINY_POOL_MB} MiB" in error["message"]
            assert "Buffer manager" not in error["message"]  # the engine's words stay in the server log
            refused.append(text)
        assert (await tiny.data(POINT))["unit"]["id"] == "u000001"  # the next query works
    assert refused, "no whole-graph read ran out of a 16 MiB pool: lower the pool or raise the data size"


async def test_concurrent_exhaustion_leaves_the_store_working(tiny: GraphQLClient) -> None:
    answers = await asyncio.gather(*(tiny.query(text) for text in WHOLE_GRAPH * 2))
    codes = {error["extensions"]["code"] for answer in answers for error in answer.get("errors", [])}
    assert codes <= {"RESOURCE_EXHAUSTED"}
    assert (await tiny.data(POINT))["unit"]["name"]


def test_the_default_pool_grows_with_the_store_within_the_machine(tmp_path: Path) -> None:
    store = tmp_path / "big.lbug"
    with open(store, "wb") as f:
        f.truncate(300 * sizing.MIB)  # sparse: only its size matters
    half = sizing.machine_memory_mb() // 2
    assert sizing.default_buffer_pool_mb(store) == min(8 * 300, half)
    assert sizing.default_buffer_pool_mb(tmp_path / "new.lbug") == min(sizing.POOL_FLOOR_MB, half)


def test_max_db_size_covers_the_disk_and_is_a_power_of_two(tmp_path: Path) -> None:
    size = sizing.max_db_size_bytes(tmp_path / "db.lbug")
    assert size & (size - 1) == 0 and size >= sizing.MAX_DB_SIZE_FLOOR
    assert sizing.max_db_size_bytes(tmp_path / "db.lbug", 3000) == 4096 << 30


def test_the_environment_overrides_the_defaults(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("LIANJIAN_BUFFER_POOL_MB", raising=False)
    monkeypatch.delenv("LIANJIAN_MAX_DB_SIZE_GB", raising=False)
    assert store_settings().buffer_pool_mb is None
    monkeypatch.setenv("LIANJIAN_BUFFER_POOL_MB", "256")
    monkeypatch.setenv("LIANJIAN_MAX_DB_SIZE_GB", "16384")
    settings = store_settings()
    assert (settings.buffer_pool_mb, settings.max_db_size_gb) == (256, 16384)


async def test_an_opened_store_uses_the_sized_defaults(tmp_path: Path) -> None:
    store = EmbeddedStore(tmp_path / "db.lbug")
    await store.open()
    try:
        assert store.buffer_pool_mb == min(sizing.POOL_FLOOR_MB, sizing.machine_memory_mb() // 2)
        assert store._db is not None and store._db.max_db_size == sizing.max_db_size_bytes(tmp_path / "db.lbug")
        assert await store.ping()
    finally:
        await store.close()
