"""Latency of GraphQL queries over real HTTP, on a generated data set in the embedded store.

    .venv/bin/python bench/api_bench.py --units 5000 --rounds 50            # nested read queries
    .venv/bin/python bench/api_bench.py --units 20000 --rounds 30 --analytics
    .venv/bin/python bench/api_bench.py --units 5000 --rounds 100 --mutations   # writes, then a 50-way burst

Seeds a fresh store (or reuses --db), starts `lianjian serve` in a subprocess, and prints p50/p95
per query over `rounds` requests, each with arguments drawn from the data set.
"""

from __future__ import annotations

import argparse
import asyncio
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


MUTATIONS = {
    "updateUnit (name)": (
        "mutation($id: ID!, $n: String!) { updateUnit(id: $id, input: {name: $n}) { id } }",
        lambda rng, d: {"id": rng.choice(d["units"]), "n": f"单位{rng.randrange(10**6)}"},
    ),
    "createUnit": (
        'mutation($id: ID!) { createUnit(input: {id: $id, name: "新单位", kind: "AGENCY"}) { id } }',
        lambda rng, d: {"id": f"bench-{rng.randrange(10**12)}"},
    ),
    "joinAlliance": (
        "mutation($a: ID!, $u: ID!) { joinAlliance(allianceId: $a, unitId: $u) { id } }",
        lambda rng, d: {"a": rng.choice(d["alliances"]), "u": rng.choice(d["units"])},
    ),
    "coverArea": (
        "mutation($s: ID!, $a: ID!) { coverArea(serviceId: $s, areaId: $a) { id } }",
        lambda rng, d: {"s": rng.choice(d["services"]), "a": rng.choice(d["areas"])},
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
    parser.add_argument("--mutations", action="store_true", help="time mutations, then a burst of concurrent ones")
    opts = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="lianjian-apibench-"))
    env = {**os.environ, "LIANJIAN_BACKEND": "embedded", "LIANJIAN_DB_PATH": str(work / "db.lbug")}
    try:
        folder = work / "csv"
        lianjian("generate", str(folder), "--units", str(opts.units), env=env)
        started = time.perf_counter()
        lianjian("seed", str(folder), env=env)
        print(f"seeded {opts.units} units in {time.perf_counter() - started:.1f} s")
        data = {name: ids(folder, f"{name}.csv") for name in ("units", "alliances", "areas", "organizations", "services")}
        port = free_port()
        server = subprocess.Popen(
            [sys.executable, "-m", "api.cli", "serve", "--no-demo", "--port", str(port), "--anonymous-role", "editor"],
            cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        try:
            suite = MUTATIONS if opts.mutations else ANALYTICS if opts.analytics else NESTED
            run_queries(port, suite, data, opts.rounds)
            if opts.mutations:
                asyncio.run(burst(port, total=500, concurrency=50))
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


async def burst(port: int, total: int, concurrency: int) -> None:
    """`total` createUnit mutations, `concurrency` in flight at a time: writes per second."""
    url = f"http://127.0.0.1:{port}/graphql"
    text = 'mutation($id: ID!) { createUnit(input: {id: $id, name: "并发", kind: "AGENCY"}) { id } }'
    gate = asyncio.Semaphore(concurrency)
    async with httpx.AsyncClient(timeout=300) as client:
        async def one(i: int) -> float:
            async with gate:
                started = time.perf_counter()
                answer = (await client.post(url, json={"query": text, "variables": {"id": f"burst-{i}"}})).json()
                if answer.get("errors"):
                    raise SystemExit(f"burst failed: {answer['errors'][0]}")
                return (time.perf_counter() - started) * 1000

        started = time.perf_counter()
        latencies = sorted(await asyncio.gather(*(one(i) for i in range(total))))
        elapsed = time.perf_counter() - started
    p95 = latencies[int(len(latencies) * 0.95)]
    print(f"burst: {total} createUnit, {concurrency} in flight: {total / elapsed:.0f} mutations/s, "
          f"latency p50 {statistics.median(latencies):.0f} ms, p95 {p95:.0f} ms")


if __name__ == "__main__":
    main()
