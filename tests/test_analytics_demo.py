"""Readable cases on the demo data (seed/demo/README.md lists these anchor facts)."""

from __future__ import annotations

import pytest

from tests.conftest import GraphQLClient


def ids(items: list[dict]) -> list[str]:
    return [i["id"] for i in items]


async def test_what_the_civil_affairs_bureau_uses_through_the_governance_centre(demo: GraphQLClient) -> None:
    access = (await demo.data("""{ accessibleResources(unitId: "u-pt-minzheng") {
        own resource { id name } provider { id } via { id } } }"""))["accessibleResources"]
    through_centre = {a["resource"]["id"]: a["provider"]["id"] for a in access if "al-pt-zzzx" in ids(a["via"])}
    assert through_centre == {
        "r-pt-12345": "u-pt-zzzx", "r-pt-dgxf": "u-pt-dg", "r-pt-jws": "u-pt-gaj", "r-pt-paw": "u-pt-zzzx",
        "r-pt-xfjd": "u-pt-xinfang", "r-pt-zcyz": "u-pt-canlian", "r-pt-zhcg": "u-pt-zhifa",
    }
    assert [a["own"] for a in access[:2]] == [True, True] and not any(a["own"] for a in access[2:])
    venues = (await demo.data('{ accessibleResources(unitId: "u-pt-minzheng", kind: VENUE) { resource { kind } } }'))
    assert {a["resource"]["kind"] for a in venues["accessibleResources"]} == {"VENUE"}


async def test_mountain_villages_the_roving_clinic_misses(demo: GraphQLClient) -> None:
    gaps = ids((await demo.data("""{ coverageGaps(withinAreaId: "a-ls", domain: "医疗", remoteOnly: true, kind: VILLAGE)
        { id remote kind } }"""))["coverageGaps"])
    assert len(gaps) == 27 and gaps == sorted(gaps)
    assert {"a-ls-jn-dj-v2", "a-ls-sc-hz-v2", "a-ls-sy-sq-v4"} <= set(gaps)
    assert "a-ls-sc-wz-v3" not in gaps, "covered through its township"
    summary = (await demo.data('{ coverageSummary(withinAreaId: "a-ls", domain: "医疗") { totalAreas coveredAreas '
                               'remoteTotal remoteCovered coverageRatio } }'))["coverageSummary"]
    assert summary["remoteTotal"] - summary["remoteCovered"] >= 27
    assert summary["coverageRatio"] == pytest.approx(summary["coveredAreas"] / summary["totalAreas"])


async def test_an_area_covered_only_through_its_ancestor(demo: GraphQLClient) -> None:
    area = (await demo.data('{ area(id: "a-ls-sc-wz-v3") { services { id } } }'))["area"]
    assert area["services"] == [], "no service covers the village directly"
    coverage = (await demo.data("""{ coverage(areaId: "a-ls-sc-wz-v3", domain: "医疗") { covered services { id }
        alliances { id } units { id } unitCount } }"""))["coverage"]
    assert coverage["covered"] and ids(coverage["services"]) == ["s-ls-xhyl"]
    assert ids(coverage["alliances"]) == ["al-ls-yl"]
    assert "u-ls-sc-v2" in ids(coverage["units"]), "a member of a pairing inside al-ls-yl delivers it too"
    assert coverage["unitCount"] == len(coverage["units"])


async def test_a_unit_in_a_sub_sub_alliance_reaches_the_chain(demo: GraphQLClient) -> None:
    access = (await demo.data('{ accessibleResources(unitId: "u-ls-sc-v2") { resource { id } via { id } } }'))
    via = {a["resource"]["id"]: ids(a["via"]) for a in access["accessibleResources"]}
    assert via["r-ls-djzd"] == ["al-ls-chain"]
    assert via["r-ls-zjzs"] == ["al-ls-kssc", "al-ls-yl"]


async def test_paths_and_their_absence(demo: GraphQLClient) -> None:
    path = (await demo.data("""{ connectionPath(fromUnitId: "u-pt-minzheng", toUnitId: "u-pt-dj") { hops units { id }
        alliances { id } } }"""))["connectionPath"]
    assert path == {"hops": 2, "units": [{"id": "u-pt-minzheng"}, {"id": "u-pt-shangwu"}, {"id": "u-pt-dj"}],
                    "alliances": [{"id": "al-pt-szmm"}, {"id": "al-pt-island"}]}
    assert (await demo.data('{ connectionPath(fromUnitId: "u-pt-minzheng", toUnitId: "u-pt-dj", maxHops: 1) { hops } }'))[
        "connectionPath"] is None
    assert (await demo.data('{ connectionPath(fromUnitId: "u-pt-minzheng", toUnitId: "u-sjz-xcb") { hops } }'))[
        "connectionPath"] is None
    same = (await demo.data('{ connectionPath(fromUnitId: "u-pt-gaj", toUnitId: "u-pt-gaj") { hops units { id } } }'))
    assert same["connectionPath"] == {"hops": 0, "units": [{"id": "u-pt-gaj"}]}


