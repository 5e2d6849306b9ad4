"""Reading one CSV file as Excel writes it: UTF-8 (with or without BOM) or GB18030, CRLF or LF,
comma or tab, quoted cells that may hold line breaks. Every record keeps its physical line.

The file becomes columns of trimmed strings (Arrow), never a dict per row: a province's members
file is over a million records. pyarrow's reader parses it; the physical line of each record comes
from the positions of its line breaks (a break inside a quoted cell has an odd number of quotes
before it). Pyarrow refuses a record whose cell count differs from the header's; Python's csv
module reads such a file instead, with the same rules (a short record is padded, a long one is an
error), and so it does whenever the two ways of counting records disagree.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pcsv

from seed.messages import SeedMessage

LF, CR, QUOTE = (pa.scalar(byte, pa.uint8()) for byte in b'\n\r"')  # typed: an int scalar widens every byte


@dataclass
class CsvTable:
    """The records of one file: `cells[column]` holds every record's trimmed text ("" when blank or
    absent) and `lines[i]` the physical line where record i starts (the header is line 1)."""

    name: str
    columns: list[str] = field(default_factory=list)
    cells: dict[str, pa.Array] = field(default_factory=dict)
    lines: pa.Array = field(default_factory=lambda: pa.array([], pa.int64()))

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


def from_rows(name: str, rows: list[dict[str, str]]) -> CsvTable:
    """Rows that did not come from a file (mutation inputs), numbered from line 1."""
    columns = list(dict.fromkeys(col for row in rows for col in row))
    cells = {col: pa.array([str(row.get(col, "") or "").strip() for row in rows], pa.string()) for col in columns}
    return CsvTable(name, columns, cells, pa.array(range(1, len(rows) + 1), pa.int64()))


def decode(name: str, data: bytes) -> tuple[bytes | None, SeedMessage | None]:
    """UTF-8 bytes: UTF-8 first (a BOM is dropped), then GB18030; neither is guessed leniently."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    if _is_utf8(data):
        return data, None
    try:
        data.decode("utf-8")
        return data, None
    except UnicodeDecodeError as utf8_error:
        try:
            return data.decode("gb18030").encode("utf-8"), None
        except UnicodeDecodeError:
            line = data[: utf8_error.start].count(b"\n") + 1
            return None, SeedMessage(name, line, "", "cannot decode the file: neither UTF-8 nor GB18030")


def _is_utf8(data: bytes) -> bool:
    """Arrow's check, over the bytes in place (decoding a province's file to a str would copy it)."""
    if len(data) >= 1 << 31:
        return False
    offsets = pa.py_buffer(pa.array([0, len(data)], pa.int32()).buffers()[1])
    try:
        pa.Array.from_buffers(pa.string(), 1, [None, offsets, pa.py_buffer(data)]).validate(full=True)
    except pa.ArrowInvalid:
        return False
    return True


class _Excel(csv.excel):
    """Excel's quoting rules ("" escapes a quote); only the delimiter varies."""


def _delimiter(sample: str) -> str:
    """Comma or tab only: `;` separates list items inside a cell and must never split columns.
    Only the delimiter is taken from the sniffer; its guesses at quoting are unreliable."""
    try:
        return csv.Sniffer().sniff(sample, delimiters=",\t").delimiter
    except csv.Error:
        return ","


def read_table(path: Path, expected: list[str]) -> tuple[CsvTable, list[SeedMessage], list[SeedMessage]]:
    """The table, its errors and its warnings (unknown columns)."""
    name = path.name
    data, problem = decode(name, path.read_bytes())
    if data is None:
        return CsvTable(name), [problem] if problem else [], []
    delimiter = _delimiter(data[:4096].decode("utf-8", errors="ignore"))
    found = _read_arrow(name, data, delimiter)
    table, errors = found if found is not None else _read_python(name, data.decode("utf-8"), delimiter)
    if not table.columns:
        return table, errors, []
    for col in expected:
        if col.endswith("*") and col[:-1] not in table.columns:
            errors.append(SeedMessage(name, 1, col[:-1], "required column is missing from the header"))
    known = {c.rstrip("*") for c in expected}
    warnings = [SeedMessage(name, 1, col, "unknown column, ignored") for col in table.columns if col and col not in known]
    return table, errors, warnings


def _repeat(value: int, n: int) -> pa.Array:
    return pa.nulls(n, pa.int64()).fill_null(value)


def arange(n: int) -> pa.Array:
    """0, 1, … n-1 as int64, without a Python list."""
    return pc.subtract(pc.cumulative_sum(_repeat(1, n)), 1) if n else pa.array([], pa.int64())


