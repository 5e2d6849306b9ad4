"""The twelve seed files of SPEC §3: their columns, how each value is parsed, and which
relationship each reference column makes. Mutations validate their inputs with the same table.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any, Literal

from graph import model
from graph.model import RelDef, rel_def
from seed import fields


@dataclass(frozen=True)
class Column:
    name: str
    parse: Callable[[str], Any] = fields.text
    required: bool = False
    ref: str | None = None  # the label an id column points to
    many: bool = False  # a `;`-separated list of ids
    enum: model.EnumDef | None = None  # the vocabulary of an enum column


@dataclass(frozen=True)
class EdgeColumn:
    """A reference column that becomes a relationship; the row's own node is at `row_end`."""

    column: str
    rel: RelDef
    row_end: Literal["source", "target"] = "source"


@dataclass(frozen=True)
class LinkSpec:
    """A link file's relationship: which columns hold its two ends."""

    rel: RelDef
    source: str
    target: str


@dataclass(frozen=True)
class FileSpec:
    name: str
    columns: tuple[Column, ...]
    label: str | None = None  # node files
    edges: tuple[EdgeColumn, ...] = ()
    link: LinkSpec | None = None  # link files

    def header(self) -> list[str]:
        return [c.name + ("*" if c.required else "") for c in self.columns]


def _id() -> Column:
    return Column("id", fields.required, required=True)


def _name() -> Column:
    return Column("name", fields.required, required=True)


def _enum(name: str, definition: model.EnumDef, required: bool = False) -> Column:
    return Column(name, partial(fields.enum, definition=definition), required=required, enum=definition)


def _ref(name: str, label: str, required: bool = False, many: bool = False) -> Column:
    return Column(name, fields.tags if many else fields.text, required=required, ref=label, many=many)


def _date(name: str) -> Column:
    return Column(name, fields.date)


