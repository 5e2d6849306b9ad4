"""The twelve seed files of SPEC §3: their columns, how each value is parsed, which relationship
each reference column makes, and the Chinese name each file and column may take instead (the words
组织部 staff use, for headers and sheet names written in Chinese). Mutations validate their inputs
with the same table.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any, Literal

from graph import model
from graph.model import RelDef, rel_def
from locales import tr
from seed import fields


@dataclass(frozen=True)
class Column:
    name: str
    alias: str  # the Chinese header a seed file may use instead of `name`
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
    alias: str  # the Chinese name a file or a workbook's sheet may have instead (单位.csv, sheet 单位)
    columns: tuple[Column, ...]
    label: str | None = None  # node files
    edges: tuple[EdgeColumn, ...] = ()
    link: LinkSpec | None = None  # link files

    @property
    def stem(self) -> str:
        """The name without `.csv`: what a sheet or an `.xlsx` file is called."""
        return self.name.removesuffix(".csv")

    def header(self) -> list[str]:
        return [c.name + ("*" if c.required else "") for c in self.columns]


def _id() -> Column:
    return Column("id", "编号", fields.required, required=True)


def _name(alias: str = "名称") -> Column:
    return Column("name", alias, fields.required, required=True)


def _enum(name: str, alias: str, definition: model.EnumDef, required: bool = False) -> Column:
    return Column(name, alias, partial(fields.enum, definition=definition), required=required, enum=definition)


def _ref(name: str, alias: str, label: str, required: bool = False, many: bool = False) -> Column:
    return Column(name, alias, fields.tags if many else fields.text, required=required, ref=label, many=many)


def _date(name: str, alias: str) -> Column:
    return Column(name, alias, fields.date)


def _text(name: str, alias: str) -> Column:
    return Column(name, alias)


FILES: tuple[FileSpec, ...] = (
    FileSpec("areas.csv", "区域", (
        _id(), _name(), _enum("kind", "类型", model.AREA_KIND, True), _ref("parent_id", "上级编号", "Area"),
        Column("population", "人口", fields.count), Column("remote", "是否偏远", fields.boolean),
    ), label="Area", edges=(EdgeColumn("parent_id", rel_def("WITHIN", "Area", "Area")),)),
    FileSpec("units.csv", "单位", (
        _id(), _name(), _enum("kind", "类型", model.UNIT_KIND, True), _enum("level", "级别", model.UNIT_LEVEL),
        _ref("area_id", "区域编号", "Area"), _ref("parent_id", "上级编号", "Unit"),
    ), label="Unit", edges=(
        EdgeColumn("area_id", rel_def("LOCATED_IN", "Unit", "Area")),
        EdgeColumn("parent_id", rel_def("UNDER", "Unit", "Unit")),
    )),
    FileSpec("organizations.csv", "党组织", (
        _id(), _name(), _enum("kind", "类型", model.ORGANIZATION_KIND, True),
        _ref("unit_ids", "单位编号", "Unit", True, many=True), _ref("parent_id", "上级编号", "Organization"),
        _date("founded", "成立日期"),
    ), label="Organization", edges=(
        EdgeColumn("unit_ids", rel_def("IN_UNIT", "Organization", "Unit")),
        EdgeColumn("parent_id", rel_def("PART_OF", "Organization", "Organization")),
    )),
    FileSpec("members.csv", "党员", (
        _id(), _name("姓名"), _enum("status", "党员状态", model.MEMBER_STATUS, True),
        _ref("organization_id", "党组织编号", "Organization", True), _ref("unit_id", "工作单位编号", "Unit"),
        _ref("stationed_unit_id", "派驻单位编号", "Unit"), _date("joined", "入党日期"),
        Column("skills", "专长", fields.tags), Column("cadre", "是否党务干部", fields.boolean),
        _text("phone", "联系电话"),
    ), label="Member", edges=(
        EdgeColumn("organization_id", rel_def("BELONGS_TO", "Member", "Organization")),
        EdgeColumn("unit_id", rel_def("WORKS_AT", "Member", "Unit")),
        EdgeColumn("stationed_unit_id", rel_def("STATIONED_AT", "Member", "Unit")),
    )),
    FileSpec("positions.csv", "职务", (
        _ref("member_id", "党员编号", "Member", True), _ref("organization_id", "党组织编号", "Organization", True),
        _enum("role", "职务", model.POSITION_ROLE, True), _date("since", "任职日期"),
    ), link=LinkSpec(rel_def("HOLDS", "Member", "Organization"), "member_id", "organization_id")),
    FileSpec("brands.csv", "党建品牌", (
        _id(), _name(), _ref("unit_id", "单位编号", "Unit", True), _ref("organization_id", "党组织编号", "Organization"),
        Column("domains", "领域", fields.tags), _date("launched", "创建日期"), _text("description", "简介"),
    ), label="Brand", edges=(
        EdgeColumn("unit_id", rel_def("RUNS", "Unit", "Brand"), row_end="target"),
        EdgeColumn("organization_id", rel_def("OF_ORG", "Brand", "Organization")),
    )),
    FileSpec("alliances.csv", "党建联建", (
        _id(), _name(), _enum("model", "模式", model.ALLIANCE_MODEL, True), _ref("parent_id", "上级编号", "Alliance"),
        _date("founded", "成立日期"), _text("description", "简介"),
    ), label="Alliance", edges=(EdgeColumn("parent_id", rel_def("PART_OF", "Alliance", "Alliance")),)),
    FileSpec("alliance_members.csv", "联建成员", (
        _ref("alliance_id", "联建编号", "Alliance", True), _ref("unit_id", "单位编号", "Unit", True),
        _enum("role", "角色", model.ALLIANCE_ROLE, True), _date("since", "加入日期"),
    ), link=LinkSpec(rel_def("JOINS", "Unit", "Alliance"), "unit_id", "alliance_id")),
    FileSpec("resources.csv", "资源", (
        _id(), _name(), _enum("kind", "类型", model.RESOURCE_KIND, True), _ref("unit_id", "提供单位编号", "Unit", True),
        _ref("area_id", "区域编号", "Area"), Column("capacity", "容量", fields.count), _text("description", "简介"),
    ), label="Resource", edges=(
        EdgeColumn("unit_id", rel_def("PROVIDES", "Unit", "Resource"), row_end="target"),
        EdgeColumn("area_id", rel_def("LOCATED_IN", "Resource", "Area")),
    )),
    FileSpec("resource_shares.csv", "资源共享", (
        _ref("resource_id", "资源编号", "Resource", True), _ref("alliance_id", "联建编号", "Alliance", True),
        _date("since", "共享日期"),
    ), link=LinkSpec(rel_def("SHARED_VIA", "Resource", "Alliance"), "resource_id", "alliance_id")),
    FileSpec("services.csv", "服务", (
        _id(), _name(), Column("domain", "领域", fields.required, required=True), _ref("alliance_id", "联建编号", "Alliance"),
        _ref("brand_id", "品牌编号", "Brand"), _date("started", "开始日期"), _text("description", "简介"),
    ), label="Service", edges=(
        EdgeColumn("alliance_id", rel_def("DELIVERED_BY", "Service", "Alliance")),
        EdgeColumn("brand_id", rel_def("DELIVERED_BY", "Service", "Brand")),
    )),
    FileSpec("service_areas.csv", "服务覆盖", (
        _ref("service_id", "服务编号", "Service", True), _ref("area_id", "区域编号", "Area", True),
        _date("since", "覆盖日期"),
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
            problems.append((column.name, tr("required value is missing")))
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
            found = (tr("exactly one of {first} and {second} is required, found both", first=first, second=second)
                     if values.get(first) else
                     tr("exactly one of {first} and {second} is required, found neither", first=first, second=second))
            problems.append((first, found))
    return values, problems
