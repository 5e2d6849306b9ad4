"""An independent answer to every analytic question of SPEC §4, computed in plain Python (and
networkx) straight from the CSV rows of a seed folder. The API must agree with it exactly."""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path

import networkx as nx


def _rows(folder: Path, name: str) -> list[dict[str, str]]:
    path = folder / f"{name}.csv"
    if not path.exists():
        return []
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


@dataclass
class Graph:
    units: dict[str, dict[str, str]] = field(default_factory=dict)
    areas: dict[str, dict[str, str]] = field(default_factory=dict)
    area_parent: dict[str, str] = field(default_factory=dict)
    alliance_parent: dict[str, str] = field(default_factory=dict)
    org_parent: dict[str, str] = field(default_factory=dict)
    joins: dict[str, dict[str, str]] = field(default_factory=dict)  # unit -> {alliance: role}
    provider: dict[str, str] = field(default_factory=dict)  # resource -> unit
    resource_kind: dict[str, str] = field(default_factory=dict)
    shared_via: dict[str, set[str]] = field(default_factory=dict)  # resource -> alliances
    service_domain: dict[str, str] = field(default_factory=dict)
    service_alliance: dict[str, str] = field(default_factory=dict)
    service_brand: dict[str, str] = field(default_factory=dict)
    brand_unit: dict[str, str] = field(default_factory=dict)
    covers: dict[str, set[str]] = field(default_factory=dict)  # service -> areas
    member_unit: dict[str, str] = field(default_factory=dict)
    member_skills: dict[str, list[str]] = field(default_factory=dict)
    secretaries: dict[str, list[str]] = field(default_factory=dict)  # org -> member ids

    @classmethod
    def read(cls, folder: Path) -> Graph:
        g = cls()
        g.units = {r["id"]: r for r in _rows(folder, "units")}
        g.areas = {r["id"]: r for r in _rows(folder, "areas")}
        g.area_parent = {r["id"]: r["parent_id"] for r in _rows(folder, "areas") if r["parent_id"]}
        g.alliance_parent = {r["id"]: r["parent_id"] for r in _rows(folder, "alliances") if r["parent_id"]}
        g.org_parent = {r["id"]: r["parent_id"] for r in _rows(folder, "organizations") if r["parent_id"]}
        for r in _rows(folder, "alliance_members"):
            g.joins.setdefault(r["unit_id"], {})[r["alliance_id"]] = r["role"]
        for r in _rows(folder, "resources"):
            g.provider[r["id"]] = r["unit_id"]
            g.resource_kind[r["id"]] = r["kind"]
        for r in _rows(folder, "resource_shares"):
            g.shared_via.setdefault(r["resource_id"], set()).add(r["alliance_id"])
        for r in _rows(folder, "services"):
            g.service_domain[r["id"]] = r["domain"]
            if r["alliance_id"]:
                g.service_alliance[r["id"]] = r["alliance_id"]
            else:
                g.service_brand[r["id"]] = r["brand_id"]
        g.brand_unit = {r["id"]: r["unit_id"] for r in _rows(folder, "brands")}
        for r in _rows(folder, "service_areas"):
            g.covers.setdefault(r["service_id"], set()).add(r["area_id"])
        for r in _rows(folder, "members"):
            if r["unit_id"]:
                g.member_unit[r["id"]] = r["unit_id"]
            g.member_skills[r["id"]] = [s.strip() for s in r["skills"].split(";") if s.strip()]
        for r in _rows(folder, "positions"):
            if r["role"] == "SECRETARY":
                g.secretaries.setdefault(r["organization_id"], []).append(r["member_id"])
        return g

    @staticmethod
    def _up(start: str, parent: dict[str, str]) -> list[str]:
        chain = [start]
        while chain[-1] in parent:
            chain.append(parent[chain[-1]])
        return chain

    def effective_alliances(self, unit: str) -> set[str]:
        return {a for direct in self.joins.get(unit, {}) for a in self._up(direct, self.alliance_parent)}

    def accessible_resources(self, unit: str, kind: str | None = None) -> list[dict[str, object]]:
        effective = self.effective_alliances(unit)
        found = []
        for resource, provider in self.provider.items():
            if kind and self.resource_kind[resource] != kind:
                continue
            via = sorted(self.shared_via.get(resource, set()) & effective)
            own = provider == unit
            if own or via:
                found.append({"resource": resource, "provider": provider, "own": own, "via": via})
        return sorted(found, key=lambda r: (not r["own"], r["resource"]))

    def unit_sharing(self, unit: str) -> dict[str, object]:
        own = [r for r, p in self.provider.items() if p == unit]
        others = [a for a in self.accessible_resources(unit) if not a["own"]]
        consumers = sorted(
            u for u in self.units if u != unit
            and any(self.shared_via.get(r, set()) & self.effective_alliances(u) for r in own)
        )
        return {
            "providedCount": len(own),
            "sharedOutCount": sum(1 for r in own if self.shared_via.get(r)),
            "accessibleCount": len(others),
            "providers": sorted({str(a["provider"]) for a in others}),
            "consumers": consumers,
        }

    def delivering_units(self, service: str) -> set[str]:
        if service in self.service_brand:
            return {self.brand_unit[self.service_brand[service]]}
        alliance = self.service_alliance[service]
        return {u for u in self.units if alliance in self.effective_alliances(u)}

    def covering_services(self, area: str, domain: str | None) -> set[str]:
        above = set(self._up(area, self.area_parent))
        return {s for s, areas in self.covers.items() if areas & above and (domain is None or self.service_domain[s] == domain)}

    def coverage(self, area: str, domain: str | None = None) -> dict[str, object]:
        services = self.covering_services(area, domain)
        units = set().union(*(self.delivering_units(s) for s in services)) if services else set()
        return {
            "covered": bool(services),
            "services": sorted(services),
            "units": sorted(units),
            "alliances": sorted({self.service_alliance[s] for s in services if s in self.service_alliance}),
            "unitCount": len(units),
        }

    def _scope(self, within: str | None) -> list[str]:
        if within is None:
            return sorted(self.areas)
        return sorted(a for a in self.areas if a != within and within in self._up(a, self.area_parent))

    def coverage_gaps(self, within: str | None, domain: str | None = None, remote_only: bool = False,
                      kind: str | None = None) -> list[str]:
        return [
            a for a in self._scope(within)
            if not self.covering_services(a, domain)
            and (not remote_only or self.areas[a]["remote"] == "true")
            and (kind is None or self.areas[a]["kind"] == kind)
        ]

    def coverage_summary(self, within: str | None, domain: str | None = None) -> dict[str, object]:
        scope = self._scope(within)
        covered = [a for a in scope if self.covering_services(a, domain)]
        remote = [a for a in scope if self.areas[a]["remote"] == "true"]
        return {
            "totalAreas": len(scope),
            "coveredAreas": len(covered),
            "coverageRatio": len(covered) / len(scope) if scope else 0.0,
            "remoteTotal": len(remote),
            "remoteCovered": len(set(remote) & set(covered)),
        }

    def bipartite(self) -> nx.Graph:
        graph = nx.Graph()
        graph.add_nodes_from(("U", u) for u in self.units)
        for unit, alliances in self.joins.items():
            for alliance in alliances:
                graph.add_edge(("U", unit), ("A", alliance))
        return graph

    def connection_path(self, source: str, target: str, max_hops: int = 6) -> dict[str, object] | None:
        graph = self.bipartite()
        try:
            paths = list(nx.all_shortest_paths(graph, ("U", source), ("U", target)))
        except nx.NetworkXNoPath:
            return None
        best = min([node[1] for node in path] for path in paths)
        hops = len(best) // 2
        if hops > max_hops:
            return None
        return {"hops": hops, "units": best[0::2], "alliances": best[1::2]}

    def hops_from(self, unit: str, max_hops: int) -> dict[str, int]:
        lengths = nx.single_source_shortest_path_length(self.bipartite(), ("U", unit), cutoff=2 * max_hops)
        return {node[1]: length // 2 for node, length in lengths.items() if node[0] == "U"}

    def isolated_units(self, kind: str | None = None) -> list[str]:
        return sorted(u for u, row in self.units.items() if not self.joins.get(u) and (kind is None or row["kind"] == kind))

    def top_connectors(self, first: int = 10) -> list[dict[str, object]]:
        members: dict[str, set[str]] = {}
        for unit, alliances in self.joins.items():
            for alliance in alliances:
                members.setdefault(alliance, set()).add(unit)
        scored = []
        for unit, alliances in self.joins.items():
            partners = set().union(*(members[a] for a in alliances)) - {unit}
            if partners:
                scored.append({"unit": unit, "partners": len(partners), "alliances": len(alliances)})
        return sorted(scored, key=lambda s: (-s["partners"], -s["alliances"], s["unit"]))[:first]

    def talent_search(self, unit: str, skill: str, max_hops: int = 1) -> list[dict[str, object]]:
        hops = self.hops_from(unit, max_hops)
        found = [
            {"member": m, "unit": u, "hops": hops[u]}
            for m, u in self.member_unit.items()
            if u in hops and skill in self.member_skills.get(m, [])
        ]
        return sorted(found, key=lambda t: (t["hops"], t["member"]))

    def responsibility_chain(self, organization: str) -> list[dict[str, object]]:
        return [
            {"organization": o, "secretary": min(self.secretaries[o]) if o in self.secretaries else None}
            for o in self._up(organization, self.org_parent)
        ]

    def alliance_network(self, unit: str | None, alliance_ids: list[str], depth: int) -> dict[str, set]:
        """The untruncated node and edge sets within `depth` alliance levels (SPEC §5 allianceNetwork)."""
        members: dict[str, set[str]] = {}
        for u, alliances in self.joins.items():
            for a in alliances:
                members.setdefault(a, set()).add(u)
        units = {unit} if unit else set()
        alliances = set(alliance_ids)
        frontier_units, frontier_alliances = set(units), set(alliances)
        for _ in range(depth):
            new_alliances = {a for u in frontier_units for a in self.joins.get(u, {})} - alliances
            alliances |= new_alliances
            reach = frontier_alliances | new_alliances
            new_units = {u for a in reach for u in members.get(a, set())} - units
            units |= new_units
            frontier_units, frontier_alliances = new_units, set()
        edges = {(u, a, self.joins[u][a]) for u in units for a in self.joins.get(u, {}) if a in alliances}
        return {"units": units, "alliances": alliances, "edges": edges}
