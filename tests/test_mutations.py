"""Every mutation through HTTP on every backend: it changes the graph as asked, answers with the
changed node, and leaves one audit entry naming it; refusals are BAD_USER_INPUT or NOT_FOUND
with the field, change nothing, and read exactly like the CSV seed's message for the same value."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from api.naming import camel
from api.refusals import worded
from seed.load import seed_directory
from tests.conftest import GraphQLClient, graphql_client
from tests.seed_folders import write_folder

# (mutation, its answer, the ids its audit entry names)
CASES: list[tuple[str, dict[str, Any], list[str]]] = [
    ('createArea(input: {id: "a4", name: "庙子湖岛", kind: "海岛", parentId: "a2", remote: true}) '
     '{ id kind remote parent { id } }',
     {"id": "a4", "kind": "ISLAND", "remote": True, "parent": {"id": "a2"}}, ["a4"]),
    ('createUnit(input: {id: "u4", name: "东极派出所", kind: "AGENCY", areaId: "a3", parentId: "u2"}) '
     '{ id area { id } parent { id } }', {"id": "u4", "area": {"id": "a3"}, "parent": {"id": "u2"}}, ["u4"]),
    ('createOrganization(input: {id: "o3", name: "东极镇党委", kind: "党委", unitIds: ["u3", "u1"]}) '
     '{ kind units { id } }', {"kind": "COMMITTEE", "units": [{"id": "u1"}, {"id": "u3"}]}, ["o3"]),
    ('createMember(input: {id: "m3", name: "王五", status: "预备党员", organizationId: "o1", skills: ["调解"]}) '
     '{ status skills organization { id } }', {"status": "PROBATIONARY", "skills": ["调解"], "organization": {"id": "o1"}},
     ["m3"]),
    ('createBrand(input: {id: "b2", name: "海岛红帆", unitId: "u3", domains: ["治理", "旅游"]}) { domains unit { id } }',
     {"domains": ["治理", "旅游"], "unit": {"id": "u3"}}, ["b2"]),
    ('createAlliance(input: {id: "al3", name: "海岛联建", model: "PAIRING", parentId: "al1"}) { model parent { id } }',
     {"model": "PAIRING", "parent": {"id": "al1"}}, ["al3"]),
    ('createResource(input: {id: "r3", name: "党群服务中心", kind: "阵地", unitId: "u3", capacity: 80}) '
     '{ kind capacity provider { id } }', {"kind": "VENUE", "capacity": 80, "provider": {"id": "u3"}}, ["r3"]),
    ('createService(input: {id: "s3", name: "法律咨询", domain: "法律", allianceId: "al1"}) { domain alliance { id } }',
     {"domain": "法律", "alliance": {"id": "al1"}}, ["s3"]),
    ('updateArea(id: "a3", input: {population: 350, remote: false}) { name population remote }',
     {"name": "东极岛", "population": 350, "remote": False}, ["a3"]),
    ('updateUnit(id: "u2", input: {parentId: null, level: "市级"}) { name level parent { id } }',
     {"name": "公安分局", "level": "CITY", "parent": None}, ["u2"]),
    ('updateOrganization(id: "o2", input: {unitIds: ["u2"]}) { name units { id } }',
     {"name": "联合党支部", "units": [{"id": "u2"}]}, ["o2"]),
    ('updateMember(id: "m2", input: {status: "FULL", joined: "2024-07-01"}) { status joined name }',
     {"status": "FULL", "joined": "2024-07-01", "name": "李四"}, ["m2"]),
    ('updateBrand(id: "b1", input: {description: null}) { name description }', {"name": "渔都红警", "description": None},
     ["b1"]),
    ('updateAlliance(id: "al2", input: {name: "离岛结对共建"}) { name parent { id } }',
     {"name": "离岛结对共建", "parent": {"id": "al1"}}, ["al2"]),
    ('updateResource(id: "r2", input: {areaId: "a3"}) { name area { id } }', {"name": "警务室", "area": {"id": "a3"}},
     ["r2"]),
    ('updateService(id: "s2", input: {brandId: null, allianceId: "al2"}) { brand { id } alliance { id } }',
     {"brand": None, "alliance": {"id": "al2"}}, ["s2"]),
    ('deleteArea(id: "a3", detach: true) { id detached { relationship label id } }',
     {"id": "a3", "detached": [{"relationship": "COVERS", "label": "Service", "id": "s2"},
                               {"relationship": "LOCATED_IN", "label": "Unit", "id": "u3"}]}, ["a3"]),
    ('deleteUnit(id: "u3", detach: true) { id detached { relationship id } }',
     {"id": "u3", "detached": [{"relationship": "JOINS", "id": "al2"}]}, ["u3"]),
    ('deleteOrganization(id: "o1", detach: true) { detached { relationship label id } }',
     {"detached": [{"relationship": "PART_OF", "label": "Organization", "id": "o2"}]}, ["o1"]),
    ('deleteMember(id: "m2") { id detached { id } }', {"id": "m2", "detached": []}, ["m2"]),
    ('deleteAlliance(id: "al1", detach: true) { detached { relationship label id } }',
     {"detached": [{"relationship": "JOINS", "label": "Unit", "id": "u1"},
                   {"relationship": "JOINS", "label": "Unit", "id": "u2"},
                   {"relationship": "PART_OF", "label": "Alliance", "id": "al2"},
                   {"relationship": "SHARED_VIA", "label": "Resource", "id": "r1"}]}, ["al1"]),
    ('deleteResource(id: "r2") { detached { id } }', {"detached": []}, ["r2"]),
    ('deleteService(id: "s1", detach: true) { detached { relationship label id } }',
     {"detached": [{"relationship": "COVERS", "label": "Area", "id": "a2"}]}, ["s1"]),
    ('joinAlliance(allianceId: "al2", unitId: "u1", role: "牵头单位", since: "2024-03-01") '
     '{ members { unit { id } role since } }',
     {"members": [{"unit": {"id": "u1"}, "role": "LEAD", "since": "2024-03-01"},
                  {"unit": {"id": "u3"}, "role": "LEAD", "since": None}]}, ["u1", "al2"]),
    ('leaveAlliance(allianceId: "al1", unitId: "u2") { members { unit { id } } }',
     {"members": [{"unit": {"id": "u1"}}]}, ["u2", "al1"]),
    ('shareResource(resourceId: "r2", allianceId: "al2") { alliances { alliance { id } } }',
     {"alliances": [{"alliance": {"id": "al2"}}]}, ["r2", "al2"]),
    ('unshareResource(resourceId: "r1", allianceId: "al1") { alliances { alliance { id } } }', {"alliances": []},
     ["r1", "al1"]),
    ('assignPosition(memberId: "m2", organizationId: "o2", role: "委员") { positions { organization { id } role } }',
     {"positions": [{"organization": {"id": "o2"}, "role": "COMMITTEE_MEMBER"}]}, ["m2", "o2"]),
    ('removePosition(memberId: "m1", organizationId: "o2") { positions { role } }', {"positions": []}, ["m1", "o2"]),
    ('coverArea(serviceId: "s1", areaId: "a3", since: "2023-05-01") { areas { area { id } since } }',
     {"areas": [{"area": {"id": "a2"}, "since": None}, {"area": {"id": "a3"}, "since": "2023-05-01"}]}, ["s1", "a3"]),
    ('uncoverArea(serviceId: "s2", areaId: "a3") { areas { area { id } } }', {"areas": []}, ["s2", "a3"]),
    ('stationMember(memberId: "m2", unitId: "u3") { stationedAt { id } }', {"stationedAt": {"id": "u3"}}, ["m2"]),
    ('stationMember(memberId: "m1") { stationedAt { id } }', {"stationedAt": None}, ["m1"]),
    ('moveMember(memberId: "m1", organizationId: "o1") { organization { id } }', {"organization": {"id": "o1"}},
     ["m1"]),
]


@pytest.mark.parametrize(("mutation", "answer", "ids"), CASES, ids=[c[0].split("(")[0] + str(i) for i, c in enumerate(CASES)])
async def test_each_mutation_changes_the_graph_and_is_audited(tiny_client: GraphQLClient, mutation: str,
                                                              answer: dict[str, Any], ids: list[str]) -> None:
    name = mutation.split("(")[0]
    audited = await tiny_client.store.audit_count()
    data = await tiny_client.data(f"mutation {{ {mutation} }}")
    assert data[name] == answer
    assert await tiny_client.store.audit_count() == audited + 1
    entry = (await tiny_client.store.audit_page(1, None))[0]
    assert (entry.operation, entry.ids, entry.actor, entry.role) == (name, ids, "anonymous", "editor")
    assert entry.before is not None or name.startswith(("create", "join", "share", "assign", "cover"))
    assert entry.after is not None or name.startswith(("leave", "unshare", "remove", "uncover"))


async def test_the_changed_graph_is_what_the_next_read_sees(tiny_client: GraphQLClient) -> None:
    await tiny_client.data('mutation { createUnit(input: {id: "u9", name: "新单位", kind: "AGENCY"}) { id } }')
    await tiny_client.data('mutation { joinAlliance(allianceId: "al1", unitId: "u9") { id } }')
    members = await tiny_client.data('{ alliance(id: "al1") { members { unit { id name } role } } }')
    assert {"unit": {"id": "u9", "name": "新单位"}, "role": "MEMBER"} in members["alliance"]["members"]
    isolated = await tiny_client.data("{ isolatedUnits { id } }")
    assert {"id": "u9"} not in isolated["isolatedUnits"]


async def test_later_fields_of_a_request_see_its_earlier_changes(tiny_client: GraphQLClient) -> None:
    data = await tiny_client.data("""mutation {
        first: updateArea(id: "a3", input: {population: 1}) { population parent { name } }
        rename: updateArea(id: "a2", input: {name: "新舟山"}) { name }
        again: updateArea(id: "a3", input: {population: 2}) { population parent { name } } }""")
    assert data["first"] == {"population": 1, "parent": {"name": "舟山市"}}
    assert data["again"] == {"population": 2, "parent": {"name": "新舟山"}}


@pytest.mark.parametrize(("mutation", "field", "code"), [
    ('createUnit(input: {id: "u1", name: "x", kind: "AGENCY"}) { id }', "id", "BAD_USER_INPUT"),
    ('updateUnit(id: "nope", input: {name: "x"}) { id }', "id", "NOT_FOUND"),
    ('updateUnit(id: "u1", input: {parentId: "u2"}) { id }', "parentId", "BAD_USER_INPUT"),
    ('updateOrganization(id: "o2", input: {unitIds: []}) { id }', "unitIds", "BAD_USER_INPUT"),
    ('updateService(id: "s1", input: {brandId: "b1"}) { id }', "allianceId", "BAD_USER_INPUT"),
    ('deleteUnit(id: "u1") { id }', "id", "BAD_USER_INPUT"),
    ('deleteUnit(id: "nope") { id }', "id", "NOT_FOUND"),
    ('deleteBrand(id: "b1", detach: true) { id }', "id", "BAD_USER_INPUT"),  # service s2 is delivered by it alone
    ('deleteAlliance(id: "al2", detach: true) { id }', "id", "BAD_USER_INPUT"),  # and s1 by al2
    ('deleteOrganization(id: "o2", detach: true) { id }', "id", "BAD_USER_INPUT"),  # its members belong to it
    ('joinAlliance(allianceId: "al9", unitId: "u1") { id }', "allianceId", "NOT_FOUND"),
    ('assignPosition(memberId: "m1", organizationId: "o1", role: "主席") { id }', "role", "BAD_USER_INPUT"),
    ('leaveAlliance(allianceId: "al2", unitId: "u1") { id }', "unitId", "NOT_FOUND"),
    ('moveMember(memberId: "m1", organizationId: "o9") { id }', "organizationId", "NOT_FOUND"),
])
async def test_a_refused_mutation_names_the_field_and_changes_nothing(tiny_client: GraphQLClient, mutation: str, field: str,
                                                                      code: str) -> None:
    counts, audited = await tiny_client.store.counts(), await tiny_client.store.audit_count()
    error = await tiny_client.error(f"mutation {{ {mutation} }}")
    assert (error["extensions"]["code"], error["extensions"]["field"]) == (code, field), error
    assert "folder" not in error["message"] and "_id" not in str(error["extensions"]), error
    assert await tiny_client.store.counts() == counts and await tiny_client.store.audit_count() == audited


async def test_deleting_a_unit_with_members_lists_them_as_dependents(tiny_client: GraphQLClient) -> None:
    error = await tiny_client.error('mutation { deleteUnit(id: "u2") { id } }')
    dependents = {(d["label"], d["id"]) for d in error["extensions"]["dependents"]}
    assert {("Member", "m1"), ("Member", "m2"), ("Organization", "o2"), ("Alliance", "al1"), ("Brand", "b1")} <= dependents
    assert ("Unit", "u1") not in dependents, "its own parent_id goes with it"
    assert "detach: true" in error["message"]
    assert (await tiny_client.data('{ unit(id: "u2") { id } }'))["unit"] == {"id": "u2"}


# (seed file, header, the row's cells by column, the mutation with the same values, the column at fault)
PARITY = [
    ("units.csv", {"id": "u9", "name": "新单位", "kind": "衙门"},
     'createUnit(input: {id: "u9", name: "新单位", kind: "衙门"}) { id }', "kind"),
    ("units.csv", {"id": "u9", "name": "新单位", "kind": "AGENCY", "area_id": "nowhere"},
     'createUnit(input: {id: "u9", name: "新单位", kind: "AGENCY", areaId: "nowhere"}) { id }', "area_id"),
    ("areas.csv", {"id": "a9", "name": "岛", "kind": "ISLAND", "population": "-3"},
     'createArea(input: {id: "a9", name: "岛", kind: "ISLAND", population: -3}) { id }', "population"),
    ("members.csv", {"id": "m9", "name": "王五", "status": "FULL", "organization_id": "o1", "joined": "2021-02-30"},
     'createMember(input: {id: "m9", name: "王五", status: "FULL", organizationId: "o1", joined: "2021-02-30"}) { id }',
     "joined"),
    ("members.csv", {"id": "m9", "name": " ", "status": "FULL", "organization_id": "o1"},
     'createMember(input: {id: "m9", name: " ", status: "FULL", organizationId: "o1"}) { id }', "name"),
    ("services.csv", {"id": "s9", "name": "巡诊", "domain": "医疗", "alliance_id": "al1", "brand_id": "b1"},
     'createService(input: {id: "s9", name: "巡诊", domain: "医疗", allianceId: "al1", brandId: "b1"}) { id }',
     "alliance_id"),
    ("alliance_members.csv", {"alliance_id": "al1", "unit_id": "u3", "role": "盟主"},
     'joinAlliance(allianceId: "al1", unitId: "u3", role: "盟主") { id }', "role"),
    ("service_areas.csv", {"service_id": "s1", "area_id": "a3", "since": "yesterday"},
     'coverArea(serviceId: "s1", areaId: "a3", since: "yesterday") { id }', "since"),
]


@pytest.mark.parametrize(("file", "cells", "mutation", "column"), PARITY, ids=[p[3] for p in PARITY])
async def test_the_same_bad_value_is_refused_in_csv_and_in_a_mutation_in_their_own_names(
        tiny_client: GraphQLClient, tmp_path: Path, file: str, cells: dict[str, str], mutation: str, column: str) -> None:
    from seed.rowschema import FILES_BY_NAME

    header = [c.name for c in FILES_BY_NAME[file].columns]
    line = ",".join(cells.get(name, "") for name in header)
    folder = write_folder(tmp_path / "bad", {file: ",".join(header) + "\n" + line + "\n"})
    report = await seed_directory(tiny_client.store, folder, check=True)
    csv_error = next(e for e in report.errors if e.column == column)
    error = await tiny_client.error(f"mutation {{ {mutation} }}")
    field = camel(column)
    assert "_id" not in error["message"]
    if csv_error.unknown is None:  # the CSV's wording, its column names as the schema's
        assert error["message"] == worded(csv_error) and error["message"].startswith(f"{field}: ")
    else:  # the same check, worded for the schema: what does not exist, not where the CSV looked
        assert "not in this folder" in csv_error.message and error["extensions"]["code"] == "NOT_FOUND"
        assert error["message"] == f"{field}: no {csv_error.unknown[0]} with id {csv_error.unknown[1]!r}"
    assert error["extensions"]["field"] == field
    assert error["extensions"]["errors"][0] == {"field": field, "message": error["message"]}
