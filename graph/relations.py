"""The relationship fields of the read API, each answered by one batched named query.

A field maps many parent ids to their neighbours in one round trip, which is what lets the
GraphQL layer's DataLoaders keep the number of store calls bounded by the depth of a query.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal


@dataclass(frozen=True)
class Relation:
    name: str  # "Unit.alliances": the GraphQL type and field
    label: str  # the label of the parent ids
    rel_type: str
    direction: Literal["out", "in"]
    other: str  # the label of the neighbours
    edge_properties: tuple[str, ...] = ()
    single: bool = False  # one node (or null), not a list with a connection beside it: never multiplies a query's cost

    @property
    def query_name(self) -> str:
        owner, field_name = self.name.split(".")
        return f"rel_{owner.lower()}_{_snake(field_name)}"

    @property
    def fan_out_query_name(self) -> str:
        return self.query_name.replace("rel_", "fan_out_", 1)

    @property
    def links_query(self) -> str:
        """The stem of the connection's queries: the ids of the neighbours matching a filter."""
        return self.query_name.replace("rel_", "links_", 1)


def _snake(name: str) -> str:
    return "".join(f"_{c.lower()}" if c.isupper() else c for c in name)


RELATIONS: dict[str, Relation] = {r.name: r for r in (
    Relation("Area.parent", "Area", "WITHIN", "out", "Area", single=True),
    Relation("Area.children", "Area", "WITHIN", "in", "Area"),
    Relation("Area.units", "Area", "LOCATED_IN", "in", "Unit"),
    Relation("Area.resources", "Area", "LOCATED_IN", "in", "Resource"),
    Relation("Area.services", "Area", "COVERS", "in", "Service", ("since",)),
    Relation("Unit.area", "Unit", "LOCATED_IN", "out", "Area", single=True),
    Relation("Unit.parent", "Unit", "UNDER", "out", "Unit", single=True),
    Relation("Unit.children", "Unit", "UNDER", "in", "Unit"),
    Relation("Unit.alliances", "Unit", "JOINS", "out", "Alliance", ("role", "since")),
    Relation("Unit.resources", "Unit", "PROVIDES", "out", "Resource"),
    Relation("Unit.brands", "Unit", "RUNS", "out", "Brand"),
    Relation("Unit.organizations", "Unit", "IN_UNIT", "in", "Organization"),
    Relation("Unit.members", "Unit", "WORKS_AT", "in", "Member"),
    Relation("Unit.stationedMembers", "Unit", "STATIONED_AT", "in", "Member"),
    Relation("Organization.units", "Organization", "IN_UNIT", "out", "Unit"),
    Relation("Organization.parent", "Organization", "PART_OF", "out", "Organization", single=True),
    Relation("Organization.children", "Organization", "PART_OF", "in", "Organization"),
    Relation("Organization.members", "Organization", "BELONGS_TO", "in", "Member"),
    Relation("Organization.positions", "Organization", "HOLDS", "in", "Member", ("role", "since")),
    Relation("Organization.brands", "Organization", "OF_ORG", "in", "Brand"),
    Relation("Member.organization", "Member", "BELONGS_TO", "out", "Organization", single=True),
    Relation("Member.unit", "Member", "WORKS_AT", "out", "Unit", single=True),
    Relation("Member.stationedAt", "Member", "STATIONED_AT", "out", "Unit", single=True),
    Relation("Member.positions", "Member", "HOLDS", "out", "Organization", ("role", "since")),
    Relation("Brand.unit", "Brand", "RUNS", "in", "Unit", single=True),
    Relation("Brand.organization", "Brand", "OF_ORG", "out", "Organization", single=True),
    Relation("Brand.services", "Brand", "DELIVERED_BY", "in", "Service"),
    Relation("Alliance.parent", "Alliance", "PART_OF", "out", "Alliance", single=True),
    Relation("Alliance.children", "Alliance", "PART_OF", "in", "Alliance"),
    Relation("Alliance.members", "Alliance", "JOINS", "in", "Unit", ("role", "since")),
    Relation("Alliance.resources", "Alliance", "SHARED_VIA", "in", "Resource", ("since",)),
    Relation("Alliance.services", "Alliance", "DELIVERED_BY", "in", "Service"),
    Relation("Resource.provider", "Resource", "PROVIDES", "in", "Unit", single=True),
    Relation("Resource.area", "Resource", "LOCATED_IN", "out", "Area", single=True),
    Relation("Resource.alliances", "Resource", "SHARED_VIA", "out", "Alliance", ("since",)),
    Relation("Service.alliance", "Service", "DELIVERED_BY", "out", "Alliance", single=True),
    Relation("Service.brand", "Service", "DELIVERED_BY", "out", "Brand", single=True),
    Relation("Service.areas", "Service", "COVERS", "out", "Area", ("since",)),
)}


# The fields the cost estimate multiplies by a fan-out figure: each to-many relation and its connection.
TO_MANY = frozenset(f"{name}{suffix}" for name, relation in RELATIONS.items() if not relation.single
                    for suffix in ("", "Connection"))


def relation_between(label: str, rel_type: str, direction: Literal["out", "in"], other: str) -> Relation:
    """The relation field that follows `rel_type` from a `label` node to `other` nodes."""
    for relation in RELATIONS.values():
        if (relation.label, relation.rel_type, relation.direction, relation.other) == (label, rel_type, direction, other):
            return relation
    raise LookupError(f"no relation field for {label} -[{rel_type}]- {other} ({direction})")
