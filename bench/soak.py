"""Soak: one served process under the whole analytic and nested-read mix, for minutes.

    .venv/bin/python bench/soak.py                                   # generate + seed 100k, 10 minutes
    .venv/bin/python bench/soak.py --db /work/data/base100k.lbug --folder /work/data/g100k --minutes 3

Starts one `lianjian serve` (on a copy of --db when given, so the original stays untouched) and
keeps `--clients` concurrent clients sending the queries of bench/api_bench.py plus the heaviest
whole-graph reads. Every minute it prints requests, errors, latency, whether the server is still the
same living process, and its RSS. Exits 1 on any error or if the server died.
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import contextlib
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.api_bench import ANALYTICS, NESTED, free_port, ids, lianjian  # noqa: E402
from bench.harness import wait_healthy  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
ROOT_AREA_LEVELS = "{ children { id name children { id name children { id name } } } }"

HEAVY = {
    "coverageGaps of the root": ("{ coverageGaps { id } }", lambda rng, d: {}),
    "coverageSummary of the root": ("{ coverageSummary { totalAreas coveredAreas coverageRatio } }", lambda rng, d: {}),
    "root area three levels down": (
        "query($id: ID!) { area(id: $id) " + ROOT_AREA_LEVELS + " }",
        lambda rng, d: {"id": d["areas"][0]},
    ),
    "members page": ("{ members(first: 500) { edges { node { id name } } } }", lambda rng, d: {}),
    "organizations with members": (
        "{ organizations(first: 200) { edges { node { id name members { id name } } } } }",
        lambda rng, d: {},
    ),
    "first 500 isolated units": ("{ isolatedUnits(first: 500) { id } }", lambda rng, d: {}),
}

MIX = {**NESTED, **ANALYTICS, **HEAVY}


def rss_kib(pid: int) -> tuple[int, int]:
    """(current RSS, peak RSS) of a process in KiB, from /proc."""
    fields = dict(line.split(":", 1) for line in Path(f"/proc/{pid}/status").read_text().splitlines() if ":" in line)
    return int(fields["VmRSS"].split()[0]), int(fields["VmHWM"].split()[0])


class Tally:
    def __init__(self) -> None:
        self.latencies: list[float] = []
        self.errors: collections.Counter[str] = collections.Counter()
        self.samples: dict[str, str] = {}
        self.requests = 0

    def error(self, name: str, what: str) -> None:
        self.errors[name] += 1
        self.samples.setdefault(name, what)


async def client_loop(url: str, data: dict, seed: int, stop: float, tally: list[Tally]) -> None:
    rng = random.Random(seed)
    names = list(MIX)
    async with httpx.AsyncClient(timeout=120) as client:
        while time.monotonic() < stop:
            name = rng.choice(names)
            text, make_args = MIX[name]
            started = time.perf_counter()
            current = tally[-1]
            try:
                response = await client.post(url, json={"query": text, "variables": make_args(rng, data)})
                answer = response.json()
            except (httpx.HTTPError, ValueError) as exc:
                current.error(name, f"{type(exc).__name__}: {exc}")
                await asyncio.sleep(0.5)
                continue
            current.requests += 1
            current.latencies.append((time.perf_counter() - started) * 1000)
            if answer.get("errors"):
                first = answer["errors"][0]
                current.error(name, f"{first.get('extensions', {}).get('code')}: {first.get('message')}")


async def soak(url: str, data: dict, server: subprocess.Popen, clients: int, minutes: float) -> int:
    started = time.monotonic()
    stop = started + minutes * 60
    tallies = [Tally()]
    loops = asyncio.gather(*(client_loop(url, data, seed, stop, tallies) for seed in range(clients)))
    print(f"{'min':>4s} {'requests':>9s} {'req/s':>7s} {'p50 ms':>8s} {'p99 ms':>8s} {'errors':>7s} "
          f"{'server':>14s} {'RSS MiB':>8s} {'peak MiB':>9s}", flush=True)
    failures = 0
    minute = 0
    since = started
    while True:
        remaining = stop - time.monotonic()
        await asyncio.wait([loops], timeout=min(60.0, remaining) if remaining > 0 else None)
        minute += 1
        tally = tallies[-1]
        tallies.append(Tally())
        seconds, since = time.monotonic() - since, time.monotonic()
        alive = server.poll() is None
        rss, peak = rss_kib(server.pid) if alive else (0, 0)
        lat = sorted(tally.latencies) or [0.0]
        p99 = lat[min(len(lat) - 1, int(len(lat) * 0.99))]
        failures += sum(tally.errors.values())
        state = f"pid {server.pid} up" if alive else f"DIED rc={server.returncode}"
        print(f"{minute:4d} {tally.requests:9d} {tally.requests / seconds:7.1f} {statistics.median(lat):8.1f} {p99:8.1f} "
              f"{sum(tally.errors.values()):7d} {state:>14s} {rss / 1024:8.0f} {peak / 1024:9.0f}", flush=True)
        for name, count in tally.errors.most_common():
            print(f"     {count} x {name}: {tally.samples[name][:300]}", flush=True)
        if not alive:
            loops.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await loops
            return 1
        if loops.done():
            break
    return 1 if failures or server.poll() is not None else 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--units", type=int, default=100_000, help="generate and seed this many (without --db)")
    parser.add_argument("--db", type=Path, help="an already seeded store to copy and serve (needs --folder)")
    parser.add_argument("--folder", type=Path, help="the CSV folder the store was seeded from (for arguments)")
    parser.add_argument("--minutes", type=float, default=10)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--log", type=Path, help="keep the server's log here (default: a temporary file)")
    parser.add_argument("--buffer-pool-mb", type=int, help="LIANJIAN_BUFFER_POOL_MB for the server (default: its own)")
    opts = parser.parse_args()
    if opts.db and not opts.folder:
        parser.error("--db needs --folder")

    work = Path(tempfile.mkdtemp(prefix="lianjian-soak-"))
    db = work / "db.lbug"
    env = {**os.environ, "LIANJIAN_BACKEND": "embedded", "LIANJIAN_DB_PATH": str(db)}
    if opts.buffer_pool_mb:
        env["LIANJIAN_BUFFER_POOL_MB"] = str(opts.buffer_pool_mb)
    try:
        folder = opts.folder or work / "csv"
        if opts.db:
            (shutil.copytree if opts.db.is_dir() else shutil.copy2)(opts.db, db)
        else:
            lianjian("generate", str(folder), "--units", str(opts.units), env=env)
            lianjian("seed", str(folder), env=env)
        data = {name: ids(folder, f"{name}.csv") for name in ("units", "alliances", "areas", "organizations", "services")}
        port = free_port()
        log_path = opts.log or work / "server.log"
        log = open(log_path, "w")
        server = subprocess.Popen(
            [sys.executable, "-m", "api.cli", "serve", "--no-demo", "--port", str(port)],
            cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT,
        )
        status = 1
        try:
            wait_healthy(port, server, timeout=300)
            rss, _ = rss_kib(server.pid)
            print(f"server pid {server.pid} on {db}, idle RSS {rss / 1024:.0f} MiB; "
                  f"{opts.clients} clients for {opts.minutes} min over {len(MIX)} queries", flush=True)
            status = asyncio.run(soak(f"http://127.0.0.1:{port}/graphql", data, server, opts.clients, opts.minutes))
        finally:
            server.terminate()
            try:
                server.wait(timeout=120)
            except subprocess.TimeoutExpired:
                print("the server did not stop within 120 s of SIGTERM: killed", flush=True)
                server.kill()
                server.wait()
                status = 1
            log.close()
        if status:
            tail = log_path.read_text(errors="replace").splitlines()[-20:]
            print("server log tail:", *tail, sep="\n  ")
        print("FAILED" if status else "OK: no errors, the same server process throughout")
        raise SystemExit(status)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
