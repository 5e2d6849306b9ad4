"""The analytic questions of SPEC §4, answered by named queries in the store.

Answers carry ids and figures; callers resolve entities through the batched lookups. Arguments
are checked here, once for every caller, against the bounds below. The hop-by-hop questions
(talent within N hops, the network to draw) expand one alliance level per query, which gives the
same breadth-first answer on both stores whatever their variable-length semantics.
"""

from __future__ import annotations

from abc import abstractmethod
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from graph.fact_rules import ANY_DOMAIN
from graph.values import Neighbour, Node
from locales import tr

MAX_PATH_HOPS = 12  # the queries' literal upper bound is 2 * 12 relationships
MAX_TALENT_HOPS = 6
MAX_NETWORK_DEPTH = 5
MAX_NETWORK_LIMIT = 5000
MAX_FIRST = 500
ALL_ROWS = 2**62  # the LIMIT of a whole-graph list asked for without `first`


class UnknownId(LookupError):
    """An analytic question named an id the store does not hold."""

    def __init__(self, label: str, id_: str) -> None:
        super().__init__(f"no {label} with id {id_!r}")
        self.label, self.id = label, id_


class InvalidArgument(ValueError):
    """An argument is out of its documented bounds; `argument` names it."""

    def __init__(self, argument: str, message: str) -> None:
        super().__init__(f"{argument}: {message}")
        self.argument = argument


def check_range(argument: str, value: int, low: int, high: int) -> None:
    if not low <= value <= high:
        raise InvalidArgument(argument, tr("must be between {low} and {high}, got {value}", low=low, high=high, value=value))


@dataclass
class ResourceAccess:
    resource: str
    provider: str
    own: bool
    via: list[str] = field(default_factory=list)


@dataclass
class UnitSharing:
    unit: str
    provided_count: int
    shared_out_count: int
    accessible_count: int
    providers: list[str]
    consumers: list[str]


@dataclass
class Coverage:
    area: str
    services: list[str]
    units: list[str]
    alliances: list[str]


@dataclass
class CoverageSummary:
    total_areas: int
    covered_areas: int
    remote_total: int
    remote_covered: int

    @property
    def coverage_ratio(self) -> float:
        return self.covered_areas / self.total_areas if self.total_areas else 0.0


@dataclass
class ConnectionPath:
    units: list[str]
    alliances: list[str]

    @property
    def hops(self) -> int:
        return len(self.alliances)


@dataclass
class Connector:
    unit: str
    partners: int
    alliances: int


@dataclass
class NetworkNode:
    id: str
    label: str
    type: str  # UNIT | ALLIANCE


@dataclass
class NetworkEdge:
    source: str
    target: str
    role: str | None


@dataclass
class Network:
    nodes: list[NetworkNode]
    edges: list[NetworkEdge]
    truncated: bool


@dataclass
class Talent:
    member: str
    unit: str
    hops: int


@dataclass
class ChainLink:
    organization: str
    secretary: str | None


