"""What every bench script needs around `lianjian`: run a command as a measured subprocess, serve a
store on a free port, time GraphQL requests, and summarise latencies.

Commands run as `python -m api.cli` with the working directory and PYTHONPATH set to the checkout
this file belongs to, so a bench copied into another checkout measures that checkout's code.
"""

from __future__ import annotations

import asyncio
import collections
import itertools
import math
import os
import random
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

REPO = Path(__file__).resolve().parent.parent

Query = tuple[str, Callable[..., dict[str, Any]]]


def lianjian_env(db: Path, **extra: str) -> dict[str, str]:
    """The environment of a subprocess that must import this checkout, whatever is installed."""
    path = os.pathsep.join(p for p in (str(REPO), os.environ.get("PYTHONPATH", "")) if p)
    return {**os.environ, "PYTHONPATH": path, "LIANJIAN_BACKEND": "embedded", "LIANJIAN_DB_PATH": str(db), **extra}


@dataclass
class Measured:
    seconds: float
    peak_rss: int  # bytes, of the process and any children it waited for
    stdout: str


def run_measured(args: list[str], env: dict[str, str]) -> Measured:
    """Wall time and peak RSS of one child process (`os.wait4` reports that child's own rusage,
    unlike RUSAGE_CHILDREN, which keeps the maximum over every child ever waited for)."""
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        started = time.perf_counter()
        process = subprocess.Popen(args, cwd=REPO, env=env, stdout=out, stderr=err, text=True)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        if process.returncode != 0:
            raise SystemExit(f"{' '.join(args)} failed ({process.returncode}):\n{err.read()[-4000:]}")
        return Measured(seconds, usage.ru_maxrss * 1024, out.read())


def lianjian_args(*args: str) -> list[str]:
    return [sys.executable, "-m", "api.cli", *args]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_healthy(port: int, process: subprocess.Popen | None = None, timeout: float = 900,
                 log: Path | None = None) -> None:
    """Until `lianjian serve` on `port` answers /health (opening a store may first bring its derived
    facts up to date); stops early when the process has exited."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise SystemExit(f"lianjian serve exited with {process.returncode}" + (f":\n{log_tail(log)}" if log else ""))
        try:
            if httpx.get(f"http://127.0.0.1:{port}/health", timeout=5).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    raise SystemExit("lianjian serve did not come up")


@contextmanager
def served(db: Path, log: Path, *args: str, timeout: float = 900) -> Iterator[str]:
    """`lianjian serve` over `db` until the block ends, its output in `log` (a pipe nobody reads
    would fill up and stall the server); yields its base URL once /health answers (opening a
    store may first bring derived facts up to date, hence the long timeout)."""
    port = free_port()
    with open(log, "w") as output:
        process = subprocess.Popen(lianjian_args("serve", "--no-demo", "--port", str(port), *args), cwd=REPO,
                                   env=lianjian_env(db), stdout=output, stderr=subprocess.STDOUT)
    try:
        wait_healthy(port, process, timeout, log)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=60)


def log_tail(log: Path, lines: int = 40) -> str:
    """The end of a server log, without the access lines of successful requests, each run of the
    same line shown once with its count."""
    kept = [line for line in log.read_text(errors="replace").splitlines() if '" 200' not in line]
    runs = [(line, len(list(same))) for line, same in itertools.groupby(kept)]
    return "\n".join(f"{line}  (×{count})" if count > 1 else line for line, count in runs[-lines:])


def percentile(ordered: list[float], q: float) -> float:
    """Nearest-rank percentile of an already sorted list."""
    return ordered[min(len(ordered) - 1, int(len(ordered) * q))]


@dataclass
class Timing:
    """Latencies and answer sizes of the requests that succeeded; the errors of the others."""

    millis: list[float] = field(default_factory=list)
    answer_bytes: list[int] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def p(self, q: float) -> float:
        return percentile(sorted(self.millis), q) if self.millis else math.nan

    @property
    def mean_bytes(self) -> float:
        return sum(self.answer_bytes) / len(self.answer_bytes) if self.answer_bytes else math.nan


class GraphQLError(Exception):
    pass


def post(client: httpx.Client, url: str, text: str, variables: dict[str, Any]) -> tuple[dict[str, Any], float, int]:
    """One request: its data, its latency in ms and the size of the answer in bytes."""
    started = time.perf_counter()
    try:
        response = client.post(f"{url}/graphql", json={"query": text, "variables": variables})
        answer = response.json()
    except (httpx.HTTPError, ValueError) as exc:
        raise GraphQLError(f"{type(exc).__name__}: {exc}") from exc
    millis = (time.perf_counter() - started) * 1000
    if response.status_code != 200 or answer.get("errors"):
        raise GraphQLError(f"{response.status_code}: {answer.get('errors', answer)}")
    return answer["data"], millis, len(response.content)


def time_query(url: str, query: Query, data: Any, rounds: int, seed: int = 42) -> Timing:
    """The query `rounds` times, one request at a time, arguments drawn by `seed`, after one
    warm-up request (not counted) so that the first plan or page-in is not timed. A failed
    request is recorded and the next one sent: one broken field must not hide the others."""
    text, make_args = query
    rng = random.Random(seed)
    timing = Timing()
    with httpx.Client(timeout=600) as client:
        for i in range(rounds + 1):
            variables = make_args(rng, data)
            try:
                _, millis, size = post(client, url, text, variables)
            except GraphQLError as exc:
                timing.errors.append(f"{variables}: {exc}")
                continue
            if i:
                timing.millis.append(millis)
                timing.answer_bytes.append(size)
    return timing


@dataclass
class Load:
    seconds: float
    by_query: dict[str, list[float]]  # sorted latencies (ms) per query name
    errors: collections.Counter[str]

    @property
    def latencies(self) -> list[float]:
        return sorted(t for timings in self.by_query.values() for t in timings)

    @property
    def rate(self) -> float:
        return len(self.latencies) / self.seconds

    def p(self, q: float) -> float:
        return percentile(self.latencies, q)


async def mixed_load(url: str, suites: tuple[dict[str, Query], ...], data: Any, clients: int, seconds: float) -> Load:
    """`clients` clients each send one request after another for `seconds`, taking the suites in
    turn (so two suites make half and half) and a random query of each; an error is a GraphQL
    error, a non-200 answer or a failed connection."""
    latencies: dict[str, list[float]] = collections.defaultdict(list)
    errors: collections.Counter[str] = collections.Counter()
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(timeout=120, limits=limits) as client:
        deadline = time.perf_counter() + seconds

        async def one_client(index: int) -> None:
            rng = random.Random(index)
            turn = index
            while time.perf_counter() < deadline:
                suite = suites[turn % len(suites)]
                turn += 1
                name = rng.choice(sorted(suite))
                text, make_args = suite[name]
                started = time.perf_counter()
                try:
                    response = await client.post(f"{url}/graphql", json={"query": text, "variables": make_args(rng, data)})
                    failed = response.status_code != 200 or bool(response.json().get("errors"))
                except httpx.HTTPError:
                    failed = True
                latencies[name].append((time.perf_counter() - started) * 1000)
                if failed:
                    errors[name] += 1

        started = time.perf_counter()
        await asyncio.gather(*(one_client(i) for i in range(clients)))
        elapsed = time.perf_counter() - started
    return Load(elapsed, {name: sorted(timings) for name, timings in latencies.items()}, errors)


def run_mixed_load(url: str, suites: tuple[dict[str, Query], ...], data: Any, clients: int, seconds: float) -> Load:
    return asyncio.run(mixed_load(url, suites, data, clients, seconds))
