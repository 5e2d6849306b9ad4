"""Concurrent writes lose nothing: 50 different mutations fired at once at a running
`lianjian serve` (a subprocess, keys made with the CLI), each of them in the graph afterwards."""

from __future__ import annotations

import asyncio
import os
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.conftest import BACKENDS
from tests.seed_folders import TINY, write_folder
from tests.serving import cli, served


@pytest.fixture(params=BACKENDS)
def server(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[str, str, str]]:
    """A seeded server requiring keys; yields its URL, an editor key and an admin key."""
    env = {**os.environ, "LIANJIAN_BACKEND": request.param, "LIANJIAN_DB_PATH": str(tmp_path / "db.lbug")}
    cli("seed", str(write_folder(tmp_path / "tiny", TINY)), "--replace", env=env)
    editor = cli("keys", "create", "--role", "editor", "--name", "load test", env=env)
    admin = cli("keys", "create", "--role", "admin", "--name", "auditor", env=env)
    with served("--no-demo", "--require-auth", env=env) as url:
        yield url, editor, admin


def _mutations() -> list[str]:
    """Fifty different changes of four kinds; none depends on another."""
    units = [f'createUnit(input: {{id: "cu{i}", name: "并发单位{i}", kind: "AGENCY", areaId: "a2"}}) {{ id }}'
             for i in range(20)]
    areas = [f'createArea(input: {{id: "ca{i}", name: "并发村{i}", kind: "VILLAGE", parentId: "a3"}}) {{ id }}'
             for i in range(15)]
    members = [f'createMember(input: {{id: "cm{i}", name: "党员{i}", status: "FULL", organizationId: "o1"}}) {{ id }}'
               for i in range(12)]
    joins = [f'joinAlliance(allianceId: "al2", unitId: "{u}") {{ id }}' for u in ("u1", "u2")]
    return [*units, *areas, *members, *joins, 'updateArea(id: "a1", input: {population: 64000000}) { id }']


async def _fire(url: str, key: str, mutations: list[str]) -> list[dict]:
    headers = {"Authorization": f"Bearer {key}"}
    async with httpx.AsyncClient(base_url=url, headers=headers, timeout=120) as http:
        responses = await asyncio.gather(*(http.post("/graphql", json={"query": f"mutation {{ {m} }}"})
                                           for m in mutations))
    return [r.json() for r in responses]


async def _read(url: str, key: str, query: str) -> dict:
    async with httpx.AsyncClient(base_url=url, headers={"Authorization": f"Bearer {key}"}, timeout=60) as http:
        answer = (await http.post("/graphql", json={"query": query})).json()
    assert "errors" not in answer, answer
    return answer["data"]


async def test_fifty_concurrent_mutations_all_land(server: tuple[str, str, str]) -> None:
    url, editor, admin = server
    mutations = _mutations()
    assert len(mutations) == 50
    answers = await _fire(url, editor, mutations)
    assert [a for a in answers if "errors" in a] == []
    data = await _read(url, editor, """{
        units(first: 500, filter: {nameContains: "并发单位"}) { totalCount }
        areas(first: 500, filter: {nameContains: "并发村"}) { totalCount }
        members(first: 500, filter: {organizationId: "o1"}) { totalCount }
        alliance(id: "al2") { members { unit { id } } }
        area(id: "a1") { population } }""")
    assert data["units"]["totalCount"] == 20 and data["areas"]["totalCount"] == 15
    assert data["members"]["totalCount"] == 12
    assert {m["unit"]["id"] for m in data["alliance"]["members"]} == {"u1", "u2", "u3"}
    assert data["area"]["population"] == 64000000
    audit = await _read(url, admin, "{ auditLog(first: 60) { edges { node { operation actor ids } } } }")
    mine = [e["node"] for e in audit["auditLog"]["edges"] if e["node"]["actor"].endswith(":load test")]
    assert len(mine) == 50
    assert {n["ids"][0] for n in mine if n["operation"] == "createUnit"} == {f"cu{i}" for i in range(20)}
