"""Reading one CSV file as Excel writes it: UTF-8 (with or without BOM) or GB18030, CRLF or LF,
comma or tab, quoted cells that may hold line breaks. Every record keeps its physical line.

The file becomes columns of trimmed strings (seed/table.py), never a dict per row: a province's
members file is over a million records. pyarrow's reader parses it; the physical line of each
record comes from the positions of its line breaks (a break inside a quoted cell has an odd number
of quotes before it). Pyarrow refuses a record whose cell count differs from the header's; Python's
csv module reads such a file instead, with the same rules (a short record is padded, a long one is
an error), and so it does whenever the two ways of counting records disagree.
"""

from __future__ import annotations

import csv
import io

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pcsv

from locales import tr
from seed.messages import SeedMessage
from seed.table import SeedTable, Source, arange, drop_blank, repeat

LF, CR, QUOTE = (pa.scalar(byte, pa.uint8()) for byte in b'\n\r"')  # typed: an int scalar widens every byte


def decode(source: Source, data: bytes) -> tuple[bytes | None, SeedMessage | None]:
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
            return None, source.message(line, "", tr("cannot decode the file: neither UTF-8 nor GB18030"))


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


def read_csv(source: Source, data: bytes) -> tuple[SeedTable, list[SeedMessage]]:
    """The table with its header as written, and the file's errors (the header's meaning is
    seed/headers.py's business, the same for every format)."""
    text, problem = decode(source, data)
    if text is None:
        return SeedTable(source), [problem] if problem else []
    delimiter = _delimiter(text[:4096].decode("utf-8", errors="ignore"))
    found = _read_arrow(source, text, delimiter)
    return found if found is not None else _read_python(source, text.decode("utf-8"), delimiter)


def _record_starts(data: bytes) -> tuple[int, int, int, pa.Array] | None:
    """Where the header starts, where the records after it start, the header's physical line and
    that of every non-blank record after it; None for a file with no record."""
    size = len(data)
    if size == 0:
        return None
    u8 = pa.Array.from_buffers(pa.uint8(), size, [None, pa.py_buffer(data)])
    breaks = pc.indices_nonzero(pc.equal(u8, LF)).cast(pa.int64())
    index = arange(len(breaks))
    if b'"' in data:  # a break inside quotes has an odd number of quotes before it
        quotes = pc.indices_nonzero(pc.equal(u8, QUOTE)).cast(pa.int64())
        is_quote = pa.concat_arrays([repeat(0, len(breaks)), repeat(1, len(quotes))])
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
    filled_lines = lines.filter(filled)
    return starts[header].as_py(), body_start, filled_lines[0].as_py(), filled_lines[1:]


def _read_arrow(source: Source, data: bytes, delimiter: str) -> tuple[SeedTable, list[SeedMessage]] | None:
    """The fast reader, or None when the file needs the exact one (see the module docstring)."""
    found = _record_starts(data)
    if found is None:
        return SeedTable(source), []
    header_start, body_start, header_line, body_lines = found
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
    return drop_blank(SeedTable(source, header, columns, body_lines, header_line)), []


def _read_python(source: Source, content: str, delimiter: str) -> tuple[SeedTable, list[SeedMessage]]:
    """The exact reader: Python's csv module, record by record."""
    errors: list[SeedMessage] = []
    reader = csv.reader(io.StringIO(content, newline=""), type("SeedDialect", (_Excel,), {"delimiter": delimiter}))
    header: list[str] | None = None
    rows: list[list[str]] = []
    lines: list[int] = []
    line = header_line = 1
    for cells in reader:
        start, line = line, reader.line_num + 1
        if not any(c.strip() for c in cells):
            continue
        if header is None:
            header, header_line = [c.strip() for c in cells], start
            continue
        if len(cells) > len(header):
            errors.append(source.message(start, "", tr("{cells} cells but the header has {columns} columns",
                                                            cells=len(cells), columns=len(header))))
            continue
        rows.append([c.strip() for c in cells])
        lines.append(start)
    if header is None:
        return SeedTable(source), errors
    columns = {col: pa.array([row[i] if i < len(row) else "" for row in rows], pa.string())
               for i, col in enumerate(header) if col}
    return SeedTable(source, header, columns, pa.array(lines, pa.int64()), header_line), errors
