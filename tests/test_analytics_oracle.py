"""Every analytic field over HTTP against an independent plain-Python answer (tests/oracle.py),
on a generated data set of a few hundred units, for a deterministic sample of arguments."""

from __future__ import annotations

import random
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from seed.generate import DOMAINS, write_synthetic
from tests.conftest import BACKENDS, GraphQLClient, graphql_client, open_seeded_store
from tests.oracle import Graph

UNITS = 300


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("synthetic")
    write_synthetic(path, UNITS, seed=7)
    return path


@pytest.fixture(scope="module")
def oracle(folder: Path) -> Graph:
    return Graph.read(folder)


@pytest.fixture(scope="module", params=BACKENDS)
async def api(request: pytest.FixtureRequest, folder: Path, tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[GraphQLClient]:
    store = await open_seeded_store(request.param, tmp_path_factory.mktemp("db") / "db.lbug", folder)
    async with graphql_client(store) as client:
        yield client
    await store.close()


def sample(items: list[str], n: int, seed: int) -> list[str]:
    return random.Random(seed).sample(sorted(items), min(n, len(items)))


def flat(items: list[dict[str, Any]]) -> list[str]:
    return [i["id"] for i in items]


async def test_accessible_resources(api: GraphQLClient, oracle: Graph) -> None:
    for unit in sample(list(oracle.units), 15, 1):
        for kind in (None, "VENUE"):
            got = (await api.data("""query($u: ID!, $k: ResourceKind) { accessibleResources(unitId: $u, kind: $k) {
                own resource { id } provider { id } via { id } } }""", u=unit, k=kind))["accessibleResources"]
            mine = [{"resource": g["resource"]["id"], "provider": g["provider"]["id"], "own": g["own"],
                     "via": flat(g["via"])} for g in got]
            assert mine == oracle.accessible_resources(unit, kind), (unit, kind)


async def test_unit_sharing(api: GraphQLClient, oracle: Graph) -> None:
    for unit in sample(list(oracle.units), 15, 2):
        got = (await api.data("""query($u: ID!) { unitSharing(unitId: $u) { unit { id } providedCount sharedOutCount
            accessibleCount providers { id } consumers { id } } }""", u=unit))["unitSharing"]
        assert got["unit"]["id"] == unit
        mine = {**got, "providers": flat(got["providers"]), "consumers": flat(got["consumers"])}
        del mine["unit"]
        assert mine == oracle.unit_sharing(unit), unit


async def test_coverage(api: GraphQLClient, oracle: Graph) -> None:
    for area in sample(list(oracle.areas), 15, 3):
        for domain in (None, "医疗"):
            got = (await api.data("""query($a: ID!, $d: String) { coverage(areaId: $a, domain: $d) { area { id } covered
                unitCount services { id } units { id } alliances { id } } }""", a=area, d=domain))["coverage"]
            mine = {"covered": got["covered"], "services": flat(got["services"]), "units": flat(got["units"]),
                    "alliances": flat(got["alliances"]), "unitCount": got["unitCount"]}
            assert mine == oracle.coverage(area, domain), (area, domain)


async def test_coverage_gaps_and_summary(api: GraphQLClient, oracle: Graph) -> None:
    roots = [a for a, r in oracle.areas.items() if r["kind"] == "PROVINCE"]  # a whole tree: scanned by root
    scopes = [None, *roots, *sample([a for a, r in oracle.areas.items() if r["kind"] in ("CITY", "DISTRICT", "TOWNSHIP")], 8, 4)]
    for within in scopes:
        for domain, remote_only, kind in ((None, False, None), ("医疗", True, None), ("助餐", False, "VILLAGE")):
            got = (await api.data("""query($w: ID, $d: String, $r: Boolean!, $k: AreaKind) {
                coverageGaps(withinAreaId: $w, domain: $d, remoteOnly: $r, kind: $k) { id } }""",
                                  w=within, d=domain, r=remote_only, k=kind))["coverageGaps"]
            assert flat(got) == oracle.coverage_gaps(within, domain, remote_only, kind), (within, domain, remote_only, kind)
        got = (await api.data("query($w: ID) { coverageGaps(withinAreaId: $w, domain: \"医疗\", first: 7) { id } }",
                              w=within))["coverageGaps"]
        assert flat(got) == oracle.coverage_gaps(within, "医疗", False, None)[:7], within
        for domain in (None, DOMAINS[0]):
            got = (await api.data("""query($w: ID, $d: String) { coverageSummary(withinAreaId: $w, domain: $d) {
                totalAreas coveredAreas coverageRatio remoteTotal remoteCovered } }""", w=within, d=domain))["coverageSummary"]
            expected = oracle.coverage_summary(within, domain)
            assert got == {**expected, "coverageRatio": pytest.approx(expected["coverageRatio"])}, (within, domain)


async def test_connection_path(api: GraphQLClient, oracle: Graph) -> None:
    units = sample(list(oracle.units), 24, 5)
    for source, target in zip(units[::2], units[1::2]):
        for max_hops in (1, 3, 6):
            got = (await api.data("""query($f: ID!, $t: ID!, $m: Int!) { connectionPath(fromUnitId: $f, toUnitId: $t,
                maxHops: $m) { hops units { id } alliances { id } } }""", f=source, t=target, m=max_hops))["connectionPath"]
            mine = None if got is None else {"hops": got["hops"], "units": flat(got["units"]), "alliances": flat(got["alliances"])}
            assert mine == oracle.connection_path(source, target, max_hops), (source, target, max_hops)


async def test_isolated_units_and_top_connectors(api: GraphQLClient, oracle: Graph) -> None:
    for kind in (None, "AGENCY"):
        got = (await api.data("query($k: UnitKind) { isolatedUnits(kind: $k) { id } }", k=kind))["isolatedUnits"]
        assert flat(got) == oracle.isolated_units(kind)
        got = (await api.data("query($k: UnitKind) { isolatedUnits(kind: $k, first: 3) { id } }", k=kind))["isolatedUnits"]
        assert flat(got) == oracle.isolated_units(kind)[:3]
    for first in (1, 10, 50):
        got = (await api.data("query($n: Int!) { topConnectors(first: $n) { unit { id } partners alliances } }",
                              n=first))["topConnectors"]
        assert [{"unit": g["unit"]["id"], "partners": g["partners"], "alliances": g["alliances"]} for g in got] == \
            oracle.top_connectors(first)


async def test_talent_search(api: GraphQLClient, oracle: Graph) -> None:
    for unit in sample(list(oracle.units), 10, 6):
        for skill, max_hops in (("医疗", 0), ("法律", 1), ("驾驶", 2)):
            got = (await api.data("""query($u: ID!, $s: String!, $m: Int!) { talentSearch(unitId: $u, skill: $s,
                maxHops: $m) { hops member { id } unit { id } } }""", u=unit, s=skill, m=max_hops))["talentSearch"]
            mine = [{"member": g["member"]["id"], "unit": g["unit"]["id"], "hops": g["hops"]} for g in got]
            assert mine == oracle.talent_search(unit, skill, max_hops), (unit, skill, max_hops)


async def test_responsibility_chain(api: GraphQLClient, oracle: Graph, folder: Path) -> None:
    import csv

    with open(folder / "organizations.csv", encoding="utf-8") as f:
        orgs = [r["id"] for r in csv.DictReader(f)]
    for org in sample(orgs, 20, 7):
        got = (await api.data("""query($o: ID!) { responsibilityChain(organizationId: $o) { organization { id }
            secretary { id } } }""", o=org))["responsibilityChain"]
        mine = [{"organization": g["organization"]["id"], "secretary": (g["secretary"] or {}).get("id")} for g in got]
        assert mine == oracle.responsibility_chain(org), org


async def test_alliance_network(api: GraphQLClient, oracle: Graph) -> None:
    cases: list[tuple[str | None, list[str], int]] = [(u, [], d) for u in sample(list(oracle.units), 6, 8) for d in (1, 2)]
    alliances = sorted({a for joined in oracle.joins.values() for a in joined})
    cases += [(None, sample(alliances, 2, 9), 1), (None, sample(alliances, 1, 10), 2)]
    for unit, alliance_ids, depth in cases:
        got = (await api.data("""query($u: ID, $a: [ID!], $d: Int!) { allianceNetwork(unitId: $u, allianceIds: $a,
            depth: $d, limit: 5000) { truncated nodes { id type } edges { source target role } } }""",
                              u=unit, a=alliance_ids or None, d=depth))["allianceNetwork"]
        expected = oracle.alliance_network(unit, alliance_ids, depth)
        assert not got["truncated"]
        assert {n["id"] for n in got["nodes"] if n["type"] == "UNIT"} == expected["units"], (unit, alliance_ids, depth)
        assert {n["id"] for n in got["nodes"] if n["type"] == "ALLIANCE"} == expected["alliances"]
        assert {(e["source"], e["target"], e["role"]) for e in got["edges"]} == expected["edges"]


async def test_alliance_network_truncates_at_the_limit(api: GraphQLClient, oracle: Graph) -> None:
    unit = oracle.top_connectors(1)[0]["unit"]
    got = (await api.data("""query($u: ID!) { allianceNetwork(unitId: $u, depth: 3, limit: 10) { truncated
        nodes { id } edges { source target } } }""", u=unit))["allianceNetwork"]
    assert got["truncated"] is True and len(got["nodes"]) == 10
    included = {n["id"] for n in got["nodes"]}
    assert all(e["source"] in included and e["target"] in included for e in got["edges"])
