"""Suggested moves for planners (SPEC §7): which coverage gaps an existing service could close.

A gap closes when a service covers it or an area above it, so the move considered for each
uncovered area X is to extend a service that already covers a neighbour of X (an area with the
same parent) to X: it closes X and every uncovered area below it. Those sets nest (a township's
gaps contain its villages'), and the moves are picked greedily by the gaps they close that the
moves before them had not — remote ones first — so the first N together close as many as a greedy
set cover would. Answers carry ids and counts; the API words the reason.
"""

from __future__ import annotations

import heapq
from abc import abstractmethod
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from graph.analytics import MAX_FIRST, check_range, domain_tag
from graph.values import Neighbour, Node


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
    async def coverage_gaps(self, within_area_id: str | None, domain: str | None = None, remote_only: bool = False,
                            kind: str | None = None, first: int | None = None) -> list[str]: ...

    async def gap_closers(self, within_area_id: str | None, domain: str | None = None, remote_only: bool = False,
                          first: int = 10) -> list[GapCloser]:
        check_range("first", first, 1, MAX_FIRST)
        gaps = await self.coverage_gaps(within_area_id, domain)
        if not gaps:
            return []
        remote = {a for a, node in (await self.nodes_by_id("Area", gaps)).items() if node["remote"]}
        parents = {a: found[0].node["id"] for a, found in (await self.related("Area.parent", gaps)).items() if found}
        closes: dict[str, set[str]] = defaultdict(set)
        uncovered = set(gaps)
        for gap in remote if remote_only else uncovered:
            at: str | None = gap
            while at in uncovered:
                closes[at].add(gap)
                at = parents.get(at)
        offers = await self._neighbour_services(closes.keys(), parents, domain_tag(domain))
        return _greedy({a: closes[a] for a in offers}, offers, remote, first)

    async def _neighbour_services(self, areas: Iterable[str], parents: dict[str, str],
                                  domain: str | None) -> dict[str, tuple[str, str]]:
        """For each area, (service, neighbour): the service of the domain covering the most of its
        siblings (then the smallest id), and the first sibling it covers."""
        areas = sorted(areas)
        families = {parents[a] for a in areas if a in parents}
        children = await self.related("Area.children", sorted(families))
        siblings = sorted({n.node["id"] for found in children.values() for n in found})
        services = await self.related("Area.services", siblings)
        offers: dict[str, tuple[str, str]] = {}
        for area in areas:
            if area not in parents:
                continue
            covering: dict[str, list[str]] = defaultdict(list)
            for sibling in sorted(n.node["id"] for n in children[parents[area]]):
                if sibling == area:
                    continue
                for service in services.get(sibling, ()):
                    if domain is None or service.node["domain"] == domain:
                        covering[service.node["id"]].append(sibling)
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
