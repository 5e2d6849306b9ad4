"""The same answers computed in memory with networkx, for comparison with the store.

    .venv/bin/python bench/networkx_bench.py --units 20000 --rounds 30

Loads the generated CSV rows into networkx graphs (timed separately: this is the cost the store
does not pay per question) and times connectionPath, coverageGaps and accessibleResources per
call, with the same kind of arguments bench/api_bench.py --analytics uses. Compare the p50s with
that script's: the ratio is the figure that matters.
"""

from __future__ import annotations

import argparse
import csv
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import networkx as nx

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from seed.generate import write_synthetic  # noqa: E402


def rows(folder: Path, name: str) -> list[dict[str, str]]:
    with open(folder / name, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


class InMemory:
    def __init__(self, folder: Path) -> None:
        self.joins = nx.Graph()
        for r in rows(folder, "alliance_members.csv"):
            self.joins.add_edge(("U", r["unit_id"]), ("A", r["alliance_id"]))
        self.alliance_tree = nx.DiGraph()
        for r in rows(folder, "alliances.csv"):
            self.alliance_tree.add_node(r["id"])
            if r["parent_id"]:
                self.alliance_tree.add_edge(r["id"], r["parent_id"])
        self.areas = nx.DiGraph()  # parent -> child
        self.remote = {}
        for r in rows(folder, "areas.csv"):
            self.areas.add_node(r["id"])
            self.remote[r["id"]] = r["remote"] == "true"
            if r["parent_id"]:
                self.areas.add_edge(r["parent_id"], r["id"])
        self.domain = {r["id"]: r["domain"] for r in rows(folder, "services.csv")}
        self.covers = [(r["service_id"], r["area_id"]) for r in rows(folder, "service_areas.csv")]
        self.provider = {r["id"]: r["unit_id"] for r in rows(folder, "resources.csv")}
        self.shared: dict[str, set[str]] = {}
        for r in rows(folder, "resource_shares.csv"):
            self.shared.setdefault(r["alliance_id"], set()).add(r["resource_id"])

    def connection_path(self, a: str, b: str, max_hops: int = 6) -> list[str] | None:
        try:
            paths = nx.all_shortest_paths(self.joins, ("U", a), ("U", b))
            best = min([n[1] for n in p] for p in paths)
        except (nx.NetworkXNoPath, nx.NodeNotFound):
            return None
        return best if len(best) // 2 <= max_hops else None

    def coverage_gaps(self, within: str, domain: str | None) -> list[str]:
        roots = {area for service, area in self.covers if domain is None or self.domain[service] == domain}
        covered = set(roots).union(*(nx.descendants(self.areas, r) for r in roots)) if roots else set()
        return sorted(nx.descendants(self.areas, within) - covered)

    def accessible_resources(self, unit: str) -> list[str]:
        node = ("U", unit)
        direct = [n[1] for n in self.joins.neighbors(node)] if node in self.joins else []
        effective = set(direct).union(*(nx.descendants(self.alliance_tree, a) for a in direct)) if direct else set()
        found = {r for r, p in self.provider.items() if p == unit}
        for alliance in effective:
            found |= self.shared.get(alliance, set())
        return sorted(found)


def timed(label: str, rounds: int, call: Callable[[random.Random], object]) -> None:
    rng = random.Random(42)
    samples = []
    for _ in range(rounds):
        started = time.perf_counter()
        call(rng)
        samples.append((time.perf_counter() - started) * 1000)
    samples.sort()
    p95 = samples[min(len(samples) - 1, int(len(samples) * 0.95))]
    print(f"{label:24s} {statistics.median(samples):9.1f} {p95:9.1f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--units", type=int, default=20000)
    parser.add_argument("--rounds", type=int, default=30)
    opts = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="lianjian-nx-"))
    write_synthetic(folder, opts.units, 0)
    started = time.perf_counter()
    memory = InMemory(folder)
    print(f"load {opts.units} units into networkx: {time.perf_counter() - started:.2f} s")
    units = [r["id"] for r in rows(folder, "units.csv")]
    areas = [r["id"] for r in rows(folder, "areas.csv")][:200]
    print(f"{'question':24s} {'p50 ms':>9s} {'p95 ms':>9s}")
    timed("connectionPath", opts.rounds, lambda rng: memory.connection_path(rng.choice(units), rng.choice(units)))
    timed("coverageGaps", opts.rounds, lambda rng: memory.coverage_gaps(rng.choice(areas), rng.choice(["医疗", "助餐", None])))
    timed("accessibleResources", opts.rounds, lambda rng: memory.accessible_resources(rng.choice(units)))


if __name__ == "__main__":
    main()
