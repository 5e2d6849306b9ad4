"""The entity types of SPEC §2 and their relationship fields.

Each relationship field asks the request's DataLoader for its relation (graph/relations.py), so
a list of a hundred units asking for their alliances costs one store round trip, not a hundred.
"""

from __future__ import annotations

import datetime as dt
import functools
from typing import Any

import strawberry
from strawberry.types import Info

from api.access import mask_name, mask_phone, sees_personal_data
from api.connections import relation_connection
from api.context import Context
from api.enums import (
    AllianceModel, AllianceRole, AreaKind, MemberStatus, OrganizationKind, PositionRole, ResourceKind, UnitKind,
    UnitLevel,
)
from graph.store import Neighbour, Node

Ctx = Info[Context, None]


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


@functools.cache
def _enum(kind: Any, value: str | None) -> Any:
    """Cached: `Enum(value)` costs 3 µs, a third of building an Area when an answer holds 150,000."""
    return kind(value) if value else None


async def _many(info: Ctx, relation: str, id_: str) -> list[Neighbour]:
    return await info.context.neighbours(relation, id_)


async def _one(info: Ctx, relation: str, id_: str) -> Node | None:
    found = await info.context.neighbours(relation, id_)
    return found[0].node if found else None


@strawberry.type(description="区域: a province, city, district, township, village, community, island or grid")
class Area:
    id: strawberry.ID
    name: str
    kind: AreaKind | None
    population: int | None
    remote: bool

    @classmethod
    def of(cls, n: Node) -> Area:
        return cls(id=n["id"], name=n["name"], kind=_enum(AreaKind, n["kind"]), population=n["population"],
                   remote=bool(n["remote"]))

    @strawberry.field(description="The area this one lies WITHIN")
    async def parent(self, info: Ctx) -> Area | None:
        node = await _one(info, "Area.parent", self.id)
        return Area.of(node) if node else None

    @strawberry.field
    async def children(self, info: Ctx) -> list[Area]:
        return [Area.of(n.node) for n in await _many(info, "Area.children", self.id)]

    children_connection = relation_connection("Area.children")

    @strawberry.field(description="Units LOCATED_IN this area")
    async def units(self, info: Ctx) -> list[Unit]:
        return [Unit.of(n.node) for n in await _many(info, "Area.units", self.id)]

    units_connection = relation_connection("Area.units")

    @strawberry.field
    async def resources(self, info: Ctx) -> list[Resource]:
        return [Resource.of(n.node) for n in await _many(info, "Area.resources", self.id)]

    resources_connection = relation_connection("Area.resources")

    @strawberry.field(description="Services that COVER this area directly (not through an ancestor: see Query.coverage)")
    async def services(self, info: Ctx) -> list[Service]:
        return [Service.of(n.node) for n in await _many(info, "Area.services", self.id)]

    services_connection = relation_connection("Area.services")


@strawberry.type(description="单位: an agency, enterprise, institution, township, village committee, centre …")
class Unit:
    id: strawberry.ID
    name: str
    kind: UnitKind | None
    level: UnitLevel | None

    @classmethod
    def of(cls, n: Node) -> Unit:
        return cls(id=n["id"], name=n["name"], kind=_enum(UnitKind, n["kind"]), level=_enum(UnitLevel, n["level"]))

    @strawberry.field
    async def area(self, info: Ctx) -> Area | None:
        node = await _one(info, "Unit.area", self.id)
        return Area.of(node) if node else None

    @strawberry.field(description="The supervising unit (UNDER)")
    async def parent(self, info: Ctx) -> Unit | None:
        node = await _one(info, "Unit.parent", self.id)
        return Unit.of(node) if node else None

    @strawberry.field
    async def children(self, info: Ctx) -> list[Unit]:
        return [Unit.of(n.node) for n in await _many(info, "Unit.children", self.id)]

    children_connection = relation_connection("Unit.children")

    @strawberry.field(description="Alliances this unit JOINS directly, with its role")
    async def alliances(self, info: Ctx) -> list[AllianceMembership]:
        return [AllianceMembership.of(n) for n in await _many(info, "Unit.alliances", self.id)]

    alliances_connection = relation_connection("Unit.alliances")

    @strawberry.field(description="Resources this unit PROVIDES")
    async def resources(self, info: Ctx) -> list[Resource]:
        return [Resource.of(n.node) for n in await _many(info, "Unit.resources", self.id)]

    resources_connection = relation_connection("Unit.resources")

    @strawberry.field(description="党建+ brands this unit RUNS")
    async def brands(self, info: Ctx) -> list[Brand]:
        return [Brand.of(n.node) for n in await _many(info, "Unit.brands", self.id)]

    brands_connection = relation_connection("Unit.brands")

    @strawberry.field(description="Party organizations IN_UNIT this unit")
    async def organizations(self, info: Ctx) -> list[Organization]:
        return [Organization.of(n.node) for n in await _many(info, "Unit.organizations", self.id)]

    organizations_connection = relation_connection("Unit.organizations")

    @strawberry.field(description="Members who WORK_AT this unit")
    async def members(self, info: Ctx) -> list[Member]:
        return [Member.of(n.node) for n in await _many(info, "Unit.members", self.id)]

    members_connection = relation_connection("Unit.members")

    @strawberry.field(description="Members STATIONED_AT this unit (派驻/入驻)")
    async def stationed_members(self, info: Ctx) -> list[Member]:
        return [Member.of(n.node) for n in await _many(info, "Unit.stationedMembers", self.id)]

    stationed_members_connection = relation_connection("Unit.stationedMembers")


