"""Planning (SPEC §7): `whatIf` answers what sharing, delivery, partners and coverage would become
after planned changes, writing nothing.

A planned change is spelled like the mutation it stands for (joinAlliance, shareResource,
coverArea, createAlliance …), one per list item (`@oneOf`), and is refused with that mutation's
message, prefixed with its place in the list (`extensions.change`, from 0).
"""

from __future__ import annotations

from typing import Any

import strawberry
from strawberry.types.unset import UNSET

from api.analytics import CoverageSummary, alliances_of, units_of
from api.errors import BadUserInput
from api.mutations import CREATE_INPUTS, row_of
from api.naming import camel
from api.refusals import api_error
from api.types import Alliance, Area, Ctx, Resource, Service, Unit
from graph import analytics as an
from graph import planning as pl
from graph import suggestions as sg
from locales import tr
from seed.fields import to_cell
from seed.planned import PlannedChange, PlanRefused, plan_of

ID = strawberry.ID
MAX_CHANGES = 100


@strawberry.input(description="A unit in an alliance (joinAlliance / leaveAlliance)")
class PlannedMembership:
    alliance_id: ID
    unit_id: ID
    role: str = strawberry.field(default="MEMBER", description="as joinAlliance takes it; ignored when leaving")


@strawberry.input(description="A resource shared via an alliance (shareResource / unshareResource)")
class PlannedSharing:
    resource_id: ID
    alliance_id: ID


@strawberry.input(description="A service covering an area (coverArea / uncoverArea)")
class PlannedCoverage:
    service_id: ID
    area_id: ID


@strawberry.input(description="A service delivered by an alliance instead of its current alliance or brand")
class PlannedDelivery:
    service_id: ID
    alliance_id: ID


@strawberry.input(description="A new alliance (as createAlliance) and the units joining it as MEMBER")
class PlannedAlliance:
    alliance: CREATE_INPUTS["Alliance"]  # type: ignore[valid-type]
    member_ids: list[ID] = strawberry.field(default_factory=list)


@strawberry.input(one_of=True, description="One planned change; give exactly one field")
class PlannedChangeInput:
    join_alliance: PlannedMembership | None = UNSET
    leave_alliance: PlannedMembership | None = UNSET
    create_alliance: PlannedAlliance | None = UNSET
    share_resource: PlannedSharing | None = UNSET
    unshare_resource: PlannedSharing | None = UNSET
    cover_area: PlannedCoverage | None = UNSET
    uncover_area: PlannedCoverage | None = UNSET
    deliver_service: PlannedDelivery | None = UNSET


def _change_of(given: PlannedChangeInput) -> PlannedChange:
    for name, value in vars(given).items():
        if value is UNSET or value is None:
            continue
        if isinstance(value, PlannedAlliance):
            row = {**row_of(value.alliance), "member_ids": ";".join(value.member_ids)}
        else:
            row = {key: to_cell(v) for key, v in vars(value).items()}
        return PlannedChange(camel(name), row)
    raise BadUserInput(tr("a planned change needs exactly one field"))


@strawberry.type(description="A resource a unit would gain or lose, and the alliances that bring it")
class PlannedAccess:
    access: strawberry.Private[an.ResourceAccess]
    planned: strawberry.Private[frozenset[str]]

    @strawberry.field
    async def resource(self, info: Ctx) -> Resource:
        node = await info.context.node("Resource", self.access.resource)
        assert node is not None
        return Resource.of(node)

    @strawberry.field
    async def provider(self, info: Ctx) -> Unit:
        return (await units_of(info, [self.access.provider]))[0]

    @strawberry.field(description="the unit's effective alliances that share it (after the plan for a gain, "
                                  "before it for a loss), among those that exist")
    async def via(self, info: Ctx) -> list[Alliance]:
        return await alliances_of(info, [a for a in self.access.via if a not in self.planned])

    @strawberry.field(description="alliances the plan creates that would share it")
    def planned_via(self) -> list[ID]:
        return [ID(a) for a in self.access.via if a in self.planned]


