"""Exact at scale (issue 13, item 8): the served API's answers to a sample of arguments against the
independent computation of tests/oracle.py, on the full generated data set.

The oracle is written for a few hundred units: some of its helpers scan every service per area or
rebuild the alliance graph per call, which does not finish on 300,000 areas. `IndexedOracle`
keeps every answering method of the oracle as it is and only replaces those helpers by indexed
equivalents (same results, computed once), so what is compared is still the oracle's semantics.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

import httpx
import networkx as nx

from bench.harness import GraphQLError, post
from tests.oracle import Graph


class IndexedOracle(Graph):
    @cached_property
    def _graph(self) -> nx.Graph:
        return super().bipartite()

    def bipartite(self) -> nx.Graph:
        return self._graph

    @cached_property
    def _effective(self) -> dict[str, frozenset[str]]:
        return {}

    def effective_alliances(self, unit: str) -> set[str]:
        if unit not in self._effective:
            self._effective[unit] = frozenset(super().effective_alliances(unit))
        return self._effective[unit]  # type: ignore[return-value]

    @cached_property
    def _covered_by(self) -> dict[str, set[str]]:
        """area -> the services that cover it directly."""
        direct: dict[str, set[str]] = {}
        for service, areas in self.covers.items():
            for area in areas:
                direct.setdefault(area, set()).add(service)
        return direct

    def covering_services(self, area: str, domain: str | None) -> set[str]:
        found = set().union(*(self._covered_by.get(a, set()) for a in self._up(area, self.area_parent)))
        return {s for s in found if domain is None or self.service_domain[s] == domain}


def ids(items: list[dict[str, Any]]) -> list[str]:
    return [i["id"] for i in items]


@dataclass(frozen=True)
class Check:
    """One field: the query, how to draw its variables, the API answer in the oracle's shape, and
    the oracle's answer for the same variables (None: not comparable, e.g. a truncated network)."""

    text: str
    draw: Callable[[random.Random, dict[str, Any]], dict[str, Any]]
    mine: Callable[[Any], Any]
    expected: Callable[[IndexedOracle, dict[str, Any]], Any]
    whole_graph: bool = False


def _network(got: dict[str, Any]) -> Any:
    if got["truncated"]:
        return None
    return {
        "units": {n["id"] for n in got["nodes"] if n["type"] == "UNIT"},
        "alliances": {n["id"] for n in got["nodes"] if n["type"] == "ALLIANCE"},
        "edges": {(e["source"], e["target"], e["role"]) for e in got["edges"]},
    }


CHECKS: dict[str, Check] = {
    "accessibleResources": Check(
        "query($u: ID!) { accessibleResources(unitId: $u) { own resource { id } provider { id } via { id } } }",
        lambda rng, d: {"u": rng.choice(d["units"])},
        lambda got: [{"resource": g["resource"]["id"], "provider": g["provider"]["id"], "own": g["own"],
                      "via": ids(g["via"])} for g in got["accessibleResources"]],
        lambda o, v: o.accessible_resources(v["u"]),
    ),
    "unitSharing": Check(
        "query($u: ID!) { unitSharing(unitId: $u) { providedCount sharedOutCount accessibleCount"
        " providers { id } consumers { id } } }",
        lambda rng, d: {"u": rng.choice(d["units"])},
        lambda got: {**got["unitSharing"], "providers": ids(got["unitSharing"]["providers"]),
                     "consumers": ids(got["unitSharing"]["consumers"])},
        lambda o, v: o.unit_sharing(v["u"]),
    ),
    "coverage": Check(
        "query($a: ID!, $d: String) { coverage(areaId: $a, domain: $d) { covered unitCount services { id }"
        " units { id } alliances { id } } }",
        lambda rng, d: {"a": rng.choice(d["low_areas"]), "d": rng.choice([None, "医疗"])},
        lambda got: {**got["coverage"], **{k: ids(got["coverage"][k]) for k in ("services", "units", "alliances")}},
        lambda o, v: o.coverage(v["a"], v["d"]),
    ),
    "coverageGaps": Check(
        "query($w: ID, $d: String) { coverageGaps(withinAreaId: $w, domain: $d) { id } }",
        lambda rng, d: {"w": rng.choice(d["low_areas"]), "d": rng.choice([None, "助餐"])},
        lambda got: ids(got["coverageGaps"]),
        lambda o, v: o.coverage_gaps(v["w"], v["d"]),
    ),
    "coverageSummary": Check(
        "query($w: ID, $d: String) { coverageSummary(withinAreaId: $w, domain: $d) { totalAreas coveredAreas"
        " coverageRatio remoteTotal remoteCovered } }",
        lambda rng, d: {"w": rng.choice(d["low_areas"]), "d": rng.choice([None, "医疗"])},
        lambda got: got["coverageSummary"],
        lambda o, v: o.coverage_summary(v["w"], v["d"]),
    ),
    "connectionPath": Check(
        "query($f: ID!, $t: ID!) { connectionPath(fromUnitId: $f, toUnitId: $t) { hops units { id } alliances { id } } }",
        lambda rng, d: {"f": rng.choice(d["units"]), "t": rng.choice(d["units"])},
        lambda got: None if got["connectionPath"] is None else {
            "hops": got["connectionPath"]["hops"], "units": ids(got["connectionPath"]["units"]),
            "alliances": ids(got["connectionPath"]["alliances"])},
        lambda o, v: o.connection_path(v["f"], v["t"]),
    ),
    "allianceNetwork": Check(
        "query($u: ID!) { allianceNetwork(unitId: $u, depth: 2, limit: 5000) { truncated nodes { id type }"
        " edges { source target role } } }",
        lambda rng, d: {"u": rng.choice(d["units"])},
        lambda got: _network(got["allianceNetwork"]),
        lambda o, v: o.alliance_network(v["u"], [], 2),
    ),
    "talentSearch": Check(
        "query($u: ID!) { talentSearch(unitId: $u, skill: \"医疗\", maxHops: 2) { hops member { id } unit { id } } }",
        lambda rng, d: {"u": rng.choice(d["units"])},
        lambda got: [{"member": g["member"]["id"], "unit": g["unit"]["id"], "hops": g["hops"]}
                     for g in got["talentSearch"]],
        lambda o, v: o.talent_search(v["u"], "医疗", 2),
    ),
    "responsibilityChain": Check(
        "query($o: ID!) { responsibilityChain(organizationId: $o) { organization { id } secretary { id } } }",
        lambda rng, d: {"o": rng.choice(d["organizations"])},
        lambda got: [{"organization": g["organization"]["id"], "secretary": (g["secretary"] or {}).get("id")}
                     for g in got["responsibilityChain"]],
        lambda o, v: o.responsibility_chain(v["o"]),
    ),
    "topConnectors": Check(
        "{ topConnectors(first: 50) { unit { id } partners alliances } }",
        lambda rng, d: {},
        lambda got: [{"unit": g["unit"]["id"], "partners": g["partners"], "alliances": g["alliances"]}
                     for g in got["topConnectors"]],
        lambda o, v: o.top_connectors(50),
        whole_graph=True,
    ),
    "coverageGaps (root)": Check(
        "query($w: ID) { coverageGaps(withinAreaId: $w) { id } }",
        lambda rng, d: {"w": d["root"]},
        lambda got: ids(got["coverageGaps"]),
        lambda o, v: o.coverage_gaps(v["w"]),
        whole_graph=True,
    ),
    "coverageSummary (root)": Check(
        "query($w: ID) { coverageSummary(withinAreaId: $w) { totalAreas coveredAreas coverageRatio"
        " remoteTotal remoteCovered } }",
        lambda rng, d: {"w": d["root"]},
        lambda got: got["coverageSummary"],
        lambda o, v: o.coverage_summary(v["w"]),
        whole_graph=True,
    ),
    "isolatedUnits": Check(
        "{ isolatedUnits { id } }",
        lambda rng, d: {},
        lambda got: ids(got["isolatedUnits"]),
        lambda o, v: o.isolated_units(),
        whole_graph=True,
    ),
}


