"""What a seed path holds (issue 11): file names match case-insensitively and in Chinese, a
misnamed file is a warning naming the closest seed file, an empty folder is a plain message."""

from __future__ import annotations

from pathlib import Path

from graph.store import GraphStore
from seed.load import seed_directory
from seed.validate import KnownGraph, build_batch
from tests.seed_folders import TINY, write_folder, write_workbook

WHAT_TO_GIVE = ("name each file after a seed file (areas (区域), units (单位), organizations (党组织), members (党员), "
                "positions (职务), brands (党建品牌), alliances (党建联建), alliance_members (联建成员), resources (资源), "
                "resource_shares (资源共享), services (服务), service_areas (服务覆盖)) as .csv or .xlsx, or give one "
                "workbook with a sheet per seed file; docs/csv.md describes them")


def messages(path: Path) -> tuple[list[str], list[str], dict[str, int]]:
    result = build_batch(path, KnownGraph())
    return [str(e) for e in result.errors], [str(w) for w in result.warnings], result.rows


def test_names_match_in_any_case_and_in_chinese(tmp_path: Path) -> None:
    folder = write_folder(tmp_path, {"Areas.CSV": TINY["areas.csv"], "单位.csv": TINY["units.csv"],
                                     "Alliance Members.csv": "alliance_id,unit_id,role\n",
                                     "alliances.csv": TINY["alliances.csv"]})
    errors, warnings, rows = messages(folder)
    assert (errors, warnings) == ([], [])
    assert rows == {"areas.csv": 3, "units.csv": 3, "alliances.csv": 2, "alliance_members.csv": 0}


def test_a_misnamed_file_is_a_warning_naming_the_closest_seed_file(tmp_path: Path) -> None:
    folder = write_folder(tmp_path, {"areas.csv": TINY["areas.csv"], "alliance.csv": TINY["alliances.csv"],
                                     "people.csv": "id\n", "README.md": "说明", "~$units.xlsx": b"lock",
                                     "units.xls": b"old"})
    write_workbook(folder / "unit.xlsx", {"Sheet1": [["id", "name", "kind"], ["u1", "x", "AGENCY"]]})
    errors, warnings, rows = messages(folder)
    assert errors == [] and rows == {"areas.csv": 3}
    assert warnings == [
        "alliance.csv: not a seed file, ignored; did you mean alliances.csv (党建联建)?",
        ("people.csv: not a seed file, ignored; seed files are named areas (区域), units (单位), organizations (党组织), "
        "members (党员), positions (职务), brands (党建品牌), alliances (党建联建), alliance_members (联建成员), "
        "resources (资源), resource_shares (资源共享), services (服务), service_areas (服务覆盖)"),
        ("unit.xlsx: neither the workbook nor any of its sheets is named after a seed file, ignored; "
        "did you mean units.xlsx (单位)?"),
        "units.xls: an Excel 97-2003 workbook cannot be read, ignored; save it as .xlsx or .csv",
    ]


async def test_a_misnamed_file_is_not_silently_dropped_by_the_loader(store: GraphStore, tmp_path: Path) -> None:
    folder = write_folder(tmp_path, {"areas.csv": TINY["areas.csv"], "Units.csv": TINY["units.csv"],
                                     "alliance.csv": TINY["alliances.csv"]})
    report = await seed_directory(store, folder)
    assert report.loaded and report.rows == {"areas.csv": 3, "units.csv": 3}
    assert [str(w) for w in report.warnings] == [("alliance.csv: not a seed file, ignored; did you mean alliances.csv "
                                                 "(党建联建)?")]
    assert (await store.counts())["Unit"] == 3


def test_an_empty_folder_is_a_plain_message(tmp_path: Path) -> None:
    (tmp_path / "x").mkdir()
    assert messages(tmp_path / "x")[0] == [f"{tmp_path / 'x'}: the folder is empty; {WHAT_TO_GIVE}"]


def test_a_folder_without_a_seed_file_says_so(tmp_path: Path) -> None:
    folder = write_folder(tmp_path / "x", {"README.md": "说明", "alliance.csv": "id\n"})
    errors, warnings, _ = messages(folder)
    assert errors == [f"{folder}: holds no seed file; {WHAT_TO_GIVE}"]
    assert warnings == ["alliance.csv: not a seed file, ignored; did you mean alliances.csv (党建联建)?"]


def test_a_missing_path_and_a_single_file(tmp_path: Path) -> None:
    assert messages(tmp_path / "nowhere")[0] == [f"{tmp_path / 'nowhere'}: no such folder or file"]
    folder = write_folder(tmp_path / "one", {"areas.csv": TINY["areas.csv"], "notes.txt": "x"})
    assert messages(folder / "areas.csv")[:2] == ([], [])
    assert messages(folder / "notes.txt")[0] == [f"notes.txt: not a seed file; {WHAT_TO_GIVE}"]
    misnamed = write_folder(tmp_path / "two", {"area.csv": TINY["areas.csv"]}) / "area.csv"
    assert messages(misnamed)[:2] == (["area.csv: not a seed file; did you mean areas.csv (区域)?"], [])


def test_the_same_seed_file_twice_is_an_error(tmp_path: Path) -> None:
    folder = write_folder(tmp_path, {"units.csv": TINY["units.csv"], "单位.csv": TINY["units.csv"],
                                     "areas.csv": TINY["areas.csv"]})
    assert messages(folder)[0] == ["单位.csv: units (单位) is given twice, here and in units.csv; keep one of them"]
