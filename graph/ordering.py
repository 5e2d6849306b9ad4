"""The orders a list or a relationship's connection can be sorted in (issue 12.2), declared once
for the generated queries (tools/gen_queries.py), the stores and the GraphQL enums.

Every order sorts by one key, then by id, both ascending or both descending, so DESC is exactly
ASC reversed and a page can start after a (key, id) pair: the cursor of the last edge seen. A key
is never null, so both stores compare alike: a node without the property (an organization with
no founding date, a unit with no level) sorts as the smallest value, first ascending and last
descending. Names sort by `name_sort` (graph/namekeys.py, 拼音序); an enumeration by the order of
its values in the model (a province before a city), not by the English words; counts are the
node's relationships of one type, counted when the page is read, or a derived fact the store
keeps (graph/derived.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from graph import model

SortValue = str | int
ID = "ID"


@dataclass(frozen=True)
class SortKey:
    field: str  # the GraphQL enum value; lower-cased, the part of the query names
    description: str
    prop: str = ""  # the node property the key reads
    type: Literal["STRING", "INT64"] = "STRING"
    missing: SortValue | None = None  # what a node without the property sorts as; None: always set
    ranks: tuple[str, ...] = ()  # an enumeration: its values' positions are the key
    count: tuple[str, Literal["out", "in"], str] | None = None  # (type, direction, label) of the relationships counted

    @property
    def slug(self) -> str:
        return self.field.lower()


@dataclass(frozen=True)
class Order:
    """How a list is sorted: by `SORT_KEYS[label][field]`, then by id, the same direction."""

    field: str
    descending: bool = False

    @property
    def tag(self) -> str:
        """The order as a cursor remembers it."""
        return f"{self.field}:{'DESC' if self.descending else 'ASC'}"


@dataclass(frozen=True)
class Position:
    """Where a page of an order starts: after the node with this key and id."""

    key: SortValue
    id: str


def comes_after(key: SortValue, id_: str, position: Position, descending: bool) -> bool:
    """Whether (key, id) lies beyond the position in the order's direction."""
    if descending:
        return (key, id_) < (position.key, position.id)
    return (key, id_) > (position.key, position.id)


def _name() -> SortKey:
    return SortKey("NAME", "by name in 拼音序 (pinyin, syllable by syllable, then tone)", "name_sort")


def _id() -> SortKey:
    return SortKey(ID, "by id (ascending: the default)", "id")


def _enum(field: str, prop: str, definition: model.EnumDef, required: bool = True) -> SortKey:
    return SortKey(field, f"by {prop}, in the order of {definition.name}'s values", prop, "INT64",
                   None if required else -1, tuple(definition.values))


def _date(field: str, prop: str) -> SortKey:
    return SortKey(field, f"by {prop} date (none: earliest)", prop, missing="")


def _number(field: str, prop: str, description: str) -> SortKey:
    return SortKey(field, description, prop, "INT64", -1)


def _count(field: str, rel_type: str, direction: Literal["out", "in"], other: str, description: str) -> SortKey:
    return SortKey(field, description, type="INT64", count=(rel_type, direction, other))


SORT_KEYS: dict[str, dict[str, SortKey]] = {label: {key.field: key for key in keys} for label, keys in {
    "Area": (_name(), _enum("KIND", "kind", model.AREA_KIND),
             _number("POPULATION", "population", "by population (none: smallest)"), _id()),
    "Unit": (
        _name(), _enum("KIND", "kind", model.UNIT_KIND), _enum("LEVEL", "level", model.UNIT_LEVEL, required=False),
        SortKey("PARTNER_COUNT", "by distinct partners (units joining one of the same alliances)", "partners",
                "INT64", 0),
        SortKey("ALLIANCE_COUNT", "by alliances joined directly", "joined", "INT64", 0),
        _id(),
    ),
    "Organization": (
        _name(), _enum("KIND", "kind", model.ORGANIZATION_KIND), _date("FOUNDED", "founded"),
        _count("MEMBER_COUNT", "BELONGS_TO", "in", "Member", "by members belonging to it (组织关系)"), _id(),
    ),
    "Member": (_name(), _enum("STATUS", "status", model.MEMBER_STATUS), _date("JOINED", "joined"), _id()),
    "Brand": (_name(), _date("LAUNCHED", "launched"),
              _count("SERVICE_COUNT", "DELIVERED_BY", "in", "Service", "by services delivered under it"), _id()),
    "Alliance": (
        _name(), _enum("MODEL", "model", model.ALLIANCE_MODEL), _date("FOUNDED", "founded"),
        _count("MEMBER_COUNT", "JOINS", "in", "Unit", "by member units (JOINS)"), _id(),
    ),
    "Resource": (
        _name(), _enum("KIND", "kind", model.RESOURCE_KIND),
        _number("CAPACITY", "capacity", "by capacity (none: smallest)"),
        _count("ALLIANCE_COUNT", "SHARED_VIA", "out", "Alliance", "by alliances it is shared via"), _id(),
    ),
    "Service": (_name(), _date("STARTED", "started"),
                _count("AREA_COUNT", "COVERS", "out", "Area", "by areas it covers directly"), _id()),
}.items()}


def ordered_query(label: str, order: Order, suffix: str) -> str:
    """The named query of a page in `order` (not the default, id ascending: `list_<label>`)."""
    return f"list_{label.lower()}_by_{order.field.lower()}{'_desc' if order.descending else ''}{suffix}"


def keys_query(label: str, field: str) -> str:
    """The named query of the sort keys of given nodes (a connection's neighbours)."""
    return f"order_keys_{label.lower()}_{field.lower()}"
