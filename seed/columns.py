"""Parsing a file's columns at once, by the rules of the row schema (seed/rowschema.py).

One validator, two speeds. Each column is parsed by its own `Column.parse`, applied once per
distinct value (a million members have a few thousand distinct dates and a handful of statuses)
and spread back over the rows by Arrow; the two parsers that are the identity on filled cells
(`fields.text`, `fields.required`) are applied as the Arrow expression they amount to. That pass
only flags the rows with a problem: the messages for exactly those rows come from `parse_row`,
the same function mutations use, so a bad value reads the same everywhere.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from seed import fields
from locales import tr
from seed.messages import SeedMessage
from seed.rowschema import EXACTLY_ONE, Column, FileSpec, parse_row
from seed.table import SeedTable, Source, arange

IDENTITY_PARSERS: set[Callable[[str], Any]] = {fields.text, fields.required}
PARSED_TYPES: dict[Callable[[str], Any], pa.DataType] = {
    fields.count: pa.int64(), fields.boolean: pa.bool_(), fields.tags: pa.list_(pa.string()),
}


@dataclass
class ParsedFile:
    """A file's rows after parsing, duplicates dropped: typed values per column and the lines, and
    the source that messages about them cite."""

    spec: FileSpec
    source: Source
    lines: pa.Array
    values: dict[str, pa.Array]
    errors: list[SeedMessage] = field(default_factory=list)
    count: int = 0  # records read, before duplicates were dropped

    def ids(self) -> pa.Array:
        """The ids this node file defines (blank ids define nothing)."""
        return self.values["id"].drop_null()


def parse_table(spec: FileSpec, table: SeedTable) -> ParsedFile:
    values: dict[str, pa.Array] = {}
    flagged: pa.Array | None = None
    for column in spec.columns:
        values[column.name], bad = _parse_column(column, _flat(table.column(column.name)))
        if bad is not None:
            flagged = bad if flagged is None else pc.or_(flagged, bad)
    if spec.name in EXACTLY_ONE:
        first, second = EXACTLY_ONE[spec.name]
        bad = pc.equal(_filled(values[first]), _filled(values[second]))
        flagged = bad if flagged is None else pc.or_(flagged, bad)
    errors: list[SeedMessage] = []
    if flagged is not None:
        rows = pc.indices_nonzero(flagged).to_pylist()
        lines = table.lines.take(pa.array(rows, pa.int64())).to_pylist() if rows else []
        for line, cells in zip(lines, table.records(rows)):
            errors += [table.source.message(line, col, msg) for col, msg in parse_row(spec, cells)[1]]
    parsed = ParsedFile(spec, table.source, table.lines, values, errors, table.num_rows)
    return _drop_duplicates(parsed)


def _flat(values: pa.Array | pa.ChunkedArray) -> pa.Array:
    return values.combine_chunks() if isinstance(values, pa.ChunkedArray) else values


def _filled(values: pa.Array) -> pa.Array:
    if pa.types.is_list(values.type):
        return pc.fill_null(pc.greater(pc.list_value_length(values), 0), False)
    return values.is_valid()


def _parse_column(column: Column, raw: pa.Array) -> tuple[pa.Array, pa.Array | None]:
    """The column's parsed values and a mask of the rows whose cell does not parse (None: none can fail)."""
    blank = pc.equal(raw, "")
    if column.parse in IDENTITY_PARSERS:
        values = _flat(pc.if_else(blank, pa.scalar(None, pa.string()), raw))
        return values, blank if (column.required or column.parse is fields.required) else None
    encoded = pc.dictionary_encode(raw)
    parsed: list[Any] = []
    failed: list[bool] = []
    for text in encoded.dictionary.to_pylist():
        if column.required and not text:
            parsed.append(None)
            failed.append(True)
            continue
        try:
            parsed.append(column.parse(text))
            failed.append(False)
        except fields.FieldError:
            parsed.append(None)
            failed.append(True)
    kind = PARSED_TYPES.get(column.parse, pa.string())
    indices = encoded.indices
    bad = pa.array(failed, pa.bool_()).take(indices)
    return _flat(pa.array(parsed, kind).take(indices)), bad if pc.any(bad).as_py() else None


def _drop_duplicates(parsed: ParsedFile) -> ParsedFile:
    """A second row with the same key (a node's id, a link's pair of ends) is an error at the
    second row, which is then dropped; the first stands."""
    spec = parsed.spec
    if spec.label:
        key = parsed.values["id"]
    else:
        assert spec.link is not None
        key = pc.binary_join_element_wise(parsed.values[spec.link.source], parsed.values[spec.link.target], "\x00")
    if len(key) < 2:
        return parsed
    order = pc.sort_indices(key)  # stable: within equal keys the first row comes first
    ordered = key.take(order)
    repeat = pc.fill_null(pc.equal(ordered.slice(1), ordered.slice(0, len(key) - 1)), False)
    if not pc.any(repeat).as_py():
        return parsed
    duplicate_rows = set(order.slice(1).filter(repeat).to_pylist())
    first: dict[str, int] = {}
    repeated = pc.is_in(key, value_set=pc.unique(ordered.slice(1).filter(repeat)))
    for row, value in zip(pc.indices_nonzero(repeated).to_pylist(), key.filter(repeated).to_pylist()):
        if row in duplicate_rows:
            parsed.errors.append(_duplicate(parsed, row, first[value]))
        else:
            first[value] = row
    keep = pc.invert(pc.is_in(arange(len(key)), value_set=pa.array(sorted(duplicate_rows), pa.int64())))
    values = {name: column.filter(keep) for name, column in parsed.values.items()}
    return ParsedFile(spec, parsed.source, parsed.lines.filter(keep), values, parsed.errors, parsed.count)


def _duplicate(parsed: ParsedFile, row: int, first: int) -> SeedMessage:
    spec, source = parsed.spec, parsed.source
    line, earlier = parsed.lines[row].as_py(), parsed.lines[first].as_py()
    where = tr("first on row {line}", line=earlier) if source.sheet else tr("first on line {line}", line=earlier)
    if spec.label:
        return source.message(line, "id", tr("duplicate id {id!r}, {first}", id=parsed.values["id"][row].as_py(),
                                             first=where))
    a, b = spec.columns[0].name, spec.columns[1].name
    pair = f"{parsed.values[a][row].as_py()!r}/{parsed.values[b][row].as_py()!r}"
    return source.message(line, a, tr("duplicate {a}/{b} pair {pair}, {first}", a=a, b=b, pair=pair, first=where))
