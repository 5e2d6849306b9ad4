"""CSV validation (SPEC §3): every error class cited as file:line: column, encodings, Excel quirks.

No store is involved here: these exercise the reader and validator on their own, with references
into the store given as a KnownGraph (the store side is in test_seed_store.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from seed.validate import KnownGraph, build_batch
from tests.seed_folders import TINY, write_folder


def errors_of(folder: Path, known: KnownGraph | None = None) -> list[str]:
    return [str(e) for e in build_batch(folder, known or KnownGraph()).errors]


def test_the_tiny_folder_is_valid_and_normalised(tmp_path: Path) -> None:
    result = build_batch(write_folder(tmp_path, TINY), KnownGraph())
    assert result.errors == []
    units = {u["id"]: u for u in result.batch.nodes["Unit"].to_pylist()}
    assert units["u1"] == {"id": "u1", "name": "民政局", "kind": "AGENCY", "level": "DISTRICT"}
    member = result.batch.nodes["Member"].to_pylist()[0]
    assert member["skills"] == ["医疗", "法律"] and member["cadre"] is True and member["status"] == "FULL"
    assert result.batch.nodes["Area"].to_pylist()[0]["remote"] is False
    joins = next(e for e in result.batch.edges if e.rel.type == "JOINS")
    assert {"source": "u1", "target": "al1", "role": "LEAD", "since": "2021-06-18"} in joins.rows.to_pylist()
    in_unit = next(e for e in result.batch.edges if e.rel.type == "IN_UNIT")
    assert sorted((r["source"], r["target"]) for r in in_unit.rows.to_pylist()) == [("o1", "u1"), ("o2", "u1"), ("o2", "u2")]
    assert result.rows["units.csv"] == 3


@pytest.mark.parametrize(("file", "content", "expected"), [
    ("units.csv", "id,name,kind\nu1,a,AGENCY\nu1,b,AGENCY\n", "units.csv:3: id: duplicate id 'u1', first on line 2"),
    ("units.csv", "id,name,kind,area_id\nu1,a,AGENCY,nowhere\n", "units.csv:2: area_id: unknown Area id 'nowhere'"),
    ("units.csv", "id,name,kind\nu1,a,PALACE\n", "units.csv:2: kind: unknown UnitKind 'PALACE'"),
    ("units.csv", "id,name,kind\nu1,,AGENCY\n", "units.csv:2: name: required value is missing"),
    ("units.csv", "id,name\nu1,a\n", "units.csv:1: kind: required column is missing from the header"),
    ("alliances.csv", "id,name,model,founded\nal1,a,CHAIN,2021-02-30\n", "alliances.csv:2: founded: not a calendar date"),
    ("alliances.csv", "id,name,model,founded\nal1,a,CHAIN,3 Feb 2021\n", "alliances.csv:2: founded: not a date (expected YYYY-MM-DD"),
    ("alliances.csv", "id,name,model,founded\nal1,a,CHAIN,2021/2/30\n", "alliances.csv:2: founded: not a calendar date"),
    ("areas.csv", "id,name,kind,population\na1,x,VILLAGE,many\n", "areas.csv:2: population: not a whole number"),
    ("areas.csv", "id,name,kind,remote\na1,x,VILLAGE,perhaps\n", "areas.csv:2: remote: not a boolean"),
    ("services.csv", "id,name,domain,alliance_id,brand_id\ns1,x,医疗,,\n", "services.csv:2: alliance_id: exactly one of alliance_id and brand_id is required, found neither"),
    ("units.csv", "id,name,kind\nu1,a,AGENCY,extra\n", "units.csv:2: : 4 cells but the header has 3 columns"),
])
def test_each_error_class_is_cited_with_file_line_and_column(tmp_path: Path, file: str, content: str, expected: str) -> None:
    found = errors_of(write_folder(tmp_path, {file: content}))
    assert any(e.startswith(expected) for e in found), found


def test_both_alliance_and_brand_is_an_error(tmp_path: Path) -> None:
    files = dict(TINY)
    files["services.csv"] = "id,name,domain,alliance_id,brand_id\ns1,x,医疗,al1,b1\n"
    assert any("found both" in e for e in errors_of(write_folder(tmp_path, files)))


def test_all_errors_are_reported_at_once(tmp_path: Path) -> None:
    folder = write_folder(tmp_path, {
        "units.csv": "id,name,kind\nu1,a,BAD\nu2,,AGENCY\nu1,c,AGENCY\n",
        "alliance_members.csv": "alliance_id,unit_id,role\nal9,u1,LEAD\n",
    })
    found = errors_of(folder)
    assert len(found) == 4, found


def test_line_numbers_are_physical_lines_even_after_a_multiline_cell(tmp_path: Path) -> None:
    content = 'id,name,model,description\nal1,x,CHAIN,"两行\n描述"\nal2,y,WRONG,\n'
    found = errors_of(write_folder(tmp_path, {"alliances.csv": content}))
    assert found == ["alliances.csv:4: model: unknown AllianceModel 'WRONG'; expected one of "
                     "JOINT_BUILDING (党建联建), CONSORTIUM (党建联合体), PAIRING (结对共建), CHAIN (联建链群)"]


def test_a_blank_line_still_counts(tmp_path: Path) -> None:
    found = errors_of(write_folder(tmp_path, {"units.csv": "id,name,kind\n\nu1,a,BAD\n"}))
    assert found[0].startswith("units.csv:3: kind:")


def test_cycles_are_refused_citing_a_row_in_the_cycle(tmp_path: Path) -> None:
    folder = write_folder(tmp_path, {"areas.csv": "id,name,kind,parent_id\na1,x,CITY,a3\na2,y,CITY,a1\na3,z,CITY,a2\na4,w,CITY,a1\n"})
    found = errors_of(folder)
    assert len(found) == 1 and found[0].startswith("areas.csv:2: parent_id: cycle in the parent chain"), found


def test_a_cycle_closing_through_the_store_is_refused(tmp_path: Path) -> None:
    folder = write_folder(tmp_path, {"alliances.csv": "id,name,model,parent_id\nal1,x,CHAIN,al2\n"})
    known = KnownGraph(ids={"Alliance": {"al2"}}, parents={"Alliance": {"al2": "al1"}})
    assert errors_of(folder, known) == ["alliances.csv:2: parent_id: cycle in the parent chain: al1 -> al2 -> al1"]


def test_references_may_point_into_the_store(tmp_path: Path) -> None:
    folder = write_folder(tmp_path, {"alliance_members.csv": "alliance_id,unit_id,role\nal1,u1,LEAD\n"})
    assert errors_of(folder, KnownGraph(ids={"Alliance": {"al1"}, "Unit": {"u1"}})) == []
    assert len(errors_of(folder)) == 2


def test_duplicate_pairs_in_link_files_cite_the_second(tmp_path: Path) -> None:
    files = dict(TINY)
    files["alliance_members.csv"] = "alliance_id,unit_id,role\nal1,u1,LEAD\nal1,u2,MEMBER\nal1,u1,MEMBER\n"
    found = errors_of(write_folder(tmp_path, files))
    assert found == ["alliance_members.csv:4: alliance_id: duplicate alliance_id/unit_id pair 'al1'/'u1', first on line 2"]


def test_gb18030_bom_crlf_and_tabs_are_read(tmp_path: Path) -> None:
    files: dict[str, str | bytes] = dict(TINY)
    files["units.csv"] = TINY["units.csv"].replace("\n", "\r\n").encode("gb18030")
    files["areas.csv"] = b"\xef\xbb\xbf" + TINY["areas.csv"].encode("utf-8")
    files["alliances.csv"] = TINY["alliances.csv"].replace(",", "\t")
    result = build_batch(write_folder(tmp_path, files), KnownGraph())
    assert result.errors == []
    assert {u["name"] for u in result.batch.nodes["Unit"].to_pylist()} == {"民政局", "公安分局", "东极镇"}
    assert result.batch.nodes["Area"].column("id")[0].as_py() == "a1"
    assert result.batch.nodes["Alliance"].num_rows == 2


def test_an_undecodable_file_is_one_error(tmp_path: Path) -> None:
    folder = write_folder(tmp_path, {"units.csv": b"id,name,kind\nu1,ok,AGENCY\nu2,\xff\xfe\xff\xfe\x80,AGENCY\n"})
    found = errors_of(folder)
    assert found == ["units.csv:3: : cannot decode the file: neither UTF-8 nor GB18030"]


def test_unknown_columns_are_warnings_not_errors(tmp_path: Path) -> None:
    files = dict(TINY)
    files["units.csv"] = TINY["units.csv"].replace("parent_id\n", "parent_id,备注\n", 1)
    result = build_batch(write_folder(tmp_path, files), KnownGraph())
    assert result.errors == []
    assert [str(w) for w in result.warnings] == [(
        "units.csv:1: 备注: unknown column, ignored; the columns of units.csv are id (编号), name (名称), kind (类型), "
        "level (级别), area_id (区域编号), parent_id (上级编号)")]


def test_absent_files_are_empty_sets(tmp_path: Path) -> None:
    result = build_batch(write_folder(tmp_path, {"areas.csv": TINY["areas.csv"]}), KnownGraph())
    assert result.errors == [] and list(result.batch.nodes) == ["Area"]


def test_quotes_inside_cells_survive(tmp_path: Path) -> None:
    content = 'id,name,model\nal1,"普陀""党建引领业务""联建",CHAIN\n'
    result = build_batch(write_folder(tmp_path, {"alliances.csv": content}), KnownGraph())
    assert result.batch.nodes["Alliance"].column("name")[0].as_py() == '普陀"党建引领业务"联建'


def test_dates_as_a_chinese_excel_writes_them_are_read(tmp_path: Path) -> None:
    """Excel on a Chinese Windows saves a date cell into a CSV as 2021/7/1; people type 2021年7月1日."""
    content = ("id,name,model,founded\nal1,a,CHAIN,2021/7/1\nal2,b,CHAIN,2021-7-1\nal3,c,CHAIN,2021年7月1日\n"
               "al4,d,CHAIN,2021.07.01\nal5,e,CHAIN,2021-07-01\n")
    result = build_batch(write_folder(tmp_path, {"alliances.csv": content}), KnownGraph())
    assert result.errors == []
    assert set(result.batch.nodes["Alliance"].column("founded").to_pylist()) == {"2021-07-01"}
