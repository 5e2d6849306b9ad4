"""One caller cannot take every slot: beyond `max_concurrent_per_caller` running requests, the
same caller's requests wait their turn, and beyond a queue of `max_queued_per_caller` they are refused with RESOURCE_EXHAUSTED (429 for graphql-response+json clients), while
another caller is answered, and the refused caller is answered again once its requests are."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest

from api.auth import create_key
from api.fairness import GIVE_WAY_S, HeavyTurns
from api.settings import ServerSettings
from graph.bookkeeping import Actor
from graph.store import GraphStore
from tests.conftest import GraphQLClient, graphql_client, open_seeded_store
from tests.seed_folders import TINY, write_folder

HEAVY = "{ units(first: 50) { edges { node { id organizations { members { id positions { organization { id } } } } } } } }"
LIGHT = "{ __typename }"
SMALL = ServerSettings(anonymous_role="viewer", max_concurrent_per_caller=2, max_queued_per_caller=3)


@pytest.fixture(scope="module")
async def tiny_store(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[GraphStore]:
    folder = write_folder(tmp_path_factory.mktemp("tiny"), TINY)
    store = await open_seeded_store("embedded", tmp_path_factory.mktemp("db") / "db.lbug", folder)
    yield store
    await store.close()


@pytest.fixture
async def client(tiny_store: GraphStore) -> AsyncIterator[GraphQLClient]:
    async with graphql_client(tiny_store, SMALL) as client:
        yield client


async def test_a_caller_over_its_share_is_refused_and_another_is_not(client: GraphQLClient) -> None:
    key = await create_key(client.store, "viewer", "other caller", Actor("test", "admin"))
    other = client.with_key(key.key)
    answers = await asyncio.gather(*(client.query(HEAVY) for _ in range(10)), other.query(LIGHT))
    *flood, light = answers
    refused = [a["errors"][0] for a in flood if a.get("errors")]
    assert len(refused) == 5, flood  # 2 ran and 3 waited their turn
    assert all(e["extensions"] == {"code": "RESOURCE_EXHAUSTED", "limit": "concurrency"} for e in refused), refused
    assert "2 requests running and 3 waiting" in refused[0]["message"]
    assert light == {"data": {"__typename": "Query"}}
    assert (await client.data(LIGHT)) == {"__typename": "Query"}


async def test_the_refusal_is_a_429_for_graphql_response_clients(client: GraphQLClient) -> None:
    accept = {"Accept": "application/graphql-response+json"}
    responses = await asyncio.gather(*(client.http.post("/graphql", json={"query": HEAVY}, headers=accept)
                                       for _ in range(10)))
    statuses = sorted({r.status_code for r in responses})
    assert statuses == [200, 429], statuses


async def test_heavy_requests_take_turns_and_light_ones_do_not_wait_for_them() -> None:
    turns = HeavyTurns(cost=100, at_once=1)
    running: list[int] = []
    most = {"heavy": 0, "light": 0}

    async def request(estimate: int, kind: str) -> None:
        with turns.request():
            async with turns.turn(estimate):
                running.append(estimate)
                most[kind] = max(most[kind], sum(1 for e in running if (e > 100) == (kind == "heavy")))
                await asyncio.sleep(0.01)
                running.remove(estimate)

    await asyncio.gather(*(request(1_000, "heavy") for _ in range(4)), *(request(10, "light") for _ in range(4)))
    assert most == {"heavy": 1, "light": 4}
    assert turns.requests == turns.heavy == 0


async def test_a_heavy_request_gives_way_while_a_light_one_is_in_flight() -> None:
    turns = HeavyTurns(cost=100, at_once=1)
    async with turns.turn(1_000):
        with turns.request():
            alone = asyncio.get_running_loop().time()
            await turns.give_way()
            alone = asyncio.get_running_loop().time() - alone
            with turns.request():  # a light request arrives
                shared = asyncio.get_running_loop().time()
                await turns.give_way()
                shared = asyncio.get_running_loop().time() - shared
    assert alone < GIVE_WAY_S / 2 <= shared
