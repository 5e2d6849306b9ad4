"""`lianjian template`: an empty seed, in either language and format, that seeds back with 0 rows."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from api.cli import main
from graph.model import UNIT_KIND
from graph.store import GraphStore
from seed.load import seed_directory
from seed.names import column_named, spec_named
from seed.rowschema import FILES, FILES_BY_NAME
from seed.template import README_NAME, WORKBOOK_NAME

# What an administrator types in, by the template's file and the English name of each column: the
# enums by their Chinese labels, dates as Chinese Excel users write them.
FILLED: dict[str, list[dict[str, Any]]] = {
    "areas.csv": [{"id": "a1", "name": "浙江省", "kind": "省"},
                  {"id": "a2", "name": "嵊泗县", "kind": "区县", "parent_id": "a1", "population": 66000, "remote": "是"}],
    "units.csv": [{"id": "u1", "name": "县委组织部", "kind": "机关", "level": "区县级", "area_id": "a2"},
                  {"id": "u2", "name": "菜园镇", "kind": "乡镇街道", "area_id": "a2", "parent_id": "u1"}],
    "organizations.csv": [{"id": "o1", "name": "县委组织部机关党委", "kind": "机关党委", "unit_ids": "u1;u2",
                           "founded": "2010年7月1日"}],
    "members.csv": [{"id": "m1", "name": "张三", "status": "正式党员", "organization_id": "o1", "unit_id": "u1",
                     "joined": dt.date(2001, 7, 1), "skills": "医疗;法律", "cadre": "是", "phone": "13800001111"}],
    "positions.csv": [{"member_id": "m1", "organization_id": "o1", "role": "书记", "since": "2021/7/1"}],
    "brands.csv": [{"id": "b1", "name": "海上红帆", "unit_id": "u2", "organization_id": "o1", "domains": "治安"}],
    "alliances.csv": [{"id": "al1", "name": "海岛党建联建", "model": "党建联建"}],
    "alliance_members.csv": [{"alliance_id": "al1", "unit_id": "u1", "role": "牵头单位"},
                             {"alliance_id": "al1", "unit_id": "u2", "role": "成员单位"}],
    "resources.csv": [{"id": "r1", "name": "党群服务中心", "kind": "阵地", "unit_id": "u2", "area_id": "a2", "capacity": 80}],
    "resource_shares.csv": [{"resource_id": "r1", "alliance_id": "al1"}],
    "services.csv": [{"id": "s1", "name": "送医上岛", "domain": "医疗", "alliance_id": "al1"},
                     {"id": "s2", "name": "海上巡防", "domain": "治安", "brand_id": "b1"}],
    "service_areas.csv": [{"service_id": "s1", "area_id": "a2"}],
}


def filled_in(header: list[str], file: str, rows: list[dict[str, Any]], as_text: bool) -> list[list[Any]]:
    """The rows in the template's column order (found from its headers, as the seed reader finds them)."""
    spec = FILES_BY_NAME[file]
    names = [column.name for column in (column_named(spec, h) for h in header) if column is not None]
    assert len(names) == len(header) == len(spec.columns)
    return [[str(row.get(n, "")) if as_text else row.get(n) for n in names] for row in rows]


def fill_csv_template(outdir: Path) -> None:
    for path in sorted(outdir.glob("*.csv")):
        spec = spec_named(path.stem)
        assert spec is not None
        with open(path, encoding="utf-8-sig", newline="") as f:
            header = next(csv.reader(f))
        with open(path, "a", encoding="utf-8", newline="") as f:
            csv.writer(f, lineterminator="\r\n").writerows(filled_in(header, spec.name, FILLED[spec.name], True))


def fill_workbook_template(path: Path) -> None:
    book = openpyxl.load_workbook(path)
    for sheet in book.worksheets:
        spec = spec_named(sheet.title)
        if spec is None:
            continue
        header = [cell.value for cell in sheet[1]]
        for row in filled_in(header, spec.name, FILLED[spec.name], False):
            sheet.append(row)
    book.save(path)


