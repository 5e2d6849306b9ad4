"""Reading one CSV file as Excel writes it: UTF-8 (with or without BOM) or GB18030, CRLF or LF,
comma or tab, quoted cells that may hold line breaks. Every record keeps its physical line."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

from seed.messages import SeedMessage


@dataclass
class Record:
    line: int  # physical line where the record starts; the header is line 1
    cells: dict[str, str]


@dataclass
class CsvTable:
    name: str
    columns: list[str] = field(default_factory=list)
    records: list[Record] = field(default_factory=list)


def decode(name: str, data: bytes) -> tuple[str | None, SeedMessage | None]:
    """UTF-8 first (a BOM is dropped), then GB18030; neither decoding is guessed leniently."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError as utf8_error:
        try:
            return data.decode("gb18030"), None
        except UnicodeDecodeError:
            line = data[: utf8_error.start].count(b"\n") + 1
            return None, SeedMessage(name, line, "", "cannot decode the file: neither UTF-8 nor GB18030")


class _Excel(csv.excel):
    """Excel's quoting rules ("" escapes a quote); only the delimiter varies."""


def _dialect(sample: str) -> type[csv.Dialect]:
    """Comma or tab only: `;` separates list items inside a cell and must never split columns.
    Only the delimiter is taken from the sniffer; its guesses at quoting are unreliable."""
    try:
        delimiter = csv.Sniffer().sniff(sample, delimiters=",\t").delimiter
    except csv.Error:
        delimiter = ","
    return type("SeedDialect", (_Excel,), {"delimiter": delimiter})


def read_table(path: Path, expected: list[str]) -> tuple[CsvTable, list[SeedMessage], list[SeedMessage]]:
    """The table, its errors and its warnings (unknown columns)."""
    name = path.name
    table = CsvTable(name)
    content, problem = decode(name, path.read_bytes())
    if content is None:
        return table, [problem] if problem else [], []
    errors: list[SeedMessage] = []
    warnings: list[SeedMessage] = []
    reader = csv.reader(io.StringIO(content, newline=""), _dialect(content[:4096]))
    header: list[str] | None = None
    line = 1
    for cells in reader:
        start, line = line, reader.line_num + 1
        if header is None:
            header = [c.strip() for c in cells]
            table.columns = header
            continue
        if not any(c.strip() for c in cells):
            continue
        if len(cells) > len(header):
            errors.append(SeedMessage(name, start, "", f"{len(cells)} cells but the header has {len(header)} columns"))
            continue
        values = {col: (cells[i].strip() if i < len(cells) else "") for i, col in enumerate(header)}
        table.records.append(Record(start, values))
    if header is None:
        return table, errors, warnings
    for col in expected:
        if col.endswith("*") and col[:-1] not in header:
            errors.append(SeedMessage(name, 1, col[:-1], "required column is missing from the header"))
    known = {c.rstrip("*") for c in expected}
    for col in header:
        if col and col not in known:
            warnings.append(SeedMessage(name, 1, col, "unknown column, ignored"))
    return table, errors, warnings
