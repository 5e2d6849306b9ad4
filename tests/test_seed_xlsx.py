"""Excel seeds (issue 10): a workbook with a sheet per seed file, or an .xlsx per seed file, seeds
the graph its CSV export seeds — typed dates, numbers and booleans included — with the same checks,
citing `file:sheet:row`."""

from __future__ import annotations

import base64
import datetime as dt
import os
from pathlib import Path
from typing import Any

from api.auth import create_key
from api.settings import ServerSettings
from graph.bookkeeping import Actor
from graph.store import GraphStore
from seed.load import seed_directory
from seed.validate import KnownGraph, ValidationResult, build_batch
from seed.xlsxfile import cell_text
from tests.conftest import DEMO, StoreFactory, graphql_client
from tests.seed_folders import TINY, graph_of, typed_rows, write_folder, write_workbook
from tests.serving import run

SHEET_NAMES = {  # a mix of English, upper case and Chinese sheet names
    "areas.csv": "AREAS", "units.csv": "单位", "members.csv": "党员", "alliances.csv": "党建联建",
    "organizations.csv": "Organizations", "service_areas.csv": "服务覆盖",
}


def demo_workbook(path: Path) -> Path:
    """The demo folder as one typed workbook, with an empty row after each header, an empty
    Sheet2 as Excel leaves it, and a notes sheet."""
    sheets: dict[str, list[list[Any]]] = {}
    for csv_file in sorted(DEMO.glob("*.csv")):
        header, *records = typed_rows(csv_file.name, csv_file.read_text(encoding="utf-8"))
        sheets[SHEET_NAMES.get(csv_file.name, csv_file.stem)] = [header, [], *records]
    sheets["Sheet2"] = []
    sheets["备注"] = [["本工作簿由组织部填写"]]
    return write_workbook(path, sheets)


def rows_of(result: ValidationResult) -> dict[str, Any]:
    """A batch as plain rows, to compare two seeds of the same graph without a store."""
    nodes = {label: sorted(table.to_pylist(), key=lambda r: r["id"]) for label, table in result.batch.nodes.items()}
    edges = sorted((e.rel.type, e.rel.source, e.rel.target, sorted(map(str, e.rows.to_pylist())))
                   for e in result.batch.edges)
    return {"nodes": nodes, "edges": edges}


async def test_a_typed_workbook_seeds_the_graph_its_csv_files_seed(make_store: StoreFactory, tmp_path: Path) -> None:
    book = demo_workbook(tmp_path / "党建数据.xlsx")
    from_csv, from_xlsx = await make_store(), await make_store()
    assert (await seed_directory(from_csv, DEMO)).errors == []
    report = await seed_directory(from_xlsx, book)
    assert report.errors == [] and report.loaded
    assert [str(w) for w in report.warnings] == [
        "党建数据.xlsx:备注: not a seed sheet, ignored; seed sheets are named " + ", ".join(
            f"{s} ({a})" for s, a in [("areas", "区域"), ("units", "单位"), ("organizations", "党组织"),
                                      ("members", "党员"), ("positions", "职务"), ("brands", "党建品牌"),
                                      ("alliances", "党建联建"), ("alliance_members", "联建成员"),
                                      ("resources", "资源"), ("resource_shares", "资源共享"), ("services", "服务"),
                                      ("service_areas", "服务覆盖")])]
    assert await from_xlsx.counts() == await from_csv.counts()
    assert await graph_of(from_xlsx) == await graph_of(from_csv)
    member = (await from_xlsx.nodes_by_id("Member", ["m-0001"]))["m-0001"]
    assert (member["phone"], member["joined"], member["cadre"]) == ("13800000001", "1996-08-28", False)


def test_one_xlsx_per_seed_file_reads_as_the_folder(tmp_path: Path) -> None:
    folder = tmp_path / "books"
    for csv_file in sorted(DEMO.glob("*.csv")):
        name = "党员.xlsx" if csv_file.stem == "members" else f"{csv_file.stem}.xlsx"
        write_workbook(folder / name, {"Sheet1": typed_rows(csv_file.name, csv_file.read_text(encoding="utf-8"))})
    result = build_batch(folder, KnownGraph())
    assert result.errors == [] and result.warnings == []
    assert rows_of(result) == rows_of(build_batch(DEMO, KnownGraph()))


def test_excel_types_read_as_their_csv_text() -> None:
    assert [cell_text(v) for v in (12.0, 12, 12.5, True, False, None, " x ")] == ["12", "12", "12.5", "true", "false",
                                                                                "", " x "]
    assert cell_text(dt.datetime(2021, 7, 1)) == cell_text(dt.date(2021, 7, 1)) == "2021-07-01"
    assert cell_text(13800001111.0) == "13800001111"


