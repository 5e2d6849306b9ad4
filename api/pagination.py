"""Relay-style connections with keyset pagination by id (SPEC §5).

A cursor is an opaque, URL-safe encoding of the last id seen; pages are "ids greater than the
cursor, in id order", so they stay stable while other rows are added.
"""

from __future__ import annotations

import base64
import re
from enum import Enum
from typing import Any, Generic, TypeVar

import strawberry
from strawberry.types import Info

from api.context import Context
from api.errors import BadUserInput
from api.naming import camel
from locales import tr

T = TypeVar("T")
DEFAULT_FIRST = 50
MAX_FIRST = 500
_PREFIX = "id:"
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")


def encode_cursor(id_: str) -> str:
    return base64.urlsafe_b64encode((_PREFIX + id_).encode()).decode()


def decode_cursor(cursor: str) -> str:
    """The id a cursor of encode_cursor holds. Anything else is refused rather than read as the
    first page: text that is not canonical base64 of "id:" and an id, an empty id, or an id with
    control characters (`id:\\0`), which no id a person types holds."""
    try:
        text = base64.urlsafe_b64decode(cursor.encode("ascii")).decode("utf-8")
    except ValueError:  # not ASCII, not base64, not UTF-8 underneath
        text = ""
    id_ = text.removeprefix(_PREFIX)
    if not text.startswith(_PREFIX) or not id_ or _CONTROL.search(id_) or encode_cursor(id_) != cursor:
        raise BadUserInput(tr("after: not a cursor of this API: {cursor!r}", cursor=cursor), argument="after")
    return id_


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


async def page(info: Info[Context, None], label: str, make: Any, filter_input: Any, first: int, after: str | None) -> Any:
    check_first(first)
    filters = filter_values(filter_input)
    after_id = decode_cursor(after) if after is not None else None
    nodes = await info.context.store.list_nodes(label, filters, first + 1, after_id)
    shown = nodes[:first]
    edges = [Edge(cursor=encode_cursor(n["id"]), node=make(n)) for n in shown]
    return Connection(
        edges=edges,
        page_info=PageInfo(has_next_page=len(nodes) > first, end_cursor=edges[-1].cursor if edges else None),
        label=label,
        filters=filters,
    )
