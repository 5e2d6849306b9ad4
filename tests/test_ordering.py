"""`orderBy` on the lists and the relationship connections (issue 12.2), on every backend: names
in 拼音序, DESC the exact reverse of ASC, ties by id, keyset cursors that page through a sorted
list without duplicates or gaps, and a cursor of one order refused by another."""

from __future__ import annotations

import base64
import json
import re
from pathlib import Path
from typing import Any

import graphql
import pytest

from api.limits import estimate_cost
from api.schema import build_schema
from api.settings import ServerSettings
from graph.namekeys import name_keys
from graph.ordering import SORT_KEYS
from seed.load import seed_directory
from tests.conftest import REPO, GraphQLClient, graphql_client
from tests.seed_folders import TINY, write_folder

PLURALS = {"Area": "areas", "Unit": "units", "Organization": "organizations", "Member": "members", "Brand": "brands",
           "Alliance": "alliances", "Resource": "resources", "Service": "services"}
ORDERS = [(label, field) for label, keys in SORT_KEYS.items() for field in keys]
# The example of docs/api.md's "Sorting", so the documented query is the one tested.
API_MD = (REPO / "docs" / "api.md").read_text(encoding="utf-8")
DOCUMENTED = re.findall(r"<!-- ordering:start -->\n```graphql\n(.*?)```", API_MD, re.DOTALL)[0]


