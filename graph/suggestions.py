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

import asyncio
import heapq
from abc import abstractmethod
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from graph.analytics import ANY_DOMAIN, MAX_FIRST, ResourceAccess, UnknownId, check_range, covering_domain, domain_tag
from graph.planning import alliances_below, effective_alliances
from graph.values import Neighbour, Node

WHOLE_TREE_GAPS = 20_000  # more gaps than this are read by scans of the whole area tree


RESOURCES_BEYOND = pa.schema([("unit", pa.string()), ("resources", pa.int64())])
UNIT_AREAS = pa.schema([("unit", pa.string()), ("area", pa.string())])


def _partner_scores(for_unit: pa.Table, areas: pa.Table, users: dict[str, int], own: int,
                    allied: set[str]) -> pa.Table:
    """Per candidate (a unit that brings resources or areas and is not allied yet): resources it
    brings, the asking unit's resources it could not use yet (`forPartner`) and `score`."""
    reach = areas.group_by("unit").aggregate([("area", "count")])
    used = pa.table([list(users), list(users.values())], names=["unit", "used"])
    found = (for_unit.join(reach, "unit", join_type="full outer")
             .join(used.cast(pa.schema([("unit", pa.string()), ("used", pa.int64())])), "unit", join_type="left outer"))
    found = found.filter(pc.invert(pc.is_in(found["unit"], value_set=pa.array(sorted(allied), pa.string()))))
    resources = pc.fill_null(found["resources"], 0)
    for_partner = pc.subtract(own, pc.fill_null(found["used"], 0))
    score = pc.add(pc.add(resources, for_partner), pc.fill_null(found["area_count"], 0))
    return pa.table({"unit": found["unit"], "resources": resources, "forPartner": for_partner, "score": score})


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
    async def read_table(self, name: str, schema: pa.Schema, /, **params: Any) -> pa.Table: ...

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
        if within_area_id is None or await self._heads_tree(within_area_id):
            gaps = await _whole_tree(self, within_area_id, domain)
        else:
            within = await self.coverage_gaps(within_area_id, domain)
            gaps = await (_whole_tree(self, within_area_id, domain, within) if len(within) > WHOLE_TREE_GAPS
                          else _gap_tree(self, within, domain))
        return _greedy(gaps, remote_only, first)

    async def _heads_tree(self, area_id: str) -> bool:
        rows = await self.read("area_is_root", areaId=area_id, domain=ANY_DOMAIN)
        if not rows:
            raise UnknownId("Area", area_id)
        return bool(rows[0]["isRoot"])

    async def partner_suggestions(self, unit_id: str, first: int = 10) -> list[PartnerSuggestion]:
        """Scored as columns: nearly every unit of a province is a candidate."""
        check_range("first", first, 1, MAX_FIRST)
        accessible = await self.accessible_resources(unit_id)  # refuses an unknown unit
        own = [a.resource for a in accessible if a.own]
        parents = await self.parent_links("Alliance")
        homes = [n.node["id"] for n in (await self.related("Unit.area", [unit_id]))[unit_id]]
        for_unit, users, reached, allied = await asyncio.gather(  # on the reader pool
            self.read_table("resources_beyond", RESOURCES_BEYOND, ids=[a.resource for a in accessible]),
            self._users_of(own, parents), self._reached(unit_id, homes, parents), self._partners(unit_id))
        areas = pa.concat_tables(reached).group_by(["unit", "area"]).aggregate([]) if reached else UNIT_AREAS.empty_table()
        allied.add(unit_id)
        scores = _partner_scores(for_unit, areas, users, len(own), allied)
        top = scores.sort_by([("score", "descending"), ("unit", "ascending")]).slice(0, first).to_pylist()
        chosen = areas.filter(pc.is_in(areas["unit"], value_set=pa.array([t["unit"] for t in top], pa.string())))
        areas_of: dict[str, list[str]] = defaultdict(list)
        for row in chosen.to_pylist():
            areas_of[row["unit"]].append(row["area"])
        return [PartnerSuggestion(t["unit"], t["resources"], t["forPartner"], sorted(areas_of[t["unit"]])) for t in top]

    async def _reached(self, unit_id: str, homes: list[str], parents: dict[str, str]) -> list[pa.Table]:
        """(unit, area) pairs an alliance with the unit would newly cover: units in areas that no
        service of a domain it delivers covers, and the units delivering a domain its homes lack."""
        mine = await self._delivered_domains(unit_id, parents)
        reached = [await self.read_table("units_in_uncovered_areas", UNIT_AREAS, domains=sorted(mine))] if mine else []
        for home in homes:
            units = list(await self._deliverers(home, parents))
            reached.append(pa.table([units, [home] * len(units)], schema=UNIT_AREAS))
        return reached

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


