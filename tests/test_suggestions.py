"""gapClosers (issue 15) on the demo: the moves are real (the service covers the neighbour, a
sibling of the area), whatIf confirms that together they close exactly what they claim, and they
are the picks of a greedy set cover computed here from the ordinary read fields."""

from __future__ import annotations

from typing import Any

import pytest

from graph import suggestions
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


@pytest.mark.parametrize("whole", [False, True], ids=["lookups", "scans"])
@pytest.mark.parametrize(("within", "domain", "remote_only"), CASES)
async def test_the_moves_are_a_greedy_cover_and_close_what_they_say(
        demo: GraphQLClient, within: str | None, domain: str | None, remote_only: bool, whole: bool,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Both ways of reading the tree (key lookups for a district, scans for a province)."""
    monkeypatch.setattr(suggestions, "WHOLE_TREE_GAPS", 0 if whole else 10**9)
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


PARTNERS = """query($u: ID!) { partnerSuggestions(unitId: $u, first: 500) { score resourcesForUnit resourcesForPartner
  reason unit { id } areas { id } } }"""
WORLD = """{ units(first: 500) { edges { node { id area { id } resources { id } alliances { alliance { id } } brands {
    services { domain } } } } }
  alliances(first: 500) { edges { node { id parent { id } members { unit { id } } services { domain } } } } }"""


async def _partners_by_hand(demo: GraphQLClient, unit: str) -> list[tuple[str, int, int, list[str]]]:
    """partnerSuggestions from the read fields: accessibleResources of every unit, the domains each
    delivers (effective alliances' services and its brands'), and coverageGaps per domain."""
    world = await demo.data(WORLD)
    units = {u["id"]: u for u in (e["node"] for e in world["units"]["edges"])}
    alliances = {a["id"]: a for a in (e["node"] for e in world["alliances"]["edges"])}
    usable = {u: {a["resource"]["id"] for a in (await demo.data(
        "query($u: ID!) { accessibleResources(unitId: $u) { resource { id } } }", u=u))["accessibleResources"]}
        for u in units}

    def delivers(u: str) -> set[str]:
        effective = {a["alliance"]["id"] for a in units[u]["alliances"]}
        for alliance in list(effective):
            while alliances[alliance]["parent"] is not None:
                alliance = alliances[alliance]["parent"]["id"]
                effective.add(alliance)
        return ({s["domain"] for a in effective for s in alliances[a]["services"]}
                | {s["domain"] for b in units[u]["brands"] for s in b["services"]})

    domains = {d for u in units for d in delivers(u)}
    gaps = {d: {a["id"] for a in (await demo.data("query($d: String) { coverageGaps(domain: $d) { id } }", d=d))[
        "coverageGaps"]} for d in domains}

    def reach(giver: str, taker: str) -> set[str]:
        area = units[taker]["area"]
        return {area["id"]} if area and any(area["id"] in gaps[d] for d in delivers(giver)) else set()

    partners = {m["unit"]["id"] for a in units[unit]["alliances"] for m in alliances[a["alliance"]["id"]]["members"]}
    own = {r["id"] for r in units[unit]["resources"]}
    rows = []
    for other in sorted(set(units) - partners - {unit}):
        for_unit = len({r["id"] for r in units[other]["resources"]} - usable[unit])
        areas = sorted(reach(unit, other) | reach(other, unit))
        if for_unit or areas:
            rows.append((other, for_unit, len(own - usable[other]), areas))
    return sorted(rows, key=lambda r: (-(r[1] + r[2] + len(r[3])), r[0]))


@pytest.mark.parametrize("unit", ["u-pt-minzheng", "u-ls-zzb", "u-ly-mzj", "u-ls-sc-v2"])
async def test_partner_suggestions_match_a_reckoning_by_hand(demo: GraphQLClient, unit: str) -> None:
    answer = (await demo.data(PARTNERS, u=unit))["partnerSuggestions"]
    assert answer, "a unit with no suggestion tests nothing"
    got = [(s["unit"]["id"], s["resourcesForUnit"], s["resourcesForPartner"], [a["id"] for a in s["areas"]])
           for s in answer]
    assert got == await _partners_by_hand(demo, unit)
    assert all(s["score"] == s["resourcesForUnit"] + s["resourcesForPartner"] + len(s["areas"]) for s in answer)


async def test_an_alliance_with_the_best_partner_opens_what_it_says(demo: GraphQLClient) -> None:
    """Allying and sharing every own resource via the new alliance, as whatIf sees it, opens exactly the counts."""
    unit = "u-ls-zzb"
    best = (await demo.data(PARTNERS, u=unit))["partnerSuggestions"][0]
    other = best["unit"]["id"]
    owned = await demo.data('query($a: ID!, $b: ID!) { a: unit(id: $a) { resources { id } } '
                            'b: unit(id: $b) { resources { id } } }', a=unit, b=other)
    changes: list[dict[str, Any]] = [{"createAlliance": {"alliance": {"id": "al-pair", "name": "结对", "model": "PAIRING"},
                                                         "memberIds": [unit, other]}}]
    changes += [{"shareResource": {"resourceId": r["id"], "allianceId": "al-pair"}}
                for side in ("a", "b") for r in owned[side]["resources"]]
    impacts = {i["unit"]["id"]: len(i["gained"]) for i in (await demo.data(
        "query($c: [PlannedChangeInput!]!) { whatIf(changes: $c) { units { unit { id } gained { resource { id } } } } }",
        c=changes))["whatIf"]["units"]}
    assert (impacts.get(unit, 0), impacts.get(other, 0)) == (best["resourcesForUnit"], best["resourcesForPartner"])
    assert best["resourcesForUnit"] + best["resourcesForPartner"] > 0


async def test_partner_suggestions_refuse_an_unknown_unit(demo: GraphQLClient) -> None:
    assert await demo.error_code('{ partnerSuggestions(unitId: "u-nowhere") { score } }') == "NOT_FOUND"
    assert await demo.error_code('{ partnerSuggestions(unitId: "u-ls-zzb", first: 0) { score } }') == "BAD_USER_INPUT"
