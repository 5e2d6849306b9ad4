"""The read API over HTTP on the demo data: every type and relationship field, pagination, filters
and errors. Expectations are read from the demo CSV files themselves."""

from __future__ import annotations

import csv
from functools import cache
from typing import Any

import pytest

from tests.conftest import DEMO, GraphQLClient
from tests.serving import REPO


@cache
def rows(name: str) -> list[dict[str, str]]:
    with open(DEMO / f"{name}.csv", encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def by_id(name: str) -> dict[str, dict[str, str]]:
    return {r["id"]: r for r in rows(name)}


def ids(items: list[dict[str, Any]], key: str | None = None) -> list[str]:
    return [(i[key] if key else i)["id"] for i in items]


async def test_unit_and_all_its_relationship_fields(demo: GraphQLClient) -> None:
    data = await demo.data("""query($id: ID!) { unit(id: $id) {
        id name kind level area { id } parent { id } children { id }
        alliances { role since alliance { id } } resources { id } brands { id } organizations { id }
        members { id } stationedMembers { id } } }""", id="u-pt-minzheng")
    unit = data["unit"]
    src = by_id("units")["u-pt-minzheng"]
    assert (unit["name"], unit["kind"], unit["level"]) == (src["name"], src["kind"], src["level"])
    assert unit["area"]["id"] == src["area_id"] and unit["parent"] is None
    joined = sorted((r["alliance_id"], r["role"]) for r in rows("alliance_members") if r["unit_id"] == "u-pt-minzheng")
    assert [(a["alliance"]["id"], a["role"]) for a in unit["alliances"]] == joined
    assert unit["alliances"][0]["since"] == "2021-07-01"
    assert ids(unit["resources"]) == sorted(r["id"] for r in rows("resources") if r["unit_id"] == "u-pt-minzheng")
    assert ids(unit["members"]) == sorted(m["id"] for m in rows("members") if m["unit_id"] == "u-pt-minzheng")
    assert ids(unit["organizations"]) == sorted(o["id"] for o in rows("organizations") if "u-pt-minzheng" in o["unit_ids"].split(";"))
    stationed = await demo.data('{ unit(id: "u-pt-zzzx") { stationedMembers { id } parent { id } } }')
    assert ids(stationed["unit"]["stationedMembers"]) == sorted(m["id"] for m in rows("members") if m["stationed_unit_id"] == "u-pt-zzzx")
    assert stationed["unit"]["parent"]["id"] == "u-pt-jggw"
    brands = await demo.data('{ unit(id: "u-pt-jggw") { brands { id } children { id } } }')
    assert ids(brands["unit"]["brands"]) == sorted(b["id"] for b in rows("brands") if b["unit_id"] == "u-pt-jggw")
    assert ids(brands["unit"]["children"]) == ["u-pt-zzzx"]


async def test_area_fields(demo: GraphQLClient) -> None:
    data = await demo.data("""{ area(id: "a-pt-dj") { id name kind population remote parent { id }
        children { id remote } units { id } resources { id } services { id } } }""")
    area = data["area"]
    assert area["parent"]["id"] == "a-pt" and area["kind"] == "TOWNSHIP"
    assert ids(area["children"]) == sorted(a["id"] for a in rows("areas") if a["parent_id"] == "a-pt-dj")
    assert all(child["remote"] for child in area["children"])
    assert ids(area["units"]) == ["u-pt-dj"]
    assert ids(area["services"]) == sorted(s["service_id"] for s in rows("service_areas") if s["area_id"] == "a-pt-dj")
    island = await demo.data('{ area(id: "a-pt-dj-i1") { resources { id } population } }')
    assert ids(island["area"]["resources"]) == ["r-pt-hdyz"]
    assert island["area"]["population"] == int(by_id("areas")["a-pt-dj-i1"]["population"])


async def test_organization_and_member_fields(demo: GraphQLClient) -> None:
    data = await demo.data("""{ organization(id: "o-pt-zzzx-jg") { id kind founded units { id } parent { id }
        children { id } members { id } positions { role since member { id } } brands { id } } }""")
    org = data["organization"]
    assert org["kind"] == "JOINT_BRANCH" and org["founded"] == "2021-07-01"
    assert ids(org["units"]) == sorted(by_id("organizations")["o-pt-zzzx-jg"]["unit_ids"].split(";"))
    assert org["parent"]["id"] == "o-pt-zzzx" and ids(org["children"]) == ["o-pt-zzzx-jg-g1"]
    assert ids(org["members"]) == sorted(m["id"] for m in rows("members") if m["organization_id"] == "o-pt-zzzx-jg")
    expected = sorted((p["member_id"], p["role"]) for p in rows("positions") if p["organization_id"] == "o-pt-zzzx-jg")
    assert sorted((p["member"]["id"], p["role"]) for p in org["positions"]) == expected
    member_id = expected[0][0]
    src = by_id("members")[member_id]
    member = (await demo.data("""query($id: ID!) { member(id: $id) { id name status joined skills cadre phone
        organization { id } unit { id } stationedAt { id } positions { role organization { id } } } }""", id=member_id))["member"]
    assert member["organization"]["id"] == src["organization_id"] and member["unit"]["id"] == src["unit_id"]
    assert member["skills"] == [s for s in src["skills"].split(";") if s] and member["phone"] == src["phone"]
    assert member["cadre"] == (src["cadre"] == "true") and member["joined"] == src["joined"]
    assert (member["stationedAt"] or {}).get("id", "") == src["stationed_unit_id"]
    assert {"role": "SECRETARY", "organization": {"id": "o-pt-zzzx-jg"}} in member["positions"] or \
        any(p["organization"]["id"] == "o-pt-zzzx-jg" for p in member["positions"])


async def test_brand_alliance_resource_service_fields(demo: GraphQLClient) -> None:
    data = await demo.data("""{
        brand(id: "b-pt-gxyf") { name domains launched unit { id } organization { id } services { id } }
        alliance(id: "al-ls-yl") { model founded parent { id } children { id } members { role unit { id } }
            resources { since resource { id } } services { id } }
        resource(id: "r-ls-zjzs") { kind capacity provider { id } area { id } alliances { since alliance { id } } }
        service(id: "s-ls-xhyl") { domain started alliance { id } brand { id } areas { since area { id } } } }""")
    brand, alliance, resource, service = data["brand"], data["alliance"], data["resource"], data["service"]
    assert brand["domains"] == ["医疗"] and brand["unit"]["id"] == "u-pt-weijian"
    assert ids(brand["services"]) == ["s-pt-gxyf"]
    assert alliance["parent"]["id"] == "al-ls-chain" and ids(alliance["children"]) == ["al-ls-kssc"]
    assert [(m["unit"]["id"], m["role"]) for m in alliance["members"]] == [("u-ls-rmyy", "MEMBER"), ("u-ls-wjw", "LEAD")]
    assert sorted(r["resource"]["id"] for r in alliance["resources"]) == sorted(
        s["resource_id"] for s in rows("resource_shares") if s["alliance_id"] == "al-ls-yl")
    assert ids(alliance["services"]) == ["s-ls-xhyl"]
    assert resource["provider"]["id"] == "u-ls-rmyy" and resource["capacity"] == 35
    assert [a["alliance"]["id"] for a in resource["alliances"]] == ["al-ls-kssc", "al-ls-yl"]
    assert service["alliance"]["id"] == "al-ls-yl" and service["brand"] is None
    assert [a["area"]["id"] for a in service["areas"]] == sorted(
        s["area_id"] for s in rows("service_areas") if s["service_id"] == "s-ls-xhyl")


@pytest.mark.parametrize(("field", "name"), [
    ("areas", "areas"), ("units", "units"), ("organizations", "organizations"), ("members", "members"),
    ("brands", "brands"), ("alliances", "alliances"), ("resources", "resources"), ("services", "services"),
])
async def test_pages_concatenate_to_the_whole_ordered_list(demo: GraphQLClient, field: str, name: str) -> None:
    expected = sorted(r["id"] for r in rows(name))
    seen: list[str] = []
    after = None
    pages = 0
    while True:
        page = (await demo.data(f"""query($after: String) {{ {field}(first: 7, after: $after) {{
            totalCount edges {{ cursor node {{ id }} }} pageInfo {{ hasNextPage endCursor }} }} }}""", after=after))[field]
        assert page["totalCount"] == len(expected)
        seen += [e["node"]["id"] for e in page["edges"]]
        pages += 1
        if not page["pageInfo"]["hasNextPage"]:
            assert page["pageInfo"]["endCursor"] == (page["edges"][-1]["cursor"] if page["edges"] else None)
            break
        after = page["pageInfo"]["endCursor"]
    assert seen == expected
    assert pages == -(-len(expected) // 7)


async def test_filters(demo: GraphQLClient) -> None:
    agencies = await demo.data('{ units(first: 500, filter: {kind: AGENCY, nameContains: "普陀"}) { totalCount edges { node { id } } } }')
    expected = sorted(u["id"] for u in rows("units") if u["kind"] == "AGENCY" and "普陀" in u["name"])
    assert [e["node"]["id"] for e in agencies["units"]["edges"]] == expected
    assert agencies["units"]["totalCount"] == len(expected)
    doctors = await demo.data('{ members(first: 500, filter: {skill: "医疗", unitId: "u-pt-weijian"}) { edges { node { id } } } }')
    assert [e["node"]["id"] for e in doctors["members"]["edges"]] == sorted(
        m["id"] for m in rows("members") if m["unit_id"] == "u-pt-weijian" and "医疗" in m["skills"].split(";"))
    remote = await demo.data('{ areas(first: 500, filter: {remote: true, parentId: "a-pt-dj"}) { totalCount } }')
    assert remote["areas"]["totalCount"] == sum(1 for a in rows("areas") if a["parent_id"] == "a-pt-dj" and a["remote"] == "true")
    chain = await demo.data('{ alliances(filter: {parentId: "al-ls-chain"}) { totalCount } }')
    assert chain["alliances"]["totalCount"] == 7
    by_org = await demo.data('{ members(first: 500, filter: {organizationId: "o-pt-zzzx-jg"}) { totalCount } }')
    assert by_org["members"]["totalCount"] == sum(1 for m in rows("members") if m["organization_id"] == "o-pt-zzzx-jg")


async def test_unknown_ids_are_null_and_bad_input_is_refused(demo: GraphQLClient) -> None:
    assert (await demo.data('{ unit(id: "nope") { id } area(id: "nope") { id } }')) == {"unit": None, "area": None}
    assert await demo.error_code("{ units(first: 501) { totalCount } }") == "BAD_USER_INPUT"
    assert await demo.error_code("{ units(first: 0) { totalCount } }") == "BAD_USER_INPUT"
    assert await demo.error_code('{ units(after: "not-a-cursor") { totalCount } }') == "BAD_USER_INPUT"
    assert await demo.error_code("{ units(filter: {kind: PALACE}) { totalCount } }") == "BAD_USER_INPUT"
    assert await demo.error_code("{ units { noSuchField } }") == "BAD_USER_INPUT"
    assert await demo.error_code('{ accessibleResources(unitId: "nope") { own } }') == "NOT_FOUND"


async def test_health_and_graphiql(demo: GraphQLClient) -> None:
    health = await demo.http.get("/health")
    assert health.status_code == 200
    body = health.json()
    assert body["status"] == "ok" and body["store"] is True and body["counts"]["Unit"] == len(rows("units"))
    page = await demo.http.get("/graphql", headers={"accept": "text/html"})
    assert page.status_code == 200 and "graphiql" in page.text.lower()


async def test_graphiql_opens_on_a_tour_example_with_a_title_and_an_icon(demo: GraphQLClient) -> None:
    from api.explorer import IDE_EXAMPLE, IDE_TITLE

    page = (await demo.http.get("/graphql", headers={"accept": "text/html"})).text
    assert f"<title>{IDE_TITLE}</title>" in page and f"const EXAMPLE_QUERY = `{IDE_EXAMPLE}`;" in page
    assert "Welcome to GraphiQL" not in page and "🍓" not in page and "&#x1f353;" not in page
    operation = "\n".join(line for line in IDE_EXAMPLE.splitlines() if not line.startswith("#"))
    assert operation.strip() in (REPO / "README.md").read_text(encoding="utf-8"), "the example is the tour's"
    assert (await demo.data(operation))["alliance"]["members"]
    icon = await demo.http.get("/favicon.ico")
    assert icon.status_code == 200 and icon.headers["content-type"] == "image/svg+xml"
    assert icon.content.startswith(b"<svg") and 'href="/favicon.ico"' in page


async def test_names_with_quotes_and_chinese_survive_the_round_trip(demo: GraphQLClient) -> None:
    for alliance in rows("alliances"):
        got = (await demo.data("query($id: ID!) { alliance(id: $id) { name description } }", id=alliance["id"]))["alliance"]
        assert got == {"name": alliance["name"], "description": alliance["description"] or None}
