"""The table every seed reader yields (CSV, an Excel sheet, mutation inputs): columns of trimmed
strings (Arrow) and the line or row each record stands on, so validation never knows the format.

A province's members file is over a million records: the cells stay columns, never a dict per row.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace

import pyarrow as pa
import pyarrow.compute as pc

from seed.messages import SeedMessage


@dataclass(frozen=True)
class Source:
    """Where a table's records come from, as messages cite it: `units.csv:4` for a CSV file,
    `book.xlsx:units:4` for a workbook's sheet (Excel forbids `:` in a sheet's name). `headers`
    maps a column of the row schema to the header the file wrote for it (`kind` -> `类型`), so a
    message names the column the way its author does."""

    file: str
    sheet: str = ""
    headers: Mapping[str, str] = field(default_factory=dict, compare=False, hash=False)

    @property
    def cited(self) -> str:
        return f"{self.file}:{self.sheet}" if self.sheet else self.file

    def message(self, line: int, column: str, text: str, unknown: tuple[str, str] | None = None) -> SeedMessage:
        return SeedMessage(self.cited, line, self.headers.get(column, column), text, unknown)

    def with_headers(self, headers: Mapping[str, str]) -> Source:
        return replace(self, headers=dict(headers))


@dataclass
class SeedTable:
    """The records of one file or sheet: `cells[column]` holds every record's trimmed text ("" when
    blank or absent), `lines[i]` the line (CSV, the header is line 1) or row (a sheet) where record
    i starts, and `header_line` where the header stands. `columns` is the header as written."""

    source: Source
    columns: list[str] = field(default_factory=list)
    cells: dict[str, pa.Array] = field(default_factory=dict)
    lines: pa.Array = field(default_factory=lambda: pa.array([], pa.int64()))
    header_line: int = 1

    @property
    def num_rows(self) -> int:
        return len(self.lines)

    def column(self, name: str) -> pa.Array:
        """A column's cells, or blanks when the header lacks it."""
        found = self.cells.get(name)
        return found if found is not None else pa.array([""] * self.num_rows, pa.string())

    def records(self, rows: list[int]) -> list[dict[str, str]]:
        """The given records as cell dicts (for the per-row pass over the few that need it)."""
        picked = pa.array(rows, pa.int64())
        cols = {name: values.take(picked).to_pylist() for name, values in self.cells.items()}
        return [{name: cols[name][i] for name in cols} for i in range(len(rows))]


def from_rows(name: str, rows: list[dict[str, str]]) -> SeedTable:
    """Rows that did not come from a file (mutation inputs), numbered from line 1."""
    columns = list(dict.fromkeys(col for row in rows for col in row))
    cells = {col: pa.array([str(row.get(col, "") or "").strip() for row in rows], pa.string()) for col in columns}
    return SeedTable(Source(name), columns, cells, pa.array(range(1, len(rows) + 1), pa.int64()))


def repeat(value: int, n: int) -> pa.Array:
    """`value` n times as int64, without a Python list."""
    return pa.nulls(n, pa.int64()).fill_null(value)


def arange(n: int) -> pa.Array:
    """0, 1, … n-1 as int64, without a Python list."""
    return pc.subtract(pc.cumulative_sum(repeat(1, n)), 1) if n else pa.array([], pa.int64())


def drop_blank(table: SeedTable) -> SeedTable:
    """Records whose every cell is blank are skipped, as blank lines are."""
    if not table.cells or table.num_rows == 0:
        return table
    filled = None
    for values in table.cells.values():
        some = pc.not_equal(values, "")
        filled = some if filled is None else pc.or_(filled, some)
    if pc.all(filled).as_py():
        return table
    cells = {col: values.filter(filled) for col, values in table.cells.items()}
    return replace(table, cells=cells, lines=table.lines.filter(filled))