async def test_isolated_units_and_top_connectors(demo: GraphQLClient) -> None:
    isolated = ids((await demo.data("{ isolatedUnits { id } }"))["isolatedUnits"])
    assert isolated == ["u-ls-jn-v3", "u-ly-mzj", "u-ly-qsl", "u-ly-wjw", "u-nm-bd", "u-pt-lh", "u-pt-sjm", "u-sjz-ycj",
                        "u-sjz-ylj", "u-yz-czj", "u-yz-gw"]
    top = (await demo.data("{ topConnectors(first: 3) { unit { id } partners alliances } }"))["topConnectors"]
    assert [t["partners"] for t in top] == sorted((t["partners"] for t in top), reverse=True)
    assert top[0]["unit"]["id"].startswith("u-pt-")


async def test_talent_with_zero_hops_is_only_the_units_own_members(demo: GraphQLClient) -> None:
    own = (await demo.data('{ talentSearch(unitId: "u-pt-weijian", skill: "医疗", maxHops: 0) { hops unit { id } } }'))
    assert own["talentSearch"] and {(t["hops"], t["unit"]["id"]) for t in own["talentSearch"]} == {(0, "u-pt-weijian")}
    wider = (await demo.data('{ talentSearch(unitId: "u-pt-weijian", skill: "医疗", maxHops: 2) { hops member { skills } } }'))
    hops = [t["hops"] for t in wider["talentSearch"]]
    assert hops == sorted(hops) and max(hops) == 2
    assert all("医疗" in t["member"]["skills"] for t in wider["talentSearch"])


async def test_responsibility_chain_of_an_embedded_group(demo: GraphQLClient) -> None:
    chain = (await demo.data("""{ responsibilityChain(organizationId: "o-pt-zzzx-jg-g1") {
        organization { id kind } secretary { id } } }"""))["responsibilityChain"]
    assert [(c["organization"]["id"], c["organization"]["kind"]) for c in chain] == [
        ("o-pt-zzzx-jg-g1", "GROUP"), ("o-pt-zzzx-jg", "JOINT_BRANCH"), ("o-pt-zzzx", "COMMITTEE")]
    assert all(c["secretary"] for c in chain)


async def test_network_of_the_governance_centre(demo: GraphQLClient) -> None:
    net = (await demo.data("""{ allianceNetwork(allianceIds: ["al-pt-zzzx"]) { truncated nodes { id type }
        edges { source target role } } }"""))["allianceNetwork"]
    assert not net["truncated"]
    assert {n["id"] for n in net["nodes"] if n["type"] == "ALLIANCE"} == {"al-pt-zzzx"}
    assert {("u-pt-zzzx", "al-pt-zzzx", "LEAD")} <= {(e["source"], e["target"], e["role"]) for e in net["edges"]}
    assert len(net["edges"]) == 7


@pytest.mark.parametrize(("query", "code"), [
    ('{ accessibleResources(unitId: "nope") { own } }', "NOT_FOUND"),
    ('{ unitSharing(unitId: "nope") { providedCount } }', "NOT_FOUND"),
    ('{ coverage(areaId: "nope") { covered } }', "NOT_FOUND"),
    ('{ coverageGaps(withinAreaId: "nope") { id } }', "NOT_FOUND"),
    ('{ coverageSummary(withinAreaId: "nope") { totalAreas } }', "NOT_FOUND"),
    ('{ connectionPath(fromUnitId: "u-pt-gaj", toUnitId: "nope") { hops } }', "NOT_FOUND"),
    ('{ talentSearch(unitId: "nope", skill: "医疗") { hops } }', "NOT_FOUND"),
    ('{ responsibilityChain(organizationId: "nope") { secretary { id } } }', "NOT_FOUND"),
    ('{ allianceNetwork(allianceIds: ["nope"]) { truncated } }', "NOT_FOUND"),
    ('{ connectionPath(fromUnitId: "u-pt-gaj", toUnitId: "u-pt-dj", maxHops: 13) { hops } }', "BAD_USER_INPUT"),
    ('{ connectionPath(fromUnitId: "u-pt-gaj", toUnitId: "u-pt-dj", maxHops: -1) { hops } }', "BAD_USER_INPUT"),
    ('{ talentSearch(unitId: "u-pt-gaj", skill: "医疗", maxHops: 7) { hops } }', "BAD_USER_INPUT"),
    ('{ talentSearch(unitId: "u-pt-gaj", skill: "  ") { hops } }', "BAD_USER_INPUT"),
    ('{ topConnectors(first: 0) { partners } }', "BAD_USER_INPUT"),
    ('{ topConnectors(first: 501) { partners } }', "BAD_USER_INPUT"),
    ('{ coverageGaps(first: 0) { id } }', "BAD_USER_INPUT"),
    ('{ isolatedUnits(first: 501) { id } }', "BAD_USER_INPUT"),
    ('{ allianceNetwork(unitId: "u-pt-gaj", depth: 0) { truncated } }', "BAD_USER_INPUT"),
    ('{ allianceNetwork(unitId: "u-pt-gaj", depth: 6) { truncated } }', "BAD_USER_INPUT"),
    ('{ allianceNetwork(unitId: "u-pt-gaj", limit: 5001) { truncated } }', "BAD_USER_INPUT"),
    ("{ allianceNetwork { truncated } }", "BAD_USER_INPUT"),
])
async def test_arguments_are_checked(demo: GraphQLClient, query: str, code: str) -> None:
    assert await demo.error_code(query) == code