GAP_TREE = pa.schema([("area", pa.string()), ("parent", pa.string()), ("remote", pa.bool_())])
SERVICE_AREAS = pa.schema([("area", pa.string()), ("parent", pa.string()), ("service", pa.string()),
                           ("domain", pa.string())])


@dataclass
class _Gaps:
    """What gapClosers ranks: the uncovered areas asked about (GAP_TREE rows), and per parent the
    move its uncovered children are offered: the service of the domain covering the most of its
    children directly (then the smallest id) and the first child it covers. An uncovered area has
    no service of the domain itself, so its siblings' count is its parent's."""

    areas: pa.Table
    offers: dict[str, tuple[str, str]]  # parent: (service, neighbour)


def _offers(covers: Iterable[tuple[str, str, str]]) -> dict[str, tuple[str, str]]:
    """From (area, parent, service) triples: per parent, (service, neighbour) as _Gaps holds them."""
    by_parent: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for area, parent, service in covers:
        by_parent[parent][service].append(area)
    offers: dict[str, tuple[str, str]] = {}
    for parent, covering in by_parent.items():
        service = min(covering, key=lambda s: (-len(covering[s]), s))
        offers[parent] = (service, min(covering[service]))
    return offers


async def _gap_tree(store: Suggestions, gaps: list[str], domain: str | None) -> _Gaps:
    """By key lookups: a district's few hundred gaps."""
    nodes = await store.nodes_by_id("Area", gaps)
    parents = {a: found[0].node["id"] for a, found in (await store.related("Area.parent", gaps)).items() if found}
    children = await store.related("Area.children", sorted(set(parents.values())))
    parent_of = {n.node["id"]: p for p, kids in children.items() for n in kids}
    services = await store.related("Area.services", sorted(parent_of))
    tag = domain_tag(domain)
    covers = ((area, parent_of[area], n.node["id"]) for area, found in services.items() for n in found
              if tag is None or n.node["domain"] == tag)
    areas = pa.table([gaps, [parents.get(g) for g in gaps], [bool(nodes[g]["remote"]) for g in gaps]], schema=GAP_TREE)
    return _Gaps(areas, _offers(covers))


async def _whole_tree(store: Suggestions, within_area_id: str | None, domain: str | None,
                      within: list[str] | None = None) -> _Gaps:
    """By two scans, as columns: a province's 270,000 gaps are cheaper read whole than looked up
    one by one. Without `within`, the gaps are the uncovered areas with `within_area_id` above them
    (all when None)."""
    areas = await store.read_table("gap_tree_all", GAP_TREE, domain=covering_domain(domain))
    if within is not None:
        areas = areas.filter(pc.is_in(areas["area"], value_set=pa.array(within, pa.string())))
    elif within_area_id is not None:
        areas = areas.filter(_below(areas, within_area_id))
    found = await store.read_table("service_areas_all", SERVICE_AREAS)
    tag = domain_tag(domain)
    if tag is not None:
        found = found.filter(pc.equal(found["domain"], tag))
    found = found.filter(pc.is_valid(found["parent"]))
    covers = zip(found["area"].to_pylist(), found["parent"].to_pylist(), found["service"].to_pylist())
    return _Gaps(areas, _offers(covers))


def _parents(areas: pa.Table) -> np.ndarray:
    """Each row's parent as a row number, -1 when its parent is not among the rows."""
    at = pc.index_in(areas["parent"], value_set=areas["area"])
    return np.asarray(pc.fill_null(at, -1).to_numpy(zero_copy_only=False), dtype=np.int64)


