"""An empty seed for an administrator to fill in: the row schema (seed/rowschema.py) read backwards,
so the template's headers (the same English names and Chinese aliases the reader matches), the
explanation of each column and its allowed values are always the ones the seed reads. CSV: one
file per seed file plus README.txt; Excel: one workbook with a sheet per seed file plus a sheet
explaining the columns (seed.names.NOTES_SHEETS, which the reader passes over without a warning).
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path
from typing import Literal

from openpyxl import Workbook

from locales import tr
from seed import fields
from seed.names import NOTES_SHEETS
from seed.rowschema import EXACTLY_ONE, FILES, Column, FileSpec

Language = Literal["zh", "en"]
WORKBOOK_NAME = "seed.xlsx"
README_NAME = "README.txt"
# The explanation's own words, by language; the columns' names, aliases and enum labels come from the schema.
WORDS: dict[Language, dict[str, str]] = {
    "zh": {
        "file": "文件", "header": "列名", "other": "另一写法", "required": "必填", "values": "填写说明",
        "yes": "是", "no": "否", "date": "日期，如 2021-07-01、2021/7/1、2021.7.1 或 2021年7月1日（也可填 Excel 日期单元格）",
        "count": "不小于 0 的整数", "boolean": "是/否（或 true/false、1/0；不填为否）", "text": "文字",
        "ref": "{file}中的编号", "many": "多个{file}编号，用英文分号 ; 隔开", "tags": "多项，用英文分号 ; 隔开",
        "enum": "以下之一：", "exactly_one": "{first} 与 {second} 必须且只能填写一个",
        "intro": "每个文件（工作表）一行一条记录；第一行是列名，中文或英文列名均可。带 * 的列为必填。",
    },
    "en": {
        "file": "file", "header": "column", "other": "also written", "required": "required", "values": "what to fill in",
        "yes": "yes", "no": "no", "date": "a date: 2021-07-01, 2021/7/1, 2021.7.1 or 2021年7月1日 (or an Excel date cell)",
        "count": "a whole number >= 0", "boolean": "true/false (or 1/0, yes/no, 是/否; blank is false)", "text": "text",
        "ref": "an id from {file}", "many": "ids from {file}, separated by ;", "tags": "several items, separated by ;",
        "enum": "one of: ", "exactly_one": "exactly one of {first} and {second} is filled in",
        "intro": "One record per row in each file (sheet); the first row holds the headers, in Chinese or English. "
                 "Columns marked * are required.",
    },
}
_LABEL_FILES = {spec.label: spec for spec in FILES if spec.label}


class TemplateError(Exception):
    """The template cannot be written where asked; the message says why."""


def header(column: Column, language: Language) -> str:
    """The template's header of a column (required ones marked *, which the seed reads back)."""
    name = column.alias if language == "zh" else column.name
    return name + ("*" if column.required else "")


def spec_column(spec: FileSpec, name: str) -> Column:
    return next(column for column in spec.columns if column.name == name)


def sheet_name(spec: FileSpec, language: Language) -> str:
    return spec.alias if language == "zh" else spec.stem


def what_to_fill(column: Column, language: Language) -> str:
    words = WORDS[language]
    if column.enum is not None:
        return words["enum"] + ", ".join(f"{value} ({label})" for value, label in column.enum.values.items())
    if column.ref is not None:
        target = _LABEL_FILES[column.ref]
        return words["many" if column.many else "ref"].format(file=sheet_name(target, language))
    kinds = {fields.date: "date", fields.count: "count", fields.boolean: "boolean", fields.tags: "tags"}
    return words[kinds.get(column.parse, "text")]


def explanation(language: Language) -> Iterator[list[str]]:
    """The rows of the README / explanation sheet: a header row, then one row per column of every file."""
    words = WORDS[language]
    yield [words["file"], words["header"], words["other"], words["required"], words["values"]]
    for spec in FILES:
        for column in spec.columns:
            other = column.name if language == "zh" else column.alias
            note = what_to_fill(column, language)
            if spec.name in EXACTLY_ONE and column.name in EXACTLY_ONE[spec.name]:
                first, second = (header(spec_column(spec, name), language).rstrip("*")
                                 for name in EXACTLY_ONE[spec.name])
                note += "; " + words["exactly_one"].format(first=first, second=second)
            yield [sheet_name(spec, language), header(column, language), other,
                   words["yes" if column.required else "no"], note]


def write_template(outdir: Path, *, xlsx: bool = False, language: Language = "zh") -> list[Path]:
    """Writes the empty seed into `outdir`, which must not exist or be empty (a template never
    overwrites a seed being filled in); returns the files written."""
    outdir = Path(outdir)
    if outdir.exists() and (not outdir.is_dir() or any(outdir.iterdir())):
        raise TemplateError(tr("{folder} already exists and is not an empty folder; name a new one",
                                folder=outdir))
    outdir.mkdir(parents=True, exist_ok=True)
    if xlsx:
        return [_write_workbook(outdir / WORKBOOK_NAME, language)]
    written = []
    for spec in FILES:
        path = outdir / f"{sheet_name(spec, language)}.csv"
        with open(path, "w", encoding="utf-8-sig", newline="") as f:  # the BOM makes Excel read UTF-8
            csv.writer(f, lineterminator="\r\n").writerow([header(c, language) for c in spec.columns])
        written.append(path)
    readme = outdir / README_NAME
    with open(readme, "w", encoding="utf-8-sig", newline="") as f:  # the BOM: Notepad and Excel read it as UTF-8
        f.write(WORDS[language]["intro"] + "\n\n")
        csv.writer(f, delimiter="\t", lineterminator="\n").writerows(explanation(language))
    return [*written, readme]


def _write_workbook(path: Path, language: Language) -> Path:
    book = Workbook(write_only=True)
    for spec in FILES:
        sheet = book.create_sheet(sheet_name(spec, language))
        sheet.append([header(c, language) for c in spec.columns])
    notes = book.create_sheet(NOTES_SHEETS[language])
    notes.append([WORDS[language]["intro"]])
    for row in explanation(language):
        notes.append(row)
    book.save(path)
    return path
