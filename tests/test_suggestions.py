"""gapClosers (issue 15) on the demo: the moves are real (the service covers the neighbour, a
sibling of the area), whatIf confirms that together they close exactly what they claim, and they
are the picks of a greedy set cover computed here from the ordinary read fields."""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import GraphQLClient

CLOSERS = """query($within: ID, $domain: String, $remoteOnly: Boolean!, $first: Int!) {
  gapClosers(withinAreaId: $within, domain: $domain, remoteOnly: $remoteOnly, first: $first) {
    closedCount remoteClosed reason service { id domain areas { area { id } } } area { id parent { id } }
    neighbour { id parent { id } } closes { id remote } } }"""
WHAT_IF = """query($changes: [PlannedChangeInput!]!, $areaId: ID, $domain: String) {
  whatIf(changes: $changes, areaId: $areaId, domain: $domain) { coveredAreas { id } uncoveredAreas { id } } }"""
AREAS = """{ areas(first: 500) { edges { node { id remote parent { id } services { id domain } } } } }"""
CASES = [("a-ls", "医疗", True), ("a-ls", "医疗", False), (None, None, False), ("a-pt", "医疗", False)]


async def _closers(demo: GraphQLClient, within: str | None, domain: str | None, remote_only: bool,
                   first: int = 50) -> list[dict[str, Any]]:
    return (await demo.data(CLOSERS, within=within, domain=domain, remoteOnly=remote_only, first=first))["gapClosers"]


def _greedy(areas: dict[str, dict[str, Any]], gaps: set[str], within: str | None, domain: str | None,
            remote_only: bool) -> list[tuple[str, list[str]]]:
    """The greedy set cover the answer must follow, by plain loops over every area."""
    def above(area: str) -> list[str]:
        chain = []
        while areas[area]["parent"] is not None:
            area = areas[area]["parent"]["id"]
            chain.append(area)
        return chain

    targets = {g for g in gaps if areas[g]["remote"] or not remote_only}
    candidates = {}
    for area in gaps:
        parent = areas[area]["parent"]
        siblings = [a for a in areas if parent and areas[a]["parent"] == parent and a != area]
        if any(domain in (None, s["domain"]) for sibling in siblings for s in areas[sibling]["services"]):
            candidates[area] = {t for t in targets if t == area or area in above(t)}
    picked, closed = [], set()
    while True:
        gains = {a: c - closed for a, c in candidates.items() if c - closed}
        if not gains:
            return picked
        best = min(gains, key=lambda a: (-sum(1 for g in gains[a] if areas[g]["remote"]), -len(gains[a]), a))
        picked.append((best, sorted(gains[best])))
        closed |= gains[best]


@pytest.mark.parametrize(("within", "domain", "remote_only"), CASES)
async def test_the_moves_are_a_greedy_cover_and_close_what_they_say(demo: GraphQLClient, within: str | None,
                                                                    domain: str | None, remote_only: bool) -> None:
    moves = await _closers(demo, within, domain, remote_only)
    areas = {a["id"]: a for a in (e["node"] for e in (await demo.data(AREAS))["areas"]["edges"])}
    gaps = {a["id"] for a in (await demo.data("query($w: ID, $d: String) { coverageGaps(withinAreaId: $w, "
                                              "domain: $d) { id } }", w=within, d=domain))["coverageGaps"]}
    expected = _greedy(areas, gaps, within, domain, remote_only)
    assert expected, "a case with nothing to close tests nothing"
    assert [(m["area"]["id"], [a["id"] for a in m["closes"]]) for m in moves] == expected
    for move in moves:
        assert move["closedCount"] == len(move["closes"])
        assert move["remoteClosed"] == sum(a["remote"] for a in move["closes"])
        assert move["neighbour"]["parent"] == move["area"]["parent"] and move["neighbour"]["id"] != move["area"]["id"]
        assert move["neighbour"]["id"] in {a["area"]["id"] for a in move["service"]["areas"]}
        assert domain in (None, move["service"]["domain"])
        assert move["service"]["id"] and move["area"]["id"] and str(move["closedCount"]) in move["reason"]
    changes = [{"coverArea": {"serviceId": m["service"]["id"], "areaId": m["area"]["id"]}} for m in moves]
    planned = (await demo.data(WHAT_IF, changes=changes, areaId=within, domain=domain))["whatIf"]
    closed = {a["id"] for m in moves for a in m["closes"]}
    assert planned["uncoveredAreas"] == []
    assert closed <= {a["id"] for a in planned["coveredAreas"]}
    if not remote_only:
        assert {a["id"] for a in planned["coveredAreas"]} == closed


async def test_first_takes_the_best_moves(demo: GraphQLClient) -> None:
    every = await _closers(demo, "a-ls", "医疗", False)
    assert len(every) > 2
    assert await _closers(demo, "a-ls", "医疗", False, first=2) == every[:2]


async def test_bad_arguments(demo: GraphQLClient) -> None:
    assert await demo.error_code("{ gapClosers(first: 0) { closedCount } }") == "BAD_USER_INPUT"
    assert await demo.error_code('{ gapClosers(withinAreaId: "a-nowhere") { closedCount } }') == "NOT_FOUND"
