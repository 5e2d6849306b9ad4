"""The `orderBy` inputs of the lists and relationship connections, made from graph/ordering.py:
`units(orderBy: {field: NAME, direction: DESC})`, one `<Type>Order` input and `<Type>OrderField`
enum per type. Without orderBy a list is in id order, as before sorting existed.

No `from __future__ import annotations`: the inputs are made at import time from real classes.
"""

from enum import Enum
from typing import Any

import strawberry

from graph.ordering import ID, SORT_KEYS, Order


@strawberry.enum(description="ASC: smallest first (A before Z in 拼音序); DESC: the reverse, ids included")
class OrderDirection(Enum):
    ASC = "ASC"
    DESC = "DESC"


def _order_input(label: str) -> type:
    keys = SORT_KEYS[label]
    values = {field: strawberry.enum_value(field, description=key.description) for field, key in keys.items()}
    fields = strawberry.enum(
        Enum(f"{label}OrderField", values),  # type: ignore[misc]
        description=f"What {label} lists can be sorted by; ties are broken by id")
    return strawberry.input(type(f"{label}Order", (), {
        "__annotations__": {"field": fields, "direction": OrderDirection},
        "direction": OrderDirection.ASC,
    }), description=f"The order of a {label} list: by one field, then by id, in one direction")


ORDER_INPUTS: dict[str, Any] = {label: _order_input(label) for label in SORT_KEYS}
AreaOrder, UnitOrder, OrganizationOrder, MemberOrder, BrandOrder, AllianceOrder, ResourceOrder, ServiceOrder = (
    ORDER_INPUTS[label] for label in SORT_KEYS)


def order_of(order_input: Any) -> Order:
    """The store's order for an orderBy argument (none: by id, ascending)."""
    if order_input is None:
        return Order(ID)
    return Order(order_input.field.value, order_input.direction is OrderDirection.DESC)
