"""`<plural>Aggregate(filter)` counts what the list with the same filter pages through, on every
backend, in one store round trip."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest

from graph.aggregates import AGGREGATE_GROUPS
from graph.model import NODE_PROPERTIES, PropType
from tests.conftest import GraphQLClient

CASES = [
    ("Member", ""),
    ("Member", '{organizationId: "o-pt-jggw-b1"}'),
    ("Member", "{status: PROBATIONARY}"),
    ("Member", '{cadre: true, unitId: "u-pt-jggw"}'),
    ("Unit", ""),
    ("Unit", "{kind: AGENCY}"),
    ("Unit", '{allianceId: "al-pt-zzzx"}'),
    ("Unit", '{nameContains: "没有这个名字"}'),
    ("Area", ""),
    ("Area", '{parentId: "a-ls"}'),
    ("Area", "{remote: true}"),
    ("Organization", '{unitId: "u-pt-jggw"}'),
    ("Organization", "{kind: BRANCH}"),
    ("Alliance", ""),
    ("Resource", "{kind: VENUE}"),
    ("Brand", ""),
    ("Service", '{domain: "医疗"}'),
]


def _selection(label: str) -> str:
    parts = ["count"]
    for group in AGGREGATE_GROUPS[label]:
        prop = group.prop
        parts.append(f"{prop}Count" if group.is_flag else f"by{prop.title()} {{ {prop} count }}")
    return " ".join(parts)


async def _listed(client: GraphQLClient, label: str, filter_text: str) -> list[dict[str, Any]]:
    """Every node the list answers, page by page: what the aggregate must count."""
    props = " ".join(g.prop for g in AGGREGATE_GROUPS[label])
    field = f"{label.lower()}s"
    nodes: list[dict[str, Any]] = []
    after: str | None = None
    while True:
        arguments = f"first: 500{', filter: ' + filter_text if filter_text else ''}"
        text = f"query($after: String) {{ {field}({arguments}, after: $after) {{ edges {{ node {{ id {props} }} }} " \
               f"pageInfo {{ hasNextPage endCursor }} }} }}"
        page = (await client.data(text, after=after))[field]
        nodes += [edge["node"] for edge in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            return nodes
        after = page["pageInfo"]["endCursor"]


def _expected(label: str, nodes: list[dict[str, Any]]) -> dict[str, Any]:
    expected: dict[str, Any] = {"count": len(nodes)}
    for group in AGGREGATE_GROUPS[label]:
        prop = group.prop
        if group.enum is None:
            expected[f"{prop}Count"] = sum(1 for node in nodes if node[prop])
        else:
            tally = Counter(node[prop] for node in nodes)
            by_value = [{prop: value, "count": tally[value]} for value in group.enum.values]
            expected[f"by{prop.title()}"] = by_value + ([{prop: None, "count": tally[None]}] if tally[None] else [])
    return expected


@pytest.mark.parametrize(("label", "filter_text"), CASES, ids=[f"{label}{text}" for label, text in CASES])
async def test_an_aggregate_counts_what_its_list_holds(demo: GraphQLClient, label: str, filter_text: str) -> None:
    nodes = await _listed(demo, label, filter_text)
    arguments = f"(filter: {filter_text})" if filter_text else ""
    field = f"{label.lower()}sAggregate"
    before = demo.store.round_trips
    answer = (await demo.data(f"{{ {field}{arguments} {{ {_selection(label)} }} }}"))[field]
    assert demo.store.round_trips - before == 1, "grouped and counted by the store in one query"
    assert answer == _expected(label, nodes)


async def test_the_demo_aggregates_are_not_trivial(demo: GraphQLClient) -> None:
    """The cases above count something: several values of each enumeration occur."""
    data = await demo.data("{ membersAggregate { count byStatus { count } cadreCount } "
                           "unitsAggregate { byKind { count } byLevel { count } } areasAggregate { remoteCount } }")
    assert all(entry["count"] > 0 for entry in data["membersAggregate"]["byStatus"])
    assert 0 < data["membersAggregate"]["cadreCount"] < data["membersAggregate"]["count"]
    assert sum(1 for entry in data["unitsAggregate"]["byKind"] if entry["count"]) >= 3
    assert data["areasAggregate"]["remoteCount"] > 0


def test_groupings_are_enumerations_and_booleans_of_the_model() -> None:
    for label, groups in AGGREGATE_GROUPS.items():
        for group in groups:
            expected = PropType.BOOL if group.enum is None else PropType.STRING
            assert NODE_PROPERTIES[label][group.prop] == expected, (label, group.prop)
    assert set(AGGREGATE_GROUPS) == set(NODE_PROPERTIES)
