"""Single changes (what mutations do) on every backend: they validate like CSV rows, refuse
without writing, guard dependents, and leave an audit entry with the values before and after."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.store import GraphStore, StoreError
from seed.changes import Actor, ChangeRefused, NotThere, create_node, current_row, delete_node, link, unlink, update_node
from seed.load import seed_directory
from tests.seed_folders import TINY, write_folder

EDITOR = Actor("key:test:editor", "editor")


@pytest.fixture
async def tiny(store: GraphStore, tmp_path: Path) -> GraphStore:
    report = await seed_directory(store, write_folder(tmp_path / "tiny", TINY))
    assert report.errors == []
    return store


async def ids(store: GraphStore, relation: str, id_: str) -> list[str]:
    return [n.node["id"] for n in (await store.related(relation, [id_]))[id_]]


async def latest_audit(store: GraphStore) -> dict:
    entry = (await store.audit_page(1, None))[0]
    return entry.__dict__


async def test_create_writes_the_node_with_its_relationships_and_audits_it(tiny: GraphStore) -> None:
    row = {"id": "m9", "name": "王五", "status": "正式党员", "organization_id": "o1", "unit_id": "u1",
           "skills": "法律;调解", "cadre": "否", "phone": "13912345678"}
    assert await create_node(tiny, EDITOR, "Member", row) == "m9"
    member = (await tiny.nodes_by_id("Member", ["m9"]))["m9"]
    assert member["status"] == "FULL" and member["skills"] == ["法律", "调解"] and member["cadre"] is False
    assert await ids(tiny, "Member.organization", "m9") == ["o1"]
    entry = await latest_audit(tiny)
    assert (entry["actor"], entry["role"], entry["operation"], entry["ids"]) == (EDITOR.name, "editor", "createMember", ["m9"])
    assert entry["before"] is None and entry["after"]["phone"] == "13912345678"


async def test_create_refuses_an_existing_id(tiny: GraphStore) -> None:
    with pytest.raises(ChangeRefused) as refused:
        await create_node(tiny, EDITOR, "Unit", {"id": "u1", "name": "x", "kind": "AGENCY"})
    assert refused.value.column == "id" and "already exists" in str(refused.value)
    assert (await tiny.nodes_by_id("Unit", ["u1"]))["u1"]["name"] == "民政局"


@pytest.mark.parametrize(("column", "value"), [
    ("kind", "衙门"), ("level", "宇宙级"), ("area_id", "nowhere"), ("parent_id", "u9"), ("name", " "),
])
async def test_a_bad_value_gets_the_csv_message_and_writes_nothing(tiny: GraphStore, tmp_path: Path, column: str,
                                                                    value: str) -> None:
    row = {"id": "u9", "name": "新单位", "kind": "AGENCY", "level": "CITY", "area_id": "a1", column: value}
    counts = await tiny.counts()
    with pytest.raises(ChangeRefused) as refused:
        await create_node(tiny, EDITOR, "Unit", row)
    assert await tiny.counts() == counts
    header = "id,name,kind,level,area_id,parent_id\n"
    cells = ",".join(row.get(c, "") for c in header.strip().split(","))
    report = await seed_directory(tiny, write_folder(tmp_path / "bad", {"units.csv": header + cells + "\n"}), check=True)
    csv_message = next(e for e in report.errors if e.column == column)
    assert (refused.value.column, str(refused.value)) == (csv_message.column, csv_message.message)


async def test_update_changes_only_what_is_given_and_keeps_the_rest(tiny: GraphStore) -> None:
    before = await current_row(tiny, "Member", "m1")
    await update_node(tiny, EDITOR, "Member", "m1", {"phone": "13900000000", "organization_id": "o1"})
    after = await current_row(tiny, "Member", "m1")
    assert after == {**before, "phone": "13900000000", "organization_id": "o1"}
    assert await ids(tiny, "Organization.members", "o2") == ["m2"]
    entry = await latest_audit(tiny)
    assert entry["operation"] == "updateMember" and entry["before"]["phone"] == "13800001111"
    assert entry["after"]["phone"] == "13900000000"


async def test_update_refuses_a_cycle_and_an_unknown_id(tiny: GraphStore) -> None:
    with pytest.raises(ChangeRefused) as refused:
        await update_node(tiny, EDITOR, "Unit", "u1", {"parent_id": "u2"})
    assert refused.value.column == "parent_id" and "cycle" in str(refused.value)
    with pytest.raises(NotThere):
        await update_node(tiny, EDITOR, "Unit", "nope", {"name": "x"})
    with pytest.raises(ChangeRefused) as deeper:
        await update_node(tiny, EDITOR, "Area", "a1", {"parent_id": "a3"})
    assert str(deeper.value) == "cycle in the parent chain: a1 -> a3 -> a2 -> a1"
    assert await ids(tiny, "Area.parent", "a1") == []


async def test_delete_is_refused_with_the_dependents_unless_detached(tiny: GraphStore) -> None:
    with pytest.raises(ChangeRefused) as refused:
        await delete_node(tiny, EDITOR, "Alliance", "al1", detach=False)
    dependents = {(d["label"], d["id"], d["rel"]) for d in refused.value.details["dependents"]}
    assert dependents == {("Alliance", "al2", "PART_OF"), ("Unit", "u1", "JOINS"), ("Unit", "u2", "JOINS"),
                          ("Resource", "r1", "SHARED_VIA")}
    assert "al2" in str(refused.value)
    assert (await tiny.counts())["Alliance"] == 2
    cut = await delete_node(tiny, EDITOR, "Alliance", "al1", detach=True)
    assert len(cut) == 4 and (await tiny.counts())["Alliance"] == 1
    assert await ids(tiny, "Alliance.parent", "al2") == []
    entry = await latest_audit(tiny)
    assert entry["operation"] == "deleteAlliance" and entry["before"]["name"] == "综治联合体"


async def test_a_node_without_dependents_deletes_with_its_own_relationships(tiny: GraphStore) -> None:
    assert await delete_node(tiny, EDITOR, "Member", "m2", detach=False) == []
    assert await ids(tiny, "Organization.members", "o2") == ["m1"]


async def test_link_is_an_upsert_of_the_pair_and_unlink_removes_it(tiny: GraphStore) -> None:
    await link(tiny, EDITOR, "JOINS", {"alliance_id": "al2", "unit_id": "u1", "role": "成员单位"})
    await link(tiny, EDITOR, "JOINS", {"alliance_id": "al2", "unit_id": "u1", "role": "LEAD", "since": "2023-01-01"})
    joins = [(n.node["id"], n.edge["role"], n.edge["since"]) for n in (await tiny.related("Alliance.members", ["al2"]))["al2"]]
    assert joins == [("u1", "LEAD", "2023-01-01"), ("u3", "LEAD", None)]
    entry = await latest_audit(tiny)
    assert entry["operation"] == "joinAlliance" and entry["before"]["role"] == "MEMBER" and entry["after"]["role"] == "LEAD"
    await unlink(tiny, EDITOR, "JOINS", "u1", "al2")
    assert await ids(tiny, "Alliance.members", "al2") == ["u3"]
    with pytest.raises(NotThere):
        await unlink(tiny, EDITOR, "JOINS", "u1", "al2")


async def test_link_validates_like_the_link_file(tiny: GraphStore) -> None:
    with pytest.raises(ChangeRefused) as refused:
        await link(tiny, EDITOR, "COVERS", {"service_id": "s1", "area_id": "a9"})
    assert refused.value.column == "area_id" and "a9" in str(refused.value)


async def test_the_audit_log_pages_newest_first(tiny: GraphStore) -> None:
    for n in range(5):
        await update_node(tiny, EDITOR, "Area", "a3", {"population": str(n)})
    first = await tiny.audit_page(3, None)
    rest = await tiny.audit_page(2, first[-1].id)
    populations = [e.after["population"] for e in first + rest]
    assert populations == ["4", "3", "2", "1", "0"]
    assert await tiny.audit_count() >= 5


async def test_many_single_changes_fit_in_a_small_embedded_buffer_pool(tmp_path: Path) -> None:
    """LadybugDB keeps ~1.3 MB of buffer pool per COPY until close; single changes must not COPY
    (a 64 MB pool used to refuse the 50th created node; 128 MB leaves room for the derived facts a change
    recomputes in its transaction)."""
    from graph.embedded import EmbeddedStore

    store = EmbeddedStore(tmp_path / "small.lbug", buffer_pool_mb=128)
    await store.open()
    try:
        assert (await seed_directory(store, write_folder(tmp_path / "tiny", TINY))).errors == []
        for i in range(120):
            await create_node(store, EDITOR, "Unit", {"id": f"n{i}", "name": f"单位{i}", "kind": "AGENCY", "parent_id": "u1"})
            await link(store, EDITOR, "JOINS", {"alliance_id": "al1", "unit_id": f"n{i}", "role": "MEMBER"})
        assert (await store.counts())["Unit"] == 123
        assert len((await store.related("Alliance.members", ["al1"]))["al1"]) == 122
    finally:
        await store.close()


async def test_a_change_whose_audit_entry_fails_leaves_nothing_behind(tiny: GraphStore,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """The store is real; only the audit write is made to fail, after the change's own writes."""
    counts, audited = await tiny.counts(), await tiny.audit_count()

    async def broken(*_args: object, **_kwargs: object) -> None:
        raise StoreError("disk full")

    monkeypatch.setattr(tiny, "append_audit", broken)
    with pytest.raises(StoreError):
        await create_node(tiny, EDITOR, "Unit", {"id": "u9", "name": "新单位", "kind": "AGENCY", "parent_id": "u1"})
    with pytest.raises(StoreError):
        await link(tiny, EDITOR, "JOINS", {"alliance_id": "al2", "unit_id": "u1", "role": "MEMBER"})
    monkeypatch.undo()
    assert await tiny.counts() == counts and await tiny.audit_count() == audited
    assert await ids(tiny, "Alliance.members", "al2") == ["u3"]
    await create_node(tiny, EDITOR, "Unit", {"id": "u9", "name": "新单位", "kind": "AGENCY"})
    assert (await tiny.counts())["Unit"] == counts["Unit"] + 1
