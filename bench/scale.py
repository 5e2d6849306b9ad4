"""Province scale (issue 13): seeding, every analytic field, the nested reads and a 16-client load
at several sizes, in one table marked against the issue's goals.

    .venv/bin/python bench/scale.py --units 20000 100000 --data /work/data --skip-reseed

For each size: a generated folder (`--data DIR` reuses or creates DIR/g20k, DIR/g100k, ...; else a
temporary one), the bare COPY of its validated rows into an empty store (the engine's floor), a
fresh `lianjian seed` into an empty store (time, peak RSS), the same seed again (unless
--skip-reseed), then `lianjian serve` over that store: p50/p95 of every query over `--rounds`
requests, `--clients` clients for `--duration` seconds, and the exact check (bench/exact.py).
Every command runs as a subprocess of this checkout (bench/harness.py). Timings are of one run:
on a shared machine, read them with their noise in mind.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import csv
import multiprocessing
import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench import exact  # noqa: E402
from bench.api_bench import ANALYTICS, NESTED  # noqa: E402
from bench.harness import (  # noqa: E402
    REPO, Load, Measured, Query, Timing, lianjian_args, lianjian_env, log_tail, run_measured, run_mixed_load, served,
    time_query,
)

GIB = 1024 ** 3


def _text(name: str) -> str:
    return ANALYTICS[name][0]


POINT: dict[str, Query] = {
    "accessibleResources (a unit)": (_text("accessibleResources"), lambda rng, d: {"u": rng.choice(d["units"])}),
    "unitSharing (a unit)": (_text("unitSharing"), lambda rng, d: {"u": rng.choice(d["units"])}),
    "coverage (a district/township)": (_text("coverage"), lambda rng, d: {"a": rng.choice(d["low_areas"])}),
    "coverageGaps (a district/township)": (_text("coverageGaps"),
                                           lambda rng, d: {"a": rng.choice(d["low_areas"]), "d": None}),
    "coverageSummary (a district/township)": (_text("coverageSummary"), lambda rng, d: {"a": rng.choice(d["low_areas"])}),
    "connectionPath (a pair of units)": (_text("connectionPath"),
                                         lambda rng, d: {"f": rng.choice(d["units"]), "t": rng.choice(d["units"])}),
    "allianceNetwork (a unit, depth 2)": (_text("allianceNetwork"), lambda rng, d: {"u": rng.choice(d["units"])}),
    "talentSearch (a unit, maxHops 2)": (_text("talentSearch"), lambda rng, d: {"u": rng.choice(d["units"])}),
    "responsibilityChain (an organization)": (_text("responsibilityChain"),
                                              lambda rng, d: {"o": rng.choice(d["organizations"])}),
}

WHOLE: dict[str, Query] = {
    "topConnectors (first 10)": (_text("topConnectors"), lambda rng, d: {}),
    "coverageSummary (the root)": (_text("coverageSummary"), lambda rng, d: {"a": d["root"]}),
    # the "first 500" (the whole lists are ~270,000 areas and ~10,000 units at 100k)
    "coverageGaps (the root, first 500)": (
        "query($a: ID, $d: String) { coverageGaps(withinAreaId: $a, domain: $d, first: 500) { id } }",
        lambda rng, d: {"a": d["root"], "d": "医疗"}),
    "isolatedUnits (first 500)": ("{ isolatedUnits(first: 500) { id } }", lambda rng, d: {}),
}

# The peer (PostgreSQL 15 + PostGraphile v5) at 20k, p50 over HTTP in ms, from issue 13.
PEER_MS = {
    "units with organizations and members": 11.9,
    "alliance members and their alliances": 3.5,
    "area tree three levels down": 3.7,
    "accessibleResources (a unit)": 4.9,
    "coverageGaps (a district/township)": 4.9,
    "coverageSummary (a district/township)": 5.3,
    "topConnectors (first 10)": 213.0,
    "connectionPath (a pair of units)": 26.0,
}
PEER_SEED_S = 2.6
PEER_RATE, PEER_P99 = 56.0, 1400.0


@dataclass
class Size:
    units: int
    rows: int = 0
    fresh: Measured = field(default_factory=lambda: Measured(0.0, 0, ""))
    reseed: Measured | None = None
    bare_copy_s: float = 0.0
    timings: dict[str, Timing] = field(default_factory=dict)
    load: Load | None = None
    exact: exact.Outcome | None = None
    server_log: str = ""  # its end, when a request failed


def ids(folder: Path, name: str, kinds: tuple[str, ...] = ()) -> list[str]:
    with open(folder / f"{name}.csv", encoding="utf-8", newline="") as f:
        return [row["id"] for row in csv.DictReader(f) if not kinds or row["kind"] in kinds]


def arguments(folder: Path) -> dict[str, Any]:
    """What the queries draw their arguments from (the keys of api_bench's NESTED, plus areas below
    the province and the root)."""
    data: dict[str, Any] = {name: ids(folder, name) for name in ("units", "alliances", "areas", "organizations", "services")}
    data["low_areas"] = ids(folder, "areas", ("DISTRICT", "TOWNSHIP"))
    (data["root"],) = ids(folder, "areas", ("PROVINCE",))
    return data


def bare_copy_seconds(folder: str, db: str) -> float:
    """Runs in a child process: validating holds the whole batch in memory, which must not count
    against this process or the next measurement."""
    import asyncio

    from bench.seed_bench import bare_copy
    from seed.validate import KnownGraph, build_batch

    result = build_batch(Path(folder), KnownGraph())
    return asyncio.run(bare_copy(result.batch, Path(db)))


def folder_for(units: int, data: Path | None, scratch: Path) -> Path:
    name = f"g{units // 1000}k" if units % 1000 == 0 else f"g{units}"
    folder = (data or scratch) / name
    if not (folder / "units.csv").exists():
        log(f"generating {folder}")
        run_measured(lianjian_args("generate", str(folder), "--units", str(units)), lianjian_env(scratch / "unused.lbug"))
    return folder


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def measure(units: int, opts: argparse.Namespace, scratch: Path) -> Size:
    size = Size(units)
    folder = folder_for(units, opts.data, scratch)
    stores = scratch / f"stores{units}"
    stores.mkdir()
    spawn = multiprocessing.get_context("spawn")
    with concurrent.futures.ProcessPoolExecutor(max_workers=1, mp_context=spawn) as pool:
        size.bare_copy_s = pool.submit(bare_copy_seconds, str(folder), str(stores / "bare.lbug")).result()
    log(f"{units}: bare COPY {size.bare_copy_s:.1f} s")
    db = stores / "seed.lbug"
    size.fresh = run_measured(lianjian_args("seed", str(folder)), lianjian_env(db))
    size.rows = int(size.fresh.stdout.strip().splitlines()[-1].split()[0])
    log(f"{units}: fresh seed {size.fresh.seconds:.1f} s, {size.rows} rows")
    if not opts.skip_reseed:
        size.reseed = run_measured(lianjian_args("seed", str(folder)), lianjian_env(db))
        log(f"{units}: re-seed {size.reseed.seconds:.1f} s")
    data = arguments(folder)
    server_log = stores / "serve.log"
    with served(db, server_log, "--anonymous-role", "editor") as url:
        for suite, rounds in ((NESTED, opts.rounds), (POINT, opts.rounds), (WHOLE, opts.whole_rounds or opts.rounds)):
            for name, query in suite.items():
                timing = size.timings[name] = time_query(url, query, data, rounds)
                log(f"{units}: {name}: p50 {timing.p(0.5):.1f} ms, p95 {timing.p(0.95):.1f} ms,"
                    f" {len(timing.errors)} errors")
        size.load = run_mixed_load(url, (NESTED, POINT), data, opts.clients, opts.duration)
        log(f"{units}: {opts.clients} clients {size.load.rate:.1f} req/s")
        if opts.exact:
            size.exact = exact.compare(url, folder, data, opts.exact)
            log(f"{units}: exact check done")
    if any(t.errors for t in size.timings.values()) or (size.load and size.load.errors):
        size.server_log = log_tail(server_log)
    shutil.rmtree(stores)
    return size


def mark(ok: bool) -> str:
    return "✓" if ok else "✗"


class Table:
    def __init__(self, sizes: list[Size]) -> None:
        self.sizes = sizes
        units = [s.units for s in sizes]
        self.big = 100000 if 100000 in units else max(units)  # where the latency goals apply
        self.small = 20000 if 20000 in units else min(units)  # where the throughput and peer goals apply
        self.lines: list[str] = []

    def row(self, what: str, cells: list[str], growth: str = "", peer: str = "") -> None:
        self.lines.append(f"{what:46s}" + "".join(f" {c:>27s}" for c in cells) + f" {growth:>22s} {peer:>13s}")

    def heading(self, text: str) -> None:
        self.lines.append(text)

    def seeding(self) -> None:
        first, last = self.sizes[0], self.sizes[-1]
        self.row("rows", [f"{s.rows:,}" for s in self.sizes], f"{last.rows / first.rows:.2f}×")
        self.row("bare COPY s", [f"{s.bare_copy_s:.1f}" for s in self.sizes])
        self.row("fresh seed s (≤ 2× bare COPY)",
                 [f"{s.fresh.seconds:.1f} ({s.fresh.seconds / s.bare_copy_s:.1f}× {mark(s.fresh.seconds <= 2 * s.bare_copy_s)})"
                  for s in self.sizes], f"{last.fresh.seconds / first.fresh.seconds:.2f}×",
                 self.peer(PEER_SEED_S, self.at_small().fresh.seconds, "s"))
        self.row("re-seed, same folder s (≤ 1.5× fresh)",
                 [f"{s.reseed.seconds:.1f} ({s.reseed.seconds / s.fresh.seconds:.1f}× "
                  f"{mark(s.reseed.seconds <= 1.5 * s.fresh.seconds)})" if s.reseed else "skipped" for s in self.sizes])
        self.row("peak RSS of the fresh seed (≤ 1.5 GiB)",
                 [f"{s.fresh.peak_rss / GIB:.2f} GiB {mark(s.fresh.peak_rss <= 1.5 * GIB)}" for s in self.sizes])
        if any(s.reseed for s in self.sizes):
            self.row("peak RSS of the re-seed (≤ 1.5 GiB)",
                     [f"{s.reseed.peak_rss / GIB:.2f} GiB {mark(s.reseed.peak_rss <= 1.5 * GIB)}" if s.reseed else "skipped"
                      for s in self.sizes])

    def at_small(self) -> Size:
        return next(s for s in self.sizes if s.units == self.small)

    @staticmethod
    def peer(peer: float, ours: float, unit: str) -> str:
        return f"{peer:g} {unit} {mark(ours <= peer)}"

    def latencies(self, names: list[str], p95_goal: float | None, growth_goal: float, answer_rule: bool) -> None:
        """p50 / p95 per size; the p95 goal marked at the big size; growth of the p50, marked when
        the goal applies (for analytic fields: only when the answer itself grew ≤ the same factor)."""
        first, last = self.sizes[0], self.sizes[-1]
        for name in names:
            cells = []
            for s in self.sizes:
                t = s.timings[name]
                cell = f"{t.p(0.5):.1f} / {t.p(0.95):.1f}" + (f" ({len(t.errors)} err)" if t.errors else "")
                if p95_goal is not None and s.units == self.big:
                    cell += f" {mark(t.p(0.95) <= p95_goal and not t.errors)}"
                cells.append(cell)
            growth = last.timings[name].p(0.5) / first.timings[name].p(0.5)
            answer = last.timings[name].mean_bytes / first.timings[name].mean_bytes
            applies = not answer_rule or answer <= growth_goal
            text = f"{growth:.2f}× {mark(growth <= growth_goal) if applies else ' '} (ans {answer:.2f}×)"
            peer = PEER_MS.get(name)
            self.row(f"  {name}", cells, text, self.peer(peer, self.at_small().timings[name].p(0.5), "ms") if peer else "")

    def throughput(self, clients: int, duration: float) -> None:
        self.heading(f"{clients} clients for {duration:g} s, half nested reads, half point fields"
                     f" (≥ 100 req/s, p99 ≤ 250 ms, no errors at {self.small // 1000}k)")

        def marked(s: Size, text: str, ok: bool) -> str:
            return f"{text} {mark(ok)}" if s.units == self.small else text

        loads = [(s, s.load) for s in self.sizes]
        ours = self.at_small().load
        assert ours is not None
        self.row("  req/s", [marked(s, f"{load.rate:.1f}", load.rate >= 100) for s, load in loads],
                 f"{loads[-1][1].rate / loads[0][1].rate:.2f}×", f"{PEER_RATE:g} req/s {mark(ours.rate > PEER_RATE)}")
        self.row("  p50 / p99 ms", [marked(s, f"{load.p(0.5):.0f} / {load.p(0.99):.0f}", load.p(0.99) <= 250)
                                    for s, load in loads], "", self.peer(PEER_P99, ours.p(0.99), "ms"))
        self.row("  errors", [marked(s, f"{sum(load.errors.values())} of {len(load.latencies)}", not load.errors)
                              for s, load in loads])

    def exactness(self, sample: int) -> None:
        self.heading(f"exact at scale: {sample} drawn arguments per point field and each whole-graph field once,"
                     " against tests/oracle.py")
        self.row("  compared / mismatches", [
            f"{s.exact.compared} / {len(s.exact.mismatches)} {mark(not s.exact.mismatches)}" if s.exact else "not run"
            for s in self.sizes])
        self.row("  skipped (network over the 5000 limit)", [str(s.exact.skipped) if s.exact else "" for s in self.sizes])


def code_under_test() -> str:
    """Which checkout the subprocesses import, and at which commit: a bench copied into another
    checkout must measure that one, not the installed package."""
    where = subprocess.run([sys.executable, "-c", "import api; print(api.__file__)"], cwd=REPO,
                           env=lianjian_env(REPO / "unused.lbug"), capture_output=True, text=True, check=True).stdout.strip()
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True, text=True).stdout.strip()
    dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=REPO,
                           capture_output=True, text=True).stdout.strip()
    return f"code: {REPO} at {commit}{' with uncommitted changes' if dirty else ''}; subprocesses import {where}"


def machine() -> str:
    """Timings are of one run on a machine others may be using: say how busy it was."""
    return f"{os.cpu_count()} cores, load average {' / '.join(f'{x:.1f}' for x in os.getloadavg())} (1/5/15 min)"


def report(sizes: list[Size], opts: argparse.Namespace, started: str) -> None:
    table = Table(sizes)
    print(code_under_test())
    print(f"{started}; at the end: {machine()}")
    table.row("what (goal)", [f"{s.units // 1000}k units" for s in sizes], "growth", "peer @20k")
    table.row("", ["" for _ in sizes], f"{sizes[-1].units // sizes[0].units}× the units")
    table.seeding()
    table.heading(f"point fields, p50 / p95 ms over HTTP, {opts.rounds} rounds "
                  f"(p95 ≤ 50 ms at {table.big // 1000}k; p50 growth ≤ 1.3× where the answer grows ≤ 1.3×)")
    table.latencies(list(POINT), 50, 1.3, answer_rule=True)
    table.heading(f"whole-graph fields, {opts.whole_rounds or opts.rounds} rounds"
                  f" (p95 ≤ 100 ms at {table.big // 1000}k; growth as above)")
    table.latencies(list(WHOLE), 100, 1.3, answer_rule=True)
    table.heading("nested reads of bench/api_bench.py (p50 growth ≤ 1.2×)")
    table.latencies(list(NESTED), None, 1.2, answer_rule=False)
    table.throughput(opts.clients, opts.duration)
    if opts.exact:
        table.exactness(opts.exact)
    print("\n".join(table.lines))
    for s in sizes:
        for line in s.exact.mismatches if s.exact else []:
            print(f"MISMATCH at {s.units // 1000}k: {line}")
        for name, timing in s.timings.items():
            if timing.errors:
                print(f"ERRORS at {s.units // 1000}k: {name}: {len(timing.errors)} requests failed,"
                      f" e.g. {timing.errors[0][:600]}")
        if s.server_log:
            print(f"server log at {s.units // 1000}k (end, without successful requests):\n{s.server_log}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--units", type=int, nargs="+", default=[20000, 100000])
    parser.add_argument("--rounds", type=int, default=30)
    parser.add_argument("--whole-rounds", type=int, metavar="N",
                        help="rounds of the whole-graph fields (default --rounds; fewer when each takes seconds)")
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--duration", type=float, default=20.0, help="seconds of the concurrent load")
    parser.add_argument("--data", type=Path, help="folder of generated data sets (DIR/g20k ...), reused or created")
    parser.add_argument("--skip-reseed", action="store_true", help="do not seed the same folder a second time")
    parser.add_argument("--exact", type=int, default=3, metavar="N",
                        help="arguments per point field compared with the oracle (0: no exact check)")
    opts = parser.parse_args()
    started = f"at the start: {machine()}"
    with tempfile.TemporaryDirectory(prefix="lianjian-scale-") as scratch:
        sizes = [measure(units, opts, Path(scratch)) for units in sorted(opts.units)]
    report(sizes, opts, started)


if __name__ == "__main__":
    main()
