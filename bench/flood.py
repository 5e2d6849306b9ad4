"""One client floods the server, another probes it: 20 heavy anonymous queries (within the cost
limit) kept running at once from one address, while a caller with a key sends `{ __typename }`
every 50 ms. Prints the heavy queries' p50/p95, the probe's p99 and the errors of each, for the
per-caller concurrency limit as configured and, with --unlimited, as if there were none.

    python bench/flood.py --units 20000 [--seconds 30] [--unlimited]
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import multiprocessing
import os
import sys
import tempfile
import time
from multiprocessing.connection import Connection
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.harness import lianjian_args, lianjian_env, percentile, run_measured, served  # noqa: E402

HEAVY = "{ units(first: 500) { edges { node { id name organizations { members { id name skills } } alliances { role } } } } }"
LIGHT = "{ __typename }"


async def _heavy(url: str, until: float, millis: list[float], errors: collections.Counter[str]) -> None:
    async with httpx.AsyncClient(base_url=url, timeout=120) as http:
        while time.monotonic() < until:
            started = time.perf_counter()
            answer = (await http.post("/graphql", json={"query": HEAVY})).json()
            if answer.get("errors"):
                errors[answer["errors"][0]["extensions"].get("limit") or answer["errors"][0]["extensions"]["code"]] += 1
                await asyncio.sleep(0.05)
            else:
                millis.append((time.perf_counter() - started) * 1000)


async def _light(url: str, key: str, until: float, millis: list[float], errors: collections.Counter[str]) -> None:
    async with httpx.AsyncClient(base_url=url, timeout=120, headers={"Authorization": f"Bearer {key}"}) as http:
        while time.monotonic() < until:
            started = time.perf_counter()
            answer = (await http.post("/graphql", json={"query": LIGHT})).json()
            millis.append((time.perf_counter() - started) * 1000)
            if answer.get("errors"):
                errors[answer["errors"][0]["extensions"]["code"]] += 1
            await asyncio.sleep(0.05)


def _heavy_process(url: str, clients: int, seconds: float, sink: Connection) -> None:
    """The flood in a process of its own: parsing its answers must not delay the probe's."""
    millis: list[float] = []
    errors: collections.Counter[str] = collections.Counter()
    until = time.monotonic() + seconds

    async def flood() -> None:
        await asyncio.gather(*(_heavy(url, until, millis, errors) for _ in range(clients)))

    asyncio.run(flood())
    sink.send((millis, dict(errors)))


async def _flood(url: str, key: str, clients: int, seconds: float) -> None:
    light: list[float] = []
    light_errors: collections.Counter[str] = collections.Counter()
    receiver, sink = multiprocessing.Pipe(duplex=False)
    flooder = multiprocessing.get_context("spawn").Process(target=_heavy_process, args=(url, clients, seconds, sink))
    flooder.start()
    await asyncio.sleep(1)  # the flood under way before the probe starts
    await _light(url, key, time.monotonic() + seconds - 1, light, light_errors)
    heavy, heavy_errors = await asyncio.to_thread(receiver.recv)
    flooder.join()
    heavy.sort()
    light.sort()
    print(f"heavy: {len(heavy)} answered, p50 {percentile(heavy, 0.5):.0f} ms, p95 {percentile(heavy, 0.95):.0f} ms, "
          f"max {heavy[-1]:.0f} ms; refused {heavy_errors}" if heavy else f"heavy: none answered {heavy_errors}")
    print(f"light: {len(light)} answered, p50 {percentile(light, 0.5):.1f} ms, p99 {percentile(light, 0.99):.1f} ms, "
          f"max {light[-1]:.1f} ms; errors {dict(light_errors)}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=20000)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--unlimited", action="store_true", help="no per-caller concurrency limit (the before)")
    args = parser.parse_args()
    if args.unlimited:
        os.environ["LIANJIAN_MAX_CONCURRENT_PER_CALLER"] = "100000"
    with tempfile.TemporaryDirectory(prefix="lianjian-flood-") as work:
        folder, db = Path(work) / "csv", Path(work) / "db.lbug"
        run_measured(lianjian_args("generate", str(folder), "--units", str(args.units)), lianjian_env(db))
        run_measured(lianjian_args("seed", str(folder), "--replace"), lianjian_env(db))
        key = run_measured(lianjian_args("keys", "create", "--role", "viewer", "--name", "probe"),
                           lianjian_env(db)).stdout.strip()
        with served(db, Path(work) / "serve.log") as url:
            asyncio.run(_flood(url, key, args.clients, args.seconds))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
