"""Schema-driven fuzzing with hypothesis-graphql against `lianjian serve` on the demo data:
valid and invalid queries and mutations (positive and negative modes), sent as an anonymous
caller, a viewer, an editor and an admin. Whatever arrives, the answer is JSON with a 2xx or 4xx
status, and never an INTERNAL error or a traceback.

A second strategy draws the demo's real ids and well-formed values, so that mutations succeed and
every write path runs; afterwards the store, reopened, still holds its invariants
(tests/invariants.py). The number of examples is bounded so the module takes about a minute.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import graphql
import httpx
import pytest
from hypothesis import HealthCheck, given, settings, strategies as st
from hypothesis_graphql import Mode, mutations, queries

from api.schema import build_schema
from api.settings import ServerSettings, store_settings
from graph.config import create_store
from tests.conftest import DEMO
from tests.invariants import baseline, broken_invariants
from tests.serving import cli, served

SCHEMA = build_schema(ServerSettings())._schema
ROLES = ("anonymous", "viewer", "editor", "admin")
EXAMPLES = 12  # per mode, operation and role: 16 runs
VALID_EXAMPLES = 150
FUZZ = settings(max_examples=EXAMPLES, deadline=None, database=None, derandomize=True,
                suppress_health_check=list(HealthCheck))

_text = st.text(alphabet="党建联建单位ab1- ", min_size=1, max_size=12)
SCALARS = {
    "Date": st.dates().map(lambda d: graphql.StringValueNode(value=d.isoformat())),
    "JSON": _text.map(lambda t: graphql.StringValueNode(value=t)),
}


@dataclass
class Server:
    url: str
    headers: dict[str, dict[str, str]]  # role -> request headers

    def post(self, role: str, query: str) -> httpx.Response:
        return httpx.post(f"{self.url}/graphql", json={"query": query}, headers=self.headers[role], timeout=60)


def _keys(env: dict[str, str]) -> dict[str, dict[str, str]]:
    headers: dict[str, dict[str, str]] = {"anonymous": {}}
    for role in ROLES[1:]:
        headers[role] = {"Authorization": f"Bearer {cli('keys', 'create', '--role', role, '--name', 'fuzz', env=env)}"}
    return headers


def _environment(db: Path) -> dict[str, str]:
    env = {**os.environ, "LIANJIAN_BACKEND": "embedded", "LIANJIAN_DB_PATH": str(db),
           "LIANJIAN_QUERY_TIMEOUT_MS": "5000"}
    cli("seed", str(DEMO), "--replace", env=env)
    return env


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    env = _environment(tmp_path_factory.mktemp("fuzz") / "db.lbug")
    headers = _keys(env)
    with served("--no-demo", env=env) as url:
        yield Server(url, headers)


def assert_sound(response: httpx.Response) -> dict[str, Any]:
    """A 2xx or 4xx JSON answer without INTERNAL or a traceback; the answer."""
    assert response.status_code < 500, (response.status_code, response.text)
    assert response.headers["content-type"].startswith("application/json"), response.text
    assert "Traceback" not in response.text, response.text
    body = json.loads(response.content)
    codes = [error.get("extensions", {}).get("code") for error in body.get("errors") or ()]
    assert "INTERNAL" not in codes, body
    return body


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("mode", [Mode.POSITIVE, Mode.NEGATIVE], ids=["valid", "invalid"])
@pytest.mark.parametrize("operations", [queries, mutations], ids=["queries", "mutations"])
def test_whatever_is_sent_is_answered_without_internal_errors(server: Server, operations: Any, mode: Mode,
                                                               role: str) -> None:
    @FUZZ
    @given(operations(SCHEMA, mode=mode, custom_scalars=SCALARS))
    def sent(query: str) -> None:
        assert_sound(server.post(role, query))

    sent()


def _valid(name: str, real: dict[str, list[str]]) -> st.SearchStrategy[str]:
    """One mutation `name` whose ids are mostly those of its own label (the node it changes), else
    any real id or a fresh one (what a create needs), and whose strings are enum values, dates or text."""
    label = next((label for label in real if name.endswith(label)), None)
    every = sorted(i for ids in real.values() for i in ids)
    own = st.sampled_from(real[label]) if label and not name.startswith("create") else st.sampled_from(every)
    ids = st.one_of(own, own, st.sampled_from(every), _text.map(lambda t: f"fz-{t}"))
    scalars = {**SCALARS, "ID": _string(ids),
               "String": _string(st.one_of(st.sampled_from(_vocabulary()), st.dates().map(str), _text))}
    return mutations(SCHEMA, fields=[name], custom_scalars=scalars, allow_null=False, allow_x00=False)


def _ids(server: Server) -> dict[str, list[str]]:
    """Every id of the demo data, read through the API."""
    fields = ("areas", "units", "organizations", "members", "brands", "alliances", "resources", "services")
    query = "{ " + " ".join(f"{f}(first: 500) {{ edges {{ node {{ id }} }} }}" for f in fields) + " }"
    body = assert_sound(server.post("admin", query))
    assert "errors" not in body, body
    data = body["data"]
    return {_label(f): [edge["node"]["id"] for edge in data[f]["edges"]] for f in fields}


def _label(field: str) -> str:
    return {"areas": "Area", "units": "Unit", "organizations": "Organization", "members": "Member",
            "brands": "Brand", "alliances": "Alliance", "resources": "Resource", "services": "Service"}[field]


def _string(values: st.SearchStrategy[str]) -> st.SearchStrategy[graphql.ValueNode]:
    return values.map(lambda v: graphql.StringValueNode(value=v))


def _vocabulary() -> list[str]:
    """The values the String inputs that name a kind, status or role take: every enum value."""
    return sorted({value for kind in SCHEMA.type_map.values() if isinstance(kind, graphql.GraphQLEnumType)
                   and not kind.name.startswith("__") for value in kind.values})


def _writes() -> list[str]:
    """The mutations that change the graph (seedCsv has its own tests: its input is files; API keys
    are not part of the graph)."""
    mutation = SCHEMA.mutation_type
    assert mutation is not None
    return sorted(name for name in mutation.fields if name != "seedCsv" and not name.endswith("ApiKey"))


def test_valid_mutations_reach_the_write_paths_and_keep_the_invariants(tmp_path: Path) -> None:
    import asyncio

    db = tmp_path / "db.lbug"
    env = _environment(db)
    headers = _keys(env)
    store_config = store_settings(backend="embedded", db_path=db)

    async def measured() -> Any:
        store = create_store(store_config)
        await store.open()
        try:
            return await baseline(store)
        finally:
            await store.close()

    before = asyncio.run(measured())
    answered: list[str] = []
    with served("--no-demo", env=env) as url:
        live = Server(url, headers)
        real = _ids(live)
        strategy = st.sampled_from(_writes()).flatmap(lambda name: _valid(name, real))

        @settings(max_examples=VALID_EXAMPLES, deadline=None, database=None, derandomize=True,
                  suppress_health_check=list(HealthCheck))
        @given(strategy)
        def changed(query: str) -> None:
            body = assert_sound(live.post("admin", query))
            if not body.get("errors"):
                answered.append(query.split("(", 1)[0].split()[-1])

        changed()

    async def checked() -> list[str]:
        store = create_store(store_config)
        await store.open()
        try:
            return await broken_invariants(store, before)
        finally:
            await store.close()

    assert asyncio.run(checked()) == []
    kinds = set(answered)
    assert len(answered) >= 5, answered  # most drawn values are refused (a kind of the wrong type …)
    assert {k[:6] for k in kinds} >= {"create", "update", "delete"}, kinds
