"""Each limit of a public endpoint refuses with a GraphQL error carrying a code and the limit's
name, and the server answers the next request as usual."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest

from api.app import create_app
from api.settings import ServerSettings
from graph.store import GraphStore
from tests.conftest import GraphQLClient, graphql_client, open_seeded_store
from tests.seed_folders import TINY, write_folder

OK = "{ units(first: 2) { edges { node { id } } } }"
STRICT = ServerSettings(anonymous_role="editor", max_depth=6, max_tokens=200, max_aliases=3, max_complexity=2000,
                        max_body_bytes=5000)


@pytest.fixture(scope="module")
async def tiny_store(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[GraphStore]:
    folder = write_folder(tmp_path_factory.mktemp("tiny"), TINY)
    store = await open_seeded_store("embedded", tmp_path_factory.mktemp("db") / "db.lbug", folder)
    yield store
    await store.close()


@pytest.fixture
async def strict(tiny_store: GraphStore) -> AsyncIterator[GraphQLClient]:
    async with graphql_client(tiny_store, STRICT) as client:
        yield client


async def refused(client: GraphQLClient, text: str, limit: str) -> str:
    error = await client.error(text)
    assert error["extensions"] == {"code": "BAD_USER_INPUT", "limit": limit}, error
    assert (await client.data(OK))["units"]["edges"], "the server must keep answering"
    return error["message"]


async def test_depth(strict: GraphQLClient) -> None:
    deep = "{ units { edges { node { alliances { alliance { members { unit { area { id } } } } } } } } }"
    assert "depth" in await refused(strict, deep, "depth")


async def test_tokens(strict: GraphQLClient) -> None:
    long = "{ " + " ".join(f'u{i}: unit(id: "u1") {{ id }}' for i in range(40)) + " }"
    assert "tokens" in await refused(strict, long, "tokens")


async def test_aliases(strict: GraphQLClient) -> None:
    many = "{ " + " ".join(f'u{i}: unit(id: "u1") {{ id }}' for i in range(5)) + " }"
    assert "aliases" in await refused(strict, many, "aliases")


async def test_complexity_counts_first_and_nested_lists(strict: GraphQLClient) -> None:
    wide = "{ units(first: 500) { edges { node { id organizations { members { id } } } } } }"
    assert "about" in await refused(strict, wide, "complexity")
    by_variable = "query($n: Int!) { units(first: $n) { edges { node { id organizations { members { id } } } } } }"
    error = await strict.error(by_variable, n=500)
    assert error["extensions"]["limit"] == "complexity"
    assert (await strict.data(by_variable, n=2))["units"]["edges"]


async def test_page_size(strict: GraphQLClient) -> None:
    error = await strict.error("{ units(first: 501) { totalCount } }")
    assert error["extensions"] == {"code": "BAD_USER_INPUT", "argument": "first"}


async def test_body_size(strict: GraphQLClient) -> None:
    padding = " " * 6000
    response = await strict.http.post("/graphql", json={"query": OK + padding})
    assert response.status_code == 413
    assert response.json()["errors"][0]["extensions"] == {"code": "BAD_USER_INPUT", "limit": "body"}
    assert (await strict.data(OK))["units"]["edges"]


async def test_body_size_without_a_declared_length(strict: GraphQLClient) -> None:
    async def chunks() -> AsyncIterator[bytes]:
        yield b'{"query": "' + OK.encode()
        for _ in range(10):
            yield b" " * 1000
        yield b'"}'

    response = await strict.http.post("/graphql", content=chunks(), headers={"content-type": "application/json"})
    assert response.status_code == 413


async def test_time(tiny_store: GraphStore) -> None:
    async with graphql_client(tiny_store, ServerSettings(anonymous_role="editor", query_timeout_ms=0.1)) as client:
        error = await client.error("{ coverageSummary { totalAreas } }")
        assert error["extensions"] == {"code": "BAD_USER_INPUT", "limit": "time"}
        stopped = await asyncio.gather(*(client.query("{ coverageSummary { totalAreas } }") for _ in range(12)))
        assert all(answer["errors"][0]["extensions"]["limit"] == "time" for answer in stopped)
    async with graphql_client(tiny_store) as client:
        answers = await asyncio.gather(*(client.data("{ coverageSummary { totalAreas } }") for _ in range(12)))
        assert {a["coverageSummary"]["totalAreas"] for a in answers} == {3}, "stopped queries must not spoil the pool"


async def test_mutations_are_not_cut_off_by_the_time_limit(tiny_store: GraphStore) -> None:
    async with graphql_client(tiny_store, ServerSettings(anonymous_role="editor", query_timeout_ms=0.1)) as client:
        data = await client.data('mutation { updateArea(id: "a1", input: {population: 7}) { population } }')
        assert data["updateArea"] == {"population": 7}


async def test_deployment_mode_turns_off_introspection_and_graphiql(tiny_store: GraphStore) -> None:
    async with graphql_client(tiny_store, ServerSettings(deployment=True)) as client:
        error = await client.error("{ __schema { types { name } } }")
        assert "introspection" in error["message"].lower()
        page = await client.http.get("/graphql", headers={"accept": "text/html"})
        assert page.status_code == 404
        assert (await client.data(OK))["units"]["edges"]
    async with graphql_client(tiny_store) as client:
        assert (await client.data("{ __schema { queryType { name } } }"))["__schema"]["queryType"]["name"] == "Query"


async def test_cors_allows_only_the_configured_origins(tiny_store: GraphStore, tmp_path: Path) -> None:
    app = create_app(store=tiny_store, server=ServerSettings(cors_origins=("https://dangjian.example",)))
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://lianjian.test") as http:
        asked = {"access-control-request-method": "POST", "access-control-request-headers": "authorization"}
        allowed = await http.options("/graphql", headers={"origin": "https://dangjian.example", **asked})
        assert allowed.headers.get("access-control-allow-origin") == "https://dangjian.example"
        other = await http.options("/graphql", headers={"origin": "https://evil.example", **asked})
        assert "access-control-allow-origin" not in other.headers


def test_limits_come_from_the_environment_and_bad_values_name_their_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LIANJIAN_MAX_DEPTH", "3")
    monkeypatch.setenv("LIANJIAN_QUERY_TIMEOUT_MS", "2500")
    settings = ServerSettings.from_env(require_auth=True)
    assert (settings.max_depth, settings.query_timeout_ms, settings.require_auth) == (3, 2500, True)
    monkeypatch.setenv("LIANJIAN_MAX_COMPLEXITY", "lots")
    with pytest.raises(ValueError, match="LIANJIAN_MAX_COMPLEXITY"):
        ServerSettings.from_env()
    monkeypatch.delenv("LIANJIAN_MAX_COMPLEXITY")
    monkeypatch.setenv("LIANJIAN_ANONYMOUS_ROLE", "root")
    with pytest.raises(ValueError, match="LIANJIAN_ANONYMOUS_ROLE"):
        ServerSettings.from_env()
