"""The analytic Query fields of SPEC §5. The store answers with ids (graph/analytics.py); the
entities of a list of answers are fetched in one lookup (Context.nodes_in_order)."""

from __future__ import annotations

from enum import Enum

import strawberry

from api.enums import AreaKind, ResourceKind, UnitKind, value
from api.types import Alliance, Area, Ctx, Member, Organization, Resource, Service, Unit
from graph import analytics as an

ID = strawberry.ID


async def units_of(info: Ctx, ids: list[str]) -> list[Unit]:
    return [Unit.of(n) for n in await info.context.nodes_in_order("Unit", ids)]


async def alliances_of(info: Ctx, ids: list[str]) -> list[Alliance]:
    return [Alliance.of(n) for n in await info.context.nodes_in_order("Alliance", ids)]


async def _unit(info: Ctx, id_: str) -> Unit:
    node = await info.context.node("Unit", id_)
    assert node is not None, f"unit {id_} vanished during the request"
    return Unit.of(node)


@strawberry.type(description="A resource a unit can use, and how")
class ResourceAccess:
    own: bool = strawberry.field(description="the unit provides it itself")
    resource_id: strawberry.Private[str]
    provider_id: strawberry.Private[str]
    via_ids: strawberry.Private[list[str]]

    @strawberry.field
    async def resource(self, info: Ctx) -> Resource:
        node = await info.context.node("Resource", self.resource_id)
        assert node is not None
        return Resource.of(node)

    @strawberry.field
    async def provider(self, info: Ctx) -> Unit:
        return await _unit(info, self.provider_id)

    @strawberry.field(description="the unit's effective alliances the resource is SHARED_VIA")
    async def via(self, info: Ctx) -> list[Alliance]:
        return await alliances_of(info, self.via_ids)


@strawberry.type(description="Is the unit a taker, a giver, or both?")
class UnitSharing:
    provided_count: int
    shared_out_count: int = strawberry.field(description="own resources shared via at least one alliance")
    accessible_count: int = strawberry.field(description="other units' resources it can use")
    answer: strawberry.Private[an.UnitSharing]

    @strawberry.field
    async def unit(self, info: Ctx) -> Unit:
        return await _unit(info, self.answer.unit)

    @strawberry.field(description="units whose resources it can use")
    async def providers(self, info: Ctx) -> list[Unit]:
        return await units_of(info, self.answer.providers)

    @strawberry.field(description="units that can use its resources")
    async def consumers(self, info: Ctx) -> list[Unit]:
        return await units_of(info, self.answer.consumers)


@strawberry.type(description="Who reaches an area")
class Coverage:
    covered: bool
    unit_count: int
    answer: strawberry.Private[an.Coverage]

    @strawberry.field
    async def area(self, info: Ctx) -> Area:
        node = await info.context.node("Area", self.answer.area)
        assert node is not None
        return Area.of(node)

    @strawberry.field(description="services covering the area directly or through an area it lies within")
    async def services(self, info: Ctx) -> list[Service]:
        return [Service.of(n) for n in await info.context.nodes_in_order("Service", self.answer.services)]

    @strawberry.field(description="the units delivering those services")
    async def units(self, info: Ctx) -> list[Unit]:
        return await units_of(info, self.answer.units)

    @strawberry.field(description="the alliances those services are DELIVERED_BY")
    async def alliances(self, info: Ctx) -> list[Alliance]:
        return await alliances_of(info, self.answer.alliances)


@strawberry.type
class CoverageSummary:
    total_areas: int
    covered_areas: int
    coverage_ratio: float = strawberry.field(description="coveredAreas / totalAreas; 0 when there are no areas")
    remote_total: int
    remote_covered: int


@strawberry.type(description="A shortest alliance path: hops alliances, hops + 1 units")
class ConnectionPath:
    hops: int
    answer: strawberry.Private[an.ConnectionPath]

    @strawberry.field
    async def units(self, info: Ctx) -> list[Unit]:
        return await units_of(info, self.answer.units)

    @strawberry.field
    async def alliances(self, info: Ctx) -> list[Alliance]:
        return await alliances_of(info, self.answer.alliances)


@strawberry.type
class Connector:
    partners: int = strawberry.field(description="distinct units sharing an alliance with it")
    alliances: int = strawberry.field(description="alliances it joins directly")
    unit_id: strawberry.Private[str]

    @strawberry.field
    async def unit(self, info: Ctx) -> Unit:
        return await _unit(info, self.unit_id)


@strawberry.enum
class NetworkNodeType(Enum):
    UNIT = "UNIT"
    ALLIANCE = "ALLIANCE"


@strawberry.type
class NetworkNode:
    id: strawberry.ID
    label: str
    type: NetworkNodeType


@strawberry.type(description="A JOINS edge from a unit (source) to an alliance (target)")
class NetworkEdge:
    source: strawberry.ID
    target: strawberry.ID
    role: str | None


@strawberry.type
class AllianceNetwork:
    nodes: list[NetworkNode]
    edges: list[NetworkEdge]
    truncated: bool = strawberry.field(description="more nodes were reachable than `limit`")


@strawberry.type
class TalentMatch:
    hops: int = strawberry.field(description="alliance hops from the asking unit to the member's unit")
    member_id: strawberry.Private[str]
    unit_id: strawberry.Private[str]

    @strawberry.field
    async def member(self, info: Ctx) -> Member:
        node = await info.context.node("Member", self.member_id)
        assert node is not None
        return Member.of(node)

    @strawberry.field
    async def unit(self, info: Ctx) -> Unit:
        return await _unit(info, self.unit_id)