class Analytics:
    """Implemented over the primitives every Cypher store has."""

    @abstractmethod
    async def read(self, name: str, /, **params: Any) -> list[dict[str, Any]]: ...

    @abstractmethod
    async def nodes_by_id(self, label: str, ids: Sequence[str]) -> dict[str, Node]: ...

    @abstractmethod
    async def related(self, relation: str, ids: Sequence[str]) -> dict[str, list[Neighbour]]: ...

    async def _require(self, label: str, id_: str) -> Node:
        found = await self.nodes_by_id(label, [id_])
        if id_ not in found:
            raise UnknownId(label, id_)
        return found[id_]

    async def accessible_resources(self, unit_id: str, kind: str | None = None) -> list[ResourceAccess]:
        await self._require("Unit", unit_id)
        access: dict[str, ResourceAccess] = {}
        for row in await self.read("accessible_resources", unitId=unit_id, kind=kind):
            entry = access.setdefault(row["resource"], ResourceAccess(row["resource"], row["provider"], row["own"]))
            if row["via"] is not None and row["via"] not in entry.via:
                entry.via.append(row["via"])
        for entry in access.values():
            entry.via.sort()
        return sorted(access.values(), key=lambda e: (not e.own, e.resource))

    async def unit_sharing(self, unit_id: str) -> UnitSharing:
        accessible = await self.accessible_resources(unit_id)
        provided = await self.read("provided_resources", unitId=unit_id)
        consumers = await self.read("resource_consumers", unitId=unit_id)
        others = [a for a in accessible if not a.own]
        return UnitSharing(
            unit=unit_id,
            provided_count=len(provided),
            shared_out_count=sum(1 for row in provided if row["shared"]),
            accessible_count=len(others),
            providers=sorted({a.provider for a in others}),
            consumers=[row["unit"] for row in consumers],
        )

    async def coverage(self, area_id: str, domain: str | None = None) -> Coverage:
        await self._require("Area", area_id)
        rows = await self.read("coverage", areaId=area_id, domain=domain_tag(domain))
        return Coverage(
            area=area_id,
            services=sorted({r["service"] for r in rows}),
            units=sorted({r["unit"] for r in rows if r["unit"] is not None}),
            alliances=sorted({r["alliance"] for r in rows if r["alliance"] is not None}),
        )

    async def coverage_gaps(
        self, within_area_id: str | None, domain: str | None = None, remote_only: bool = False, kind: str | None = None,
        first: int | None = None,
    ) -> list[str]:
        params = {"domain": covering_domain(domain), "remoteOnly": remote_only, "kind": kind, "first": _limit(first)}
        if within_area_id is None:
            rows = await self.read("coverage_gaps_all", **params)
        else:
            top = await self._area_top(within_area_id, params["domain"])
            shape = "tree" if top["isRoot"] else "within"
            rows = await self.read(f"coverage_gaps_{shape}", withinAreaId=within_area_id, **params)
        return [row["area"] for row in rows]

    async def _area_top(self, area_id: str, covering: str) -> dict[str, Any]:
        """Whether `area_id` heads its tree (its areas are then scanned by their stored root rather
        than walked down), and whether it is remote and covered (a tree's scan counts it too)."""
        rows = await self.read("area_is_root", areaId=area_id, domain=covering)
        if not rows:
            raise UnknownId("Area", area_id)
        return rows[0]

    async def coverage_summary(self, within_area_id: str | None, domain: str | None = None) -> CoverageSummary:
        covering = covering_domain(domain)
        if within_area_id is None:
            return _summary((await self.read("coverage_summary_all", domain=covering))[0])
        top = await self._area_top(within_area_id, covering)
        if not top["isRoot"]:
            rows = await self.read("coverage_summary_within", withinAreaId=within_area_id, domain=covering)
            return _summary(rows[0])
        tree = _summary((await self.read("coverage_summary_tree", withinAreaId=within_area_id, domain=covering))[0])
        covered, remote = bool(top["covered"]), bool(top["remote"])
        return CoverageSummary(total_areas=tree.total_areas - 1, covered_areas=tree.covered_areas - covered,
                               remote_total=tree.remote_total - remote,
                               remote_covered=tree.remote_covered - (covered and remote))

    async def connection_path(self, from_unit_id: str, to_unit_id: str, max_hops: int = 6) -> ConnectionPath | None:
        check_range("maxHops", max_hops, 0, MAX_PATH_HOPS)
        await self._require("Unit", from_unit_id)
        await self._require("Unit", to_unit_id)
        if from_unit_id == to_unit_id:
            return ConnectionPath(units=[from_unit_id], alliances=[])
        if max_hops == 0:
            return None
        rows = await self.read("connection_path", fromUnitId=from_unit_id, toUnitId=to_unit_id, maxHops=max_hops)
        if not rows:
            return None
        ids = min(list(row["ids"]) for row in rows)
        return ConnectionPath(units=ids[0::2], alliances=ids[1::2])

    async def isolated_units(self, kind: str | None = None, first: int | None = None) -> list[str]:
        return [row["unit"] for row in await self.read("isolated_units", kind=kind, first=_limit(first))]

    async def top_connectors(self, first: int = 10) -> list[Connector]:
        check_range("first", first, 1, MAX_FIRST)
        rows = await self.read("top_connectors", first=first)
        return [Connector(r["unit"], int(r["partners"]), int(r["alliances"])) for r in rows]

    async def responsibility_chain(self, organization_id: str) -> list[ChainLink]:
        await self._require("Organization", organization_id)
        rows = await self.read("responsibility_chain", organizationId=organization_id)
        return [ChainLink(r["organization"], r["secretary"]) for r in sorted(rows, key=lambda r: r["depth"])]

    async def talent_search(self, unit_id: str, skill: str, max_hops: int = 1) -> list[Talent]:
        check_range("maxHops", max_hops, 0, MAX_TALENT_HOPS)
        skill = skill.strip()
        if not skill:
            raise InvalidArgument("skill", tr("must not be blank"))
        await self._require("Unit", unit_id)
        hops = {unit_id: 0}
        frontier = [unit_id]
        seen_alliances: set[str] = set()
        for level in range(1, max_hops + 1):
            alliances = await self.related("Unit.alliances", frontier)
            new_alliances = sorted({n.node["id"] for ns in alliances.values() for n in ns} - seen_alliances)
            seen_alliances.update(new_alliances)
            if not new_alliances:
                break
            members = await self.related("Alliance.members", new_alliances)
            frontier = sorted({n.node["id"] for ns in members.values() for n in ns} - hops.keys())
            hops.update((u, level) for u in frontier)
            if not frontier:
                break
        rows = await self.read("members_with_skill", unitIds=sorted(hops), skill=skill)
        found = [Talent(r["member"], r["unit"], hops[r["unit"]]) for r in rows if r["member"] is not None]
        return sorted(found, key=lambda t: (t.hops, t.member))

    async def alliance_network(
        self, unit_id: str | None, alliance_ids: Sequence[str] | None, depth: int = 1, limit: int = 2000
    ) -> Network:
        check_range("depth", depth, 1, MAX_NETWORK_DEPTH)
        check_range("limit", limit, 1, MAX_NETWORK_LIMIT)
        if unit_id is None and not alliance_ids:
            raise InvalidArgument("unitId", tr("give unitId or allianceIds"))
        return await NetworkWalk(self, limit).run(unit_id, list(alliance_ids or []), depth)


