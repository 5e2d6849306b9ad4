"""Validating a seed folder as a whole and turning it into a store-ready GraphBatch.

Two phases, so the loader can ask the store only what the folder itself cannot answer:
`parse_folder` reads and checks every row on its own; `build` resolves references against the
folder and what the store already holds (KnownGraph), checks parent chains for cycles and, when
nothing is wrong, makes the batch. Every error is collected; none stops the others.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from graph.batch import EdgeRows, GraphBatch
from graph.model import HIERARCHIES, NODE_PROPERTIES
from seed.csvfile import Record, read_table
from seed.messages import SeedMessage
from seed.rowschema import FILES, Column, FileSpec, parse_row


@dataclass
class ParsedRow:
    line: int
    values: dict[str, Any]


@dataclass
class KnownGraph:
    """What the store already holds that the folder refers to."""

    ids: dict[str, set[str]] = field(default_factory=dict)
    parents: dict[str, dict[str, str]] = field(default_factory=dict)


@dataclass
class ParsedSeed:
    rows: dict[str, list[ParsedRow]] = field(default_factory=dict)  # file name -> valid rows
    errors: list[SeedMessage] = field(default_factory=list)
    warnings: list[SeedMessage] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)  # data rows per file present
    defined: dict[str, dict[str, int]] = field(default_factory=dict)  # label -> id -> line

    def references(self) -> Iterator[tuple[FileSpec, ParsedRow, Column, str]]:
        """Every id a row refers to, with where it stands."""
        for spec in FILES:
            for row in self.rows.get(spec.name, []):
                for column in spec.columns:
                    if column.ref is not None:
                        for ref in _ids(row.values.get(column.name)):
                            yield spec, row, column, ref

    def parent_refs(self) -> dict[str, set[str]]:
        """The parents the rows set, per hierarchy label."""
        found: dict[str, set[str]] = {}
        for spec, _row, column, ref in self.references():
            if column.name == "parent_id" and spec.label in HIERARCHIES:
                found.setdefault(spec.label, set()).add(ref)
        return found

    def foreign_refs(self) -> dict[str, set[str]]:
        """Ids the folder refers to but does not define, per label: the store must hold them."""
        wanted: dict[str, set[str]] = {}
        for _spec, _row, column, ref in self.references():
            assert column.ref is not None
            if ref not in self.defined.get(column.ref, {}):
                wanted.setdefault(column.ref, set()).add(ref)
        return wanted


@dataclass
class ValidationResult:
    batch: GraphBatch
    errors: list[SeedMessage]
    warnings: list[SeedMessage]
    rows: dict[str, int]


def _ids(value: Any) -> list[str]:
    if not value:
        return []
    return list(value) if isinstance(value, list) else [value]


def parse_folder(folder: Path) -> ParsedSeed:
    parsed = ParsedSeed()
    for spec in FILES:
        path = folder / spec.name
        if not path.is_file():
            continue
        table, errors, warnings = read_table(path, spec.header())
        parsed.errors += errors
        parsed.warnings += warnings
        _parse_records(parsed, spec, table.records)
    return parsed


def parse_rows(spec: FileSpec, rows: list[dict[str, str]]) -> ParsedSeed:
    """Rows that did not come from a file (mutation inputs): the same checks, lines numbered from 1."""
    parsed = ParsedSeed()
    _parse_records(parsed, spec, [Record(line, cells) for line, cells in enumerate(rows, 1)])
    return parsed


def _parse_records(parsed: ParsedSeed, spec: FileSpec, records: list[Record]) -> None:
    parsed.counts[spec.name] = len(records)
    rows = parsed.rows.setdefault(spec.name, [])
    seen: dict[Any, int] = {}
    for record in records:
        values, problems = parse_row(spec, record.cells)
        parsed.errors += [SeedMessage(spec.name, record.line, col, msg) for col, msg in problems]
        key = _row_key(spec, values)
        if key is not None and key in seen:
            parsed.errors.append(_duplicate(spec, values, record.line, seen[key]))
            continue
        if key is not None:
            seen[key] = record.line
        if spec.label and values.get("id"):
            parsed.defined.setdefault(spec.label, {})[values["id"]] = record.line
        rows.append(ParsedRow(record.line, values))


def _duplicate(spec: FileSpec, values: dict[str, Any], line: int, first: int) -> SeedMessage:
    if spec.label:
        return SeedMessage(spec.name, line, "id", f"duplicate id {values['id']!r}, first on line {first}")
    a, b = spec.columns[0].name, spec.columns[1].name
    return SeedMessage(spec.name, line, a, f"duplicate {a}/{b} pair {values[a]!r}/{values[b]!r}, first on line {first}")


def _row_key(spec: FileSpec, values: dict[str, Any]) -> Any:
    if spec.label:
        return values.get("id")
    assert spec.link is not None
    source, target = values.get(spec.link.source), values.get(spec.link.target)
    return (source, target) if source and target else None


def build(parsed: ParsedSeed, known: KnownGraph) -> ValidationResult:
    errors = list(parsed.errors)
    errors += _reference_errors(parsed, known)
    errors += _cycle_errors(parsed, known)
    batch = GraphBatch() if errors else _batch(parsed)
    return ValidationResult(batch, sorted(set(errors)), parsed.warnings, parsed.counts)


def build_batch(folder: Path, known: KnownGraph) -> ValidationResult:
    return build(parse_folder(folder), known)


def _reference_errors(parsed: ParsedSeed, known: KnownGraph) -> list[SeedMessage]:
    errors = []
    for spec, row, column, ref in parsed.references():
        assert column.ref is not None
        if ref not in parsed.defined.get(column.ref, {}) and ref not in known.ids.get(column.ref, set()):
            errors.append(SeedMessage(
                spec.name, row.line, column.name, f"unknown {column.ref} id {ref!r} (not in this folder or the store)",
            ))
    return errors


def _cycle_errors(parsed: ParsedSeed, known: KnownGraph) -> list[SeedMessage]:
    """A parent chain may not loop; the folder's parents replace the store's for ids it defines."""
    errors = []
    for spec in FILES:
        if spec.label not in HIERARCHIES:
            continue
        label = spec.label
        parents = dict(known.parents.get(label, {}))
        lines: dict[str, int] = {}
        for row in parsed.rows.get(spec.name, []):
            node = row.values.get("id")
            if not node:
                continue
            lines[node] = row.line
            parents.pop(node, None)
            if row.values.get("parent_id"):
                parents[node] = row.values["parent_id"]
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
                errors.append(SeedMessage(
                    spec.name, lines[cited], "parent_id", "cycle in the parent chain: " + " -> ".join([*cycle, node]),
                ))
            reported.update(path)
    return errors


def _batch(parsed: ParsedSeed) -> GraphBatch:
    batch = GraphBatch()
    for spec in FILES:
        rows = parsed.rows.get(spec.name)
        if rows is None:
            continue
        if spec.label:
            props = NODE_PROPERTIES[spec.label]
            batch.nodes[spec.label] = [{p: row.values.get(p) for p in props} for row in rows]
            ids = [row.values["id"] for row in rows]
            for edge in spec.edges:
                rel = edge.rel
                out = EdgeRows(rel, owner=rel.owner, owner_ids=ids)
                for row in rows:
                    for other in _ids(row.values.get(edge.column)):
                        ends = (row.values["id"], other) if edge.row_end == "source" else (other, row.values["id"])
                        out.rows.append({"source": ends[0], "target": ends[1]})
                batch.edges.append(out)
        else:
            assert spec.link is not None
            rel = spec.link.rel
            out = EdgeRows(rel, owner=None)
            for row in rows:
                edge = {"source": row.values[spec.link.source], "target": row.values[spec.link.target]}
                edge.update({p: row.values.get(p) for p in rel.properties})
                out.rows.append(edge)
            batch.edges.append(out)
    return batch
