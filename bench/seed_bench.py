"""Seeding into the embedded store, against the engine's bare COPY of the same rows, side by side.

    .venv/bin/python bench/seed_bench.py --units 100000 [--folder /work/data/g100k]

Prints: rows; validation alone; a fresh `seed` (read, validate, load) into an empty store; bare
COPY of the validated rows into an empty store with no checks at all (the floor) and the ratio of
the two; the same seed again (every row an upsert); and the peak RSS of a fresh `lianjian seed`
run as a subprocess (what a user sees). The folder is generated unless given.
"""

from __future__ import annotations

import argparse
import asyncio
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from graph.batch import GraphBatch  # noqa: E402
from graph.derived import with_facts  # noqa: E402
from graph.embedded import EmbeddedStore  # noqa: E402
from seed.generate import write_synthetic  # noqa: E402
from seed.load import seed_directory  # noqa: E402
from seed.validate import KnownGraph, build_batch  # noqa: E402


async def bare_copy(batch: GraphBatch, path: Path) -> float:
    """COPY every node and edge table straight from Arrow: no existence checks, no validation."""
    store = EmbeddedStore(path)
    await store.open()
    started = time.perf_counter()
    for label, table in batch.nodes.items():  # derived columns left null, as a fresh seed computes them first
        await store.write(f"create_{label.lower()}", rows=with_facts(label, table, None))
    for edges in batch.edges:
        if edges.rows.num_rows:
            await store.write(f"link_{edges.rel.slug}", rows=edges.rows)
    elapsed = time.perf_counter() - started
    await store.close()
    return elapsed


async def timed_seed(store: EmbeddedStore, folder: Path) -> float:
    started = time.perf_counter()
    report = await seed_directory(store, folder)
    assert not report.errors, report.errors[:3]
    return time.perf_counter() - started


def cli_seed_rss(folder: Path, db: Path) -> tuple[float, float]:
    """Wall seconds and peak RSS (GiB) of `lianjian seed` into an empty store, in its own process.
    Measured by GNU time around the command: a child's own ru_maxrss counts the pages it shared
    with this (large) process between fork and exec."""
    measured = db.with_suffix(".rss")
    started = time.perf_counter()
    subprocess.run(["/usr/bin/time", "-f", "%M", "-o", str(measured),
                    str(REPO / ".venv" / "bin" / "lianjian"), "seed", str(folder), "--db-path", str(db)],
                   check=True, stdout=subprocess.DEVNULL)
    elapsed = time.perf_counter() - started
    return elapsed, int(measured.read_text().split()[-1]) / 1024 / 1024


async def main(units: int, folder: Path | None) -> None:
    work = Path(tempfile.mkdtemp(prefix="lianjian-bench-"))
    try:
        if folder is None:
            folder = work / "csv"
            write_synthetic(folder, units, 0)
        started = time.perf_counter()
        result = build_batch(folder, KnownGraph())
        validate_s = time.perf_counter() - started
        assert not result.errors, result.errors[:3]
        rows = sum(result.rows.values())
        print(f"units {units}, rows {rows:,} ({', '.join(f'{k} {v}' for k, v in result.rows.items())})")
        print(f"validate only:      {validate_s:7.2f} s  {rows / validate_s:10,.0f} rows/s")

        store = EmbeddedStore(work / "seed.lbug")
        await store.open()
        fresh_s = await timed_seed(store, folder)
        copy_s = await bare_copy(result.batch, work / "bare.lbug")
        del result
        print(f"fresh seed:         {fresh_s:7.2f} s  {rows / fresh_s:10,.0f} rows/s")
        print(f"bare COPY (floor):  {copy_s:7.2f} s  ratio {fresh_s / copy_s:.2f}")
        again_s = await timed_seed(store, folder)
        print(f"re-seed (upserts):  {again_s:7.2f} s  ratio to fresh {again_s / fresh_s:.2f}")
        await store.close()

        cli_s, rss_gib = cli_seed_rss(folder, work / "cli.lbug")
        print(f"lianjian seed CLI:  {cli_s:7.2f} s  peak RSS {rss_gib:.2f} GiB")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--units", type=int, default=5000)
    parser.add_argument("--folder", type=Path, default=None, help="an existing `lianjian generate` folder")
    args = parser.parse_args()
    asyncio.run(main(args.units, args.folder))
