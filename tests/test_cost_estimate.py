"""The cost estimate never counts fewer fields than a query resolves: each relationship list is
counted as long as the graph's longest one (GraphStore.fan_out), on the demo data and on
`generate --units 5000`, and it follows the graph as writes change it."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from graphql import get_nullable_type, get_operation_ast, is_list_type, parse

from api.limits import estimate_cost
from api.schema import build_schema
from api.settings import ServerSettings
from graph.relations import RELATIONS
from graph.store import GraphStore
from seed.generate import write_synthetic
from seed.load import seed_directory
from tests.conftest import BACKENDS, DEMO, GraphQLClient, graphql_client, open_seeded_store
from tests.seed_folders import TINY, write_folder

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
    assert await _fan_out_reaches(store, "Alliance.members", widest + 1)
    text = f'{{ alliance(id: "{alliance}") {{ members {{ unit {{ id }} }} }} }}'
    assert await estimate(store, text) >= resolved(await client.data(text))


async def _fan_out_reaches(store: GraphStore, relation: str, degree: int) -> bool:
    """Whether the figures read again in the background after the writes reach `degree` (in 10 s)."""
    for _ in range(200):
        if (await store.fan_out())[relation] >= degree:
            return True
        await asyncio.sleep(0.05)
    return False


def test_single_relations_are_the_schema_s_object_fields() -> None:
    """A relation marked single is never multiplied by the estimate, so it must not be a list."""
    for name, relation in RELATIONS.items():
        type_name, field = name.split(".")
        listed = is_list_type(get_nullable_type(SCHEMA.type_map[type_name].fields[field].type))
        assert relation.single is not listed, name


@pytest.mark.parametrize("backend", BACKENDS)
async def test_after_a_seed_the_fan_out_is_read_before_it_is_used(backend: str, tmp_path: Path) -> None:
    """A seed can widen any relation by any number: the next estimate waits for figures read afresh."""
    store = await open_seeded_store(backend, tmp_path / "db.lbug", write_folder(tmp_path / "tiny", TINY))
    try:
        assert (await store.fan_out())["Alliance.members"] == 2
        more = {"alliance_members.csv": "alliance_id,unit_id,role,since\nal1,u3,MEMBER,\n"}
        assert (await seed_directory(store, write_folder(tmp_path / "more", more))).errors == []
        assert (await store.fan_out())["Alliance.members"] == 3
    finally:
        await store.close()


@pytest.mark.parametrize("backend", BACKENDS)
async def test_a_query_without_relationship_lists_does_not_wait_for_the_fan_out(backend: str, tmp_path: Path) -> None:
    """The figures are a read over every relationship: a point read or a paged list is estimated
    without them, so it is neither slowed nor refused when they cannot be read."""
    store = await open_seeded_store(backend, tmp_path / "db.lbug", write_folder(tmp_path / "tiny", TINY))
    try:
        async with graphql_client(store) as client:
            before = store.round_trips
            await client.data('{ unit(id: "u1") { id name area { id } } units(first: 5) { edges { node { id } } } }')
            assert store.round_trips - before == 3  # the unit, its area, the page: no fan-out statement
            await client.data('{ unit(id: "u1") { alliances { alliance { id } } } }')
            assert store.round_trips - before > 3 + len([name for name in RELATIONS if not RELATIONS[name].single])
    finally:
        await store.close()
