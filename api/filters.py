"""The `filter` inputs of the list fields; their keys are graph/filters.py's (a test keeps them equal)."""

from __future__ import annotations

import strawberry

from api.enums import AllianceModel, AreaKind, MemberStatus, OrganizationKind, ResourceKind, UnitKind, UnitLevel


@strawberry.input
class AreaFilter:
    kind: AreaKind | None = None
    remote: bool | None = None
    parent_id: strawberry.ID | None = strawberry.field(default=None, description="direct parent (WITHIN)")
    name_contains: str | None = None


@strawberry.input
class UnitFilter:
    kind: UnitKind | None = None
    level: UnitLevel | None = None
    parent_id: strawberry.ID | None = strawberry.field(default=None, description="supervising unit (UNDER)")
    area_id: strawberry.ID | None = strawberry.field(default=None, description="LOCATED_IN this area directly")
    alliance_id: strawberry.ID | None = strawberry.field(default=None, description="JOINS this alliance directly")
    name_contains: str | None = None


@strawberry.input
class OrganizationFilter:
    kind: OrganizationKind | None = None
    parent_id: strawberry.ID | None = None
    unit_id: strawberry.ID | None = strawberry.field(default=None, description="IN_UNIT this unit")
    name_contains: str | None = None


@strawberry.input
class MemberFilter:
    status: MemberStatus | None = None
    cadre: bool | None = None
    skill: str | None = strawberry.field(default=None, description="has this skill (exact match)")
    organization_id: strawberry.ID | None = strawberry.field(default=None, description="BELONGS_TO (组织关系)")
    unit_id: strawberry.ID | None = strawberry.field(default=None, description="WORKS_AT this unit")
    stationed_unit_id: strawberry.ID | None = strawberry.field(default=None, description="STATIONED_AT this unit")
    name_contains: str | None = None


@strawberry.input
class BrandFilter:
    domain: str | None = None
    unit_id: strawberry.ID | None = strawberry.field(default=None, description="run by this unit")
    organization_id: strawberry.ID | None = None
    name_contains: str | None = None


@strawberry.input
class AllianceFilter:
    model: AllianceModel | None = None
    parent_id: strawberry.ID | None = strawberry.field(default=None, description="the chain it is PART_OF directly")
    unit_id: strawberry.ID | None = strawberry.field(default=None, description="joined directly by this unit")
    name_contains: str | None = None


@strawberry.input
class ResourceFilter:
    kind: ResourceKind | None = None
    unit_id: strawberry.ID | None = strawberry.field(default=None, description="provided by this unit")
    area_id: strawberry.ID | None = None
    alliance_id: strawberry.ID | None = strawberry.field(default=None, description="SHARED_VIA this alliance")
    name_contains: str | None = None


@strawberry.input
class ServiceFilter:
    domain: str | None = None
    alliance_id: strawberry.ID | None = None
    brand_id: strawberry.ID | None = None
    area_id: strawberry.ID | None = strawberry.field(default=None, description="COVERS this area directly")
    name_contains: str | None = None


FILTER_INPUTS = {
    "Area": AreaFilter, "Unit": UnitFilter, "Organization": OrganizationFilter, "Member": MemberFilter,
    "Brand": BrandFilter, "Alliance": AllianceFilter, "Resource": ResourceFilter, "Service": ServiceFilter,
}
