"""The store contract, the same assertions on every backend (embedded always, Neo4j with NEO4J_URI):
seeding from CSV, upserts, lookups, lists with filters, relation fields, counts."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.store import GraphStore, StoreError
from seed.load import seed_directory
from tests.seed_folders import TINY, write_folder

EXPECTED_COUNTS = {"Area": 3, "Unit": 3, "Organization": 2, "Member": 2, "Brand": 1, "Alliance": 2, "Resource": 2,
                   "Service": 2}


async def seeded(store: GraphStore, folder: Path) -> GraphStore:
    report = await seed_directory(store, folder)
    assert report.errors == [], report.errors
    return store


async def neighbour_ids(store: GraphStore, relation: str, id_: str) -> list[str]:
    return [n.node["id"] for n in (await store.related(relation, [id_]))[id_]]


async def test_a_new_store_is_empty_and_answers(store: GraphStore) -> None:
    assert await store.ping()
    assert set((await store.counts()).values()) == {0}


async def test_seeding_loads_every_node_and_relationship(store: GraphStore, tmp_path: Path) -> None:
    await seeded(store, write_folder(tmp_path, TINY))
    assert await store.counts() == EXPECTED_COUNTS
    units = await store.nodes_by_id("Unit", ["u1", "u2", "missing"])
    assert units["u1"] == {"id": "u1", "name": "民政局", "kind": "AGENCY", "level": "DISTRICT"}
    assert "missing" not in units
    member = (await store.nodes_by_id("Member", ["m1"]))["m1"]
    assert member["skills"] == ["医疗", "法律"] and member["cadre"] is True and member["joined"] == "2001-07-01"
    assert await neighbour_ids(store, "Organization.units", "o2") == ["u1", "u2"]
    assert await neighbour_ids(store, "Unit.parent", "u2") == ["u1"]
    assert await neighbour_ids(store, "Brand.unit", "b1") == ["u2"]
    assert await neighbour_ids(store, "Resource.provider", "r1") == ["u1"]
    assert await neighbour_ids(store, "Service.alliance", "s1") == ["al2"]
    assert await neighbour_ids(store, "Service.brand", "s2") == ["b1"]
    assert await neighbour_ids(store, "Member.stationedAt", "m1") == ["u2"]
    joins = (await store.related("Alliance.members", ["al1"]))["al1"]
    assert [(n.node["id"], n.edge["role"], n.edge["since"]) for n in joins] == [("u1", "LEAD", "2021-06-18"), ("u2", "MEMBER", None)]
    holds = (await store.related("Member.positions", ["m1"]))["m1"]
    assert [(n.node["id"], n.edge["role"]) for n in holds] == [("o2", "SECRETARY")]


async def test_loading_twice_gives_the_same_graph(store: GraphStore, tmp_path: Path) -> None:
    folder = write_folder(tmp_path, TINY)
    await seeded(store, folder)
    await seeded(store, folder)
    assert await store.counts() == EXPECTED_COUNTS
    assert await neighbour_ids(store, "Alliance.members", "al1") == ["u1", "u2"]
    assert await neighbour_ids(store, "Organization.units", "o2") == ["u1", "u2"]
    assert await neighbour_ids(store, "Unit.area", "u1") == ["a2"]


async def test_a_second_folder_updates_by_id_and_moves_owned_relationships(store: GraphStore, tmp_path: Path) -> None:
    await seeded(store, write_folder(tmp_path / "one", TINY))
    await seeded(store, write_folder(tmp_path / "two", {
        "units.csv": "id,name,kind,area_id\nu1,民政局(新),AGENCY,a3\nu4,新单位,CENTER,\n",
        "alliance_members.csv": "alliance_id,unit_id,role\nal1,u1,MEMBER\nal2,u4,MEMBER\n",
        "services.csv": "id,name,domain,alliance_id,brand_id\ns2,海岛巡防,治安,al1,\n",
    }))
    counts = await store.counts()
    assert counts["Unit"] == 4
    assert (await store.nodes_by_id("Unit", ["u1"]))["u1"]["name"] == "民政局(新)"
    assert (await store.nodes_by_id("Unit", ["u1"]))["u1"]["level"] is None, "an upsert replaces every property"
    assert await neighbour_ids(store, "Unit.area", "u1") == ["a3"]
    assert await neighbour_ids(store, "Unit.parent", "u2") == ["u1"], "rows not in the second folder keep theirs"
    roles = {(n.node["id"], n.edge["role"]) for n in (await store.related("Alliance.members", ["al1"]))["al1"]}
    assert roles == {("u1", "MEMBER"), ("u2", "MEMBER")}
    assert await neighbour_ids(store, "Service.alliance", "s2") == ["al1"]
    assert await neighbour_ids(store, "Service.brand", "s2") == [], "switching to an alliance drops the brand"


async def test_a_rejected_seed_leaves_the_store_exactly_as_before(store: GraphStore, tmp_path: Path) -> None:
    await seeded(store, write_folder(tmp_path / "good", TINY))
    before = (await store.counts(), await store.related("Alliance.members", ["al1"]))
    bad = write_folder(tmp_path / "bad", {
        "units.csv": "id,name,kind\nu1,改名,AGENCY\nu9,新,AGENCY\n",
        "alliance_members.csv": "alliance_id,unit_id,role\nal1,u9,LEAD\nal1,nobody,MEMBER\n",
    })
    report = await seed_directory(store, bad)
    assert [str(e) for e in report.errors] == [
        "alliance_members.csv:3: unit_id: unknown Unit id 'nobody' (not in this folder or the store)"]
    assert not report.loaded
    assert (await store.counts(), await store.related("Alliance.members", ["al1"])) == before
    assert (await store.nodes_by_id("Unit", ["u1"]))["u1"]["name"] == "民政局"


async def test_check_writes_nothing(store: GraphStore, tmp_path: Path) -> None:
    report = await seed_directory(store, write_folder(tmp_path, TINY), check=True)
    assert report.ok and not report.loaded
    assert set((await store.counts()).values()) == {0}


async def test_replace_empties_the_store_first(store: GraphStore, tmp_path: Path) -> None:
    await seeded(store, write_folder(tmp_path / "one", TINY))
    report = await seed_directory(store, write_folder(tmp_path / "two", {"areas.csv": "id,name,kind\nz1,新区,DISTRICT\n"}),
                                  replace=True)
    assert report.loaded
    assert await store.counts() == {**{label: 0 for label in EXPECTED_COUNTS}, "Area": 1}


async def test_references_resolve_against_the_store(store: GraphStore, tmp_path: Path) -> None:
    await seeded(store, write_folder(tmp_path / "one", TINY))
    await seeded(store, write_folder(tmp_path / "two", {"alliance_members.csv": "alliance_id,unit_id,role\nal2,u1,MEMBER\n"}))
    assert await neighbour_ids(store, "Unit.alliances", "u1") == ["al1", "al2"]
    assert await store.existing_ids("Unit", ["u1", "u7"]) == {"u1"}
    assert await store.parent_links("Alliance") == {"al2": "al1"}


async def test_lists_filter_and_page_by_id(store: GraphStore, tmp_path: Path) -> None:
    await seeded(store, write_folder(tmp_path, TINY))
    ids = lambda nodes: [n["id"] for n in nodes]  # noqa: E731
    assert ids(await store.list_nodes("Unit", {}, 2, None)) == ["u1", "u2"]
    assert ids(await store.list_nodes("Unit", {}, 2, "u2")) == ["u3"]
    assert ids(await store.list_nodes("Unit", {"kind": "AGENCY"}, 10, None)) == ["u1", "u2"]
    assert ids(await store.list_nodes("Unit", {"allianceId": "al1"}, 10, None)) == ["u1", "u2"]
    assert ids(await store.list_nodes("Area", {"remote": True}, 10, None)) == ["a3"]
    assert ids(await store.list_nodes("Area", {"parentId": "a1"}, 10, None)) == ["a2"]
    assert ids(await store.list_nodes("Member", {"skill": "法律"}, 10, None)) == ["m1"]
    assert ids(await store.list_nodes("Member", {"unitId": "u2"}, 10, None)) == ["m2"]
    assert ids(await store.list_nodes("Member", {"stationedUnitId": "u2"}, 10, None)) == ["m1"]
    assert ids(await store.list_nodes("Brand", {"domain": "治安", "unitId": "u2"}, 10, None)) == ["b1"]
    assert ids(await store.list_nodes("Resource", {"nameContains": "会所"}, 10, None)) == ["r1"]
    assert ids(await store.list_nodes("Service", {"areaId": "a3"}, 10, None)) == ["s2"]
    assert await store.count_nodes("Unit", {"kind": "AGENCY"}) == 2
    assert await store.count_nodes("Organization", {"unitId": "u2"}) == 1
    with pytest.raises(StoreError):
        await store.list_nodes("Unit", {"colour": "red"}, 10, None)


async def test_related_answers_many_ids_in_one_round_trip(store: GraphStore, tmp_path: Path) -> None:
    await seeded(store, write_folder(tmp_path, TINY))
    before = store.round_trips
    found = await store.related("Unit.alliances", ["u1", "u2", "u3", "nobody"])
    assert store.round_trips == before + 1
    assert {k: [n.node["id"] for n in v] for k, v in found.items()} == {
        "u1": ["al1"], "u2": ["al1"], "u3": ["al2"], "nobody": []}


async def test_the_embedded_store_reopens_with_its_data(tmp_path: Path) -> None:
    from graph.embedded import EmbeddedStore

    store = EmbeddedStore(tmp_path / "db.lbug")
    await store.open()
    await seeded(store, write_folder(tmp_path / "csv", TINY))
    await store.close()
    again = EmbeddedStore(tmp_path / "db.lbug")
    await again.open()
    try:
        assert await again.counts() == EXPECTED_COUNTS, "the schema is created idempotently on reopen"
    finally:
        await again.close()
