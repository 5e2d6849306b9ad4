"""The graph written back as a seed (SPEC §3) that `lianjian seed --replace` loads as the same graph:
the row schema (seed/rowschema.py) read backwards. A node file's row is a node's properties and,
in each reference column, the other ends of the relationships that column makes; a link file's row
is one relationship with its properties. English headers and values (enum values, ISO dates,
`true`/`false`), the form every reader of the seed format accepts.

Columnar throughout: each column is built by Arrow from the store's tables (graph.store.read_graph),
never a dict per row, so a province's hundreds of thousands of rows export in seconds.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pcsv
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

from graph.batch import EdgeRows, GraphBatch
from graph.model import RelDef
from graph.store import GraphStore
from locales import tr, trn
from seed.rowschema import FILES, EdgeColumn, FileSpec

FORMATS = ("csv", "xlsx")
WORKBOOK_NAME = "graph.xlsx"
UTF8_BOM = b"\xef\xbb\xbf"  # Excel reads a CSV file as UTF-8 only when it starts with one (the seed reader drops it)
SHEET_ROWS = 1_048_575  # an Excel sheet's rows below its header
READ_ATTEMPTS = 3


class ExportError(Exception):
    """The graph cannot be written as a seed as it stands; the message says why."""


def seed_tables(graph: GraphBatch) -> dict[str, pa.Table]:
    """Each seed file's rows as string cells under its English headers, ordered by id (a link file
    by its two ends), blank where the graph holds nothing."""
    edges = {rows.rel: rows for rows in graph.edges}
    return {spec.name: _node_file(spec, graph.nodes[spec.label], edges) if spec.label else _link_file(spec, edges)
            for spec in FILES}


def torn_reads(graph: GraphBatch) -> list[str]:
    """What shows that the reads did not see one moment (a store without snapshots, changed while
    it was read): relationships whose ends were not read as nodes. Empty when the graph is whole."""
    ids = {label: table.column("id") for label, table in graph.nodes.items()}
    torn = []
    for rows in graph.edges:
        rel = rows.rel
        for end, label in (("source", rel.source), ("target", rel.target)):
            missing = pc.sum(pc.invert(pc.is_in(rows.rows.column(end), value_set=ids[label]))).as_py() or 0
            if missing:
                pattern = f"{rel.source}-[:{rel.type}]->{rel.target}"
                torn.append(tr("{count} {pattern} relationships reach {label} nodes that were not read",
                               count=missing, pattern=pattern, label=label))
    return torn


async def export_graph(store: GraphStore, outdir: Path, fmt: str) -> dict[str, int]:
    """Writes the store's graph into `outdir` as a seed; returns the rows of each seed file.

    A store that reads without a snapshot (Neo4j) may be changed between its reads: such a torn
    read is read again, a few times, rather than written as a seed that would not load."""
    check_target(outdir, fmt)
    for _ in range(READ_ATTEMPTS):
        graph = await store.read_graph()
        torn = torn_reads(graph)
        if not torn:
            break
    else:
        raise ExportError(tr("the graph changed while it was read, {attempts} times: {torn}; export again when "
                             "fewer changes are being made", attempts=READ_ATTEMPTS, torn=torn[0]))
    tables = seed_tables(graph)
    del graph
    write_seed(tables, outdir, fmt)
    return {name: table.num_rows for name, table in tables.items()}


def check_target(outdir: Path, fmt: str) -> None:
    """Refuses an unknown format, and a folder that holds anything (an export never mixes with
    or overwrites other files)."""
    if fmt not in FORMATS:
        raise ExportError(tr("unknown format {format!r}; expected one of {formats}", format=fmt,
                             formats=", ".join(FORMATS)))
    if outdir.exists() and (not outdir.is_dir() or any(outdir.iterdir())):
        raise ExportError(tr("{folder} already exists and is not an empty folder; name a new one", folder=outdir))


def write_seed(tables: dict[str, pa.Table], outdir: Path, fmt: str) -> list[Path]:
    """Writes the seed files (`csv`) or one workbook with a sheet per file (`xlsx`) into `outdir`,
    which must not exist or be empty; returns what it wrote."""
    check_target(outdir, fmt)
    if fmt == "xlsx":
        too_big = [name + " (" + trn("{n} row", "{n} rows", t.num_rows) + ")"
                   for name, t in tables.items() if t.num_rows > SHEET_ROWS]
        if too_big:
            raise ExportError(tr("more rows than an Excel sheet holds ({most}): {files}; export as csv",
                                 most=SHEET_ROWS, files=", ".join(too_big)))
    outdir.mkdir(parents=True, exist_ok=True)
    if fmt == "xlsx":
        return [_write_workbook(tables, outdir / WORKBOOK_NAME)]
    written = []
    for name, table in tables.items():
        path = outdir / name
        with open(path, "wb") as out:
            out.write(UTF8_BOM)
            pcsv.write_csv(table, out)
        written.append(path)
    return written


def _node_file(spec: FileSpec, nodes: pa.Table, edges: dict[RelDef, EdgeRows]) -> pa.Table:
    ids = nodes.column("id").combine_chunks()
    referenced = {edge.column: edge for edge in spec.edges}
    cells = []
    for column in spec.columns:
        edge = referenced.get(column.name)
        if edge is None:
            cells.append(_cells(nodes.column(column.name)))
        else:
            cells.append(_other_ends(ids, edge, edges[edge.rel], column.many))
    return pa.table(cells, names=[column.name for column in spec.columns])


def _other_ends(ids: pa.Array, edge: EdgeColumn, rows: EdgeRows, many: bool) -> pa.Array:
    """For each node of `ids`, the ids at the other end of its relationships of the column, `;`-joined
    (the relationships come ordered by their ends, so a list comes out ordered too)."""
    own, other = ("source", "target") if edge.row_end == "source" else ("target", "source")
    table = rows.rows.select([own, other]).sort_by([(own, "ascending"), (other, "ascending")])
    grouped = table.group_by(own, use_threads=False).aggregate([(other, "list")])
    lists = grouped.column(f"{other}_list")
    if not many and len(grouped) and pc.max(pc.list_value_length(lists)).as_py() > 1:
        at = grouped.column(own).filter(pc.greater(pc.list_value_length(lists), 1))
        rel = edge.rel
        raise ExportError(f"{len(at)} {rel.source if own == 'source' else rel.target} nodes have more than one "
                          f"{rel.type} relationship, which {edge.column} cannot hold (the first is {at[0].as_py()!r})")
    joined = pc.binary_join(lists, ";")
    at = pc.index_in(ids, value_set=grouped.column(own))
    return pc.fill_null(joined.take(at), "")


def _link_file(spec: FileSpec, edges: dict[RelDef, EdgeRows]) -> pa.Table:
    assert spec.link is not None
    rows = edges[spec.link.rel].rows
    ends = {spec.link.source: "source", spec.link.target: "target"}
    return pa.table([_cells(rows.column(ends.get(column.name, column.name))) for column in spec.columns],
                    names=[column.name for column in spec.columns])


def _cells(values: pa.ChunkedArray) -> pa.Array:
    """A stored column as the text cells that parse back to it (seed/fields.py, `to_cell`)."""
    values = values.combine_chunks()
    if pa.types.is_list(values.type):
        values = pc.binary_join(values, ";")
    elif pa.types.is_boolean(values.type):
        values = pc.if_else(values, "true", "false")
    elif not pa.types.is_string(values.type):
        values = values.cast(pa.string())
    return pc.fill_null(values, "")


def _write_workbook(tables: dict[str, pa.Table], path: Path) -> Path:
    """One sheet per seed file, named as the file; every cell is text, so an id like 001 or a
    phone number stays as it is (a cell starting with = is text too, not a formula)."""
    book = Workbook(write_only=True)
    stems = {spec.name: spec.stem for spec in FILES}
    for name, table in tables.items():
        sheet = book.create_sheet(stems[name])
        sheet.append(table.column_names)
        for row in zip(*(column.to_pylist() for column in table.columns)):
            sheet.append([_cell(sheet, value) for value in row])
    book.save(path)
    return path


def _cell(sheet: Any, value: str) -> str | WriteOnlyCell | None:
    if not value:
        return None
    if value.startswith("="):
        cell = WriteOnlyCell(sheet, value)
        cell.data_type = "s"
        return cell
    return value
