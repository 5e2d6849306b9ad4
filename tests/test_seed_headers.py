"""Chinese column headers (issue 10): one documented alias per column, kept in the row schema;
English and Chinese may be mixed; an unknown header is a warning naming the closest column."""

from __future__ import annotations

import re
from pathlib import Path

from seed.load import seed_directory
from seed.rowschema import FILES, FILES_BY_NAME
from seed.validate import KnownGraph, build_batch
from tests.conftest import DEMO, REPO, StoreFactory
from tests.seed_folders import TINY, csv_rows, graph_of, write_folder


def in_chinese(file: str, content: str) -> str:
    """The file with every header cell replaced by its column's alias."""
    aliases = {c.name: c.alias for c in FILES_BY_NAME[file].columns}
    header, rest = content.split("\n", 1)
    return ",".join(aliases[name] for name in header.split(",")) + "\n" + rest


def errors_and_warnings(folder: Path) -> tuple[list[str], list[str]]:
    result = build_batch(folder, KnownGraph())
    return [str(e) for e in result.errors], [str(w) for w in result.warnings]


async def test_the_demo_with_chinese_headers_seeds_the_same_graph(make_store: StoreFactory, tmp_path: Path) -> None:
    files = {f.name: in_chinese(f.name, f.read_text(encoding="utf-8")) for f in DEMO.glob("*.csv")}
    assert csv_rows(files["units.csv"])[0] == ["编号", "名称", "类型", "级别", "区域编号", "上级编号"]
    folder = write_folder(tmp_path / "中文表头", files)
    english, chinese = await make_store(), await make_store()
    assert (await seed_directory(english, DEMO)).errors == []
    report = await seed_directory(chinese, folder)
    assert report.errors == [] and report.warnings == [] and report.loaded
    assert await graph_of(chinese) == await graph_of(english)


def test_english_and_chinese_headers_mix_in_one_file(tmp_path: Path) -> None:
    folder = write_folder(tmp_path, {"areas.csv": TINY["areas.csv"],
                                     "units.csv": "编号,name,类型,Level,区域编号\nu1,民政局,机关,区县级,a2\n"})
    result = build_batch(folder, KnownGraph())
    assert result.errors == [] and result.warnings == []
    assert result.batch.nodes["Unit"].to_pylist() == [{"id": "u1", "name": "民政局", "kind": "AGENCY", "level": "DISTRICT"}]
    located = next(e for e in result.batch.edges if e.rel.type == "LOCATED_IN")
    assert located.rows.to_pylist() == [{"source": "u1", "target": "a2"}]


def test_messages_name_the_column_as_the_header_wrote_it(tmp_path: Path) -> None:
    folder = write_folder(tmp_path, {"units.csv": "编号,名称,类型\nu1,民政局,衙门\nu1,公安局,机关\n"})
    errors, _ = errors_and_warnings(folder)
    assert [e.split(";")[0] for e in errors] == ["units.csv:2: 类型: unknown UnitKind '衙门'",
                                                  "units.csv:3: 编号: duplicate id 'u1', first on line 2"]


def test_an_unknown_header_names_the_closest_column_in_either_language(tmp_path: Path) -> None:
    folder = write_folder(tmp_path, {"units.csv": "id,name,kind,parnet_id,上级单位编号,Name2\nu1,x,AGENCY,,,\n"})
    errors, warnings = errors_and_warnings(folder)
    assert errors == []
    assert warnings == [
        "units.csv:1: parnet_id: unknown column, ignored; did you mean parent_id (上级编号)?",
        "units.csv:1: 上级单位编号: unknown column, ignored; did you mean parent_id (上级编号)?",
        "units.csv:1: Name2: unknown column, ignored; did you mean name (名称)?",
    ]


def test_one_column_under_two_headers_is_an_error(tmp_path: Path) -> None:
    folder = write_folder(tmp_path, {"units.csv": "id,编号,name,kind\nu1,u1,x,AGENCY\n"})
    errors, _ = errors_and_warnings(folder)
    assert errors == ["units.csv:1: 编号: names the same column as 'id' (id); keep one of them"]


def test_a_missing_required_column_says_both_names(tmp_path: Path) -> None:
    errors, _ = errors_and_warnings(write_folder(tmp_path, {"units.csv": "编号,名称\nu1,x\nu2,\n"}))
    assert errors == [  # one error for the column, none for each row that lacks it
        "units.csv:1: kind: required column is missing from the header (write kind or 类型)",
        "units.csv:3: 名称: required value is missing"]


def test_a_required_mark_in_the_header_is_allowed(tmp_path: Path) -> None:
    result = build_batch(write_folder(tmp_path, {"units.csv": "编号*,名称*,kind*\nu1,x,AGENCY\n"}), KnownGraph())
    assert result.errors == [] and result.warnings == [] and result.batch.nodes["Unit"].num_rows == 1


def test_every_alias_names_one_column_of_its_file() -> None:
    for spec in FILES:
        words = [w for c in spec.columns for w in (c.name, c.alias.casefold())]
        assert all(c.alias for c in spec.columns) and len(words) == len(set(words)), spec.name
    assert len({spec.alias for spec in FILES}) == len(FILES)


def test_docs_list_every_file_and_column_alias() -> None:
    """docs/csv.md's table is the row schema's, aliases included, so the two cannot drift apart."""
    docs = (REPO / "docs" / "csv.md").read_text(encoding="utf-8")
    rows = {m.group(1): (m.group(2), m.group(3)) for m in re.finditer(r"^\| `([a-z_]+\.csv)` (\S+) \| ([^|]+) \|",
                                                                      docs, re.MULTILINE)}
    for spec in FILES:
        alias, columns = rows[spec.name]
        expected = ", ".join(f"{c.name}{'*' if c.required else ''} {c.alias}" for c in spec.columns)
        assert (alias, columns.strip()) == (spec.alias, expected), spec.name
