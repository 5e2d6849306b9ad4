"""What-if planning (SPEC §7): what sharing, delivery, partners and coverage would become after a
set of planned changes, with nothing written.

A real change and its rollback would take the writer, write the audit log and show other callers
a half-made plan; instead the answer is computed from what the store holds with the plan laid on
top. Only the part of the graph a change can reach is read — the units whose effective alliances
or shared resources move, and the area subtrees below the areas a change covers or uncovers — so a
plan costs what its reach costs, not what the province costs. The rules are SPEC §4's; coverage
goes through the same derived-fact rules (graph/derived.py) a real change is stored with, so the
planned answer and the answer after the real change cannot drift apart.
"""

from __future__ import annotations

import asyncio
from abc import abstractmethod
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from graph.analytics import CoverageSummary, ResourceAccess, covering_domain
from graph.derived import area_facts_of
from graph.values import Neighbour, Node

Pair = tuple[str, str]


@dataclass
class Plan:
    """Planned changes, already validated, with the last word on each relationship winning."""

    joins: dict[Pair, bool] = field(default_factory=dict)  # (unit, alliance): joined after the plan
    shares: dict[Pair, bool] = field(default_factory=dict)  # (resource, alliance): shared after the plan
    covers: dict[Pair, bool] = field(default_factory=dict)  # (service, area): covered after the plan
    deliveries: dict[str, str] = field(default_factory=dict)  # service: the alliance delivering it after
    new_alliances: dict[str, str | None] = field(default_factory=dict)  # id: the alliance it is PART_OF


@dataclass
class UnitImpact:
    unit: str
    gained: list[ResourceAccess]  # via: the effective alliances (after) sharing it
    lost: list[ResourceAccess]  # via: the effective alliances (before) that shared it
    services_gained: list[str]  # services it would deliver (through an alliance) and does not today
    services_lost: list[str]


@dataclass
class WhatIf:
    units: list[UnitImpact]  # by unit id; only units something changes for
    covered: list[str]  # areas (strictly within the asked area, in the asked domain) newly covered
    uncovered: list[str]
    before: CoverageSummary
    after: CoverageSummary
    partners_gained: list[Pair]  # (smaller id, larger id)
    partners_lost: list[Pair]


