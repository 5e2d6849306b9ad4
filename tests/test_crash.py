"""A crash loses nothing that was acknowledged. Ten times, `lianjian serve` gets a burst of
mutations and a seedCsv at once and is killed with SIGKILL a different moment into them; each
time the store, reopened, holds every mutation that was answered without an error, the seed's
units all or none, and the invariants of tests/invariants.py (counted with the seed when it
landed)."""

from __future__ import annotations

import asyncio
import base64
import os
import signal
import subprocess
from dataclasses import replace
from pathlib import Path

import httpx

from api.settings import store_settings
from graph.config import create_store
from tests.invariants import baseline, broken_invariants
from tests.seed_folders import TINY, write_folder
from tests.serving import LIANJIAN, REPO, _free_port, cli

ROUNDS = 10
BURST = 24
SEEDED = 2000


def _mutation(round_: int, i: int) -> tuple[str, str]:
    """(label, id) of the i-th change of a round, and its text."""
    if i % 2:
        return f"cm{round_}-{i}", (f'createMember(input: {{id: "cm{round_}-{i}", name: "党员{i}", status: "FULL", '
                                   f'organizationId: "o1"}}) {{ id }}')
    return f"cu{round_}-{i}", f'createUnit(input: {{id: "cu{round_}-{i}", name: "单位{i}", kind: "AGENCY", areaId: "a2"}}) {{ id }}'


def _seed_file(round_: int) -> str:
    rows = "".join(f"sd{round_}-{j},种子单位{j},AGENCY,DISTRICT,a2,\n" for j in range(SEEDED))
    return base64.b64encode(("id,name,kind,level,area_id,parent_id\n" + rows).encode()).decode()


async def _burst(url: str, key: str, round_: int) -> list[tuple[str, bool]]:
    """Fires the round's mutations and seed; (id, acknowledged) of each mutation."""
    headers = {"Authorization": f"Bearer {key}"}
    changes = [_mutation(round_, i) for i in range(BURST)]
    seed = {"query": "mutation($f: [CsvFileInput!]!) { seedCsv(files: $f) { loaded } }",
            "variables": {"f": [{"name": "units.csv", "base64": _seed_file(round_)}]}}

    async def one(http: httpx.AsyncClient, text: str) -> bool:
        try:
            answer = (await http.post("/graphql", json={"query": f"mutation {{ {text} }}"})).json()
        except httpx.HTTPError:
            return False
        return not answer.get("errors")

    async with httpx.AsyncClient(base_url=url, headers=headers, timeout=30) as http:
        sent = [one(http, text) for _, text in changes]
        seeding = http.post("/graphql", json=seed)
        results = await asyncio.gather(seeding, *sent, return_exceptions=True)
    return [(id_, ok is True) for (id_, _), ok in zip(changes, results[1:])]


def _serve(env: dict[str, str], port: int) -> subprocess.Popen[bytes]:
    process = subprocess.Popen([*LIANJIAN, "serve", "--no-demo", "--port", str(port)], cwd=REPO, env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    while True:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/health", timeout=1).status_code == 200:
                return process
        except httpx.TransportError:
            pass
        assert process.poll() is None, "lianjian serve exited"


async def _round(env: dict[str, str], db: Path, key: str, round_: int) -> tuple[bool, int]:
    """Whether the round's seed landed, and how many of its mutations were acknowledged."""
    settings = store_settings(backend="embedded", db_path=db)
    store = create_store(settings)
    await store.open()
    before = await baseline(store)
    await store.close()
    port = _free_port()
    process = await asyncio.to_thread(_serve, env, port)
    burst = asyncio.create_task(_burst(f"http://127.0.0.1:{port}", key, round_))
    await asyncio.sleep(0.05 + 0.12 * round_)  # a different moment into the burst each round
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    answered = await burst
    store = create_store(settings)
    await store.open()
    try:
        units = await store.existing_ids("Unit", [f"sd{round_}-{j}" for j in range(SEEDED)])
        assert len(units) in (0, SEEDED), f"round {round_}: {len(units)} of the seed's {SEEDED} units"
        acknowledged = [id_ for id_, ok in answered if ok]
        there = (await store.existing_ids("Unit", acknowledged)) | (await store.existing_ids("Member", acknowledged))
        assert set(acknowledged) <= there, f"round {round_}: lost {sorted(set(acknowledged) - there)}"
        with_seed = replace(before, counts={**before.counts, "Unit": before.counts["Unit"] + len(units)})
        assert await broken_invariants(store, with_seed) == [], f"round {round_}"
        return bool(units), len(acknowledged)
    finally:
        await store.close()


async def test_a_killed_server_loses_nothing_it_acknowledged(tmp_path: Path) -> None:
    db = tmp_path / "db.lbug"
    env = {**os.environ, "LIANJIAN_BACKEND": "embedded", "LIANJIAN_DB_PATH": str(db)}
    cli("seed", str(write_folder(tmp_path / "tiny", TINY)), "--replace", env=env)
    key = cli("keys", "create", "--role", "admin", "--name", "crash test", env=env)
    tally = [await _round(env, db, key, round_) for round_ in range(ROUNDS)]
    seeds = {landed for landed, _ in tally}
    acknowledged = [count for _, count in tally]
    assert seeds == {True, False}, f"the kills must fall before and after a seed commits: {tally}"
    assert len(set(acknowledged)) > 2 and min(acknowledged) < BURST, f"the kills must fall inside the bursts: {tally}"
