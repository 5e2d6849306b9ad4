"""Latency of GraphQL queries over real HTTP, on a generated data set in the embedded store.

    .venv/bin/python bench/api_bench.py --units 5000 --rounds 50            # nested read queries
    .venv/bin/python bench/api_bench.py --units 20000 --rounds 30 --analytics

Seeds a fresh store (or reuses --db), starts `lianjian serve` in a subprocess, and prints p50/p95
per query over `rounds` requests, each with arguments drawn from the data set.
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from api.pagination import encode_cursor  # noqa: E402

REPO = Path(__file__).resolve().parent.parent

NESTED = {
    "units with organizations and members": (
        "query($after: String) { units(first: 100, after: $after) { edges { node { id name"
        " organizations { id name members { id name } } } } } }",
        lambda rng, d: {"after": encode_cursor(rng.choice(d["units"]))},
    ),
    "alliance members and their alliances": (
        "query($id: ID!) { alliance(id: $id) { name members { role unit { name"
        " alliances { role alliance { name } } } } } }",
        lambda rng, d: {"id": rng.choice(d["alliances"])},
    ),
    "area tree three levels down": (
        "query($id: ID!) { area(id: $id) { name children { name children { name children { name } } } } }",
        lambda rng, d: {"id": rng.choice(d["areas"][:50])},
    ),
}

ANALYTICS = {
    "accessibleResources": (
        "query($u: ID!) { accessibleResources(unitId: $u) { own resource { id } via { id } } }",
        lambda rng, d: {"u": rng.choice(d["units"])},
    ),
    "unitSharing": (
        "query($u: ID!) { unitSharing(unitId: $u) { providedCount accessibleCount providers { id } consumers { id } } }",
        lambda rng, d: {"u": rng.choice(d["units"])},
    ),
    "coverage": (
        "query($a: ID!) { coverage(areaId: $a) { covered unitCount services { id } } }",
        lambda rng, d: {"a": rng.choice(d["areas"])},
    ),
    "coverageGaps": (
        "query($a: ID, $d: String) { coverageGaps(withinAreaId: $a, domain: $d) { id } }",
        lambda rng, d: {"a": rng.choice(d["areas"][:200]), "d": rng.choice(["医疗", "助餐", None])},
    ),
    "coverageSummary": (
        "query($a: ID) { coverageSummary(withinAreaId: $a) { totalAreas coveredAreas coverageRatio } }",
        lambda rng, d: {"a": rng.choice(d["areas"][:200])},
    ),
    "connectionPath": (
        "query($f: ID!, $t: ID!) { connectionPath(fromUnitId: $f, toUnitId: $t) { hops units { id } } }",
        lambda rng, d: {"f": rng.choice(d["units"]), "t": rng.choice(d["units"])},
    ),
    "isolatedUnits": ("{ isolatedUnits { id } }", lambda rng, d: {}),
    "topConnectors": ("{ topConnectors(first: 10) { unit { id } partners alliances } }", lambda rng, d: {}),
    "allianceNetwork": (
        "query($u: ID!) { allianceNetwork(unitId: $u, depth: 2, limit: 500) { truncated nodes { id } edges { source } } }",
        lambda rng, d: {"u": rng.choice(d["units"])},
    ),
    "talentSearch": (
        "query($u: ID!) { talentSearch(unitId: $u, skill: \"医疗\", maxHops: 2) { hops member { id } } }",
        lambda rng, d: {"u": rng.choice(d["units"])},
    ),
    "responsibilityChain": (
        "query($o: ID!) { responsibilityChain(organizationId: $o) { organization { id } secretary { id } } }",
        lambda rng, d: {"o": rng.choice(d["organizations"])},
    ),
}


def ids(folder: Path, name: str) -> list[str]:
    with open(folder / name, encoding="utf-8", newline="") as f:
        return [row["id"] for row in csv.DictReader(f)]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def lianjian(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "api.cli", *args], cwd=REPO, env=env, check=True, capture_output=True, text=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--units", type=int, default=5000)
    parser.add_argument("--rounds", type=int, default=50)
    parser.add_argument("--analytics", action="store_true", help="time the analytic fields instead of nested reads")
    opts = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="lianjian-apibench-"))
    env = {**os.environ, "LIANJIAN_BACKEND": "embedded", "LIANJIAN_DB_PATH": str(work / "db.lbug")}
    try:
        folder = work / "csv"
        lianjian("generate", str(folder), "--units", str(opts.units), env=env)
        started = time.perf_counter()
        lianjian("seed", str(folder), env=env)
        print(f"seeded {opts.units} units in {time.perf_counter() - started:.1f} s")
        data = {name: ids(folder, f"{name}.csv") for name in ("units", "alliances", "areas", "organizations")}
        port = free_port()
        server = subprocess.Popen(
            [sys.executable, "-m", "api.cli", "serve", "--no-demo", "--port", str(port)],
            cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        try:
            run_queries(port, ANALYTICS if opts.analytics else NESTED, data, opts.rounds)
        finally:
            server.terminate()
            server.wait(timeout=30)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def run_queries(port: int, suite: dict, data: dict, rounds: int) -> None:
    url = f"http://127.0.0.1:{port}/graphql"
    with httpx.Client(timeout=120) as client:
        for _ in range(200):
            try:
                if client.get(f"http://127.0.0.1:{port}/health").status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.1)
        rng = random.Random(42)
        print(f"{'query':40s} {'p50 ms':>9s} {'p95 ms':>9s} {'max ms':>9s}")
        for name, (text, make_args) in suite.items():
            timings = []
            for _ in range(rounds):
                variables = make_args(rng, data)
                started = time.perf_counter()
                answer = client.post(url, json={"query": text, "variables": variables}).json()
                timings.append((time.perf_counter() - started) * 1000)
                if answer.get("errors"):
                    raise SystemExit(f"{name} failed: {answer['errors'][0]}")
            timings.sort()
            p95 = timings[min(len(timings) - 1, int(len(timings) * 0.95))]
            print(f"{name:40s} {statistics.median(timings):9.1f} {p95:9.1f} {timings[-1]:9.1f}")


if __name__ == "__main__":
    main()
