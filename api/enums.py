"""GraphQL enums, made from graph/model.py so the vocabulary is declared once."""

from __future__ import annotations

from enum import Enum

import strawberry

from graph import model


def accepted(definition: model.EnumDef) -> str:
    """The values and their Chinese labels, as the descriptions list them."""
    return ", ".join(f"{value} {label}" for value, label in definition.values.items())


def _enum(definition: model.EnumDef) -> type[Enum]:
    values = Enum(definition.name, {value: value for value in definition.values})  # type: ignore[misc]
    return strawberry.enum(values, description=accepted(definition))


AreaKind = _enum(model.AREA_KIND)
UnitKind = _enum(model.UNIT_KIND)
UnitLevel = _enum(model.UNIT_LEVEL)
OrganizationKind = _enum(model.ORGANIZATION_KIND)
MemberStatus = _enum(model.MEMBER_STATUS)
PositionRole = _enum(model.POSITION_ROLE)
AllianceModel = _enum(model.ALLIANCE_MODEL)
AllianceRole = _enum(model.ALLIANCE_ROLE)
ResourceKind = _enum(model.RESOURCE_KIND)


def value(member: Enum | None) -> str | None:
    """The stored value of an enum argument (None stays None)."""
    return None if member is None else member.value
# The labels of SPEC §2 as one enum: what a search looks in, what a change is about.
EntityType = strawberry.enum(Enum("EntityType", {label.upper(): label for label in model.LABELS}),  # type: ignore[misc]
                             description="A type of the graph: " + ", ".join(model.LABELS))
