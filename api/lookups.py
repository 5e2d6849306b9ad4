"""Query fields for lookups by id (null when unknown) and filtered, paginated lists."""

from __future__ import annotations

import strawberry

from api.access import check_filter
from api.filters import (
    AllianceFilter, AreaFilter, BrandFilter, MemberFilter, OrganizationFilter, ResourceFilter, ServiceFilter,
    UnitFilter,
)
from api.ordering import (
    AllianceOrder, AreaOrder, BrandOrder, MemberOrder, OrganizationOrder, ResourceOrder, ServiceOrder, UnitOrder,
)
from api.pagination import DEFAULT_FIRST, Connection, page
from api.types import Alliance, Area, Brand, Ctx, Member, Organization, Resource, Service, Unit

ID = strawberry.ID


async def _lookup(info: Ctx, label: str, make: type, id_: str) -> object | None:
    node = await info.context.node(label, id_)
    return make.of(node) if node else None


@strawberry.type
class LookupQuery:
    @strawberry.field
    async def area(self, info: Ctx, id: ID) -> Area | None:
        return await _lookup(info, "Area", Area, id)

    @strawberry.field
    async def unit(self, info: Ctx, id: ID) -> Unit | None:
        return await _lookup(info, "Unit", Unit, id)

    @strawberry.field
    async def organization(self, info: Ctx, id: ID) -> Organization | None:
        return await _lookup(info, "Organization", Organization, id)

    @strawberry.field
    async def member(self, info: Ctx, id: ID) -> Member | None:
        return await _lookup(info, "Member", Member, id)

    @strawberry.field
    async def brand(self, info: Ctx, id: ID) -> Brand | None:
        return await _lookup(info, "Brand", Brand, id)

    @strawberry.field
    async def alliance(self, info: Ctx, id: ID) -> Alliance | None:
        return await _lookup(info, "Alliance", Alliance, id)

    @strawberry.field
    async def resource(self, info: Ctx, id: ID) -> Resource | None:
        return await _lookup(info, "Resource", Resource, id)

    @strawberry.field
    async def service(self, info: Ctx, id: ID) -> Service | None:
        return await _lookup(info, "Service", Service, id)

    @strawberry.field
    async def areas(self, info: Ctx, filter: AreaFilter | None = None, first: int = DEFAULT_FIRST,
                    after: str | None = None, order_by: AreaOrder | None = None) -> Connection[Area]:
        return await page(info, "Area", Area.of, filter, first, after, order_by)

    @strawberry.field
    async def units(self, info: Ctx, filter: UnitFilter | None = None, first: int = DEFAULT_FIRST,
                    after: str | None = None, order_by: UnitOrder | None = None) -> Connection[Unit]:
        return await page(info, "Unit", Unit.of, filter, first, after, order_by)

    @strawberry.field
    async def organizations(self, info: Ctx, filter: OrganizationFilter | None = None, first: int = DEFAULT_FIRST,
                            after: str | None = None,
                            order_by: OrganizationOrder | None = None) -> Connection[Organization]:
        return await page(info, "Organization", Organization.of, filter, first, after, order_by)

    @strawberry.field
    async def members(self, info: Ctx, filter: MemberFilter | None = None, first: int = DEFAULT_FIRST,
                      after: str | None = None, order_by: MemberOrder | None = None) -> Connection[Member]:
        check_filter(info, "Member", filter)
        return await page(info, "Member", Member.of, filter, first, after, order_by)

    @strawberry.field
    async def brands(self, info: Ctx, filter: BrandFilter | None = None, first: int = DEFAULT_FIRST,
                     after: str | None = None, order_by: BrandOrder | None = None) -> Connection[Brand]:
        return await page(info, "Brand", Brand.of, filter, first, after, order_by)

    @strawberry.field
    async def alliances(self, info: Ctx, filter: AllianceFilter | None = None, first: int = DEFAULT_FIRST,
                        after: str | None = None, order_by: AllianceOrder | None = None) -> Connection[Alliance]:
        return await page(info, "Alliance", Alliance.of, filter, first, after, order_by)

    @strawberry.field
    async def resources(self, info: Ctx, filter: ResourceFilter | None = None, first: int = DEFAULT_FIRST,
                        after: str | None = None, order_by: ResourceOrder | None = None) -> Connection[Resource]:
        return await page(info, "Resource", Resource.of, filter, first, after, order_by)

    @strawberry.field
    async def services(self, info: Ctx, filter: ServiceFilter | None = None, first: int = DEFAULT_FIRST,
                       after: str | None = None, order_by: ServiceOrder | None = None) -> Connection[Service]:
        return await page(info, "Service", Service.of, filter, first, after, order_by)
