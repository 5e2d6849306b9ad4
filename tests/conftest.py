"""Fixtures shared by the suite: the backends every contract test runs against.

The embedded store always runs; Neo4j joins whenever NEO4J_URI is set, with the same assertions.
All async tests share one event loop (pyproject), because a store is bound to the loop it opened on.
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import pytest

from api.settings import ServerSettings, store_settings
from graph.batch import GraphBatch
from graph.config import create_store
from graph.store import GraphStore

REPO = Path(__file__).resolve().parent.parent
DEMO = REPO / "seed" / "demo"
# The suite pins the English wording (the msgids); tests/test_locales.py asks for Chinese explicitly.
# Set before any test runs, so servers and CLIs started as subprocesses speak English too.
os.environ["LIANJIAN_LANG"] = "en"

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
        settings = store_settings(backend=backend, db_path=tmp_path / f"db{len(opened)}.lbug")
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


class GraphQLClient:
    """The ASGI app in-process over HTTP, as a front-end would call it."""

    def __init__(self, client: Any, store: GraphStore, headers: dict[str, str] | None = None) -> None:
        self.http = client
        self.store = store
        self.headers = headers or {}

    def with_key(self, key: str) -> GraphQLClient:
        """The same app, called with `Authorization: Bearer <key>`."""
        return GraphQLClient(self.http, self.store, {"Authorization": f"Bearer {key}"})

    async def query(self, text: str, **variables: Any) -> dict[str, Any]:
        response = await self.http.post("/graphql", json={"query": text, "variables": variables}, headers=self.headers)
        assert response.status_code == 200, response.text
        return response.json()

    async def data(self, text: str, **variables: Any) -> dict[str, Any]:
        answer = await self.query(text, **variables)
        assert "errors" not in answer, answer["errors"]
        return answer["data"]

    async def error(self, text: str, **variables: Any) -> dict[str, Any]:
        """The first error of an answer that must have one."""
        answer = await self.query(text, **variables)
        assert answer.get("errors"), f"expected an error, got {answer}"
        assert "Traceback" not in str(answer)
        return answer["errors"][0]

    async def error_code(self, text: str, **variables: Any) -> str:
        return (await self.error(text, **variables))["extensions"]["code"]


async def open_seeded_store(backend: str, db_path: Path, folder: Path) -> GraphStore:
    from seed.load import seed_directory

    store = create_store(store_settings(backend=backend, db_path=db_path))
    await store.open()
    report = await seed_directory(store, folder, replace=True)
    assert report.ok, report.errors[:5]
    return store


@asynccontextmanager
async def graphql_client(store: GraphStore, server: ServerSettings | None = None) -> AsyncIterator[GraphQLClient]:
    """Anonymous requests are editors here unless `server` says otherwise: the read tests are about
    what the graph answers; tests/test_access.py is about who may see it."""
    import httpx

    from api.app import create_app

    transport = httpx.ASGITransport(app=create_app(store=store, server=server or ServerSettings(anonymous_role="editor")))
    async with httpx.AsyncClient(transport=transport, base_url="http://lianjian.test") as http:
        yield GraphQLClient(http, store)


@pytest.fixture
async def tiny_client(store: GraphStore, tmp_path: Path) -> AsyncIterator[GraphQLClient]:
    """The hand-written tiny graph (tests/seed_folders.py) behind the app, fresh per test and backend."""
    from seed.load import seed_directory
    from tests.seed_folders import TINY, write_folder

    report = await seed_directory(store, write_folder(tmp_path / "tiny", TINY))
    assert report.errors == []
    async with graphql_client(store) as client:
        yield client


@pytest.fixture(scope="module", params=BACKENDS)
async def demo(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[GraphQLClient]:
    """The demo data set behind the GraphQL app, once per module and backend."""
    store = await open_seeded_store(request.param, tmp_path_factory.mktemp("demo") / "db.lbug", DEMO)
    async with graphql_client(store) as client:
        yield client
    await store.close()