async def _listed(client: GraphQLClient, label: str, order: str, selection: str = "id name",
                  filter_text: str = "") -> list[dict[str, Any]]:
    """The whole list in pages of the most `first` allows (the demo's 727 members take two)."""
    plural = PLURALS[label]
    text = (f"query($after: String) {{ {plural}(first: 500, after: $after, orderBy: {order}{filter_text}) "
            f"{{ edges {{ node {{ {selection} }} }} pageInfo {{ hasNextPage endCursor }} }} }}")
    nodes: list[dict[str, Any]] = []
    after = None
    while True:
        page = (await client.data(text, after=after))[plural]
        nodes += [edge["node"] for edge in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            return nodes
        after = page["pageInfo"]["endCursor"]


async def _paged(client: GraphQLClient, label: str, order: str, first: int, filter_text: str = "") -> list[str]:
    plural = PLURALS[label]
    text = (f"query($after: String) {{ {plural}(first: {first}, after: $after, orderBy: {order}{filter_text}) "
            f"{{ edges {{ cursor node {{ id }} }} pageInfo {{ hasNextPage endCursor }} }} }}")
    ids: list[str] = []
    after = None
    while True:
        page = (await client.data(text, after=after))[plural]
        assert len(page["edges"]) <= first
        ids += [edge["node"]["id"] for edge in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            return ids
        assert page["pageInfo"]["endCursor"] == page["edges"][-1]["cursor"]
        after = page["pageInfo"]["endCursor"]


def test_name_keys_sort_syllable_by_syllable_with_tones_and_numbers_by_value() -> None:
    def ordered(*names: str) -> list[str]:
        return sorted(names, key=lambda name: name_keys(name).sort)

    assert ordered("昂贵", "安徽") == ["安徽", "昂贵"]  # an hui before ang gui; concatenated, anhui > anggui
    assert ordered("马", "妈", "麻") == ["妈", "麻", "马"]  # ma1, ma2, ma3
    assert ordered("白沙岛乡", "白沙岛") == ["白沙岛", "白沙岛乡"]  # a name before the longer ones it begins
    assert ordered("第10党支部", "第2党支部") == ["第2党支部", "第10党支部"]
    assert ordered('"跨山多联"结对', "交通惠民") == ["交通惠民", '"跨山多联"结对']  # punctuation does not count
    assert ordered("北京", "阿里") == ["阿里", "北京"]  # by code point 北 (U+5317) comes before 阿 (U+963F)


async def test_names_sort_by_pinyin_not_by_code_point(demo: GraphQLClient) -> None:
    names = [area["name"] for area in await _listed(demo, "Area", "{field: NAME}")]
    assert names.index("阿里河林场") < names.index("白沙岛") < names.index("白沙岛乡") < names.index("舟山市")
    assert names.index("浙江省") < names.index("舟山市")  # zhe before zhou
    assert "阿里河林场" > "白沙岛", "code point order would put them the other way"
    assert names == sorted(names, key=lambda name: name_keys(name).sort)


@pytest.mark.parametrize(("label", "field"), ORDERS, ids=[f"{label}.{field}" for label, field in ORDERS])
async def test_desc_is_asc_reversed_and_ties_go_by_id(demo: GraphQLClient, label: str, field: str) -> None:
    ascending = [node["id"] for node in await _listed(demo, label, f"{{field: {field}}}")]
    descending = [node["id"] for node in await _listed(demo, label, f"{{field: {field}, direction: DESC}}")]
    by_id = [node["id"] for node in await _listed(demo, label, "{field: ID}")]
    assert sorted(ascending) == by_id and len(set(ascending)) == len(ascending)
    assert descending == ascending[::-1]


async def test_counts_sort_with_ids_as_the_tie_break(demo: GraphQLClient) -> None:
    alliances = await _listed(demo, "Alliance", "{field: MEMBER_COUNT, direction: DESC}", "id members { unit { id } }")
    seen = [(len(alliance["members"]), alliance["id"]) for alliance in alliances]
    assert seen == sorted(seen, reverse=True)
    assert len({count for count, _ in seen}) < len(seen), "the demo must have alliances with equal member counts"
    assert seen[0][0] > seen[-1][0]


async def test_missing_values_sort_as_the_smallest(demo: GraphQLClient) -> None:
    areas = await _listed(demo, "Area", "{field: POPULATION, direction: DESC}", "id population")
    populations = [area["population"] for area in areas]
    known = [p for p in populations if p is not None]
    assert known == sorted(known, reverse=True) and None in populations
    assert populations == known + [None] * (len(populations) - len(known))


@pytest.mark.parametrize(("label", "order", "first", "filter_text"), [
    ("Member", "{field: NAME}", 50, ""),
    ("Member", "{field: JOINED, direction: DESC}", 37, ", filter: {status: FULL}"),
    ("Alliance", "{field: MEMBER_COUNT, direction: DESC}", 2, ""),
    ("Unit", "{field: LEVEL}", 7, ""),
    ("Unit", "{field: PARTNER_COUNT, direction: DESC}", 9, ', filter: {kind: AGENCY}'),
    ("Organization", "{field: NAME, direction: DESC}", 11, ', filter: {nameContains: "党"}'),
    ("Area", "{field: ID, direction: DESC}", 40, ""),
])
async def test_paging_with_a_small_first_gives_the_whole_sorted_list(demo: GraphQLClient, label: str, order: str,
                                                                     first: int, filter_text: str) -> None:
    whole = [node["id"] for node in await _listed(demo, label, order, "id", filter_text)]
    assert len(whole) > 2 * first, "the list must span several pages"
    assert await _paged(demo, label, order, first, filter_text) == whole


def _cursor_text(cursor: str) -> str:
    return base64.urlsafe_b64decode(cursor).decode()


async def test_a_cursor_of_one_order_is_refused_by_another(demo: GraphQLClient) -> None:
    text = ("query($after: String, $order: UnitOrder) { units(first: 2, after: $after, orderBy: $order) "
            "{ edges { cursor } pageInfo { endCursor } } }")
    by_name = (await demo.data(text, order={"field": "NAME"}))["units"]["pageInfo"]["endCursor"]
    by_id = (await demo.data(text))["units"]["pageInfo"]["endCursor"]
    assert _cursor_text(by_id).startswith("id:")  # the default order keeps the cursors of before

    for cursor, order, made, asked in [
        (by_name, {"field": "NAME", "direction": "DESC"}, "NAME ASC", "NAME DESC"),
        (by_name, {"field": "KIND"}, "NAME ASC", "KIND ASC"),
        (by_name, None, "NAME ASC", "ID ASC"),
        (by_id, {"field": "NAME"}, "ID ASC", "NAME ASC"),
    ]:
        error = await demo.error(text, after=cursor, order=order)
        assert error["extensions"]["code"] == "BAD_USER_INPUT" and error["extensions"]["argument"] == "after"
        assert f"made for orderBy {made}" in error["message"] and f"asks for {asked}" in error["message"]
    assert (await demo.data(text, after=by_id, order={"field": "ID"}))["units"]["edges"]

    tag, key, id_ = json.loads(_cursor_text(by_name).removeprefix("at:"))
    forged = [(["KIND:ASC", key, id_], "NAME"), ([tag, 3, id_], "NAME"), ([tag, key, ""], "NAME"), ([tag, key], "NAME"),
              ("x", "NAME"), (["PARTNER_COUNT:ASC", 2**63, id_], "PARTNER_COUNT")]
    for value, field in forged:
        cursor = base64.urlsafe_b64encode(f"at:{json.dumps(value, separators=(',', ':'))}".encode()).decode()
        assert await demo.error_code(text, after=cursor, order={"field": field}) == "BAD_USER_INPUT", value


async def test_a_connection_sorts_its_neighbours_and_pages_by_keyset(demo: GraphQLClient) -> None:
    """Organization.membersConnection(orderBy) of o is members(filter: {organizationId: o}, orderBy)."""
    organizations = await _listed(demo, "Organization", "{field: MEMBER_COUNT, direction: DESC}", "id")
    busiest = organizations[0]["id"]
    order = "{field: NAME, direction: DESC}"
    expected = [node["id"] for node in await _listed(demo, "Member", order, "id",
                                                    f', filter: {{organizationId: "{busiest}"}}')]
    assert len(expected) > 3
    text = (f"query($after: String) {{ organization(id: \"{busiest}\") {{ membersConnection(first: 2, after: $after, "
            f"orderBy: {order}) {{ totalCount edges {{ node {{ id }} }} pageInfo {{ hasNextPage endCursor }} }} }} }}")
    paged: list[str] = []
    after = None
    while True:
        connection = (await demo.data(text, after=after))["organization"]["membersConnection"]
        assert connection["totalCount"] == len(expected)
        paged += [edge["node"]["id"] for edge in connection["edges"]]
        if not connection["pageInfo"]["hasNextPage"]:
            break
        after = connection["pageInfo"]["endCursor"]
    assert paged == expected
    wrong = await demo.error(text.replace(order, "{field: NAME}"), after=after)
    assert wrong["extensions"]["code"] == "BAD_USER_INPUT" and "made for orderBy NAME DESC" in wrong["message"]


async def test_a_connection_sorted_by_a_count_with_edge_properties(demo: GraphQLClient) -> None:
    text = ('{ alliances(first: 100) { edges { node { id membersConnection(first: 100, orderBy: {field: PARTNER_COUNT, '
            'direction: DESC}) { edges { role node { id } } } } } } }')
    units = await _listed(demo, "Unit", "{field: PARTNER_COUNT, direction: DESC}", "id")
    rank = {unit["id"]: at for at, unit in enumerate(units)}
    checked = 0
    for alliance in (await demo.data(text))["alliances"]["edges"]:
        edges = alliance["node"]["membersConnection"]["edges"]
        ids = [edge["node"]["id"] for edge in edges]
        assert ids == sorted(ids, key=rank.__getitem__)
        assert all(edge["role"] in ("LEAD", "MEMBER") for edge in edges)
        checked += len(ids) > 2
    assert checked >= 3


async def test_sorted_connections_are_batched(demo: GraphQLClient) -> None:
    """A level of sorted connections costs its links, their sort keys and the page's nodes: three
    store calls however many parents it has."""
    text = ("{ organizations(first: %d) { edges { node { id membersConnection(first: 2, orderBy: {field: NAME}) "
            "{ edges { node { name } } } } } } }")
    await demo.store.fan_out()  # the cost limit's figures, read once, are not the query's
    costs = []
    for parents in (5, 200):
        before = demo.store.round_trips
        await demo.data(text % parents)
        costs.append(demo.store.round_trips - before)
    assert costs[0] == costs[1] == 4  # the page of organizations, then the connections' three


async def test_the_cost_estimate_counts_sorted_lists_as_it_counts_the_others(demo: GraphQLClient) -> None:
    schema = build_schema(ServerSettings())._schema
    fan_out = await demo.store.fan_out()

    def cost(text: str) -> int:
        document = graphql.parse(text)
        operation = graphql.get_operation_ast(document)
        assert operation is not None
        return estimate_cost(schema, document, operation, {}, fan_out)

    plain = "{ units(first: 20) { edges { node { id alliancesConnection(first: 5) { edges { node { id } } } } } } }"
    sorted_ = ("{ units(first: 20, orderBy: {field: NAME}) { edges { node { id alliancesConnection(first: 5, "
               "orderBy: {field: MEMBER_COUNT, direction: DESC}) { edges { node { id } } } } } } }")
    assert cost(sorted_) == cost(plain) > 20 * 5


async def test_members_sort_by_name_only_for_roles_that_see_their_names(demo: GraphQLClient) -> None:
    async with graphql_client(demo.store, ServerSettings(anonymous_role="viewer")) as viewer:
        assert await viewer.error_code("{ members(orderBy: {field: NAME}) { edges { node { id } } } }") == "FORBIDDEN"
        text = '{ organization(id: "o-pt-jggw-b1") { membersConnection(orderBy: {field: NAME}) { totalCount } } }'
        assert await viewer.error_code(text) == "FORBIDDEN"
        assert (await viewer.data("{ members(first: 3, orderBy: {field: JOINED}) { edges { node { id } } } }"))


async def test_created_and_renamed_nodes_take_their_place_in_the_name_order(tiny_client: GraphQLClient) -> None:
    async def names() -> list[str]:
        return [unit["name"] for unit in await _listed(tiny_client, "Unit", "{field: NAME}")]

    assert await names() == ["东极镇", "公安分局", "民政局"]  # dong, gong, min
    await tiny_client.data('mutation { createUnit(input: {id: "u9", name: "阿里派出所", kind: "AGENCY"}) { id } }')
    await tiny_client.data('mutation { updateUnit(id: "u1", input: {name: "白沙民政局"}) { id } }')
    assert await names() == ["阿里派出所", "白沙民政局", "东极镇", "公安分局"]


async def test_the_documented_example_answers_in_order(demo: GraphQLClient) -> None:
    data = await demo.data(DOCUMENTED)
    counts = [len(edge["node"]["members"]) for edge in data["alliances"]["edges"]]
    assert len(counts) == 3 and counts == sorted(counts, reverse=True) and data["alliances"]["pageInfo"]["hasNextPage"]
    names = [edge["node"]["name"] for edge in data["organization"]["membersConnection"]["edges"]]
    assert names and names == sorted(names, key=lambda name: name_keys(name).sort)


@pytest.mark.parametrize("rowwise_max", [1_000, 1], ids=["row by row", "from a bulk table"])
async def test_a_store_from_before_name_sort_gets_its_keys_when_it_opens(tmp_path: Path, rowwise_max: int,
                                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """A store seeded before `name_sort` existed has the column (the schema adds it) but no values:
    opened, it keys every name once, and lists sort by them. Three stale units are written row by
    row; with the bulk threshold lowered to one, through the statement that a large store uses."""
    import ladybug

    import graph.bulk
    from api.settings import store_settings
    from graph.config import create_store

    monkeypatch.setattr(graph.bulk, "ROWWISE_MAX", rowwise_max)

    path = tmp_path / "old.lbug"
    store = create_store(store_settings(backend="embedded", db_path=path))
    await store.open()
    assert (await seed_directory(store, write_folder(tmp_path / "tiny", TINY))).errors == []
    await store.close()
    database = ladybug.Database(str(path))
    ladybug.Connection(database).execute("MATCH (n:Unit) SET n.name_sort = NULL")
    database.close()

    store = create_store(store_settings(backend="embedded", db_path=path))
    await store.open()
    try:
        assert await store.read("unkeyed_names_unit") == []
        async with graphql_client(store) as client:
            names = [unit["name"] for unit in await _listed(client, "Unit", "{field: NAME}")]
            assert names == ["东极镇", "公安分局", "民政局"]
    finally:
        await store.close()
