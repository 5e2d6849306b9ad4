"""Planning at province scale (issue 15): whatIf of 10 changes, gapClosers of a district and of the
root, partnerSuggestions of a unit, p50/p95 over HTTP against the issue's goals.

    .venv/bin/python bench/planning_bench.py --db /work/data/s100k.lbug --folder /work/data/g100k

The store must hold the folder's graph (`lianjian seed FOLDER` into `--db`); the server runs as a
subprocess of this checkout (bench/harness.py). Plans draw random units, alliances, resources,
services and districts of the folder: joins, shares and coverage, which the mutations would accept.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from random import Random
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.harness import Query, served, time_query  # noqa: E402
from bench.scale import ids  # noqa: E402

WHAT_IF = """query($c: [PlannedChangeInput!]!, $a: ID) { whatIf(changes: $c, areaId: $a) {
  units { unit { id } gained { resource { id } via { id } } lost { resource { id } } servicesGained { id } }
  coveredAreas { id } uncoveredAreas { id } summaryBefore { coveredAreas } summaryAfter { coveredAreas }
  partnersGained { units { id } } } }"""
GAP_CLOSERS = """query($a: ID) { gapClosers(withinAreaId: $a, domain: "医疗", first: 10) {
  closedCount remoteClosed reason service { id } area { id } } }"""
PARTNERS = """query($u: ID!) { partnerSuggestions(unitId: $u, first: 10) {
  score resourcesForUnit resourcesForPartner reason unit { id } } }"""


def _plan(rng: Random, d: dict[str, Any]) -> dict[str, Any]:
    changes: list[dict[str, Any]] = []
    for i in range(10):
        kind = ("joinAlliance", "shareResource", "coverArea")[i % 3]
        if kind == "joinAlliance":
            changes.append({kind: {"unitId": rng.choice(d["units"]), "allianceId": rng.choice(d["alliances"])}})
        elif kind == "shareResource":
            changes.append({kind: {"resourceId": rng.choice(d["resources"]), "allianceId": rng.choice(d["alliances"])}})
        else:
            changes.append({kind: {"serviceId": rng.choice(d["services"]), "areaId": rng.choice(d["townships"])}})
    return {"c": changes, "a": rng.choice(d["districts"])}


QUERIES: dict[str, tuple[Query, float]] = {  # name: (query, p95 goal in ms)
    "whatIf (10 changes)": ((WHAT_IF, _plan), 200),
    "gapClosers (a district)": ((GAP_CLOSERS, lambda rng, d: {"a": rng.choice(d["districts"])}), 500),
    "gapClosers (the root)": ((GAP_CLOSERS, lambda rng, d: {"a": d["root"]}), 2000),
    "partnerSuggestions (a unit)": ((PARTNERS, lambda rng, d: {"u": rng.choice(d["units"])}), 300),
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", type=Path, required=True, help="a store seeded from --folder")
    parser.add_argument("--folder", type=Path, required=True, help="the generated seed folder")
    parser.add_argument("--rounds", type=int, default=30, help="requests per query (the root: a third)")
    opts = parser.parse_args()
    data: dict[str, Any] = {name: ids(opts.folder, name) for name in ("units", "alliances", "resources", "services")}
    data["districts"] = ids(opts.folder, "areas", ("DISTRICT",))
    data["townships"] = ids(opts.folder, "areas", ("TOWNSHIP",))
    (data["root"],) = ids(opts.folder, "areas", ("PROVINCE",))
    print(f"{len(data['units']):,} units, {len(data['districts']):,} districts")
    print(f"{'query':34} {'p50 ms':>9} {'p95 ms':>9} {'goal p95':>9}  errors")
    with served(opts.db, opts.db.with_suffix(".planning.log")) as url:
        for name, ((text, make), goal) in QUERIES.items():
            rounds = max(3, opts.rounds // 3) if "root" in name else opts.rounds
            timing = time_query(url, (text, make), data, rounds)
            mark = "✓" if timing.p(0.95) <= goal else "✗"
            print(f"{name:34} {timing.p(0.5):9.1f} {timing.p(0.95):9.1f} {goal:9.0f} {mark} {len(timing.errors)}")
            for error in timing.errors[:3]:
                print(f"    {error[:300]}")


if __name__ == "__main__":
    main()
