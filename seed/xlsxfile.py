"""Reading Excel workbooks (.xlsx): each sheet becomes the same table a CSV file does (seed/table.py),
its records cited by the sheet's row numbers.

openpyxl streams the sheets (read-only mode: a sheet is parsed row by row, never held whole) and
gives each cell as what Excel typed it: a date cell becomes `YYYY-MM-DD`, an integer-valued number
`12` (not `12.0`), a boolean the CSV's `true`/`false`, so a typed workbook reads as the same text a
CSV export of it would. Formulas are read as the value Excel last computed and saved.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import openpyxl
import pyarrow as pa

from locales import tr
from seed.messages import SeedMessage
from seed.table import SeedTable, Source

CHUNK_ROWS = 65_536  # rows gathered as Python strings before they become Arrow columns


class WorkbookError(Exception):
    """The file cannot be read as a workbook; the message says so to the person who sent it."""


class Workbook:
    """One workbook opened once for all its sheets (openpyxl reads the shared strings on opening)."""

    def __init__(self, path: Path) -> None:
        try:
            self._book = openpyxl.load_workbook(path, read_only=True, data_only=True, keep_links=False)
        except Exception as exc:  # noqa: BLE001 - a damaged or foreign file fails deep in zip/XML parsing, in many ways
            raise WorkbookError(tr("cannot open the workbook: not a valid .xlsx file ({error})",
                                   error=type(exc).__name__)) from None

    @property
    def sheet_names(self) -> list[str]:
        return list(self._book.sheetnames)

    def has_values(self, sheet: str) -> bool:
        """Whether the sheet holds anything (Excel's empty Sheet2 and Sheet3 do not); a damaged
        sheet counts as holding something."""
        try:
            return next(_filled_rows(self._book[sheet]), None) is not None
        except Exception:  # noqa: BLE001 - as on opening: a damaged sheet fails in many ways
            return True

    def read(self, sheet: str, source: Source) -> tuple[SeedTable, list[SeedMessage]]:
        """The sheet's table, and its errors (a record longer than the header, a damaged sheet)."""
        try:
            return _read_sheet(self._book[sheet], source)
        except Exception as exc:  # noqa: BLE001 - as on opening: a damaged sheet fails in many ways
            return SeedTable(source), [source.message(0, "", tr("cannot read the sheet ({error})",
                                                                      error=type(exc).__name__))]

    def close(self) -> None:
        self._book.close()


def cell_text(value: Any) -> str:
    """A cell as the text a CSV would hold for it."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    return str(value)


def _filled_rows(sheet: Any) -> Iterator[tuple[int, list[str]]]:
    """(row number, trimmed texts up to the last filled cell) for every row with a value."""
    sheet.reset_dimensions()  # some writers record a wrong size; the rows themselves are the truth
    for number, row in enumerate(sheet.iter_rows(min_row=1, values_only=True), start=1):
        texts = [cell_text(value).strip() for value in row]
        while texts and not texts[-1]:
            texts.pop()
        if texts:
            yield number, texts


def _read_sheet(sheet: Any, source: Source) -> tuple[SeedTable, list[SeedMessage]]:
    rows = _filled_rows(sheet)
    first = next(rows, None)
    if first is None:
        return SeedTable(source), []
    header_row, header = first
    width = len(header)
    errors: list[SeedMessage] = []
    gathered: list[list[str]] = [[] for _ in header]
    chunks: list[list[pa.Array]] = [[] for _ in header]
    numbers: list[int] = []
    for number, texts in rows:
        if len(texts) > width:
            errors.append(source.message(number, "", tr("{cells} cells but the header has {columns} columns",
                                                         cells=len(texts), columns=width)))
            continue
        texts.extend([""] * (width - len(texts)))
        for column, text in zip(gathered, texts):
            column.append(text)
        numbers.append(number)
        if len(gathered[0]) >= CHUNK_ROWS:
            _flush(gathered, chunks)
    _flush(gathered, chunks)
    cells = {name: pa.concat_arrays(chunks[i]) for i, name in enumerate(header) if name}
    return SeedTable(source, header, cells, pa.array(numbers, pa.int64()), header_row), errors


def _flush(gathered: list[list[str]], chunks: list[list[pa.Array]]) -> None:
    for column, done in zip(gathered, chunks):
        done.append(pa.array(column, pa.string()))
        column.clear()