@strawberry.type
class ChainLink:
    organization_id: strawberry.Private[str]
    secretary_id: strawberry.Private[str | None]

    @strawberry.field
    async def organization(self, info: Ctx) -> Organization:
        node = await info.context.node("Organization", self.organization_id)
        assert node is not None
        return Organization.of(node)

    @strawberry.field(description="who HOLDS role SECRETARY here (the smallest id if several)")
    async def secretary(self, info: Ctx) -> Member | None:
        node = await info.context.node("Member", self.secretary_id)
        return Member.of(node) if node else None


@strawberry.type
class AnalyticsQuery:
    @strawberry.field(description="资源共享: what this unit can use, own first, and through which alliances")
    async def accessible_resources(self, info: Ctx, unit_id: ID, kind: ResourceKind | None = None) -> list[ResourceAccess]:
        found = await info.context.store.accessible_resources(unit_id, value(kind))
        return [ResourceAccess(own=a.own, resource_id=a.resource, provider_id=a.provider, via_ids=a.via) for a in found]

    @strawberry.field(description="Whether a unit only takes or also gives, and with whom")
    async def unit_sharing(self, info: Ctx, unit_id: ID) -> UnitSharing:
        s = await info.context.store.unit_sharing(unit_id)
        return UnitSharing(provided_count=s.provided_count, shared_out_count=s.shared_out_count,
                           accessible_count=s.accessible_count, answer=s)

    @strawberry.field(description="Who reaches this area, with which services, through which alliances")
    async def coverage(self, info: Ctx, area_id: ID, domain: str | None = None) -> Coverage:
        c = await info.context.store.coverage(area_id, domain)
        return Coverage(covered=bool(c.services), unit_count=len(c.units), answer=c)

    @strawberry.field(description=f"最后一公里: areas strictly within withinAreaId (all areas when null) that no "
                      f"service (of the domain) reaches, ordered by id; the first `first` (1..{an.MAX_FIRST}) when "
                      f"given, else all (coverageSummary has the count)")
    async def coverage_gaps(self, info: Ctx, within_area_id: ID | None = None, domain: str | None = None,
                            remote_only: bool = False, kind: AreaKind | None = None,
                            first: int | None = None) -> list[Area]:
        ids = await info.context.store.coverage_gaps(within_area_id, domain, remote_only, value(kind), first)
        return [Area.of(n) for n in await info.context.nodes_in_order("Area", ids)]

    @strawberry.field(description="Coverage figures over the areas strictly within withinAreaId (all when null)")
    async def coverage_summary(self, info: Ctx, within_area_id: ID | None = None,
                               domain: str | None = None) -> CoverageSummary:
        s = await info.context.store.coverage_summary(within_area_id, domain)
        return CoverageSummary(total_areas=s.total_areas, covered_areas=s.covered_areas,
                               coverage_ratio=s.coverage_ratio, remote_total=s.remote_total,
                               remote_covered=s.remote_covered)

    @strawberry.field(description=f"One shortest alliance path (fewest alliances; ties: smallest id sequence), "
                      f"or null; maxHops 0..{an.MAX_PATH_HOPS}")
    async def connection_path(self, info: Ctx, from_unit_id: ID, to_unit_id: ID, max_hops: int = 6) -> ConnectionPath | None:
        path = await info.context.store.connection_path(from_unit_id, to_unit_id, max_hops)
        return ConnectionPath(hops=path.hops, answer=path) if path else None

    @strawberry.field(description=f"就党建抓党建: units that join no alliance, ordered by id; the first `first` "
                      f"(1..{an.MAX_FIRST}) when given, else all")
    async def isolated_units(self, info: Ctx, kind: UnitKind | None = None, first: int | None = None) -> list[Unit]:
        return await units_of(info, await info.context.store.isolated_units(value(kind), first))

    @strawberry.field(description=f"Units with the most partners, then most alliances, then id; first 1..{an.MAX_FIRST}")
    async def top_connectors(self, info: Ctx, first: int = 10) -> list[Connector]:
        found = await info.context.store.top_connectors(first)
        return [Connector(partners=c.partners, alliances=c.alliances, unit_id=c.unit) for c in found]

    @strawberry.field(description=f"Nodes and JOINS edges to draw: units and alliances within `depth` alliance hops "
                      f"of unitId and/or allianceIds; depth 1..{an.MAX_NETWORK_DEPTH}, limit 1..{an.MAX_NETWORK_LIMIT}")
    async def alliance_network(self, info: Ctx, unit_id: ID | None = None, alliance_ids: list[ID] | None = None,
                               depth: int = 1, limit: int = 2000) -> AllianceNetwork:
        net = await info.context.store.alliance_network(unit_id, alliance_ids, depth, limit)
        return AllianceNetwork(
            nodes=[NetworkNode(id=n.id, label=n.label, type=NetworkNodeType(n.type)) for n in net.nodes],
            edges=[NetworkEdge(source=e.source, target=e.target, role=e.role) for e in net.edges],
            truncated=net.truncated,
        )

    @strawberry.field(description=f"人才共享: members with the skill in the unit (hops 0) or within maxHops alliance "
                      f"hops; maxHops 0..{an.MAX_TALENT_HOPS}")
    async def talent_search(self, info: Ctx, unit_id: ID, skill: str, max_hops: int = 1) -> list[TalentMatch]:
        found = await info.context.store.talent_search(unit_id, skill, max_hops)
        return [TalentMatch(hops=t.hops, member_id=t.member, unit_id=t.unit) for t in found]

    @strawberry.field(description="From an organization up to its root, each with its secretary (书记)")
    async def responsibility_chain(self, info: Ctx, organization_id: ID) -> list[ChainLink]:
        found = await info.context.store.responsibility_chain(organization_id)
        return [ChainLink(organization_id=c.organization, secretary_id=c.secretary) for c in found]
