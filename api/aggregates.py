"""`<plural>Aggregate(filter)` query fields, made from graph/aggregates.py for every listed type.

`unitsAggregate(filter: {areaId}) { count byKind { kind count } byLevel { level count } }`: the
filter is the list's own, so a dashboard counts exactly what the list would page through, and the
store groups and counts in one round trip.

The types and resolvers are built here from the declaration rather than written per type. This
module has no `from __future__ import annotations`: Strawberry reads a resolver's argument and
return types from its annotations, which here are classes made at import time, not names it could
look up.
"""

import enum
from typing import Any, Optional

import strawberry

from api import enums
from api.access import check_filter
from api.filters import FILTER_INPUTS
from api.pagination import filter_values
from api.types import Ctx
from graph.aggregates import AGGREGATE_GROUPS, Aggregate, Grouping


def _value_count_type(group: Grouping) -> type:
    """`UnitKindCount { kind: UnitKind, count: Int! }`: one value of an enumeration and its count."""
    assert group.enum is not None
    kind = getattr(enums, group.enum.name)
    namespace = {"__annotations__": {group.prop: Optional[kind], "count": int}}
    made = type(f"{group.enum.name}Count", (), namespace)
    return strawberry.type(made, description=f"How many have this {group.prop} (null: none given)")


def _aggregate_type(label: str, value_counts: dict[str, type]) -> type:
    fields: dict[str, Any] = {"count": int}
    descriptions: dict[str, Any] = {"count": strawberry.field(description="How many match the filter")}
    for group in AGGREGATE_GROUPS[label]:
        if group.is_flag:
            fields[f"{group.prop}_count"] = int
            descriptions[f"{group.prop}_count"] = strawberry.field(description=f"How many of them are {group.prop}")
        else:
            fields[f"by_{group.prop}"] = list[value_counts[group.prop]]  # type: ignore[valid-type]
            descriptions[f"by_{group.prop}"] = strawberry.field(
                description=f"Per {group.prop}, every value in its declared order (zeros included)")
    made = type(f"{label}Aggregate", (), {"__annotations__": fields, **descriptions})
    return strawberry.type(made, description=f"{label} counts for dashboards, over the same filter as the list")


def _answer(label: str, found: Aggregate, result: type, value_counts: dict[str, type]) -> Any:
    values: dict[str, Any] = {"count": found.count}
    for group in AGGREGATE_GROUPS[label]:
        if group.is_flag:
            values[f"{group.prop}_count"] = found.true_count[group.prop]
        else:
            kind: type[enum.Enum] = getattr(enums, group.enum.name)  # type: ignore[union-attr]
            values[f"by_{group.prop}"] = [
                value_counts[group.prop](**{group.prop: kind(value) if value else None, "count": n})
                for value, n in found.by_value[group.prop]]
    return result(**values)


def _field(label: str) -> Any:
    value_counts = {g.prop: _value_count_type(g) for g in AGGREGATE_GROUPS[label] if not g.is_flag}
    result = _aggregate_type(label, value_counts)
    filter_type = FILTER_INPUTS[label]

    async def resolve(info: Ctx, filter: Optional[filter_type] = None) -> result:  # type: ignore[valid-type]
        check_filter(info, label, filter)
        found = await info.context.store.aggregate_nodes(label, filter_values(filter))
        return _answer(label, found, result, value_counts)

    plural = f"{label.lower()}s"
    return strawberry.field(resolver=resolve, name=f"{plural}Aggregate",
                            description=f"Counts over what `{plural}(filter)` lists, in one store round trip")


AggregateQuery = strawberry.type(
    type("AggregateQuery", (), {f"{label.lower()}s_aggregate": _field(label) for label in AGGREGATE_GROUPS}))