@strawberry.type(description="党组织: a party group, committee, general branch, branch, joint branch or group")
class Organization:
    id: strawberry.ID
    name: str
    kind: OrganizationKind | None
    founded: dt.date | None

    @classmethod
    def of(cls, n: Node) -> Organization:
        return cls(id=n["id"], name=n["name"], kind=_enum(OrganizationKind, n["kind"]), founded=_date(n["founded"]))

    @strawberry.field(description="The units it is IN (a joint branch spans several)")
    async def units(self, info: Ctx) -> list[Unit]:
        return [Unit.of(n.node) for n in await _many(info, "Organization.units", self.id)]

    units_connection = relation_connection("Organization.units")

    @strawberry.field
    async def parent(self, info: Ctx) -> Organization | None:
        node = await _one(info, "Organization.parent", self.id)
        return Organization.of(node) if node else None

    @strawberry.field
    async def children(self, info: Ctx) -> list[Organization]:
        return [Organization.of(n.node) for n in await _many(info, "Organization.children", self.id)]

    children_connection = relation_connection("Organization.children")

    @strawberry.field(description="Members whose 组织关系 is here (BELONGS_TO)")
    async def members(self, info: Ctx) -> list[Member]:
        return [Member.of(n.node) for n in await _many(info, "Organization.members", self.id)]

    members_connection = relation_connection("Organization.members")

    @strawberry.field(description="Who HOLDS which position here")
    async def positions(self, info: Ctx) -> list[Position]:
        return [Position.of(n) for n in await _many(info, "Organization.positions", self.id)]

    positions_connection = relation_connection("Organization.positions")

    @strawberry.field
    async def brands(self, info: Ctx) -> list[Brand]:
        return [Brand.of(n.node) for n in await _many(info, "Organization.brands", self.id)]

    brands_connection = relation_connection("Organization.brands")


@strawberry.type(description="党员")
class Member:
    id: strawberry.ID
    status: MemberStatus | None
    skills: list[str]
    cadre: bool
    personal: strawberry.Private[Node]

    @classmethod
    def of(cls, n: Node) -> Member:
        return cls(id=n["id"], status=_enum(MemberStatus, n["status"]), skills=list(n["skills"] or []),
                   cadre=bool(n["cadre"]), personal=n)

    @strawberry.field(description="Masked (surname and *) for the viewer role")
    def name(self, info: Ctx) -> str:
        name: str = self.personal["name"]
        return name if sees_personal_data(info) else mask_name(name)

    @strawberry.field(description="When the member joined the Party; null for the viewer role")
    def joined(self, info: Ctx) -> dt.date | None:
        return _date(self.personal["joined"]) if sees_personal_data(info) else None

    @strawberry.field(description="Masked (138****5678) for the viewer role")
    def phone(self, info: Ctx) -> str | None:
        phone: str | None = self.personal["phone"]
        return phone if sees_personal_data(info) else mask_phone(phone)

    @strawberry.field(description="组织关系: the organization the member BELONGS_TO")
    async def organization(self, info: Ctx) -> Organization | None:
        node = await _one(info, "Member.organization", self.id)
        return Organization.of(node) if node else None

    @strawberry.field(description="The unit the member WORKS_AT")
    async def unit(self, info: Ctx) -> Unit | None:
        node = await _one(info, "Member.unit", self.id)
        return Unit.of(node) if node else None

    @strawberry.field(description="The unit the member is STATIONED_AT (派驻)")
    async def stationed_at(self, info: Ctx) -> Unit | None:
        node = await _one(info, "Member.stationedAt", self.id)
        return Unit.of(node) if node else None

    @strawberry.field
    async def positions(self, info: Ctx) -> list[MemberPosition]:
        return [MemberPosition.of(n) for n in await _many(info, "Member.positions", self.id)]

    positions_connection = relation_connection("Member.positions")


