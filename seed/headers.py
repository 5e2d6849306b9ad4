"""What a table's header means, the same for every format: each header names a column of the row
schema in English or by its Chinese alias (both may be mixed in one file), and the table comes out
keyed by the schema's column names. Only the header is looked at; the cells are not touched.
"""

from __future__ import annotations

from dataclasses import replace

from locales import tr
from seed.messages import SeedMessage
from seed.names import both, closest_column, column_named
from seed.rowschema import FileSpec
from seed.table import SeedTable


def resolve_header(spec: FileSpec, table: SeedTable) -> tuple[SeedTable, list[SeedMessage], list[SeedMessage]]:
    """The table keyed by column name, its errors (a required column missing, one column under two
    headers) and its warnings (unknown headers, ignored, with the closest known column)."""
    if not table.columns:
        return table, [], []
    source, line = table.source, table.header_line
    written: dict[str, str] = {}
    errors: list[SeedMessage] = []
    warnings: list[SeedMessage] = []
    for header in table.columns:
        if not header:
            continue
        column = column_named(spec, header)
        if column is None:
            warnings.append(source.message(line, header, _unknown(spec, header)))
        elif column.name in written:
            errors.append(source.message(line, header, tr("names the same column as {other!r} ({column}); keep one "
                                                          "of them", other=written[column.name], column=column.name)))
        else:
            written[column.name] = header
    for column in spec.columns:
        if column.required and column.name not in written:
            errors.append(source.message(line, column.name, tr("required column is missing from the header (write "
                                                               "{column} or {alias})", column=column.name,
                                                               alias=column.alias)))
    cells = {name: table.cells[header] for name, header in written.items()}
    return replace(table, source=source.with_headers(written), cells=cells), errors, warnings


def _unknown(spec: FileSpec, header: str) -> str:
    near = closest_column(spec, header)
    if near is not None:
        return tr("unknown column, ignored; did you mean {column}?", column=both(near.name, near.alias))
    known = ", ".join(both(column.name, column.alias) for column in spec.columns)
    return tr("unknown column, ignored; the columns of {file} are {known}", file=spec.name, known=known)
