"""Relay-style connections with keyset pagination (SPEC §5): by id, or in the order asked for
(api/ordering.py), each page starting after its cursor (api/cursors.py), so pages stay stable
while other rows are added.
"""

from __future__ import annotations

from enum import Enum
from typing import Any, Generic, TypeVar

import strawberry
from strawberry.types import Info

from api.access import check_order
from api.context import Context
from api.cursors import decode_position, encode_position
from api.errors import BadUserInput
from api.naming import camel
from api.ordering import order_of
from locales import tr

T = TypeVar("T")
DEFAULT_FIRST = 50
MAX_FIRST = 500


def check_first(first: int) -> None:
    if not 1 <= first <= MAX_FIRST:
        raise BadUserInput(tr("first: must be between 1 and {most}, got {first}", most=MAX_FIRST, first=first),
                           argument="first")


@strawberry.type
class PageInfo:
    has_next_page: bool
    end_cursor: str | None


@strawberry.type
class Edge(Generic[T]):
    cursor: str
    node: T


@strawberry.type
class Connection(Generic[T]):
    edges: list[Edge[T]]
    page_info: PageInfo
    label: strawberry.Private[str]
    filters: strawberry.Private[dict[str, Any]]

    @strawberry.field(description="How many nodes match the filter, over all pages")
    async def total_count(self, info: Info[Context, None]) -> int:
        return await info.context.store.count_nodes(self.label, self.filters)


def filter_values(filter_input: Any) -> dict[str, Any]:
    """A filter input as store filter keys (camelCase, enum values as stored strings)."""
    if filter_input is None:
        return {}
    values: dict[str, Any] = {}
    for name, value in vars(filter_input).items():
        if value is None:
            continue
        values[camel(name)] = value.value if isinstance(value, Enum) else (value.strip() if isinstance(value, str) else value)
    return values


async def page(info: Info[Context, None], label: str, make: Any, filter_input: Any, first: int, after: str | None,
               order_input: Any = None) -> Any:
    check_first(first)
    filters = filter_values(filter_input)
    order = order_of(order_input)
    check_order(info, label, order.field)
    position = decode_position(after, label, order) if after is not None else None
    found = await info.context.store.ordered_nodes(label, filters, order, first + 1, position)
    edges = [Edge(cursor=encode_position(order, key, node["id"]), node=make(node)) for node, key in found[:first]]
    return Connection(
        edges=edges,
        page_info=PageInfo(has_next_page=len(found) > first, end_cursor=edges[-1].cursor if edges else None),
        label=label,
        filters=filters,
    )
