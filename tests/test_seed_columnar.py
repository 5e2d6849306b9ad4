"""The columnar seed path: the fast reader agrees with the exact one, the column pass flags exactly
the rows `parse_row` finds fault with, and a large load (diffed against the store) leaves the same
graph as a small one (looked up key by key) and as a fresh seed of the same folder."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from graph import bulk
from seed import columns
from seed.csvfile import _read_arrow, _read_python
from seed.load import seed_directory
from seed.rowschema import FILES_BY_NAME, parse_row
from seed.table import Source, from_rows
from tests.conftest import StoreFactory
from tests.seed_folders import TINY, graph_of, write_folder

TRICKY = [
    b'id,name,kind\r\nu1,"a\r\nb",X\r\n\r\nu2,b,Y\r\n , ,\r\nu4,"q""x",Y',
    'id,name,model,description\nal1,x,CHAIN,"两行\n描述"\nal2,y,WRONG,\n'.encode(),
    b'id,name,kind\n\nu1,a,BAD\n',
    b'\n\nid\tname\n u1 \t a \n',
    b'id,name,kind\nu1,"x,y",AGENCY\nu2,"",AGENCY\n',
]


@pytest.mark.parametrize("data", TRICKY)
def test_the_fast_reader_reads_what_the_exact_one_reads(data: bytes) -> None:
    delimiter = "\t" if b"\t" in data else ","
    fast = _read_arrow(Source("f.csv"), data, delimiter)
    exact, errors = _read_python(Source("f.csv"), data.decode(), delimiter)
    assert fast is not None and errors == []
    table = fast[0]
    assert table.columns == exact.columns
    assert table.lines.to_pylist() == exact.lines.to_pylist()
    assert {k: v.to_pylist() for k, v in table.cells.items()} == {k: v.to_pylist() for k, v in exact.cells.items()}


def test_the_column_pass_flags_exactly_the_rows_parse_row_refuses() -> None:
    spec = FILES_BY_NAME["members.csv"]
    rows = [
        {"id": "m1", "name": "a", "status": "FULL", "organization_id": "o1", "joined": "2020-01-01", "cadre": "是"},
        {"id": "m2", "name": "", "status": "FULL", "organization_id": "o1"},
        {"id": "m3", "name": "b", "status": "MAYBE", "organization_id": "o1", "joined": "2020-02-30"},
        {"id": "m4", "name": "c", "status": "预备党员", "organization_id": "", "cadre": "perhaps"},
        {"id": "m5", "name": "d", "status": "full", "organization_id": "o1", "skills": " 医疗 ;;法律;医疗", "joined": "2020/1/1"},
    ]
    parsed = columns.parse_table(spec, from_rows(spec.name, rows))
    expected = sorted((line, col, msg) for line, row in enumerate(rows, 1) for col, msg in parse_row(spec, row)[1])
    assert sorted((e.line, e.column, e.message) for e in parsed.errors) == expected
    assert parsed.values["skills"].to_pylist()[4] == parse_row(spec, rows[4])[0]["skills"] == ["医疗", "法律"]
    assert parsed.values["status"].to_pylist()[4] == "FULL"


CHANGED = dict(TINY)
CHANGED.update({
    "units.csv": "id,name,kind,level,area_id,parent_id\n"
                 "u1,民政局,机关,,a3,\n"  # level blanked, moved to a3
                 "u2,公安分局,AGENCY,DISTRICT,,u1\n"  # area blanked
                 "u3,东极镇,TOWNSHIP_GOV,TOWNSHIP,a3,u2\n"  # a parent set
                 "u4,新单位,SOE,,a1,\n",  # new
    "organizations.csv": "id,name,kind,unit_ids,parent_id,founded\n"
                         "o1,民政局机关党委,机关党委,u1;u4,,2010-07-01\n"
                         "o2,联合党支部,JOINT_BRANCH,u2,o1,2021-07-01\n",
    "alliance_members.csv": "alliance_id,unit_id,role,since\n"
                            "al1,u1,MEMBER,2021-06-18\nal1,u2,LEAD,\nal1,u4,MEMBER,\nal2,u3,LEAD,\n",
})


@pytest.mark.parametrize("bulk_rows", [0, 10**9], ids=["diffed", "looked-up"])
async def test_a_reseed_leaves_the_graph_a_fresh_seed_makes(make_store: StoreFactory, tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch, bulk_rows: int) -> None:
    monkeypatch.setattr(bulk, "BULK_ROWS", bulk_rows)
    before, after = write_folder(tmp_path / "before", TINY), write_folder(tmp_path / "after", CHANGED)
    reseeded, fresh = await make_store(), await make_store()
    for folder in (before, after, after):
        assert (await seed_directory(reseeded, folder)).errors == []
    assert (await seed_directory(fresh, after)).errors == []
    expected = await graph_of(fresh)
    assert await graph_of(reseeded) == expected
    # an untouched link pair stays, a pair seeded again is not doubled
    joins = expected["joins_unit_alliance"]
    assert ({"source": "u2", "target": "al1", "role": "LEAD", "since": None} in joins
            and len({(r["source"], r["target"]) for r in joins}) == len(joins) == 4)


async def test_a_cycle_through_the_store_is_found_from_the_chains_above_the_folders_parents(
        store: Any, tmp_path: Path) -> None:
    first = write_folder(tmp_path / "first", {"alliances.csv": "id,name,model,parent_id\n"
                                                                "al1,x,CHAIN,\nal2,y,CHAIN,al1\nal3,z,CHAIN,al2\n"})
    assert (await seed_directory(store, first)).errors == []
    loop = write_folder(tmp_path / "loop", {"alliances.csv": "id,name,model,parent_id\nal1,x,CHAIN,al3\n"})
    assert [str(e) for e in (await seed_directory(store, loop)).errors] == [
        "alliances.csv:2: parent_id: cycle in the parent chain: al1 -> al3 -> al2 -> al1"]