FILES: tuple[FileSpec, ...] = (
    FileSpec("areas.csv", (
        _id(), _name(), _enum("kind", model.AREA_KIND, True), _ref("parent_id", "Area"),
        Column("population", fields.count), Column("remote", fields.boolean),
    ), label="Area", edges=(EdgeColumn("parent_id", rel_def("WITHIN", "Area", "Area")),)),
    FileSpec("units.csv", (
        _id(), _name(), _enum("kind", model.UNIT_KIND, True), _enum("level", model.UNIT_LEVEL),
        _ref("area_id", "Area"), _ref("parent_id", "Unit"),
    ), label="Unit", edges=(
        EdgeColumn("area_id", rel_def("LOCATED_IN", "Unit", "Area")),
        EdgeColumn("parent_id", rel_def("UNDER", "Unit", "Unit")),
    )),
    FileSpec("organizations.csv", (
        _id(), _name(), _enum("kind", model.ORGANIZATION_KIND, True), _ref("unit_ids", "Unit", True, many=True),
        _ref("parent_id", "Organization"), _date("founded"),
    ), label="Organization", edges=(
        EdgeColumn("unit_ids", rel_def("IN_UNIT", "Organization", "Unit")),
        EdgeColumn("parent_id", rel_def("PART_OF", "Organization", "Organization")),
    )),
    FileSpec("members.csv", (
        _id(), _name(), _enum("status", model.MEMBER_STATUS, True), _ref("organization_id", "Organization", True),
        _ref("unit_id", "Unit"), _ref("stationed_unit_id", "Unit"), _date("joined"),
        Column("skills", fields.tags), Column("cadre", fields.boolean), Column("phone"),
    ), label="Member", edges=(
        EdgeColumn("organization_id", rel_def("BELONGS_TO", "Member", "Organization")),
        EdgeColumn("unit_id", rel_def("WORKS_AT", "Member", "Unit")),
        EdgeColumn("stationed_unit_id", rel_def("STATIONED_AT", "Member", "Unit")),
    )),
    FileSpec("positions.csv", (
        _ref("member_id", "Member", True), _ref("organization_id", "Organization", True),
        _enum("role", model.POSITION_ROLE, True), _date("since"),
    ), link=LinkSpec(rel_def("HOLDS", "Member", "Organization"), "member_id", "organization_id")),
    FileSpec("brands.csv", (
        _id(), _name(), _ref("unit_id", "Unit", True), _ref("organization_id", "Organization"),
        Column("domains", fields.tags), _date("launched"), Column("description"),
    ), label="Brand", edges=(
        EdgeColumn("unit_id", rel_def("RUNS", "Unit", "Brand"), row_end="target"),
        EdgeColumn("organization_id", rel_def("OF_ORG", "Brand", "Organization")),
    )),
    FileSpec("alliances.csv", (
        _id(), _name(), _enum("model", model.ALLIANCE_MODEL, True), _ref("parent_id", "Alliance"),
        _date("founded"), Column("description"),
    ), label="Alliance", edges=(EdgeColumn("parent_id", rel_def("PART_OF", "Alliance", "Alliance")),)),
    FileSpec("alliance_members.csv", (
        _ref("alliance_id", "Alliance", True), _ref("unit_id", "Unit", True),
        _enum("role", model.ALLIANCE_ROLE, True), _date("since"),
    ), link=LinkSpec(rel_def("JOINS", "Unit", "Alliance"), "unit_id", "alliance_id")),
    FileSpec("resources.csv", (
        _id(), _name(), _enum("kind", model.RESOURCE_KIND, True), _ref("unit_id", "Unit", True),
        _ref("area_id", "Area"), Column("capacity", fields.count), Column("description"),
    ), label="Resource", edges=(
        EdgeColumn("unit_id", rel_def("PROVIDES", "Unit", "Resource"), row_end="target"),
        EdgeColumn("area_id", rel_def("LOCATED_IN", "Resource", "Area")),
    )),
    FileSpec("resource_shares.csv", (
        _ref("resource_id", "Resource", True), _ref("alliance_id", "Alliance", True), _date("since"),
    ), link=LinkSpec(rel_def("SHARED_VIA", "Resource", "Alliance"), "resource_id", "alliance_id")),
    FileSpec("services.csv", (
        _id(), _name(), Column("domain", fields.required, required=True), _ref("alliance_id", "Alliance"),
        _ref("brand_id", "Brand"), _date("started"), Column("description"),
    ), label="Service", edges=(
        EdgeColumn("alliance_id", rel_def("DELIVERED_BY", "Service", "Alliance")),
        EdgeColumn("brand_id", rel_def("DELIVERED_BY", "Service", "Brand")),
    )),
    FileSpec("service_areas.csv", (
        _ref("service_id", "Service", True), _ref("area_id", "Area", True), _date("since"),
    ), link=LinkSpec(rel_def("COVERS", "Service", "Area"), "service_id", "area_id")),
)
FILES_BY_NAME = {spec.name: spec for spec in FILES}
# Files whose rows must fill exactly one of two columns: file name -> (column, column).
EXACTLY_ONE: dict[str, tuple[str, str]] = {"services.csv": ("alliance_id", "brand_id")}


def parse_row(spec: FileSpec, cells: dict[str, str]) -> tuple[dict[str, Any], list[tuple[str, str]]]:
    """Parsed values by column, and (column, message) for every value that does not parse."""
    values: dict[str, Any] = {}
    problems: list[tuple[str, str]] = []
    for column in spec.columns:
        raw = cells.get(column.name, "").strip()
        if column.required and not raw:
            problems.append((column.name, "required value is missing"))
            values[column.name] = [] if column.many else None
            continue
        try:
            values[column.name] = column.parse(raw)
        except fields.FieldError as exc:
            problems.append((column.name, str(exc)))
            values[column.name] = None
    if spec.name in EXACTLY_ONE:
        first, second = EXACTLY_ONE[spec.name]
        if bool(values.get(first)) == bool(values.get(second)):
            both = "both" if values.get(first) else "neither"
            problems.append((first, f"exactly one of {first} and {second} is required, found {both}"))
    return values, problems
