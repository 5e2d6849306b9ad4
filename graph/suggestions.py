"""Suggested moves for planners (SPEC §7): which coverage gaps an existing service could close,
and which units a unit could ally with.

A gap closes when a service covers it or an area above it, so the move considered for each
uncovered area X is to extend a service that already covers a neighbour of X (an area with the
same parent) to X: it closes X and every uncovered area below it. Those sets nest (a township's
gaps contain its villages'), and the moves are picked greedily by the gaps they close that the
moves before them had not — remote ones first — so the first N together close as many as a greedy
set cover would.

A partner is worth what an alliance between the two would add on both sides: the resources each
provides that the other cannot use today (sharing them via the new alliance would open them), and
the uncovered areas it could then reach: the other's area, where no service of a domain one of
them delivers reaches. The engine counts the province's units; Python only ranks them.
Answers carry ids and counts; the API words the reason.
"""

from __future__ import annotations

import heapq
from abc import abstractmethod
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from graph.analytics import MAX_FIRST, ResourceAccess, check_range, domain_tag
from graph.planning import alliances_below, effective_alliances
from graph.values import Neighbour, Node

WHOLE_TREE_GAPS = 20_000  # more gaps than this are read by scans of the whole area tree


@dataclass
class PartnerSuggestion:
    unit: str
    resources_for_unit: int  # resources it provides that the asking unit cannot use today
    resources_for_partner: int  # resources the asking unit provides that it cannot use today
    areas: list[str]  # uncovered areas the alliance could reach (its own, or the asking unit's)

    @property
    def score(self) -> int:
        return self.resources_for_unit + self.resources_for_partner + len(self.areas)


@dataclass
class GapCloser:
    service: str
    area: str  # the area it would be extended to
    neighbour: str  # an area with the same parent that the service covers already
    closes: list[str]  # the uncovered areas it closes that the moves before it do not, by id
    remote: int  # how many of those are remote


class Suggestions:
    """Implemented over the primitives every Cypher store has; mixed into CypherStore."""

    @abstractmethod
    async def nodes_by_id(self, label: str, ids: Sequence[str]) -> dict[str, Node]: ...

    @abstractmethod
    async def related(self, relation: str, ids: Sequence[str]) -> dict[str, list[Neighbour]]: ...

    @abstractmethod
    async def read(self, name: str, /, **params: Any) -> list[dict[str, Any]]: ...

    @abstractmethod
    async def parent_links(self, label: str) -> dict[str, str]: ...

    @abstractmethod
    async def accessible_resources(self, unit_id: str, kind: str | None = None) -> list[ResourceAccess]: ...

    @abstractmethod
    async def coverage_gaps(self, within_area_id: str | None, domain: str | None = None, remote_only: bool = False,
                            kind: str | None = None, first: int | None = None) -> list[str]: ...

    async def gap_closers(self, within_area_id: str | None, domain: str | None = None, remote_only: bool = False,
                          first: int = 10) -> list[GapCloser]:
        check_range("first", first, 1, MAX_FIRST)
        gaps = await self.coverage_gaps(within_area_id, domain)
        if not gaps:
            return []
        tree = await (_whole_tree if len(gaps) > WHOLE_TREE_GAPS else _gap_tree)(self, gaps, domain)
        closes: dict[str, set[str]] = defaultdict(set)
        uncovered = set(gaps)
        for gap in tree.remote if remote_only else uncovered:
            at: str | None = gap
            while at in uncovered:
                closes[at].add(gap)
                at = tree.parents.get(at)
        offers = _neighbour_services(sorted(closes), tree, domain_tag(domain))
        return _greedy({a: closes[a] for a in offers}, offers, tree.remote, first)

    async def partner_suggestions(self, unit_id: str, first: int = 10) -> list[PartnerSuggestion]:
        check_range("first", first, 1, MAX_FIRST)
        accessible = await self.accessible_resources(unit_id)  # refuses an unknown unit
        own = [a.resource for a in accessible if a.own]
        for_unit = {r["unit"]: int(r["resources"])
                    for r in await self.read("resources_beyond", ids=[a.resource for a in accessible])}
        parents = await self.parent_links("Alliance")
        users = await self._users_of(own, parents)
        areas: dict[str, set[str]] = defaultdict(set)
        mine = await self._delivered_domains(unit_id, parents)
        if mine:
            for row in await self.read("units_in_uncovered_areas", domains=sorted(mine)):
                areas[row["unit"]].add(row["area"])
        for home in (n.node["id"] for n in (await self.related("Unit.area", [unit_id]))[unit_id]):
            for unit in await self._deliverers(home, parents):
                areas[unit].add(home)
        allied = await self._partners(unit_id) | {unit_id}

        def rank(unit: str) -> tuple[int, str]:
            return -(for_unit.get(unit, 0) + len(own) - users.get(unit, 0) + len(areas.get(unit, ()))), unit

        candidates = (for_unit.keys() | areas.keys()) - allied  # each brings resources or areas
        return [PartnerSuggestion(c, for_unit.get(c, 0), len(own) - users.get(c, 0), sorted(areas.get(c, ())))
                for c in heapq.nsmallest(first, candidates, key=rank)]

    async def _users_of(self, resources: list[str], parents: dict[str, str]) -> dict[str, int]:
        """How many of `resources` each unit can use through its effective alliances."""
        via = await self.related("Resource.alliances", resources)
        below = {r: alliances_below({n.node["id"] for n in found}, parents) for r, found in via.items()}
        members: dict[str, set[str]] = defaultdict(set)
        alliances = sorted(set().union(*below.values()))
        for row in await self.read("alliance_member_pairs", ids=alliances) if alliances else ():
            members[row["alliance"]].add(row["unit"])
        counts: dict[str, int] = defaultdict(int)
        for alliances in below.values():
            for unit in set().union(*(members[a] for a in alliances)):
                counts[unit] += 1
        return counts

    async def _deliverers(self, area: str, parents: dict[str, str]) -> set[str]:
        """The units delivering a service of a domain that does not cover `area`: through an
        alliance among their effective alliances, or through a brand they run. Walked in Python
        from two small reads: LadybugDB's variable-length walk down PART_OF took seconds."""
        by_alliance = await self.read("alliance_deliverers_all")
        by_brand = await self.read("brand_deliverers_all")
        missing = {d for d in {r["domain"] for r in (*by_alliance, *by_brand)} - {None}
                   if not (await self.read("area_is_root", areaId=area, domain=d))[0]["covered"]}
        alliances = alliances_below({r["alliance"] for r in by_alliance if r["domain"] in missing}, parents)
        members = await self.read("alliance_member_ids", ids=sorted(alliances)) if alliances else []
        return ({r["unit"] for r in members if r["unit"] is not None}
                | {r["unit"] for r in by_brand if r["domain"] in missing})

    async def _delivered_domains(self, unit_id: str, parents: dict[str, str]) -> set[str]:
        joined = [n.node["id"] for n in (await self.related("Unit.alliances", [unit_id]))[unit_id]]
        effective = effective_alliances(set(joined), parents)
        services = [n.node for found in (await self.related("Alliance.services", sorted(effective))).values()
                    for n in found]
        brands = [n.node["id"] for n in (await self.related("Unit.brands", [unit_id]))[unit_id]]
        services += [n.node for found in (await self.related("Brand.services", brands)).values() for n in found]
        return {s["domain"] for s in services if s["domain"] is not None}

    async def _partners(self, unit_id: str) -> set[str]:
        joined = [n.node["id"] for n in (await self.related("Unit.alliances", [unit_id]))[unit_id]]
        return {n.node["id"] for found in (await self.related("Alliance.members", joined)).values() for n in found}


