"""The cost estimate never counts fewer fields than a query resolves: each relationship list is
counted as long as the graph's longest one (GraphStore.fan_out), on the demo data and on
`generate --units 5000`, and it follows the graph as writes change it."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from graphql import get_operation_ast, parse

from api.limits import estimate_cost
from api.schema import build_schema
from api.settings import ServerSettings
from graph.store import GraphStore
from seed.generate import write_synthetic
from tests.conftest import DEMO, GraphQLClient, graphql_client, open_seeded_store

SCHEMA = build_schema(ServerSettings())._schema
ROOMY = ServerSettings(anonymous_role="editor", max_complexity=1_000_000_000, query_timeout_ms=120_000)
DEEP = [
    "{ members(first: 500) { edges { node { unit { members { unit { members { name } } } } } } } }",
    "{ units(first: 200) { edges { node { id organizations { members { id positions { organization { id } } } } } } } }",
    "{ alliances(first: 100) { edges { node { members { unit { alliances { alliance { members { unit { id } } } } } } } } } }",
    "{ areas(first: 100) { edges { node { children { children { units { resources { alliances { alliance { id } } } } } } } } } }",
    "{ organizations(first: 300) { edges { node { children { members { id } } brands { services { areas { area { id } } } } } } } }",
    "{ services(first: 200) { edges { node { areas { area { services { id } units { id } } } alliance { resources { resource { id } } } } } } }",
    "{ alliances(first: 100) { edges { node { membersConnection(first: 500) { totalCount edges { role node { "
    "organizationsConnection { edges { node { membersConnection(first: 3) { edges { node { id } } } } } } } } } } } } }",
]


def resolved(value: Any) -> int:
    """The fields an answer resolved: one per key of every object in it."""
    if isinstance(value, dict):
        return sum(1 + resolved(inner) for inner in value.values())
    if isinstance(value, list):
        return sum(resolved(inner) for inner in value)
    return 0


async def estimate(store: GraphStore, text: str) -> int:
    document = parse(text)
    operation = get_operation_ast(document)
    assert operation is not None
    return estimate_cost(SCHEMA, document, operation, {}, await store.fan_out())


@pytest.fixture(scope="module", params=["demo", "generated"])
async def graph(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
                ) -> AsyncIterator[tuple[GraphStore, GraphQLClient]]:
    work = tmp_path_factory.mktemp(request.param)
    folder = DEMO
    if request.param == "generated":
        folder = work / "csv"
        write_synthetic(folder, 5000, 0)
    store = await open_seeded_store("embedded", work / "db.lbug", folder)
    async with graphql_client(store, ROOMY) as client:
        yield store, client
    await store.close()


@pytest.mark.parametrize("text", DEEP, ids=range(len(DEEP)))
async def test_the_estimate_is_never_below_what_resolves(graph: tuple[GraphStore, GraphQLClient], text: str) -> None:
    store, client = graph
    answer = await client.data(text)
    assert await estimate(store, text) >= resolved(answer) > 0


async def test_the_fan_out_follows_writes(graph: tuple[GraphStore, GraphQLClient]) -> None:
    store, client = graph
    widest = (await store.fan_out())["Alliance.members"]
    alliance = (await client.data("{ alliances(first: 1) { edges { node { id } } } }"))["alliances"]["edges"][0]["node"]["id"]
    area = (await client.data("{ areas(first: 1) { edges { node { id } } } }"))["areas"]["edges"][0]["node"]["id"]
    for i in range(widest + 1):
        await client.data(f'mutation {{ createUnit(input: {{id: "fo{i}", name: "扇出{i}", kind: "AGENCY", areaId: "{area}"}}) {{ id }} }}')
        await client.data(f'mutation {{ joinAlliance(allianceId: "{alliance}", unitId: "fo{i}") {{ id }} }}')
    assert (await store.fan_out())["Alliance.members"] >= widest + 1
    text = f'{{ alliance(id: "{alliance}") {{ members {{ unit {{ id }} }} }} }}'
    assert await estimate(store, text) >= resolved(await client.data(text))