class Planning:
    """Implemented over the primitives every Cypher store has; mixed into CypherStore."""

    @abstractmethod
    async def read(self, name: str, /, **params: Any) -> list[dict[str, Any]]: ...

    @abstractmethod
    async def nodes_by_id(self, label: str, ids: Sequence[str]) -> dict[str, Node]: ...

    @abstractmethod
    async def related(self, relation: str, ids: Sequence[str]) -> dict[str, list[Neighbour]]: ...

    @abstractmethod
    async def parent_links(self, label: str) -> dict[str, str]: ...

    @abstractmethod
    async def ancestor_links(self, label: str, id_: str) -> dict[str, str]: ...

    @abstractmethod
    async def coverage_summary(self, within_area_id: str | None, domain: str | None = None) -> CoverageSummary: ...

    async def what_if(self, plan: Plan, area_id: str | None = None, domain: str | None = None) -> WhatIf:
        before, units, (gained, lost), (covered, uncovered, remote) = await asyncio.gather(  # on the reader pool
            self.coverage_summary(area_id, domain), _Sharing(self, plan).impacts(), self._partner_changes(plan),
            self._coverage_flips(plan, area_id, domain))
        delta = len(covered) - len(uncovered)
        remote_delta = sum(1 for a in covered if remote[a]) - sum(1 for a in uncovered if remote[a])
        after = CoverageSummary(total_areas=before.total_areas, covered_areas=before.covered_areas + delta,
                                remote_total=before.remote_total, remote_covered=before.remote_covered + remote_delta)
        return WhatIf(units, covered, uncovered, before, after, gained, lost)

    async def _ids(self, relation: str, ids: Iterable[str]) -> dict[str, set[str]]:
        found = await self.related(relation, sorted(set(ids)))
        return {key: {n.node["id"] for n in neighbours} for key, neighbours in found.items()}

    async def _partner_changes(self, plan: Plan) -> tuple[list[Pair], list[Pair]]:
        """Partners join the same alliance directly, so only pairs with a unit that joins or
        leaves can change."""
        moving = {unit for unit, _ in plan.joins}
        joins_before = await self._ids("Unit.alliances", moving)
        joins_after = {unit: _joined(unit, joins_before, plan) for unit in moving}
        alliances = set().union(*joins_before.values(), *joins_after.values())
        members_before = await self._ids("Alliance.members", alliances - plan.new_alliances.keys())
        members_after = _overlay(members_before, plan.joins)

        def pairs(joins: dict[str, set[str]], members: dict[str, set[str]]) -> set[Pair]:
            return {(min(unit, peer), max(unit, peer)) for unit in moving for alliance in joins.get(unit, ())
                    for peer in members.get(alliance, ()) if peer != unit}

        before, after = pairs(joins_before, members_before), pairs(joins_after, members_after)
        return sorted(after - before), sorted(before - after)

    async def _coverage_flips(self, plan: Plan, area_id: str | None,
                              domain: str | None) -> tuple[list[str], list[str], dict[str, bool]]:
        """The areas whose coverage in `domain` a plan flips, from the area-fact rules run on the
        subtrees below the areas it covers or uncovers, with their direct domains as planned."""
        changed = {(s, a): on for (s, a), on in plan.covers.items()}
        if not changed:
            return [], [], {}
        areas = sorted({a for _, a in changed})
        direct = {a: set(ids) for a, ids in (await self._ids("Area.services", areas)).items()}
        for (service, area), on in changed.items():
            (direct[area].add if on else direct[area].discard)(service)
        services = await self.nodes_by_id("Service", sorted(set().union(*direct.values())))
        rows = await self.read("area_tree_within", ids=areas)
        for row in rows:
            if row["area"] in direct:
                row["domains"] = sorted({services[s]["domain"] for s in direct[row["area"]]} - {None})
        tag = covering_domain(domain)
        stored = {row["area"]: tag in (row["covered"] or ()) for row in rows}
        facts = area_facts_of(rows).to_pylist()
        flips = {f["id"]: tag in (f["covered"] or ()) for f in facts if (tag in (f["covered"] or ())) != stored[f["id"]]}
        if area_id is not None:
            inside = await self._strictly_within(area_id, rows, flips)
            flips = {a: on for a, on in flips.items() if a in inside}
        remote = {a: bool(n["remote"]) for a, n in (await self.nodes_by_id("Area", sorted(flips))).items()}
        return (sorted(a for a, on in flips.items() if on), sorted(a for a, on in flips.items() if not on), remote)

    async def _strictly_within(self, area_id: str, rows: list[dict[str, Any]], areas: Iterable[str]) -> set[str]:
        """The areas with `area_id` above them: up the subtree rows, then up the stored chain."""
        links = {row["area"]: row["parent"] for row in rows if row["parent"] is not None}
        fetched: set[str] = set()
        inside: set[str] = set()
        for area in areas:
            at = links.get(area)
            while at is not None and at != area_id:
                if at not in links and at not in fetched:
                    links.update(await self.ancestor_links("Area", at))
                    fetched.add(at)
                at = links.get(at)
            if at == area_id:
                inside.add(area)
        return inside


def _joined(unit: str, joins_before: dict[str, set[str]], plan: Plan) -> set[str]:
    """The alliances a unit joins directly after the plan."""
    alliances = set(joins_before.get(unit, ()))
    for (member, alliance), joined in plan.joins.items():
        if member == unit:
            (alliances.add if joined else alliances.discard)(alliance)
    return alliances


