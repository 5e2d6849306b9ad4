"""whatIf (issue 15): each kind of planned change answered without writing, then made for real with
the mutations on a fresh copy of the demo, and the analytic fields read again must differ from the
first reading exactly as whatIf said they would."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from api.settings import ServerSettings
from tests.conftest import DEMO, GraphQLClient, graphql_client, open_seeded_store

WHAT_IF = """query($changes: [PlannedChangeInput!]!, $areaId: ID, $domain: String) {
  whatIf(changes: $changes, areaId: $areaId, domain: $domain) {
    units { unit { id } gained { resource { id } provider { id } via { id } plannedVia }
            lost { resource { id } provider { id } via { id } plannedVia }
            servicesGained { id } servicesLost { id } }
    coveredAreas { id } uncoveredAreas { id }
    summaryBefore { totalAreas coveredAreas remoteTotal remoteCovered coverageRatio }
    summaryAfter { totalAreas coveredAreas remoteTotal remoteCovered coverageRatio }
    partnersGained { units { id } } partnersLost { units { id } }
  }
}"""
SUMMARY = """query($areaId: ID, $domain: String) { coverageSummary(withinAreaId: $areaId, domain: $domain) {
  totalAreas coveredAreas remoteTotal remoteCovered coverageRatio } }"""
GAPS = "query($areaId: ID, $domain: String) { coverageGaps(withinAreaId: $areaId, domain: $domain) { id } }"
GRAPH = """{ units(first: 500) { edges { node { id } } }
  alliances(first: 500) { edges { node { id parent { id } members { unit { id } } services { id } } } }
  services(first: 500) { edges { node { id brand { unit { id } } } } } }"""
ACCESS = "own resource { id } provider { id } via { id }"


@pytest.fixture
async def demo_copy(backend: str, tmp_path: Path) -> AsyncIterator[GraphQLClient]:
    """A demo store of its own: the tests change it for real."""
    store = await open_seeded_store(backend, tmp_path / "db.lbug", DEMO)
    async with graphql_client(store, ServerSettings(anonymous_role="editor", max_aliases=500)) as client:
        yield client
    await store.close()


def _nodes(connection: dict[str, Any]) -> list[dict[str, Any]]:
    return [edge["node"] for edge in connection["edges"]]


async def _reading(client: GraphQLClient, area_id: str | None, domain: str | None) -> dict[str, Any]:
    """Everything whatIf speaks of, computed from the ordinary read fields."""
    graph = await client.data(GRAPH)
    units = [u["id"] for u in _nodes(graph["units"])]
    alliances = {a["id"]: a for a in _nodes(graph["alliances"])}
    aliased = " ".join(f'u{i}: accessibleResources(unitId: "{u}") {{ {ACCESS} }}' for i, u in enumerate(units))
    found = await client.data(f"{{ {aliased} }}")
    access = {unit: {a["resource"]["id"]: (a["provider"]["id"], sorted(v["id"] for v in a["via"]))
                     for a in found[f"u{i}"] if not a["own"]} for i, unit in enumerate(units)}
    members = {a: {m["unit"]["id"] for m in alliance["members"]} for a, alliance in alliances.items()}
    partners = {(x, y) for group in members.values() for x in group for y in group if x < y}

    def effective(unit: str) -> set[str]:
        found = {a for a, group in members.items() if unit in group}
        for alliance in list(found):
            parent = alliances[alliance]["parent"]
            while parent is not None:
                found.add(parent["id"])
                parent = alliances[parent["id"]]["parent"]
        return found

    delivers = {u: {s["id"] for a in effective(u) for s in alliances[a]["services"]} for u in units}
    for service in _nodes(graph["services"]):
        if service["brand"] is not None:
            delivers[service["brand"]["unit"]["id"]].add(service["id"])
    gaps = {a["id"] for a in (await client.data(GAPS, areaId=area_id, domain=domain))["coverageGaps"]}
    summary = (await client.data(SUMMARY, areaId=area_id, domain=domain))["coverageSummary"]
    return {"access": access, "partners": partners, "delivers": delivers, "gaps": gaps, "summary": summary}


def _expected(before: dict[str, Any], after: dict[str, Any]) -> dict[str, Any]:
    """What whatIf must have answered, from the readings before and after the real change."""
    units = {}
    for unit, now in after["access"].items():
        was = before["access"].get(unit, {})
        gained = {r: now[r] for r in now.keys() - was.keys()}
        lost = {r: was[r] for r in was.keys() - now.keys()}
        services_gained = after["delivers"][unit] - before["delivers"].get(unit, set())
        services_lost = before["delivers"].get(unit, set()) - after["delivers"][unit]
        if gained or lost or services_gained or services_lost:
            units[unit] = (gained, lost, services_gained, services_lost)
    return {
        "units": units,
        "covered": before["gaps"] - after["gaps"],
        "uncovered": after["gaps"] - before["gaps"],
        "summary": (before["summary"], after["summary"]),
        "partners": (after["partners"] - before["partners"], before["partners"] - after["partners"]),
    }


def _answered(what_if: dict[str, Any]) -> dict[str, Any]:
    def accesses(items: list[dict[str, Any]]) -> dict[str, tuple[str, list[str]]]:
        return {a["resource"]["id"]: (a["provider"]["id"], sorted([v["id"] for v in a["via"]] + a["plannedVia"]))
                for a in items}

    def pairs(items: list[dict[str, Any]]) -> set[tuple[str, str]]:
        return {tuple(u["id"] for u in p["units"]) for p in items}  # type: ignore[misc]

    units = {i["unit"]["id"]: (accesses(i["gained"]), accesses(i["lost"]), {s["id"] for s in i["servicesGained"]},
                               {s["id"] for s in i["servicesLost"]}) for i in what_if["units"]}
    return {
        "units": units,
        "covered": {a["id"] for a in what_if["coveredAreas"]},
        "uncovered": {a["id"] for a in what_if["uncoveredAreas"]},
        "summary": (what_if["summaryBefore"], what_if["summaryAfter"]),
        "partners": (pairs(what_if["partnersGained"]), pairs(what_if["partnersLost"])),
    }


async def _make(client: GraphQLClient, changes: list[dict[str, Any]]) -> None:
    """The planned changes, made for real with the ordinary mutations."""
    for change in changes:
        (kind, given), = change.items()
        if kind == "createAlliance":
            alliance = given["alliance"]
            await client.data("mutation($a: CreateAllianceInput!) { createAlliance(input: $a) { id } }", a=alliance)
            for unit in given.get("memberIds", []):
                await client.data("mutation($a: ID!, $u: ID!) { joinAlliance(allianceId: $a, unitId: $u) { id } }",
                                  a=alliance["id"], u=unit)
        elif kind == "deliverService":
            await client.data("""mutation($s: ID!, $a: ID!) { updateService(id: $s, input: {allianceId: $a,
                brandId: null}) { id } }""", s=given["serviceId"], a=given["allianceId"])
        else:
            arguments = ", ".join(f"{name}: ${name}" for name in given)
            declared = ", ".join(f"${name}: {'String' if name == 'role' else 'ID'}!" for name in given)
            await client.data(f"mutation({declared}) {{ {kind}({arguments}) {{ id }} }}", **given)


PLANS = {
    "join a sub-chain": ([{"joinAlliance": {"allianceId": "al-ls-yl", "unitId": "u-pt-minzheng"}}], "a-ls", "医疗"),
    "leave the pairing": ([{"leaveAlliance": {"allianceId": "al-ls-kssc", "unitId": "u-ls-sc-v2"}}], None, None),
    "share down a chain": ([{"shareResource": {"resourceId": "r-pt-xfhs", "allianceId": "al-ls-chain"}}], None, None),
    "unshare one of two ways": ([{"unshareResource": {"resourceId": "r-pt-zcyz", "allianceId": "al-pt-zzzx"}}],
                                None, None),
    "cover a whole city": ([{"coverArea": {"serviceId": "s-ls-xhyl", "areaId": "a-ls"}}], "a-ls", "医疗"),
    "uncover a township": ([{"uncoverArea": {"serviceId": "s-ls-xhyl", "areaId": "a-ls-sc-wz"}}], "a-ls", "医疗"),
    "a new alliance under another": ([
        {"createAlliance": {"alliance": {"id": "al-plan", "name": "规划联建", "model": "JOINT_BUILDING",
                                         "parentId": "al-pt-zzzx"}, "memberIds": ["u-ly-mzj", "u-pt-lh"]}},
        {"shareResource": {"resourceId": "r-pt-hdyz", "allianceId": "al-plan"}},
    ], None, None),
    "deliver a brand's service through an alliance": (
        [{"deliverService": {"serviceId": "s-pt-gxyf", "allianceId": "al-pt-island"}}], None, None),
    "several, one undoing another": ([
        {"joinAlliance": {"allianceId": "al-pt-island", "unitId": "u-sjz-ycj", "role": "LEAD"}},
        {"coverArea": {"serviceId": "s-pt-xhyl", "areaId": "a-pt"}},
        {"leaveAlliance": {"allianceId": "al-pt-island", "unitId": "u-sjz-ycj"}},
        {"joinAlliance": {"allianceId": "al-pt-szmm", "unitId": "u-sjz-ycj"}},
        {"uncoverArea": {"serviceId": "s-ls-xhyl", "areaId": "a-ls-sc-wz"}},
    ], None, "医疗"),
}


@pytest.mark.parametrize("name", PLANS)
async def test_what_if_answers_what_the_real_change_does(demo_copy: GraphQLClient, name: str) -> None:
    changes, area_id, domain = PLANS[name]
    before = await _reading(demo_copy, area_id, domain)
    what_if = (await demo_copy.data(WHAT_IF, changes=changes, areaId=area_id, domain=domain))["whatIf"]
    unchanged = await _reading(demo_copy, area_id, domain)
    assert unchanged == before, "whatIf wrote something"
    await _make(demo_copy, changes)
    after = await _reading(demo_copy, area_id, domain)
    expected = _expected(before, after)
    assert expected != _expected(before, before), "the plan changes nothing: a useless case"
    assert _answered(what_if) == expected


async def test_what_if_writes_nothing_and_audits_nothing(demo_copy: GraphQLClient) -> None:
    audited = await demo_copy.store.audit_count()
    changes = [c for name, (plan, _, _) in PLANS.items() if not name.startswith("several") for c in plan]
    await demo_copy.data(WHAT_IF, changes=changes)
    assert await demo_copy.store.audit_count() == audited
    alliance = await demo_copy.data('{ alliance(id: "al-plan") { id } unit(id: "u-pt-minzheng") { alliances { '
                                    'alliance { id } } } }')
    assert alliance["alliance"] is None
    assert "al-ls-yl" not in {a["alliance"]["id"] for a in alliance["unit"]["alliances"]}


async def test_a_refused_change_reads_as_its_mutation_and_names_its_place(demo_copy: GraphQLClient) -> None:
    join = {"joinAlliance": {"allianceId": "al-pt-island", "unitId": "u-nowhere"}}
    planned = await demo_copy.error(WHAT_IF, changes=[{"coverArea": {"serviceId": "s-ls-xhyl", "areaId": "a-ls"}},
                                                      join])
    real = await demo_copy.error('mutation { joinAlliance(allianceId: "al-pt-island", unitId: "u-nowhere") { id } }')
    assert planned["extensions"]["code"] == real["extensions"]["code"]
    assert planned["extensions"]["field"] == real["extensions"]["field"] == "unitId"
    assert planned["extensions"]["change"] == 1
    assert planned["message"] == f"change 2: {real['message']}"

    role = {"joinAlliance": {"allianceId": "al-pt-island", "unitId": "u-pt-lh", "role": "KING"}}
    planned = await demo_copy.error(WHAT_IF, changes=[role])
    real = await demo_copy.error('mutation { joinAlliance(allianceId: "al-pt-island", unitId: "u-pt-lh", '
                                 'role: "KING") { id } }')
    assert (planned["extensions"]["code"], planned["message"]) == ("BAD_USER_INPUT", f"change 1: {real['message']}")


async def test_leaving_what_was_never_joined_is_not_found_unless_the_plan_joined_it(demo_copy: GraphQLClient) -> None:
    leave = {"leaveAlliance": {"allianceId": "al-pt-island", "unitId": "u-pt-lh"}}
    error = await demo_copy.error(WHAT_IF, changes=[leave])
    assert (error["extensions"]["code"], error["extensions"]["field"]) == ("NOT_FOUND", "unitId")
    join = {"joinAlliance": {"allianceId": "al-pt-island", "unitId": "u-pt-lh"}}
    answer = (await demo_copy.data(WHAT_IF, changes=[join, leave]))["whatIf"]
    assert answer["units"] == [] and answer["partnersGained"] == [] == answer["partnersLost"]


async def test_a_planned_change_has_exactly_one_kind(demo_copy: GraphQLClient) -> None:
    both = {"joinAlliance": {"allianceId": "al-pt-island", "unitId": "u-pt-lh"},
            "coverArea": {"serviceId": "s-ls-xhyl", "areaId": "a-ls"}}
    assert await demo_copy.error_code(WHAT_IF, changes=[both]) == "BAD_USER_INPUT"
    assert await demo_copy.error_code(WHAT_IF, changes=[{}]) == "BAD_USER_INPUT"


GUIDE = (Path(__file__).resolve().parent.parent / "docs" / "planning.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("operation", re.findall(r"```graphql\n(.*?)```", GUIDE, flags=re.DOTALL))
async def test_the_planning_guide_examples_answer(demo: GraphQLClient, operation: str) -> None:
    data = await demo.data(operation)
    assert all(value not in (None, [], {}) for value in data.values()), data