def _owners(parent: np.ndarray, marked: np.ndarray) -> np.ndarray:
    """Per row, the nearest marked row among itself and its ancestors (-1 when none), by walking
    every chain a level per step: an area tree is a handful of levels deep."""
    owner = np.where(marked, np.arange(len(parent)), -1)
    at = parent.copy()
    open_ = (owner < 0) & (at >= 0)
    while open_.any():
        rows = np.flatnonzero(open_)
        owner[rows] = np.where(marked[at[rows]], at[rows], -1)
        at[rows] = parent[at[rows]]
        open_ = (owner < 0) & (at >= 0)
    return owner


def _below(areas: pa.Table, top: str) -> pa.Array:
    """Which rows have `top` strictly above them."""
    marked = pc.equal(areas["area"], top).to_numpy(zero_copy_only=False)
    parent = _parents(areas)
    return pa.array((_owners(parent, marked) >= 0) & ~marked)


def _greedy(gaps: _Gaps, remote_only: bool, first: int) -> list[GapCloser]:
    """Lazy greedy set cover over nested sets: extending a service to an uncovered area X closes
    the counted gaps (the remote ones when `remote_only`) of X's subtree among the gaps, and every
    such set is a subtree, so the gains are summed up the tree once, level by level, and after each
    pick taken off the picked area's ancestors. A move's gain only shrinks as others are picked, so
    a move whose recomputed gain still heads the queue is the best one."""
    rows = gaps.areas
    parent = _parents(rows)
    remote = rows["remote"].to_numpy(zero_copy_only=False).astype(bool)
    counted = remote if remote_only else np.ones(len(parent), dtype=bool)
    total, far = _subtree_sums(parent, counted.astype(np.int64), (counted & remote).astype(np.int64))
    offered = pc.is_in(rows["parent"], value_set=pa.array(list(gaps.offers), pa.string()))
    candidates = np.flatnonzero(pc.fill_null(offered, False).to_numpy(zero_copy_only=False) & (total > 0))
    ids = rows["area"].take(pa.array(candidates)).to_pylist()
    queue = [(-int(far[i]), -int(total[i]), area, int(i)) for i, area in zip(candidates, ids)]
    heapq.heapify(queue)
    taken: dict[int, int] = defaultdict(int)  # gains of picks below a row, taken off its sums
    taken_far: dict[int, int] = defaultdict(int)
    picked: dict[int, str] = {}
    while queue and len(picked) < first:
        entry = heapq.heappop(queue)
        area, i = entry[2], entry[3]
        chain = _chain(parent, i)
        if any(a in picked for a in chain):
            continue
        new, new_far = int(total[i]) - taken[i], int(far[i]) - taken_far[i]
        if not new:
            continue
        if (-new_far, -new, area, i) != entry:
            heapq.heappush(queue, (-new_far, -new, area, i))
            continue
        for above in chain:
            taken[above] += new
            taken_far[above] += new_far
        picked[i] = area
    marked = np.zeros(len(parent), dtype=bool)
    marked[list(picked)] = True
    owner = _owners(parent, marked)  # each gap is closed by the first pick: those below came first
    parents = rows["parent"].to_pylist() if picked else []
    moves = []
    for i, area in picked.items():
        closes = sorted(rows["area"].take(pa.array(np.flatnonzero((owner == i) & counted))).to_pylist())
        service, neighbour = gaps.offers[parents[i]]
        moves.append(GapCloser(service, area, neighbour, closes, int(np.count_nonzero((owner == i) & counted & remote))))
    return moves


def _subtree_sums(parent: np.ndarray, *values: np.ndarray) -> list[np.ndarray]:
    """Each row's values summed over its subtree (itself and every row below it)."""
    depth = np.zeros(len(parent), dtype=np.int64)
    at = parent.copy()
    while (at >= 0).any():
        up = at >= 0
        depth[up] += 1
        at[up] = parent[at[up]]
    sums = [v.copy() for v in values]
    for level in range(int(depth.max(initial=0)), 0, -1):
        rows = np.flatnonzero(depth == level)
        for s in sums:
            np.add.at(s, parent[rows], s[rows])
    return sums


def _chain(parent: np.ndarray, row: int) -> list[int]:
    """The rows above `row`, nearest first."""
    found = []
    at = int(parent[row])
    while at >= 0:
        found.append(at)
        at = int(parent[at])
    return found
