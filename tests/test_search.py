"""The search box (issue 12 item 3) on every backend: Chinese substrings, full pinyin and pinyin
initials, ranked exact > prefix > substring then 拼音序, with keys kept by every write path."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from graph.model import LABELS
from graph.namekeys import initials_key, pinyin_key
from graph.store import GraphStore
from seed.generate import write_synthetic
from seed.load import seed_directory
from tests.conftest import DEMO, GraphQLClient, graphql_client
from tests.seed_folders import TINY, write_folder

PUBLIC = [label for label in LABELS if label != "Member"]


@pytest.fixture
async def demo_store(store: GraphStore) -> GraphStore:
    report = await seed_directory(store, DEMO)
    assert report.errors == []
    return store


def test_keys_are_toneless_pinyin_and_initials_without_spaces() -> None:
    assert (pinyin_key("普陀区"), initials_key("普陀区")) == ("putuoqu", "ptq")
    assert (pinyin_key("第1单位 A"), initials_key("第1单位 A")) == ("di1danweia", "d1dwa")


@pytest.mark.parametrize("text", ["普陀", "putuo", "pt", "PuTuo", "p t"])
async def test_chinese_pinyin_and_initials_find_the_same_area(demo_store: GraphStore, text: str) -> None:
    hits = await demo_store.search(text, ["Area"], 10)
    assert [(h.id, h.tier) for h in hits] == [("a-pt", "PREFIX")]


async def test_hits_rank_exact_then_prefix_then_substring_then_by_pinyin(demo_store: GraphStore) -> None:
    hits = await demo_store.search("普陀区", PUBLIC, 100)
    assert (hits[0].label, hits[0].id, hits[0].tier) == ("Area", "a-pt", "EXACT")
    tiers = [h.tier for h in hits]
    assert tiers == sorted(tiers, key=["EXACT", "PREFIX", "SUBSTRING"].index)
    assert "SUBSTRING" in tiers  # 舟山市普陀区… names hold it inside
    names = {label: await demo_store.nodes_by_id(label, [h.id for h in hits if h.label == label])
             for label in {h.label for h in hits}}
    prefix = [pinyin_key(names[h.label][h.id]["name"]) for h in hits if h.tier == "PREFIX"]
    assert prefix == sorted(prefix) and len(prefix) > 1


async def test_types_and_first_bound_the_answer(demo_store: GraphStore) -> None:
    assert {h.label for h in await demo_store.search("pt", ["Brand", "Alliance"], 100)} == {"Brand", "Alliance"}
    assert len(await demo_store.search("pt", PUBLIC, 3)) == 3
    assert await demo_store.search("  ", PUBLIC, 3) == []
    assert await demo_store.search("没有这个名字", PUBLIC, 3) == []


async def test_a_rename_by_mutation_moves_the_keys(store: GraphStore, tmp_path: Path) -> None:
    assert (await seed_directory(store, write_folder(tmp_path / "tiny", TINY))).errors == []
    async with graphql_client(store) as client:
        await client.data('mutation { updateArea(id: "a2", input: {name: "桃花岛"}) { id } }')
        await client.data('mutation { createUnit(input: {id: "u9", name: "虾峙镇政府", kind: "AGENCY"}) { id } }')
    assert [h.id for h in await store.search("thd", ["Area"], 5)] == ["a2"]
    assert [h.id for h in await store.search("xiazhi", ["Unit"], 5)] == ["u9"]


async def test_a_bulk_seed_stores_keys_on_every_row(store: GraphStore, tmp_path: Path) -> None:
    """Members (thousands of rows) are created by COPY from the batch's Arrow table; the re-seeded
    unit is updated in place (graph/bulk.py)."""
    folder = tmp_path / "g"
    write_synthetic(folder, 300, 0)
    assert (await seed_directory(store, folder)).errors == []
    assert (await store.counts())["Member"] > 1_000
    member = (await store.list_nodes("Member", {}, 1, None))[0]
    hits = await store.search(pinyin_key(member["name"]), ["Member"], 100)
    assert member["id"] in [h.id for h in hits if h.tier == "EXACT"]
    unit = (await store.list_nodes("Unit", {}, 1, None))[0]
    units = (folder / "units.csv").read_text(encoding="utf-8").replace(f"{unit['id']},{unit['name']},",
                                                                       f"{unit['id']},舟山渔业公司,")
    (folder / "units.csv").write_text(units, encoding="utf-8")
    assert (await seed_directory(store, folder)).errors == []
    assert [h.id for h in await store.search("zsyygs", ["Unit"], 5)] == [unit["id"]]


@pytest.fixture
async def demo_client(demo_store: GraphStore) -> AsyncIterator[GraphQLClient]:
    async with graphql_client(demo_store) as client:
        yield client


async def test_the_search_field_names_the_type_and_match_of_each_hit(demo_client: GraphQLClient) -> None:
    data = await demo_client.data('{ search(text: "putuoqu", types: [AREA, UNIT], first: 2) '
                                  '{ type id match node { __typename ... on Area { name kind } } } }')
    assert data["search"][0] == {"type": "AREA", "id": "a-pt", "match": "EXACT",
                                 "node": {"__typename": "Area", "name": "普陀区", "kind": "DISTRICT"}}
    assert data["search"][1]["type"] == "UNIT" and data["search"][1]["match"] == "PREFIX"
    assert await demo_client.error_code('{ search(text: "pt", first: 0) { id } }') == "BAD_USER_INPUT"


async def test_the_embedded_index_answers_as_the_search_query(tmp_path: Path) -> None:
    """The embedded store answers from its in-memory index (graph/name_index.py) unless a write
    is under way; both ways must give the same hits, as Neo4j's query does."""
    from api.settings import store_settings
    from graph.config import create_store
    from graph.cypher_store import CypherStore

    store = create_store(store_settings(backend="embedded", db_path=tmp_path / "db.lbug"))
    await store.open()
    try:
        assert (await seed_directory(store, DEMO)).errors == []
        for text in ("普陀", "putuo", "pt", "普陀区", "x", "zs", "1", "中心", "dj", "没有"):
            for first in (1, 5, 100):
                by_index = await store.search(text, LABELS, first)
                by_query = await CypherStore.search(store, text, LABELS, first)
                assert by_index == by_query, (text, first)
        await store.search("pt", ["Area"], 5)
        await seed_directory(store, write_folder(tmp_path / "tiny", TINY))  # a write drops the index
        after = [h.id for h in await store.search("zhoushan", ["Area"], 5)]
        assert "a2" in after and after == [h.id for h in await CypherStore.search(store, "zhoushan", ["Area"], 5)]
    finally:
        await store.close()
