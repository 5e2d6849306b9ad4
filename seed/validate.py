"""Validating a seed folder as a whole and turning it into a store-ready GraphBatch.

Two phases, so the loader can ask the store only what the folder itself cannot answer:
`parse_folder` reads every seed file the path holds, in whatever format (seed/sources.py), and
checks every row on its own (seed/columns.py); `build` resolves
references against the folder and what the store already holds (KnownGraph), checks parent chains
for cycles and, when nothing is wrong, makes the batch. Every error is collected; none stops the
others. The work is done on Arrow columns; Python touches single rows only to word an error.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc

from graph.batch import EdgeRows, GraphBatch, arrow_schema, edge_columns, node_table
from graph.model import HIERARCHIES
from seed.columns import ParsedFile, parse_table
from seed.headers import resolve_header
from locales import tr
from seed.messages import SeedMessage
from seed.nouns import label_noun
from seed.rowschema import FILES, Column, FileSpec
from seed.sources import seed_inputs
from seed.table import SeedTable, from_rows

NO_IDS = pa.array([], pa.string())


@dataclass
class KnownGraph:
    """What the store already holds that the folder refers to."""

    ids: dict[str, set[str]] = field(default_factory=dict)
    parents: dict[str, dict[str, str]] = field(default_factory=dict)


@dataclass
class ParsedSeed:
    files: dict[str, ParsedFile] = field(default_factory=dict)  # file name -> parsed rows
    errors: list[SeedMessage] = field(default_factory=list)
    warnings: list[SeedMessage] = field(default_factory=list)

    @property
    def counts(self) -> dict[str, int]:
        """Data rows per file present."""
        return {name: parsed.count for name, parsed in self.files.items()}

    def defined(self, label: str) -> pa.Array:
        """The ids of `label` the folder defines."""
        for parsed in self.files.values():
            if parsed.spec.label == label:
                return parsed.ids()
        return NO_IDS

    def references(self) -> Iterator[tuple[ParsedFile, Column, pa.Array, pa.Array]]:
        """Every reference column: its ids, flattened, and the row each id stands on."""
        for parsed in self.files.values():
            for column in parsed.spec.columns:
                if column.ref is None:
                    continue
                values = parsed.values[column.name]
                if pa.types.is_list(values.type):
                    ids, rows = pc.list_flatten(values), pc.list_parent_indices(values)
                else:
                    rows = pc.indices_nonzero(values.is_valid())
                    ids = values.take(rows)
                yield parsed, column, ids, rows

    def parent_refs(self) -> dict[str, set[str]]:
        """The parents the rows set, per hierarchy label."""
        found: dict[str, set[str]] = {}
        for parsed, column, ids, _rows in self.references():
            if column.name == "parent_id" and parsed.spec.label in HIERARCHIES:
                found.setdefault(parsed.spec.label, set()).update(pc.unique(ids).to_pylist())
        return found

    def foreign_refs(self) -> dict[str, set[str]]:
        """Ids the folder refers to but does not define, per label: the store must hold them."""
        wanted: dict[str, set[str]] = {}
        for _parsed, column, ids, _rows in self.references():
            assert column.ref is not None
            outside = pc.unique(ids.filter(pc.invert(pc.is_in(ids, value_set=self.defined(column.ref)))))
            if len(outside):
                wanted.setdefault(column.ref, set()).update(outside.to_pylist())
        return wanted


@dataclass
class ValidationResult:
    batch: GraphBatch
    errors: list[SeedMessage]
    warnings: list[SeedMessage]
    rows: dict[str, int]


def parse_folder(path: Path, cited: str | None = None) -> ParsedSeed:
    """Every seed file `path` holds (a folder, a workbook, or one file), each row checked on its own;
    `cited` names the whole in messages (the path by default)."""
    with seed_inputs(path, cited) as found:
        parsed = ParsedSeed(errors=list(found.errors), warnings=list(found.warnings))
        for spec in FILES:
            given = found.inputs.get(spec.name)
            if given is None:
                continue
            table, errors = given.read()
            table, header_errors, warnings = resolve_header(spec, table)
            parsed.errors += errors + header_errors
            parsed.warnings += warnings
            absent = {c.name for c in spec.columns if c.required and c.name not in table.cells} if table.columns else set()
            _add(parsed, spec, table, absent)
    return parsed


def parse_rows(spec: FileSpec, rows: list[dict[str, str]]) -> ParsedSeed:
    """Rows that did not come from a file (mutation inputs): the same checks, lines numbered from 1."""
    parsed = ParsedSeed()
    _add(parsed, spec, from_rows(spec.name, rows))
    return parsed


def _add(parsed: ParsedSeed, spec: FileSpec, table: SeedTable, absent: set[str] | None = None) -> None:
    """`absent`: required columns the header lacks; its one error says so, not one per row."""
    result = parse_table(spec, table)
    parsed.files[spec.name] = result
    parsed.errors += [e for e in result.errors if e.column not in (absent or set())]


def build(parsed: ParsedSeed, known: KnownGraph) -> ValidationResult:
    errors = list(parsed.errors)
    errors += _reference_errors(parsed, known)
    errors += _cycle_errors(parsed, known)
    batch = GraphBatch() if errors else _batch(parsed)
    return ValidationResult(batch, sorted(set(errors)), parsed.warnings, parsed.counts)


def build_batch(path: Path, known: KnownGraph) -> ValidationResult:
    return build(parse_folder(path), known)


def _reference_errors(parsed: ParsedSeed, known: KnownGraph) -> list[SeedMessage]:
    errors = []
    for found, column, ids, rows in parsed.references():
        assert column.ref is not None
        allowed = parsed.defined(column.ref)
        stored = known.ids.get(column.ref)
        if stored:
            allowed = pa.concat_arrays([allowed, pa.array(sorted(stored), pa.string())])
        unknown = pc.invert(pc.is_in(ids, value_set=allowed))
        if not pc.any(unknown).as_py():
            continue
        lines = found.lines.take(rows.filter(unknown)).to_pylist()
        for line, ref in zip(lines, ids.filter(unknown).to_pylist()):
            errors.append(found.source.message(line, column.name,
                                               tr("unknown {label} id {id!r} (not in this folder or the store)",
                                                  label=label_noun(column.ref), id=ref),
                                               unknown=(column.ref, ref)))
    return errors


def _cycle_errors(parsed: ParsedSeed, known: KnownGraph) -> list[SeedMessage]:
    """A parent chain may not loop; the folder's parents replace the store's for ids it defines.
    Pointer doubling over the parent links answers "is there a loop?" for a whole hierarchy at
    once; only when there is one are the chains walked one by one to name it."""
    errors = []
    for found in parsed.files.values():
        label = found.spec.label
        if label not in HIERARCHIES:
            continue
        ids, parents = found.values["id"], found.values["parent_id"]
        stored = known.parents.get(label, {})
        if stored:
            overridden = pc.is_in(pa.array(list(stored), pa.string()), value_set=ids.drop_null()).to_pylist()
            stored = {c: p for (c, p), gone in zip(stored.items(), overridden) if not gone}
        linked = pc.and_(ids.is_valid(), parents.is_valid())
        children = pa.concat_arrays([ids.filter(linked), pa.array(list(stored), pa.string())])
        of = pa.concat_arrays([parents.filter(linked), pa.array(list(stored.values()), pa.string())])
        if _has_loop(children, of):
            errors += _name_cycles(found, stored)
    return errors


def _has_loop(children: pa.Array, parents: pa.Array) -> bool:
    step = pc.index_in(parents, value_set=children)  # the parent's own link, if it has one
    jump = step
    for _ in range(max(1, math.ceil(math.log2(len(children) + 1))) + 1):
        jump = jump.take(jump)
        if jump.null_count == len(jump):
            return False
    return jump.null_count < len(jump)


def _name_cycles(found: ParsedFile, stored: dict[str, str]) -> list[SeedMessage]:
    parents = dict(stored)
    lines: dict[str, int] = {}
    for node, parent, line in zip(found.values["id"].to_pylist(), found.values["parent_id"].to_pylist(),
                                  found.lines.to_pylist()):
        if not node:
            continue
        lines[node] = line
        if parent:
            parents[node] = parent
    errors = []
    reported: set[str] = set()
    for start in sorted(lines, key=lines.__getitem__):
        path: list[str] = []
        node: str | None = start
        on_path: set[str] = set()
        while node is not None and node not in on_path and node not in reported:
            on_path.add(node)
            path.append(node)
            node = parents.get(node)
        if node is not None and node in on_path:
            cycle = path[path.index(node):]
            reported.update(cycle)
            cited = min((n for n in cycle if n in lines), key=lines.__getitem__)
            errors.append(found.source.message(
                lines[cited], "parent_id", tr("cycle in the parent chain: {chain}", chain=" -> ".join([*cycle, node])),
            ))
        reported.update(path)
    return errors


def _batch(parsed: ParsedSeed) -> GraphBatch:
    batch = GraphBatch()
    for spec in FILES:
        found = parsed.files.get(spec.name)
        if found is None:
            continue
        values = found.values
        if spec.label:
            batch.nodes[spec.label] = node_table(spec.label, values)
            ids = values["id"]
            for edge in spec.edges:
                refs = values[edge.column]
                if pa.types.is_list(refs.type):
                    own, other = ids.take(pc.list_parent_indices(refs)), pc.list_flatten(refs)
                else:
                    filled = refs.is_valid()
                    own, other = ids.filter(filled), refs.filter(filled)
                ends = (own, other) if edge.row_end == "source" else (other, own)
                rows = pa.table({"source": ends[0], "target": ends[1]})
                batch.edges.append(EdgeRows(edge.rel, rows, owner=edge.rel.owner, owner_ids=ids))
        else:
            assert spec.link is not None
            rel = spec.link.rel
            columns = {"source": values[spec.link.source], "target": values[spec.link.target]}
            columns |= {p: values[p] for p in rel.properties}
            schema = arrow_schema(edge_columns(rel))
            batch.edges.append(EdgeRows(rel, pa.table([columns[f.name].cast(f.type) for f in schema], schema=schema)))
    return batch