@pytest.mark.parametrize("language", ["zh", "en"])
@pytest.mark.parametrize("xlsx", [False, True], ids=["csv", "xlsx"])
async def test_the_template_seeds_back_with_no_rows(store: GraphStore, tmp_path: Path, language: str,
                                                    xlsx: bool) -> None:
    outdir = tmp_path / "template"
    argv = ["template", str(outdir), "--headers", language] + (["--xlsx"] if xlsx else [])
    assert main(argv) == 0
    report = await seed_directory(store, outdir / WORKBOOK_NAME if xlsx else outdir, replace=True)
    assert report.ok, report.errors
    assert report.rows == {spec.name: 0 for spec in FILES}
    assert (await store.counts()).get("Unit", 0) == 0


def test_csv_headers_are_chinese_by_default_with_a_readme_of_every_column(tmp_path: Path) -> None:
    assert main(["template", str(tmp_path)]) == 0
    with open(tmp_path / "单位.csv", encoding="utf-8-sig", newline="") as f:
        assert next(csv.reader(f)) == ["编号*", "名称*", "类型*", "级别", "区域编号", "上级编号"]
    readme = (tmp_path / README_NAME).read_text(encoding="utf-8")
    rows = [line.split("\t") for line in readme.splitlines() if line.count("\t") == 4]
    assert len(rows) == 1 + sum(len(spec.columns) for spec in FILES)
    kind = next(row for row in rows if row[:2] == ["单位", "类型*"])
    assert kind[2:4] == ["kind", "是"]
    assert all(f"{value} ({label})" in kind[4] for value, label in UNIT_KIND.values.items())
    assert any(row[:2] == ["服务", "联建编号"] and "党建联建中的编号" in row[4] and "品牌编号" in row[4] for row in rows)
    assert any(row[:2] == ["党组织", "单位编号*"] and "多个单位编号" in row[4] for row in rows)
    assert any(row[:2] == ["党员", "入党日期"] and "2021年7月1日" in row[4] for row in rows)


def test_the_english_workbook_has_a_sheet_per_file_and_an_explanation(tmp_path: Path) -> None:
    assert main(["template", str(tmp_path), "--xlsx", "--headers", "en"]) == 0
    book = openpyxl.load_workbook(tmp_path / WORKBOOK_NAME, read_only=True)
    assert book.sheetnames == [spec.stem for spec in FILES] + ["README"]
    header = next(book["members"].iter_rows(values_only=True))
    assert list(header) == [c.name + ("*" if c.required else "") for c in FILES_BY_NAME["members.csv"].columns]
    explained = list(book["README"].iter_rows(values_only=True))
    assert ("members", "status*", "党员状态", "yes") in [row[:4] for row in explained]


@pytest.mark.parametrize("language", ["zh", "en"])
@pytest.mark.parametrize("xlsx", [False, True], ids=["csv", "xlsx"])
async def test_a_filled_in_template_seeds(store: GraphStore, tmp_path: Path, language: str, xlsx: bool) -> None:
    outdir = tmp_path / "template"
    assert main(["template", str(outdir), "--headers", language] + (["--xlsx"] if xlsx else [])) == 0
    if xlsx:
        fill_workbook_template(outdir / WORKBOOK_NAME)
    else:
        fill_csv_template(outdir)
    report = await seed_directory(store, outdir, replace=True)
    assert report.ok, report.errors
    assert report.warnings == []  # nor about the README / 说明 sheet
    assert report.rows == {name: len(rows) for name, rows in FILLED.items()}
    member = (await store.nodes_by_id("Member", ["m1"]))["m1"]
    assert (member["status"], member["joined"], member["skills"], member["cadre"]) == \
        ("FULL", "2001-07-01", ["医疗", "法律"], True)
    area = (await store.nodes_by_id("Area", ["a2"]))["a2"]
    assert (area["kind"], area["population"], area["remote"]) == ("DISTRICT", 66000, True)
    units = await store.related("Organization.units", ["o1"])
    assert [n.node["id"] for n in units["o1"]] == ["u1", "u2"]


def test_a_folder_that_holds_files_is_refused_in_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "单位.csv").write_text("编号,名称\nu1,已经填了\n", encoding="utf-8")
    assert main(["template", str(tmp_path)]) == 2
    captured = capsys.readouterr()
    assert (captured.out, captured.err) == ("", f"lianjian: {tmp_path} already exists and is not an empty folder; "
                                                "name a new one\n")
    assert (tmp_path / "单位.csv").read_text(encoding="utf-8") == "编号,名称\nu1,已经填了\n"
