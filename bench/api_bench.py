"""Latency of GraphQL queries over real HTTP, on a generated data set in the embedded store.

    .venv/bin/python bench/api_bench.py --units 5000 --rounds 50            # nested read queries
    .venv/bin/python bench/api_bench.py --units 20000 --rounds 30 --analytics
    .venv/bin/python bench/api_bench.py --units 5000 --rounds 100 --mutations   # writes, then a 50-way burst
    .venv/bin/python bench/api_bench.py --db copy.lbug --folder /work/data/g20k --clients 16 --seconds 30

Seeds a fresh store (or serves --db, seeded from the CSV --folder, in place: pass a copy),
starts `lianjian serve` in a subprocess, and prints p50/p95 per query over `rounds` requests,
each with arguments drawn from the data set. With --clients N it instead keeps N clients busy
for --seconds, half nested reads and half analytic fields (the point questions that answer in
milliseconds; --slow adds the rest), and prints requests per second, latency percentiles and
errors, overall and per query.
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
from api.cursors import encode_cursor  # noqa: E402
from bench.harness import percentile, run_mixed_load, wait_healthy  # noqa: E402

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


SLOW_ANALYTICS = ("unitSharing", "coverage", "coverageGaps", "coverageSummary", "isolatedUnits", "topConnectors")


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
    parser.add_argument("--db", type=Path, help="serve this seeded store (in place) instead of seeding one")
    parser.add_argument("--folder", type=Path, help="the CSV folder --db was seeded from (for query arguments)")
    parser.add_argument("--clients", type=int, default=0, help="concurrent clients of a mixed load instead")
    parser.add_argument("--seconds", type=float, default=30.0, help="how long the mixed load runs")
    parser.add_argument("--slow", action="store_true", help="the mixed load includes the slow analytic fields")
    opts = parser.parse_args()
    if (opts.db is None) != (opts.folder is None):
        parser.error("--db and --folder go together")

    work = Path(tempfile.mkdtemp(prefix="lianjian-apibench-"))
    db = opts.db or work / "db.lbug"
    env = {**os.environ, "LIANJIAN_BACKEND": "embedded", "LIANJIAN_DB_PATH": str(db)}
    try:
        folder = opts.folder or work / "csv"
        if opts.db is None:
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
            wait_healthy(port, server)
            if opts.clients:
                analytics = {k: v for k, v in ANALYTICS.items() if opts.slow or k not in SLOW_ANALYTICS}
                mixed_load(port, data, analytics, opts.clients, opts.seconds, server.pid)
            else:
                suite = MUTATIONS if opts.mutations else ANALYTICS if opts.analytics else NESTED
                run_queries(port, suite, data, opts.rounds)
                if opts.mutations:
                    asyncio.run(burst(port, total=500, concurrency=50))
        finally:
            server.terminate()
            server.wait(timeout=30)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process so far, from /proc (Linux)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def mixed_load(port: int, data: dict, analytics: dict, clients: int, seconds: float, server_pid: int) -> None:
    """bench/harness.py's mixed load (half nested reads, half analytic fields), with the server's
    CPU time per request, which on a shared machine says more than req/s alone, and a line per query."""
    cpu_before = cpu_seconds(server_pid)
    load = run_mixed_load(f"http://127.0.0.1:{port}", (NESTED, analytics), data, clients, seconds)
    cpu, every = cpu_seconds(server_pid) - cpu_before, load.latencies
    print(f"{clients} clients, {load.seconds:.1f} s: {len(every)} requests, {load.rate:.1f} req/s, "
          f"p50 {load.p(0.5):.1f} ms, p95 {load.p(0.95):.1f} ms, "
          f"p99 {load.p(0.99):.1f} ms, max {every[-1]:.1f} ms, errors {sum(load.errors.values())}")
    print(f"server CPU {cpu:.1f} s ({cpu / load.seconds:.2f} cores), {cpu * 1000 / len(every):.1f} ms per request; "
          f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    print(f"{'query':40s} {'count':>6s} {'p50 ms':>9s} {'p95 ms':>9s} {'p99 ms':>9s} {'errors':>6s}")
    for name, timings in load.by_query.items():
        print(f"{name:40s} {len(timings):6d} {percentile(timings, 0.5):9.1f} {percentile(timings, 0.95):9.1f} "
              f"{percentile(timings, 0.99):9.1f} {load.errors[name]:6d}")


def run_queries(port: int, suite: dict, data: dict, rounds: int) -> None:
    url = f"http://127.0.0.1:{port}/graphql"
    with httpx.Client(timeout=120) as client:
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
            print(f"{name:40s} {statistics.median(timings):9.1f} {percentile(timings, 0.95):9.1f} {timings[-1]:9.1f}")


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
