"""The search box at province scale (issue 12 item 3, goal p95 <= 30 ms at 100k units): p50/p95 of
`store.search` in-process over a seeded embedded store, for texts drawn from the folder's names
(a Chinese part of a name, its full pinyin, its initials) and a few very common ones.

    .venv/bin/python -m api.cli generate /work/data/g100k --units 100000
    .venv/bin/python -m api.cli seed /work/data/g100k --db-path /work/data/search100k.lbug
    .venv/bin/python bench/search_bench.py --db /work/data/search100k.lbug --folder /work/data/g100k

`--members` searches members too (what an editor's default search does). Timings are of one run
on whatever else the machine is doing.
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import statistics
import sys
import time
from pathlib import Path
from random import Random

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from graph.embedded import EmbeddedStore  # noqa: E402
from graph.model import LABELS  # noqa: E402
from graph.namekeys import initials_key, pinyin_key  # noqa: E402

COMMON = ["普陀", "pt", "单位", "dw", "党委", "第1", "联建", "putuo"]


def names(folder: Path, file: str, sample: int, rng: Random) -> list[str]:
    with open(folder / file, encoding="utf-8", newline="") as f:
        found = [row["name"] for row in csv.DictReader(f)]
    return rng.sample(found, min(sample, len(found)))


def texts(folder: Path, rounds: int, rng: Random) -> dict[str, list[str]]:
    picked = names(folder, "units.csv", rounds, rng) + names(folder, "areas.csv", rounds, rng)
    picked = rng.sample(picked, rounds)
    return {
        "Chinese part of a name": [n[len(n) // 3: len(n) // 3 + 2] or n for n in picked],
        "full pinyin of a name": [pinyin_key(n) for n in picked],
        "initials of a name": [initials_key(n) for n in picked],
        "common texts": [COMMON[i % len(COMMON)] for i in range(rounds)],
    }


async def measure(db: Path, cases: dict[str, list[str]], labels: list[str], first: int) -> None:
    store = EmbeddedStore(db)
    await store.open()
    try:
        start = time.perf_counter()
        await store.search("预热", labels, first)
        print(f"{'first search (builds the indexes)':26} {time.perf_counter() - start:.1f} s")
        every: list[float] = []
        for case, queries in cases.items():
            took: list[float] = []
            for text in queries:
                start = time.perf_counter()
                await store.search(text, labels, first)
                took.append((time.perf_counter() - start) * 1000)
            every += took
            print(f"{case:26} p50 {statistics.median(took):7.1f} ms  p95 {_p95(took):7.1f} ms  ({len(took)} queries)")
        print(f"{'all':26} p50 {statistics.median(every):7.1f} ms  p95 {_p95(every):7.1f} ms  (goal p95 <= 30 ms)")
    finally:
        await store.close()


def _p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, required=True, help="an embedded store seeded from --folder")
    parser.add_argument("--folder", type=Path, required=True, help="the generated seed folder")
    parser.add_argument("--rounds", type=int, default=40, help="queries per case (default %(default)s)")
    parser.add_argument("--first", type=int, default=10)
    parser.add_argument("--members", action="store_true", help="search members too")
    args = parser.parse_args()
    labels = [label for label in LABELS if args.members or label != "Member"]
    asyncio.run(measure(args.db, texts(args.folder, args.rounds, Random(12)), labels, args.first))


if __name__ == "__main__":
    main()