@strawberry.type(description="What the plan changes for one unit")
class UnitImpact:
    impact: strawberry.Private[pl.UnitImpact]
    planned: strawberry.Private[frozenset[str]]

    @strawberry.field
    async def unit(self, info: Ctx) -> Unit:
        return (await units_of(info, [self.impact.unit]))[0]

    @strawberry.field(description="resources it could use after the plan and cannot today")
    def gained(self) -> list[PlannedAccess]:
        return [PlannedAccess(access=a, planned=self.planned) for a in self.impact.gained]

    @strawberry.field(description="resources it can use today and could not after the plan")
    def lost(self) -> list[PlannedAccess]:
        return [PlannedAccess(access=a, planned=self.planned) for a in self.impact.lost]

    @strawberry.field(description="services it would start delivering (through its effective alliances)")
    async def services_gained(self, info: Ctx) -> list[Service]:
        return [Service.of(n) for n in await info.context.nodes_in_order("Service", self.impact.services_gained)]

    @strawberry.field(description="services it would stop delivering")
    async def services_lost(self, info: Ctx) -> list[Service]:
        return [Service.of(n) for n in await info.context.nodes_in_order("Service", self.impact.services_lost)]


@strawberry.type(description="Two units that would become (or stop being) partners")
class PartnerPair:
    ids: strawberry.Private[tuple[str, str]]

    @strawberry.field(description="the two units, by id")
    async def units(self, info: Ctx) -> list[Unit]:
        return await units_of(info, list(self.ids))


def _summary(s: an.CoverageSummary) -> CoverageSummary:
    return CoverageSummary(total_areas=s.total_areas, covered_areas=s.covered_areas, coverage_ratio=s.coverage_ratio,
                           remote_total=s.remote_total, remote_covered=s.remote_covered)


@strawberry.type(description="What a plan would change; nothing of it is written")
class WhatIf:
    answer: strawberry.Private[pl.WhatIf]
    planned: strawberry.Private[frozenset[str]]

    @strawberry.field(description="units whose accessible resources or delivered services would change, by id")
    def units(self) -> list[UnitImpact]:
        return [UnitImpact(impact=i, planned=self.planned) for i in self.answer.units]

    @strawberry.field(description="areas strictly within areaId (all when null) that would become covered in "
                                  "the domain (any when null), by id")
    async def covered_areas(self, info: Ctx) -> list[Area]:
        return [Area.of(n) for n in await info.context.nodes_in_order("Area", self.answer.covered)]

    @strawberry.field(description="areas that would lose their coverage, by id")
    async def uncovered_areas(self, info: Ctx) -> list[Area]:
        return [Area.of(n) for n in await info.context.nodes_in_order("Area", self.answer.uncovered)]

    @strawberry.field(description="coverageSummary(withinAreaId: areaId, domain) today")
    def summary_before(self) -> CoverageSummary:
        return _summary(self.answer.before)

    @strawberry.field(description="coverageSummary(withinAreaId: areaId, domain) after the plan")
    def summary_after(self) -> CoverageSummary:
        return _summary(self.answer.after)

    @strawberry.field(description="pairs of units that would become partners")
    def partners_gained(self) -> list[PartnerPair]:
        return [PartnerPair(ids=p) for p in self.answer.partners_gained]

    @strawberry.field(description="pairs of units that would stop being partners")
    def partners_lost(self) -> list[PartnerPair]:
        return [PartnerPair(ids=p) for p in self.answer.partners_lost]


@strawberry.type(description="A move that would close coverage gaps: extend a service to an area")
class GapCloser:
    closed_count: int = strawberry.field(description="gaps it closes that the moves before it do not")
    remote_closed: int = strawberry.field(description="how many of those are remote (海岛、偏远)")
    answer: strawberry.Private[sg.GapCloser]

    @strawberry.field(description="the service to extend (coverArea: serviceId)")
    async def service(self, info: Ctx) -> Service:
        return (await self._nodes(info, "Service", [self.answer.service]))[0]

    @strawberry.field(description="the area to extend it to (coverArea: areaId)")
    async def area(self, info: Ctx) -> Area:
        return (await self._nodes(info, "Area", [self.answer.area]))[0]

    @strawberry.field(description="an area with the same parent that the service covers already")
    async def neighbour(self, info: Ctx) -> Area:
        return (await self._nodes(info, "Area", [self.answer.neighbour]))[0]

    @strawberry.field(description="the gaps it closes that the moves before it do not, by id")
    async def closes(self, info: Ctx) -> list[Area]:
        return await self._nodes(info, "Area", self.answer.closes)

    @strawberry.field(description="why, in words")
    async def reason(self, info: Ctx) -> str:
        service = await info.context.node("Service", self.answer.service)
        area = await info.context.node("Area", self.answer.area)
        neighbour = await info.context.node("Area", self.answer.neighbour)
        assert service is not None and area is not None and neighbour is not None
        remote = f"，其中偏远地区 {self.remote_closed} 个" if self.remote_closed else ""
        return (f"把「{service['name']}」从已覆盖的相邻地区「{neighbour['name']}」延伸到「{area['name']}」，"
                f"可覆盖 {self.closed_count} 个尚未覆盖的地区{remote}")

    @staticmethod
    async def _nodes(info: Ctx, label: str, ids: list[str]) -> list[Any]:
        kind = {"Service": Service, "Area": Area}[label]
        return [kind.of(n) for n in await info.context.nodes_in_order(label, ids)]


