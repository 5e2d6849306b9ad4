"""The derived facts (graph/derived.py) stay exact through every kind of change: after each one the
analytic answers that read them are the expected new ones, and equal what a full recomputation of
every fact gives on the same graph."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from graph.store import GraphStore
from seed.changes import Actor, create_node, delete_node, link, unlink, update_node
from seed.load import seed_directory
from tests.seed_folders import TINY, write_folder

EDITOR = Actor("key:test:derived", "editor")
DOMAINS = (None, "医疗", "治安", "助餐")


@pytest.fixture
async def tiny(store: GraphStore, tmp_path: Path) -> GraphStore:
    assert (await seed_directory(store, write_folder(tmp_path / "tiny", TINY))).errors == []
    return store


async def answers(store: GraphStore) -> dict[str, Any]:
    """Every answer that reads a derived fact, over the whole (small) graph."""
    areas = [node["id"] for node in await store.list_nodes("Area", {}, 500, None)]
    found: dict[str, Any] = {
        "top": [c.__dict__ for c in await store.top_connectors(500)],
        "isolated": await store.isolated_units(),
        "gaps": {d: await store.coverage_gaps(None, d) for d in DOMAINS},
    }
    for area in areas:
        for domain in DOMAINS:
            found[f"gaps {area} {domain}"] = await store.coverage_gaps(area, domain)
            found[f"summary {area} {domain}"] = (await store.coverage_summary(area, domain)).__dict__
    return found


async def assert_exact(store: GraphStore) -> dict[str, Any]:
    """The incrementally kept facts answer exactly as freshly recomputed ones."""
    kept = await answers(store)
    async with store.writing():
        await store.refresh_all_facts()
    assert await answers(store) == kept
    return kept


def partners(found: dict[str, Any]) -> dict[str, int]:
    return {c["unit"]: c["partners"] for c in found["top"]}


async def test_alliance_membership_changes_move_partners_and_isolation(tiny: GraphStore) -> None:
    found = await assert_exact(tiny)
    assert partners(found) == {"u1": 1, "u2": 1} and found["isolated"] == []

    await link(tiny, EDITOR, "JOINS", {"alliance_id": "al2", "unit_id": "u1", "role": "MEMBER"})
    found = await assert_exact(tiny)
    assert partners(found) == {"u1": 2, "u2": 1, "u3": 1}
    assert found["top"][0] == {"unit": "u1", "partners": 2, "alliances": 2}

    await unlink(tiny, EDITOR, "JOINS", "u2", "al1")
    found = await assert_exact(tiny)
    assert partners(found) == {"u1": 1, "u3": 1} and found["isolated"] == ["u2"]

    await create_node(tiny, EDITOR, "Unit", {"id": "u4", "name": "新单位", "kind": "AGENCY"})
    assert (await assert_exact(tiny))["isolated"] == ["u2", "u4"]

    await delete_node(tiny, EDITOR, "Unit", "u3", detach=True)
    found = await assert_exact(tiny)
    assert partners(found) == {} and found["isolated"] == ["u2", "u4"]

    await link(tiny, EDITOR, "JOINS", {"alliance_id": "al1", "unit_id": "u4", "role": "MEMBER"})
    assert partners(await assert_exact(tiny)) == {"u1": 1, "u4": 1}

    await delete_node(tiny, EDITOR, "Alliance", "al1", detach=True)
    found = await assert_exact(tiny)
    assert partners(found) == {} and found["isolated"] == ["u2", "u4"]


async def test_coverage_changes_move_gaps_and_summaries(tiny: GraphStore) -> None:
    found = await assert_exact(tiny)
    assert found["gaps a1 医疗"] == [] and found["gaps a1 治安"] == ["a2"]

    await unlink(tiny, EDITOR, "COVERS", "s1", "a2")
    assert (await assert_exact(tiny))["gaps a1 医疗"] == ["a2", "a3"]

    await link(tiny, EDITOR, "COVERS", {"service_id": "s1", "area_id": "a3"})
    assert (await assert_exact(tiny))["gaps a1 医疗"] == ["a2"]

    await create_node(tiny, EDITOR, "Area", {"id": "a4", "name": "庙子湖", "kind": "VILLAGE", "parent_id": "a3",
                                             "remote": "是"})
    found = await assert_exact(tiny)
    assert found["gaps a1 医疗"] == ["a2"] and found["gaps a1 治安"] == ["a2"]
    assert found["summary a1 医疗"] == {"total_areas": 3, "covered_areas": 2, "remote_total": 2, "remote_covered": 2}

    await update_node(tiny, EDITOR, "Area", "a4", {"parent_id": "a2"})
    assert (await assert_exact(tiny))["gaps a1 医疗"] == ["a2", "a4"]

    await update_node(tiny, EDITOR, "Service", "s1", {"domain": "助餐"})
    found = await assert_exact(tiny)
    assert found["gaps a1 医疗"] == ["a2", "a3", "a4"] and found["gaps a1 助餐"] == ["a2", "a4"]

    await delete_node(tiny, EDITOR, "Service", "s2", detach=True)
    assert (await assert_exact(tiny))["gaps a1 治安"] == ["a2", "a3", "a4"]

    await link(tiny, EDITOR, "COVERS", {"service_id": "s1", "area_id": "a1"})
    found = await assert_exact(tiny)
    assert found["gaps a1 助餐"] == [] and found["gaps"]["助餐"] == []
    assert found["summary a1 助餐"] == {"total_areas": 3, "covered_areas": 3, "remote_total": 2, "remote_covered": 2}
    assert found["summary a1 医疗"] == {"total_areas": 3, "covered_areas": 0, "remote_total": 2, "remote_covered": 0}

    await delete_node(tiny, EDITOR, "Area", "a2", detach=True)  # a3 and a4 head trees of their own now
    found = await assert_exact(tiny)
    assert found["gaps"]["助餐"] == ["a4"] and found["summary a4 None"]["total_areas"] == 0
    assert found["gaps a1 None"] == [] and found["summary a1 None"]["total_areas"] == 0


async def test_a_seed_into_a_holding_store_and_a_replace_keep_the_facts_exact(tiny: GraphStore, tmp_path: Path) -> None:
    more = {"alliance_members.csv": "alliance_id,unit_id,role,since\nal2,u2,MEMBER,\n",
            "service_areas.csv": "service_id,area_id,since\ns2,a1,\n"}
    assert (await seed_directory(tiny, write_folder(tmp_path / "more", more))).errors == []
    found = await assert_exact(tiny)
    assert partners(found) == {"u1": 1, "u2": 2, "u3": 1} and found["gaps"]["治安"] == []

    assert (await seed_directory(tiny, write_folder(tmp_path / "again", TINY), replace=True)).errors == []
    found = await assert_exact(tiny)
    assert partners(found) == {"u1": 1, "u2": 1} and found["gaps a1 治安"] == ["a2"]