@dataclass
class _Tree:
    """What gapClosers reads about the gaps: which are remote, each one's parent, the children of
    those parents, and the services (id, domain) covering each of those children directly."""

    remote: set[str]
    parents: dict[str, str]
    children: dict[str, list[str]]
    services: dict[str, list[tuple[str, str | None]]]


async def _gap_tree(store: Suggestions, gaps: list[str], domain: str | None) -> _Tree:
    """By key lookups: a district's few hundred gaps."""
    remote = {a for a, node in (await store.nodes_by_id("Area", gaps)).items() if node["remote"]}
    parents = {a: found[0].node["id"] for a, found in (await store.related("Area.parent", gaps)).items() if found}
    found = await store.related("Area.children", sorted(set(parents.values())))
    children = {p: sorted(n.node["id"] for n in kids) for p, kids in found.items()}
    siblings = sorted({c for kids in children.values() for c in kids})
    services = {a: [(n.node["id"], n.node["domain"]) for n in found]
                for a, found in (await store.related("Area.services", siblings)).items()}
    return _Tree(remote, parents, children, services)


async def _whole_tree(store: Suggestions, gaps: list[str], domain: str | None) -> _Tree:
    """By scans: a province's 200,000 gaps are cheaper read whole than looked up one by one."""
    remote = set(await store.coverage_gaps(None, domain, remote_only=True)) & set(gaps)
    parents = await store.parent_links("Area")
    children: dict[str, list[str]] = defaultdict(list)
    for child, parent in sorted(parents.items()):
        children[parent].append(child)
    services: dict[str, list[tuple[str, str | None]]] = defaultdict(list)
    for row in await store.read("service_areas_all"):
        services[row["area"]].append((row["service"], row["domain"]))
    return _Tree(remote, parents, children, services)


def _neighbour_services(areas: list[str], tree: _Tree, domain: str | None) -> dict[str, tuple[str, str]]:
    """For each area, (service, neighbour): the service of the domain covering the most of its
    siblings (then the smallest id), and the first sibling it covers."""
    offers: dict[str, tuple[str, str]] = {}
    for area in areas:
        if area not in tree.parents:
            continue
        covering: dict[str, list[str]] = defaultdict(list)
        for sibling in tree.children.get(tree.parents[area], ()):
            if sibling == area:
                continue
            for service, service_domain in tree.services.get(sibling, ()):
                if domain is None or service_domain == domain:
                    covering[service].append(sibling)
        if covering:
            service = min(covering, key=lambda s: (-len(covering[s]), s))
            offers[area] = (service, covering[service][0])
    return offers


def _greedy(closes: dict[str, set[str]], offers: dict[str, tuple[str, str]], remote: set[str],
            first: int) -> list[GapCloser]:
    """Lazy greedy set cover: a move's gain only shrinks as others are picked, so a move whose
    recomputed gain still heads the queue is the best one."""
    def key(area: str, new: set[str]) -> tuple[int, int, str]:
        return -len(new & remote), -len(new), area

    queue = [key(area, gaps) for area, gaps in closes.items()]
    heapq.heapify(queue)
    closed: set[str] = set()
    picked: list[GapCloser] = []
    while queue and len(picked) < first:
        entry = heapq.heappop(queue)
        area = entry[2]
        new = closes[area] - closed
        if not new:
            continue
        if key(area, new) != entry:
            heapq.heappush(queue, key(area, new))
            continue
        service, neighbour = offers[area]
        picked.append(GapCloser(service, area, neighbour, sorted(new), len(new & remote)))
        closed |= new
    return picked
