"""The `<type>Aggregate` counts for dashboards: which properties of each label are grouped.

An enumeration is counted per value, a boolean by how many nodes hold it true. One named query per
label and filter shape groups the matching nodes by all of the label's grouped properties at once
(tools/gen_queries.py), so the engine counts and the answer is at most the product of the
vocabularies (40 rows for units); `fold` turns those rows into a count per property.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from graph.model import (
    ALLIANCE_MODEL, AREA_KIND, MEMBER_STATUS, ORGANIZATION_KIND, RESOURCE_KIND, UNIT_KIND, UNIT_LEVEL, EnumDef,
)


@dataclass(frozen=True)
class Grouping:
    prop: str
    enum: EnumDef | None = None  # None: a boolean property

    @property
    def is_flag(self) -> bool:
        return self.enum is None


AGGREGATE_GROUPS: dict[str, tuple[Grouping, ...]] = {
    "Area": (Grouping("kind", AREA_KIND), Grouping("remote")),
    "Unit": (Grouping("kind", UNIT_KIND), Grouping("level", UNIT_LEVEL)),
    "Organization": (Grouping("kind", ORGANIZATION_KIND),),
    "Member": (Grouping("status", MEMBER_STATUS), Grouping("cadre")),
    "Brand": (),
    "Alliance": (Grouping("model", ALLIANCE_MODEL),),
    "Resource": (Grouping("kind", RESOURCE_KIND),),
    "Service": (),
}

@dataclass(frozen=True)
class Aggregate:
    """How many nodes matched; per enumeration, how many hold each value (every value of the
    vocabulary in its declared order, zeros included, then None when some have no value); per
    boolean, how many hold it true."""

    count: int
    by_value: dict[str, list[tuple[str | None, int]]]
    true_count: dict[str, int]


def fold(label: str, rows: Iterable[dict[str, Any]]) -> Aggregate:
    """The aggregate of the grouped rows (one per combination of values, with its `total`)."""
    groups = AGGREGATE_GROUPS[label]
    total = 0
    tallies: dict[str, dict[Any, int]] = {g.prop: {} for g in groups}
    for row in rows:
        n = int(row["total"])
        total += n
        for group in groups:
            key = bool(row[group.prop]) if group.is_flag else row[group.prop]
            tallies[group.prop][key] = tallies[group.prop].get(key, 0) + n
    by_value: dict[str, list[tuple[str | None, int]]] = {}
    for group in groups:
        if group.enum is not None:
            tally = tallies[group.prop]
            listed: list[tuple[str | None, int]] = [(value, tally.get(value, 0)) for value in group.enum.values]
            unknown = sum(n for value, n in tally.items() if value not in group.enum.values)
            by_value[group.prop] = listed + ([(None, unknown)] if unknown else [])
    flags = {g.prop: tallies[g.prop].get(True, 0) for g in groups if g.is_flag}
    return Aggregate(total, by_value, flags)