@strawberry.type(description="A unit worth allying with, and what an alliance would add on both sides")
class PartnerSuggestion:
    resources_for_unit: int = strawberry.field(description="resources it provides that the asking unit cannot use today")
    resources_for_partner: int = strawberry.field(description="resources the asking unit provides that it cannot use today")
    score: int = strawberry.field(description="the two counts plus the areas: what the ranking is by")
    answer: strawberry.Private[sg.PartnerSuggestion]

    @strawberry.field(description="the suggested partner")
    async def unit(self, info: Ctx) -> Unit:
        return (await units_of(info, [self.answer.unit]))[0]

    @strawberry.field(description="uncovered areas an alliance could reach: its area, where no service of a domain "
                                  "the asking unit delivers reaches, or the asking unit's area, for one it delivers")
    async def areas(self, info: Ctx) -> list[Area]:
        return [Area.of(n) for n in await info.context.nodes_in_order("Area", self.answer.areas)]

    @strawberry.field(description="why, in words")
    async def reason(self, info: Ctx) -> str:
        unit = await info.context.node("Unit", self.answer.unit)
        assert unit is not None
        gains = [text for count, text in (
            (self.resources_for_unit, f"对方有 {self.resources_for_unit} 项资源您目前用不上"),
            (self.resources_for_partner, f"您有 {self.resources_for_partner} 项资源对方目前用不上"),
            (len(self.answer.areas), f"服务可延伸到 {len(self.answer.areas)} 个尚未覆盖的地区"),
        ) if count]
        return f"与「{unit['name']}」联建：" + "，".join(gains)


@strawberry.type
class PlanningQuery:
    @strawberry.field(description=f"规划: what sharing and coverage would become after the changes (at most "
                                  f"{MAX_CHANGES}, applied in order), without writing anything; coverage figures "
                                  f"over the areas strictly within areaId (all when null) in the domain (any when null)")
    async def what_if(self, info: Ctx, changes: list[PlannedChangeInput], area_id: ID | None = None,
                      domain: str | None = None) -> WhatIf:
        if len(changes) > MAX_CHANGES:
            raise BadUserInput(tr("at most {most} planned changes, got {count}", most=MAX_CHANGES, count=len(changes)),
                               argument="changes")
        try:
            plan = await plan_of(info.context.store, [_change_of(c) for c in changes])
        except PlanRefused as refusal:
            raise api_error(refusal, refusal.not_there, tr("change {number}: ", number=refusal.index + 1),
                            change=refusal.index) from None
        answer = await info.context.store.what_if(plan, area_id, domain)
        return WhatIf(answer=answer, planned=frozenset(plan.new_alliances))

    @strawberry.field(description=f"补短板: services to extend to uncovered areas strictly within withinAreaId (all "
                                  f"when null) in the domain (any when null), each closing the most gaps the ones "
                                  f"before it do not (remote ones first, or only them with remoteOnly); first "
                                  f"1..{an.MAX_FIRST}. Pass a move to whatIf as coverArea to see all it changes")
    async def gap_closers(self, info: Ctx, within_area_id: ID | None = None, domain: str | None = None,
                          remote_only: bool = False, first: int = 10) -> list[GapCloser]:
        found = await info.context.store.gap_closers(within_area_id, domain, remote_only, first)
        return [GapCloser(closed_count=len(m.closes), remote_closed=m.remote, answer=m) for m in found]

    @strawberry.field(description=f"结对建议: units that are not yet partners of the unit, by what an alliance "
                                  f"would add on both sides (resources each could use that it cannot today, "
                                  f"uncovered areas it could reach), then id; first 1..{an.MAX_FIRST}")
    async def partner_suggestions(self, info: Ctx, unit_id: ID, first: int = 10) -> list[PartnerSuggestion]:
        found = await info.context.store.partner_suggestions(unit_id, first)
        return [PartnerSuggestion(resources_for_unit=p.resources_for_unit, resources_for_partner=p.resources_for_partner,
                                  score=p.score, answer=p) for p in found]