@strawberry.type(description='"党建+" brand')
class Brand:
    id: strawberry.ID
    name: str
    domains: list[str]
    launched: dt.date | None
    description: str | None

    @classmethod
    def of(cls, n: Node) -> Brand:
        return cls(id=n["id"], name=n["name"], domains=list(n["domains"] or []), launched=_date(n["launched"]),
                   description=n["description"])

    @strawberry.field(description="The unit that RUNS it")
    async def unit(self, info: Ctx) -> Unit | None:
        node = await _one(info, "Brand.unit", self.id)
        return Unit.of(node) if node else None

    @strawberry.field
    async def organization(self, info: Ctx) -> Organization | None:
        node = await _one(info, "Brand.organization", self.id)
        return Organization.of(node) if node else None

    @strawberry.field
    async def services(self, info: Ctx) -> list[Service]:
        return [Service.of(n.node) for n in await _many(info, "Brand.services", self.id)]

    services_connection = relation_connection("Brand.services")


@strawberry.type(description="联建: an alliance (党建联建, 联合体, 结对共建, 链群)")
class Alliance:
    id: strawberry.ID
    name: str
    model: AllianceModel | None
    founded: dt.date | None
    description: str | None

    @classmethod
    def of(cls, n: Node) -> Alliance:
        return cls(id=n["id"], name=n["name"], model=_enum(AllianceModel, n["model"]), founded=_date(n["founded"]),
                   description=n["description"])

    @strawberry.field(description="The chain this alliance is PART_OF")
    async def parent(self, info: Ctx) -> Alliance | None:
        node = await _one(info, "Alliance.parent", self.id)
        return Alliance.of(node) if node else None

    @strawberry.field(description="Sub-alliances")
    async def children(self, info: Ctx) -> list[Alliance]:
        return [Alliance.of(n.node) for n in await _many(info, "Alliance.children", self.id)]

    children_connection = relation_connection("Alliance.children")

    @strawberry.field(description="Units that JOIN it directly, with their role")
    async def members(self, info: Ctx) -> list[AllianceMember]:
        return [AllianceMember.of(n) for n in await _many(info, "Alliance.members", self.id)]

    members_connection = relation_connection("Alliance.members")

    @strawberry.field(description="Resources SHARED_VIA this alliance")
    async def resources(self, info: Ctx) -> list[SharedResource]:
        return [SharedResource.of(n) for n in await _many(info, "Alliance.resources", self.id)]

    resources_connection = relation_connection("Alliance.resources")

    @strawberry.field(description="Services DELIVERED_BY this alliance")
    async def services(self, info: Ctx) -> list[Service]:
        return [Service.of(n.node) for n in await _many(info, "Alliance.services", self.id)]

    services_connection = relation_connection("Alliance.services")


@strawberry.type(description="共享资源: a venue, talent, fund, vehicle, platform or service post")
class Resource:
    id: strawberry.ID
    name: str
    kind: ResourceKind | None
    capacity: int | None
    description: str | None

    @classmethod
    def of(cls, n: Node) -> Resource:
        return cls(id=n["id"], name=n["name"], kind=_enum(ResourceKind, n["kind"]), capacity=n["capacity"],
                   description=n["description"])

    @strawberry.field(description="The unit that PROVIDES it")
    async def provider(self, info: Ctx) -> Unit | None:
        node = await _one(info, "Resource.provider", self.id)
        return Unit.of(node) if node else None

    @strawberry.field
    async def area(self, info: Ctx) -> Area | None:
        node = await _one(info, "Resource.area", self.id)
        return Area.of(node) if node else None

    @strawberry.field(description="Alliances it is SHARED_VIA")
    async def alliances(self, info: Ctx) -> list[ResourceShare]:
        return [ResourceShare.of(n) for n in await _many(info, "Resource.alliances", self.id)]

    alliances_connection = relation_connection("Resource.alliances")