@dataclass
class Outcome:
    compared: int = 0
    skipped: int = 0  # networks larger than the limit: the API truncates them, the oracle does not
    mismatches: list[str] = field(default_factory=list)


def describe(got: Any, expected: Any) -> str:
    """A short account of how two answers differ (whole answers can be 100,000 ids long)."""
    if isinstance(got, list) and isinstance(expected, list):
        first = next((i for i, (g, e) in enumerate(zip(got, expected)) if g != e), min(len(got), len(expected)))
        return (f"{len(got)} items vs the oracle's {len(expected)}; first difference at [{first}]: "
                f"{got[first] if first < len(got) else '—'!r} vs {expected[first] if first < len(expected) else '—'!r}")
    if isinstance(got, dict) and isinstance(expected, dict):
        keys = [k for k in sorted(set(got) | set(expected)) if got.get(k) != expected.get(k)]
        return "; ".join(f"{k}: {_short(got.get(k))} vs {_short(expected.get(k))}" for k in keys)
    return f"{_short(got)} vs {_short(expected)}"


def _short(value: Any) -> str:
    if isinstance(value, (set, list)) and len(value) > 6:
        return f"<{len(value)} items>"
    return repr(value)


def _close(got: dict[str, Any], expected: dict[str, Any]) -> bool:
    """coverageRatio is a float computed by another division."""
    return got.keys() == expected.keys() and all(math.isclose(got[k], expected[k], rel_tol=1e-9) for k in got)


def compare(url: str, folder: Path, data: dict[str, Any], sample: int, seed: int = 7) -> Outcome:
    """`sample` drawn arguments per point field, and each whole-graph field once."""
    oracle = IndexedOracle.read(folder)
    outcome = Outcome()
    rng = random.Random(seed)
    with httpx.Client(timeout=600) as client:
        for name, check in CHECKS.items():
            for _ in range(1 if check.whole_graph else sample):
                variables = check.draw(rng, data)
                try:
                    answer, _, _ = post(client, url, check.text, variables)
                except GraphQLError as exc:
                    outcome.mismatches.append(f"{name} {variables}: the API answered an error: {exc}")
                    continue
                got = check.mine(answer)
                if got is None and name == "allianceNetwork":
                    outcome.skipped += 1
                    continue
                expected = check.expected(oracle, variables)
                same = _close(got, expected) if name.startswith("coverageSummary") else got == expected
                outcome.compared += 1
                if not same:
                    outcome.mismatches.append(f"{name} {variables}: {describe(got, expected)}")
    return outcome
