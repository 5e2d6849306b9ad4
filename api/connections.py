"""`<field>Connection(filter, first, after, orderBy)` beside every to-many relationship field.

`Organization.membersConnection(filter: {status: PROBATIONARY}, first: 20) { totalCount edges { cursor
node { name } } pageInfo { hasNextPage endCursor } }`, and for relationships with properties the
edge holds them (`Unit.alliancesConnection { edges { role since node { name } } }`). The plain list
fields stay as they are.

Batched like the list fields: the parents of one level ask one loader per relation and filter for
their neighbours' ids (one store call), then the nodes of their pages (one more, through the
request's node loader), so the round trips grow with the depth of the query, not with its rows.
Pages follow the neighbours' ids, as top-level lists do, or the order asked for (`orderBy`, the
neighbour type's, as its lists take): the store sorts each parent's neighbours by their sort keys,
read in one more store call for all the parents of the level, and `_page` cuts after the cursor.

The types are made here from graph/relations.py. No `from __future__ import annotations`:
Strawberry reads the resolvers' annotations, which are classes made at import time.
"""

import datetime as dt
from typing import Annotated, Any, Optional

import strawberry
from strawberry.types import Info

from api.access import check_filter, check_order
from api.context import Context
from api.cursors import decode_position, encode_position
from api.enums import AllianceRole, PositionRole
from api.filters import FILTER_INPUTS
from api.ordering import ORDER_INPUTS, order_of
from api.pagination import DEFAULT_FIRST, PageInfo, check_first, filter_values
from graph.ordering import Position, comes_after
from graph.relations import RELATIONS, Relation
from graph.values import Link

Ctx = Info[Context, None]

# the GraphQL type of each relationship property (stored as strings)
_EDGE_TYPES: dict[tuple[str, str], Any] = {
    ("JOINS", "role"): AllianceRole, ("HOLDS", "role"): PositionRole,
}


def _edge_type(rel: Relation, prop: str) -> Any:
    return _EDGE_TYPES.get((rel.rel_type, prop), dt.date)


def _edge_value(rel: Relation, prop: str, value: str | None) -> Any:
    if value is None or value == "":
        return None
    kind = _edge_type(rel, prop)
    return dt.date.fromisoformat(value) if kind is dt.date else kind(value)


def _type_name(rel: Relation) -> str:
    owner, field_name = rel.name.split(".")
    return owner + field_name[0].upper() + field_name[1:]


def _types(rel: Relation) -> tuple[type, type]:
    node = Annotated[rel.other, strawberry.lazy("api.types")]
    edge_fields: dict[str, Any] = {"cursor": str, "node": node}
    edge_fields.update({prop: Optional[_edge_type(rel, prop)] for prop in rel.edge_properties})
    edge = strawberry.type(type(f"{_type_name(rel)}Edge", (), {"__annotations__": edge_fields}),
                           description=f"One {rel.other} of {rel.name}" + (
                               f", with the {rel.rel_type} relationship's {' and '.join(rel.edge_properties)}"
                               if rel.edge_properties else ""))
    connection_fields = {"total_count": int, "page_info": PageInfo, "edges": list[edge]}  # type: ignore[valid-type]
    connection = strawberry.type(
        type(f"{_type_name(rel)}Connection", (), {
            "__annotations__": connection_fields,
            "total_count": strawberry.field(description="How many match the filter, over all pages"),
        }), description=f"{rel.name} a page at a time")
    return edge, connection


def _page(links: list[Link], first: int, after: Position | None, descending: bool) -> tuple[list[Link], bool]:
    """The page after the cursor, and whether more follow (`links` are in the order asked for, keyed)."""
    rest = links if after is None else [link for link in links
                                        if link.key is not None and comes_after(link.key, link.id, after, descending)]
    return rest[:first], len(rest) > first


def relation_connection(name: str) -> Any:
    """The connection field of a to-many relation of graph/relations.py, for the type's class body."""
    rel = RELATIONS[name]
    edge, connection = _types(rel)
    filter_type = FILTER_INPUTS[rel.other]
    order_type = ORDER_INPUTS[rel.other]

    async def resolve(root: Any, info: Ctx, filter: Optional[filter_type] = None,  # type: ignore[valid-type]
                      first: int = DEFAULT_FIRST, after: Optional[str] = None,
                      order_by: Optional[order_type] = None) -> connection:  # type: ignore[valid-type]
        from api.types import ENTITY_TYPES  # the entity types hold these fields: imported once they exist

        check_first(first)
        check_filter(info, rel.other, filter)
        order = order_of(order_by)
        check_order(info, rel.other, order.field)
        position = decode_position(after, rel.other, order) if after is not None else None
        links = await info.context.neighbour_links(rel.name, filter_values(filter), order, root.id)
        shown, more = _page(links, first, position, order.descending)
        nodes = await info.context.nodes[rel.other].load_many([link.id for link in shown])
        make = ENTITY_TYPES[rel.other].of
        edges = [edge(cursor=encode_position(order, link.key, link.id), node=make(node),
                      **{prop: _edge_value(rel, prop, link.edge[prop]) for prop in rel.edge_properties})
                 for link, node in zip(shown, nodes, strict=True) if node is not None]
        return connection(total_count=len(links), edges=edges,
                          page_info=PageInfo(has_next_page=more, end_cursor=edges[-1].cursor if edges else None))

    owner, field_name = name.split(".")
    return strawberry.field(resolver=resolve, name=f"{field_name}Connection",
                            description=f"{owner}.{field_name} as a connection: filtered, sorted, paged, counted")