@strawberry.type(description="服务项目: a service delivered by an alliance or a brand")
class Service:
    id: strawberry.ID
    name: str
    domain: str
    started: dt.date | None
    description: str | None

    @classmethod
    def of(cls, n: Node) -> Service:
        return cls(id=n["id"], name=n["name"], domain=n["domain"] or "", started=_date(n["started"]),
                   description=n["description"])

    @strawberry.field(description="The alliance that delivers it (null when a brand does)")
    async def alliance(self, info: Ctx) -> Alliance | None:
        node = await _one(info, "Service.alliance", self.id)
        return Alliance.of(node) if node else None

    @strawberry.field(description="The brand that delivers it (null when an alliance does)")
    async def brand(self, info: Ctx) -> Brand | None:
        node = await _one(info, "Service.brand", self.id)
        return Brand.of(node) if node else None

    @strawberry.field(description="Areas it COVERS directly (their sub-areas are covered too)")
    async def areas(self, info: Ctx) -> list[CoveredArea]:
        return [CoveredArea.of(n) for n in await _many(info, "Service.areas", self.id)]

    areas_connection = relation_connection("Service.areas")


@strawberry.type(description="A unit's membership of an alliance")
class AllianceMembership:
    alliance: Alliance
    role: AllianceRole | None
    since: dt.date | None

    @classmethod
    def of(cls, n: Neighbour) -> AllianceMembership:
        return cls(alliance=Alliance.of(n.node), role=_enum(AllianceRole, n.edge["role"]), since=_date(n.edge["since"]))


@strawberry.type(description="A member unit of an alliance")
class AllianceMember:
    unit: Unit
    role: AllianceRole | None
    since: dt.date | None

    @classmethod
    def of(cls, n: Neighbour) -> AllianceMember:
        return cls(unit=Unit.of(n.node), role=_enum(AllianceRole, n.edge["role"]), since=_date(n.edge["since"]))


@strawberry.type(description="A position in an organization and who HOLDS it")
class Position:
    member: Member
    role: PositionRole | None
    since: dt.date | None

    @classmethod
    def of(cls, n: Neighbour) -> Position:
        return cls(member=Member.of(n.node), role=_enum(PositionRole, n.edge["role"]), since=_date(n.edge["since"]))


@strawberry.type(description="A position a member HOLDS")
class MemberPosition:
    organization: Organization
    role: PositionRole | None
    since: dt.date | None

    @classmethod
    def of(cls, n: Neighbour) -> MemberPosition:
        return cls(organization=Organization.of(n.node), role=_enum(PositionRole, n.edge["role"]), since=_date(n.edge["since"]))


@strawberry.type(description="A resource shared via an alliance")
class SharedResource:
    resource: Resource
    since: dt.date | None

    @classmethod
    def of(cls, n: Neighbour) -> SharedResource:
        return cls(resource=Resource.of(n.node), since=_date(n.edge["since"]))


@strawberry.type(description="An alliance a resource is shared via")
class ResourceShare:
    alliance: Alliance
    since: dt.date | None

    @classmethod
    def of(cls, n: Neighbour) -> ResourceShare:
        return cls(alliance=Alliance.of(n.node), since=_date(n.edge["since"]))


@strawberry.type(description="An area a service covers directly")
class CoveredArea:
    area: Area
    since: dt.date | None

    @classmethod
    def of(cls, n: Neighbour) -> CoveredArea:
        return cls(area=Area.of(n.node), since=_date(n.edge["since"]))


ENTITY_TYPES: dict[str, Any] = {
    "Area": Area, "Unit": Unit, "Organization": Organization, "Member": Member,
    "Brand": Brand, "Alliance": Alliance, "Resource": Resource, "Service": Service,
}