def test_typed_cells_become_the_values_a_csv_gives(tmp_path: Path) -> None:
    book = write_workbook(tmp_path / "seed.xlsx", {
        "areas": [["id", "name", "kind", "population", "remote"],
                  [1001, "舟山市", "CITY", 1200.0, True], ["a2", "东极岛", "海岛", 300, False]],
        "alliances": [["id", "name", "model", "founded"], ["al1", "联建", "CHAIN", dt.datetime(2021, 6, 18)]],
    })
    result = build_batch(book, KnownGraph())
    assert result.errors == []
    areas = {a["id"]: a for a in result.batch.nodes["Area"].to_pylist()}
    assert areas["1001"]["population"] == 1200 and areas["1001"]["remote"] is True
    assert areas["a2"]["remote"] is False and areas["a2"]["kind"] == "ISLAND"
    assert result.batch.nodes["Alliance"].to_pylist()[0]["founded"] == "2021-06-18"


def test_errors_cite_file_sheet_and_row(tmp_path: Path) -> None:
    book = write_workbook(tmp_path / "seed.xlsx", {
        "单位": [[], ["id", "name", "kind", "area_id"], ["u1", "民政局", "机关"], [],
                 ["u2", "公安局", "衙门"], ["u1", "重复", "AGENCY"], ["u3", "x", "AGENCY", None, None, "stray"]],
        "areas": [["id", "name", "kind", "population"], ["a1", "x", "CITY", 12.5]],
    })
    found = [str(e) for e in build_batch(book, KnownGraph()).errors]
    assert found == [
        "seed.xlsx:areas:2: population: not a whole number >= 0: '12.5'",
        ("seed.xlsx:单位:5: kind: unknown UnitKind '衙门'; expected one of AGENCY (机关), SOE (国有企业), "
        "INSTITUTION (事业单位), TOWNSHIP_GOV (乡镇街道), VILLAGE_COMMITTEE (村社区), CENTER (服务中心), "
        "SOCIAL_ORG (社会组织), ENTERPRISE (非公企业)"),
        "seed.xlsx:单位:6: id: duplicate id 'u1', first on row 3",
        "seed.xlsx:单位:7: : 6 cells but the header has 4 columns",
    ]


def test_a_missing_required_column_cites_the_header_row(tmp_path: Path) -> None:
    book = write_workbook(tmp_path / "units.xlsx", {"名单": [[None], [None], ["id", "name"], ["u1", "x"]]})
    assert [str(e) for e in build_batch(book, KnownGraph()).errors] == [
        "units.xlsx:名单:3: kind: required column is missing from the header (write kind or 类型)"]


def test_a_damaged_workbook_is_one_error(tmp_path: Path) -> None:
    folder = write_folder(tmp_path / "bad", {"units.xlsx": TINY["units.csv"], "areas.csv": TINY["areas.csv"]})
    assert [str(e) for e in build_batch(folder, KnownGraph()).errors] == [
        "units.xlsx: cannot open the workbook: not a valid .xlsx file (BadZipFile)"]


def test_a_workbook_and_a_csv_of_the_same_file_are_refused(tmp_path: Path) -> None:
    folder = write_folder(tmp_path / "both", {"units.csv": TINY["units.csv"], "areas.csv": TINY["areas.csv"]})
    write_workbook(folder / "seed.xlsx", {"单位": typed_rows("units.csv", TINY["units.csv"])})
    assert [str(e) for e in build_batch(folder, KnownGraph()).errors] == [
        "units.csv: units (单位) is given twice, here and in seed.xlsx:单位; keep one of them"]


async def test_seed_csv_takes_a_workbook_in_base64(store: GraphStore, tmp_path: Path) -> None:
    book = demo_workbook(tmp_path / "demo.xlsx")
    files = [{"name": "demo.xlsx", "base64": base64.b64encode(book.read_bytes()).decode()}]
    mutation = """mutation($files: [CsvFileInput!]!) { seedCsv(files: $files) {
        loaded rows { file rows } errors { file line column message } } }"""
    async with graphql_client(store, ServerSettings()) as anonymous:
        admin = anonymous.with_key((await create_key(store, "admin", "admin key", Actor("cli:test", "admin"))).key)
        result = (await admin.data(mutation, files=files))["seedCsv"]
        assert result["errors"] == [] and result["loaded"] is True
        assert (await store.nodes_by_id("Unit", ["u-pt-minzheng"]))["u-pt-minzheng"]["name"] == "普陀区民政局"
        broken = [{"name": "units.xlsx", "base64": base64.b64encode(b"not a workbook").decode()}]
        refused = (await admin.data(mutation, files=broken))["seedCsv"]
        assert refused["loaded"] is False and refused["errors"] == [
            {"file": "units.xlsx", "line": 0, "column": "", "message": "cannot open the workbook: not a valid .xlsx "
                                                                      "file (BadZipFile)"}]


def test_lianjian_seed_takes_a_workbook_path(tmp_path: Path) -> None:
    book = write_workbook(tmp_path / "tiny.xlsx", {name.removesuffix(".csv"): typed_rows(name, content)
                                                   for name, content in TINY.items()})
    done = run("seed", str(book), env={**os.environ, "LIANJIAN_BACKEND": "embedded",
                                       "LIANJIAN_DB_PATH": str(tmp_path / "db.lbug")})
    assert done.returncode == 0, done.stderr
    assert "24 rows" in done.stdout.splitlines()[-1]