def _record_starts(data: bytes) -> tuple[int, int, pa.Array] | None:
    """Where the header starts, where the records after it start, and the physical line of every
    non-blank record after it; None for a file with no record."""
    size = len(data)
    if size == 0:
        return None
    u8 = pa.Array.from_buffers(pa.uint8(), size, [None, pa.py_buffer(data)])
    breaks = pc.indices_nonzero(pc.equal(u8, LF)).cast(pa.int64())
    index = arange(len(breaks))
    if b'"' in data:  # a break inside quotes has an odd number of quotes before it
        quotes = pc.indices_nonzero(pc.equal(u8, QUOTE)).cast(pa.int64())
        is_quote = pa.concat_arrays([_repeat(0, len(breaks)), _repeat(1, len(quotes))])
        order = pc.sort_indices(pa.concat_arrays([breaks, quotes]))
        sorted_quote = is_quote.take(order)
        before = pc.cumulative_sum(sorted_quote).filter(pc.equal(sorted_quote, 0))
        outside = pc.equal(pc.bit_wise_and(before, 1), 0)
        breaks, index = breaks.filter(outside), index.filter(outside)
    starts = pa.concat_arrays([pa.array([0], pa.int64()), pc.add(breaks, 1)])
    lines = pa.concat_arrays([pa.array([1], pa.int64()), pc.add(index, 2)])
    length = pc.subtract(pa.concat_arrays([breaks, pa.array([size], pa.int64())]), starts)
    first = u8.take(pc.min_element_wise(starts, size - 1))
    filled = pc.invert(pc.or_(pc.equal(length, 0), pc.and_(pc.equal(length, 1), pc.equal(first, CR))))
    found = pc.indices_nonzero(filled)
    if len(found) == 0:
        return None
    header = found[0].as_py()
    body_start = starts[header + 1].as_py() if header + 1 < len(starts) else size
    return starts[header].as_py(), body_start, lines.filter(filled)[1:]


def _read_arrow(name: str, data: bytes, delimiter: str) -> tuple[CsvTable, list[SeedMessage]] | None:
    """The fast reader, or None when the file needs the exact one (see the module docstring)."""
    found = _record_starts(data)
    if found is None:
        return CsvTable(name), []
    header_start, body_start, body_lines = found
    dialect = type("SeedDialect", (_Excel,), {"delimiter": delimiter})
    header_text = data[header_start:body_start].decode("utf-8")
    header = [c.strip() for c in next(csv.reader(io.StringIO(header_text, newline=""), dialect), [])]
    invalid: list[str] = []

    def refuse(row: pcsv.InvalidRow) -> str:
        invalid.append(row.text)
        return "skip"

    placeholders = [f"c{i}" for i in range(len(header))]
    try:
        read = pcsv.read_csv(
            pa.BufferReader(pa.py_buffer(data)[body_start:]),
            read_options=pcsv.ReadOptions(column_names=placeholders),
            parse_options=pcsv.ParseOptions(delimiter=delimiter, newlines_in_values=b'"' in data,
                                            invalid_row_handler=refuse),
            convert_options=pcsv.ConvertOptions(column_types=dict.fromkeys(placeholders, pa.string()),
                                                strings_can_be_null=False, quoted_strings_can_be_null=False),
        )
    except pa.ArrowInvalid:
        return None
    if invalid or read.num_rows != len(body_lines):
        return None
    columns = {col: pc.utf8_trim_whitespace(read.column(i).combine_chunks()) for i, col in enumerate(header) if col}
    return _drop_blank(CsvTable(name, header, columns, body_lines)), []


def _drop_blank(table: CsvTable) -> CsvTable:
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
    return CsvTable(table.name, table.columns, cells, table.lines.filter(filled))


def _read_python(name: str, content: str, delimiter: str) -> tuple[CsvTable, list[SeedMessage]]:
    """The exact reader: Python's csv module, record by record."""
    errors: list[SeedMessage] = []
    reader = csv.reader(io.StringIO(content, newline=""), type("SeedDialect", (_Excel,), {"delimiter": delimiter}))
    header: list[str] | None = None
    rows: list[list[str]] = []
    lines: list[int] = []
    line = 1
    for cells in reader:
        start, line = line, reader.line_num + 1
        if not any(c.strip() for c in cells):
            continue
        if header is None:
            header = [c.strip() for c in cells]
            continue
        if len(cells) > len(header):
            errors.append(SeedMessage(name, start, "", f"{len(cells)} cells but the header has {len(header)} columns"))
            continue
        rows.append([c.strip() for c in cells])
        lines.append(start)
    if header is None:
        return CsvTable(name), errors
    columns = {col: pa.array([row[i] if i < len(row) else "" for row in rows], pa.string())
               for i, col in enumerate(header) if col}
    return CsvTable(name, header, columns, pa.array(lines, pa.int64())), errors
