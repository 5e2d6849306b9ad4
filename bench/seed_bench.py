"""Seeding throughput into the embedded store, against the engine's bare COPY of the same rows.

    .venv/bin/python bench/seed_bench.py --units 5000

Prints rows/s for: validation alone, a full `seed` (read, validate, load) into an empty store,
the same seed again (every row an update), and bare COPY of the validated rows into an empty
LadybugDB with no checks at all (the ceiling).
"""

from __future__ import annotations

import argparse
import asyncio
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from graph.batch import GraphBatch  # noqa: E402
from graph.bulk import edge_columns  # noqa: E402
from graph.embedded import EmbeddedStore  # noqa: E402
from graph.model import NODE_PROPERTIES  # noqa: E402
from seed.generate import write_synthetic  # noqa: E402
from seed.load import seed_directory  # noqa: E402
from seed.validate import KnownGraph, build_batch  # noqa: E402


async def bare_copy(batch: GraphBatch, path: Path) -> float:
    """COPY every node and edge table straight from Arrow: no existence checks, no validation."""
    store = EmbeddedStore(path)
    await store.open()
    started = time.perf_counter()
    for label, rows in batch.nodes.items():
        if rows:
            await store._bulk_create(f"create_{label.lower()}", rows, NODE_PROPERTIES[label])
    for edges in batch.edges:
        if edges.rows:
            await store._bulk_create(f"link_{edges.rel.slug}", edges.rows, edge_columns(edges.rel))
    elapsed = time.perf_counter() - started
    await store.close()
    return elapsed


async def main(units: int) -> None:
    work = Path(tempfile.mkdtemp(prefix="lianjian-bench-"))
    try:
        folder = work / "csv"
        started = time.perf_counter()
        write_synthetic(folder, units, 0)
        print(f"generate --units {units}: {time.perf_counter() - started:.2f} s")

        started = time.perf_counter()
        result = build_batch(folder, KnownGraph())
        validate_s = time.perf_counter() - started
        rows = sum(result.rows.values())
        print(f"rows: {rows} ({', '.join(f'{k} {v}' for k, v in result.rows.items())})")
        print(f"validate only:        {validate_s:7.2f} s  {rows / validate_s:10,.0f} rows/s")

        store = EmbeddedStore(work / "seed.lbug")
        await store.open()
        for label in ("fresh store", "again (upsert)"):
            started = time.perf_counter()
            report = await seed_directory(store, folder)
            elapsed = time.perf_counter() - started
            assert not report.errors, report.errors[:3]
            print(f"seed, {label:14s} {elapsed:7.2f} s  {rows / elapsed:10,.0f} rows/s")
        await store.close()

        elapsed = await bare_copy(result.batch, work / "bare.lbug")
        print(f"bare COPY (ceiling):  {elapsed:7.2f} s  {result.batch.size() / elapsed:10,.0f} rows/s")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--units", type=int, default=5000)
    asyncio.run(main(parser.parse_args().units))
