"""`<field>Connection` beside every to-many relationship field: its pages concatenate to the plain
list (edge properties included), its filter is the neighbour type's list filter, and the cost
limit counts its `first`; on every backend."""

from __future__ import annotations

from typing import Any

import graphql
import pytest

from api.limits import estimate_cost
from api.schema import build_schema, sdl
from api.settings import ServerSettings
from graph.relations import RELATIONS, Relation
from tests.conftest import GraphQLClient

SCHEMA = graphql.build_schema(sdl())
COSTED = build_schema(ServerSettings())._schema
TO_MANY = [rel for rel in RELATIONS.values() if not rel.single]


def _field(rel: Relation) -> str:
    return rel.name.split(".")[1]


def _list_item(rel: Relation) -> tuple[str, str]:
    """How the plain list shows a neighbour: (the selection, the path to its id). A list of
    relationships with properties wraps the node (`Unit.alliances { alliance { id } role }`)."""
    owner = SCHEMA.get_type(rel.label)
    item = graphql.get_named_type(owner.fields[_field(rel)].type)  # type: ignore[union-attr]
    if item.name == rel.other:
        return "id", ""
    wrapper = next(name for name, f in item.fields.items() if graphql.get_named_type(f.type).name == rel.other)
    props = " ".join(p for p in rel.edge_properties if p in item.fields)
    return f"{wrapper} {{ id }} {props}", wrapper


def _as_edge(rel: Relation, item: dict[str, Any], wrapper: str) -> dict[str, Any]:
    if not wrapper:
        return {"node": {"id": item["id"]}}
    return {"node": item[wrapper], **{p: item[p] for p in rel.edge_properties if p in item}}


async def _busiest_parent(client: GraphQLClient, rel: Relation) -> tuple[str, list[dict[str, Any]]]:
    """The parent with the most neighbours among the first 500, and its plain list."""
    selection, wrapper = _list_item(rel)
    plural = f"{rel.label.lower()}s"
    data = await client.data(f"{{ {plural}(first: 500) {{ edges {{ node {{ id {_field(rel)} {{ {selection} }} }} }} }} }}")
    nodes = [edge["node"] for edge in data[plural]["edges"]]
    busiest = max(nodes, key=lambda node: len(node[_field(rel)]))
    return busiest["id"], [_as_edge(rel, item, wrapper) for item in busiest[_field(rel)]]


@pytest.mark.parametrize("rel", TO_MANY, ids=[rel.name for rel in TO_MANY])
async def test_connection_pages_concatenate_to_the_plain_list(demo: GraphQLClient, rel: Relation) -> None:
    parent, listed = await _busiest_parent(demo, rel)
    assert listed, f"the demo has no {rel.name} to page through"
    props = " ".join(rel.edge_properties)
    shown = {"node", *(key for item in listed for key in item)}  # Area.services lists no `since`
    field = f"{_field(rel)}Connection"
    text = (f"query($id: ID!, $after: String) {{ {rel.label[0].lower() + rel.label[1:]}(id: $id) {{ "
            f"{field}(first: 1, after: $after) {{ totalCount edges {{ cursor node {{ id }} {props} }} "
            f"pageInfo {{ hasNextPage endCursor }} }} }} }}")
    paged: list[dict[str, Any]] = []
    after = None
    while True:
        page = (await demo.data(text, id=parent, after=after))[rel.label[0].lower() + rel.label[1:]][field]
        assert page["totalCount"] == len(listed)
        assert [edge["cursor"] for edge in page["edges"]] == [page["pageInfo"]["endCursor"]]
        paged += [{key: value for key, value in edge.items() if key in shown} for edge in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert paged == listed


async def _member_ids(client: GraphQLClient, filter_text: str) -> list[str]:
    data = await client.data(f"{{ members(first: 500, filter: {filter_text}) {{ edges {{ node {{ id }} }} }} }}")
    return [edge["node"]["id"] for edge in data["members"]["edges"]]


@pytest.mark.parametrize("member_filter", ["{status: PROBATIONARY}", "{cadre: true}", '{nameContains: "红"}',
                                           '{unitId: "u-pt-jggw"}'])
async def test_a_connection_filter_is_the_list_filter_within_the_parent(demo: GraphQLClient, member_filter: str) -> None:
    """Organization.membersConnection(filter: F) of o is members(filter: F and organizationId: o)."""
    text = (f'{{ organizations(first: 200) {{ edges {{ node {{ id membersConnection(first: 100, filter: {member_filter}) '
            f'{{ totalCount edges {{ node {{ id }} }} }} }} }} }} }}')
    found = 0
    for edge in (await demo.data(text))["organizations"]["edges"]:
        connection = edge["node"]["membersConnection"]
        ids = [e["node"]["id"] for e in connection["edges"]]
        if ids:
            combined = member_filter[:-1] + f', organizationId: "{edge["node"]["id"]}"}}'
            assert ids == await _member_ids(demo, combined)
            found += 1
        assert connection["totalCount"] == len(ids)
    assert found >= 2, "the filter must match members of several organizations"


async def test_page_size_and_cursor_are_checked(demo: GraphQLClient) -> None:
    text = '{ organization(id: "o-pt-jggw-b1") { membersConnection(first: %s) { totalCount } } }'
    assert await demo.error_code(text % "0") == "BAD_USER_INPUT"
    assert await demo.error_code(text % '1, after: "not-a-cursor"') == "BAD_USER_INPUT"


async def test_the_cost_estimate_counts_a_connections_first_up_to_the_fan_out(demo: GraphQLClient) -> None:
    """A connection is counted as its `first`, but never as more than the relationship's widest
    fan-out: its page cannot be longer."""
    widest = (await demo.store.fan_out())["Organization.members"]
    assert widest > 1, "the demo must have an organization with several members"

    async def cost(first: int) -> int:
        text = f"{{ organizations(first: 10) {{ edges {{ node {{ membersConnection(first: {first}) {{ edges {{ node {{ id }} }} }} }} }} }} }}"
        document = graphql.parse(text)
        operation = graphql.get_operation_ast(document)
        assert operation is not None
        return estimate_cost(COSTED, document, operation, {}, await demo.store.fan_out())

    assert await cost(1) < await cost(widest) == await cost(500)