class _Sharing:
    """Resources each reached unit could use and services it would deliver, before and after."""

    def __init__(self, store: Planning, plan: Plan) -> None:
        self.store, self.plan = store, plan

    async def impacts(self) -> list[UnitImpact]:
        plan = self.plan
        parents_before = await self.store.parent_links("Alliance")
        parents_after = {**parents_before, **{a: p for a, p in plan.new_alliances.items() if p is not None}}
        old_deliverers = await self.store._ids("Service.alliance", plan.deliveries)
        brands = await self.store._ids("Service.brand", plan.deliveries)
        moved = {a for _, a in plan.shares} | set(plan.deliveries.values()) | set().union(*old_deliverers.values())
        below = alliances_below(moved, parents_before) | alliances_below(moved, parents_after)
        members = await self.store._ids("Alliance.members", below - plan.new_alliances.keys())
        runners = await self.store._ids("Brand.unit", set().union(*brands.values()))
        reached = {u for u, _ in plan.joins} | set().union(*members.values(), *runners.values())
        if not reached:
            return []
        joins_before = await self.store._ids("Unit.alliances", reached)
        effective_before = {u: effective_alliances(joins_before.get(u, set()), parents_before) for u in reached}
        effective_after = {u: effective_alliances(_joined(u, joins_before, plan), parents_after) for u in reached}
        alliances = set().union(*effective_before.values(), *effective_after.values()) - plan.new_alliances.keys()
        shared_before = await self.store._ids("Alliance.resources", alliances)
        shared_after = _overlay(shared_before, plan.shares)
        delivered_before = await self.store._ids("Alliance.services", alliances | set(plan.deliveries.values()))
        delivered_after = {a: set(s) for a, s in delivered_before.items()}
        for service, alliance in plan.deliveries.items():
            for old in old_deliverers.get(service, ()):
                delivered_after.get(old, set()).discard(service)
            delivered_after.setdefault(alliance, set()).add(service)
        run_by = defaultdict(set)
        for service, brand_ids in brands.items():
            for brand in brand_ids:
                for unit in runners.get(brand, ()):
                    run_by[unit].add(service)

        changes = {}
        for unit in sorted(reached):
            access_before = _access(effective_before[unit], shared_before)
            access_after = _access(effective_after[unit], shared_after)
            services_before = _reach(effective_before[unit], delivered_before) | run_by.get(unit, set())
            services_after = _reach(effective_after[unit], delivered_after)
            changes[unit] = ({r: v for r, v in access_after.items() if r not in access_before},
                             {r: v for r, v in access_before.items() if r not in access_after},
                             sorted(services_after - services_before), sorted(services_before - services_after))
        moved_resources = {r for gained, lost, _, _ in changes.values() for r in (*gained, *lost)}
        providers = await self.store._ids("Resource.provider", moved_resources)
        found = [UnitImpact(unit, _accesses(gained, unit, providers), _accesses(lost, unit, providers), *services)
                 for unit, (gained, lost, *services) in changes.items()]
        return [i for i in found if i.gained or i.lost or i.services_gained or i.services_lost]


def _accesses(resources: dict[str, set[str]], unit: str, providers: dict[str, set[str]]) -> list[ResourceAccess]:
    """A unit's own resources are never gained or lost, whatever shares them."""
    return [ResourceAccess(r, min(providers.get(r) or {""}), False, sorted(via))
            for r, via in sorted(resources.items()) if unit not in providers.get(r, ())]


def alliances_below(alliances: set[str], parents: dict[str, str]) -> set[str]:
    """The alliances and every alliance PART_OF them, transitively: their members reach them."""
    children: dict[str, set[str]] = defaultdict(set)
    for child, parent in parents.items():
        children[parent].add(child)
    found, frontier = set(alliances), list(alliances)
    while frontier:
        for child in children.get(frontier.pop(), ()):
            if child not in found:
                found.add(child)
                frontier.append(child)
    return found


def effective_alliances(alliances: set[str], parents: dict[str, str]) -> set[str]:
    """Effective alliances: those joined and every alliance they are PART_OF, transitively."""
    found = set(alliances)
    for alliance in alliances:
        at = parents.get(alliance)
        while at is not None and at not in found:
            found.add(at)
            at = parents.get(at)
    return found


def _overlay(before: dict[str, set[str]], planned: dict[Pair, bool]) -> dict[str, set[str]]:
    """Each target's sources (an alliance's members or shared resources) with the plan applied."""
    after = {key: set(values) for key, values in before.items()}
    for (source, target), on in planned.items():
        sources = after.setdefault(target, set())
        (sources.add if on else sources.discard)(source)
    return after


def _access(effective: set[str], shared: dict[str, set[str]]) -> dict[str, set[str]]:
    """Resources shared via the effective alliances, each with the alliances sharing it."""
    found: dict[str, set[str]] = defaultdict(set)
    for alliance in effective:
        for resource in shared.get(alliance, ()):
            found[resource].add(alliance)
    return found


def _reach(effective: set[str], delivered: dict[str, set[str]]) -> set[str]:
    return set().union(*(delivered.get(a, set()) for a in effective)) if effective else set()