def _limit(first: int | None) -> int:
    """An optional `first` of a whole-graph list, checked; None asks for every row."""
    if first is None:
        return ALL_ROWS
    check_range("first", first, 1, MAX_FIRST)
    return first


def _summary(row: dict[str, Any]) -> CoverageSummary:
    return CoverageSummary(
        total_areas=int(row.get("total") or 0),
        covered_areas=int(row.get("coveredCount") or 0),
        remote_total=int(row.get("remoteTotal") or 0),
        remote_covered=int(row.get("remoteCovered") or 0),
    )


def covering_domain(domain: str | None) -> str:
    """The domain as the derived `covered` lists hold it: ANY_DOMAIN ("") when any will do."""
    return domain_tag(domain) or ANY_DOMAIN


def domain_tag(domain: str | None) -> str | None:
    """Domains match exactly after trimming (SPEC §2); a blank one means any domain."""
    if domain is None:
        return None
    return domain.strip() or None


class NetworkWalk:
    """Breadth-first over JOINS, one alliance level per step, keeping at most `limit` nodes."""

    def __init__(self, store: Analytics, limit: int) -> None:
        self.store, self.limit = store, limit
        self.nodes: dict[tuple[str, str], NetworkNode] = {}
        self.edges: dict[tuple[str, str], NetworkEdge] = {}
        self.truncated = False

    def _add(self, type_: str, node: Node) -> bool:
        key = (type_, node["id"])
        if key in self.nodes:
            return True
        if len(self.nodes) >= self.limit:
            self.truncated = True
            return False
        self.nodes[key] = NetworkNode(node["id"], node.get("name") or node["id"], type_)
        return True

    async def run(self, unit_id: str | None, alliance_ids: list[str], depth: int) -> Network:
        units: list[str] = []
        alliances: list[str] = []
        if unit_id is not None:
            self._add("UNIT", await self.store._require("Unit", unit_id))
            units = [unit_id]
        if alliance_ids:
            found = await self.store.nodes_by_id("Alliance", alliance_ids)
            for id_ in sorted(set(alliance_ids)):
                if id_ not in found:
                    raise UnknownId("Alliance", id_)
                self._add("ALLIANCE", found[id_])
            alliances = sorted(set(alliance_ids))
        for _ in range(depth):
            alliances = sorted(set(alliances) | set(await self._alliances_of(units)))
            units = await self._members_of(alliances)
            alliances = []
            if self.truncated:
                break
        return Network(
            nodes=list(self.nodes.values()),
            edges=[e for e in self.edges.values() if ("UNIT", e.source) in self.nodes and ("ALLIANCE", e.target) in self.nodes],
            truncated=self.truncated,
        )

    async def _alliances_of(self, units: list[str]) -> list[str]:
        return await self._expand("Unit.alliances", units, "ALLIANCE", lambda unit, other: (unit, other))

    async def _members_of(self, alliances: list[str]) -> list[str]:
        return await self._expand("Alliance.members", alliances, "UNIT", lambda alliance, other: (other, alliance))

    async def _expand(self, relation: str, ids: list[str], found_type: str,
                      ends: Callable[[str, str], tuple[str, str]]) -> list[str]:
        """One level of the walk: the JOINS edges at `ids`, and the neighbours not yet included."""
        if not ids:
            return []
        related = await self.store.related(relation, ids)
        for id_ in ids:
            for n in related[id_]:
                source, target = ends(id_, n.node["id"])
                self.edges[(source, target)] = NetworkEdge(source, target, n.edge.get("role"))
        new: list[str] = []
        neighbours = {n.node["id"]: n.node for ns in related.values() for n in ns}
        for node_id in sorted(neighbours):
            if (found_type, node_id) not in self.nodes and self._add(found_type, neighbours[node_id]):
                new.append(node_id)
        return new
