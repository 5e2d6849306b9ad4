"""Every Neo4j query passes Neo4j's own linter (npm @neo4j-cypher/language-support) with no error
and no warning, given the labels, relationship types, property keys and parameters we declare.

The linter is installed by this test from tools/cypher-lint/package-lock.json (`npm ci`)."""

from __future__ import annotations

import json
import subprocess
from typing import Any

import pytest

from graph import queries
from graph.batch import EDGE_ENDS
from graph.model import LABELS, RELATIONSHIPS, RELATIONSHIP_TYPES, SYSTEM_PROPERTIES, property_keys
from tests.conftest import REPO
from tests.npm import npm_ci

LINT_DIR = REPO / "tools" / "cypher-lint"


def declared_schema() -> dict[str, Any]:
    return {
        "labels": [*LABELS, *SYSTEM_PROPERTIES],
        "relationshipTypes": list(RELATIONSHIP_TYPES),
        "propertyKeys": property_keys() + list(EDGE_ENDS),  # row.source / row.target of bulk writes
        "graphSchema": [{"from": r.source, "to": r.target, "relType": r.type} for r in RELATIONSHIPS],
    }


@pytest.fixture(scope="session")
def linter() -> Any:
    npm_ci(LINT_DIR)

    def lint(items: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
        payload = json.dumps({"schema": declared_schema(), "queries": items})
        done = subprocess.run(["node", "lint.mjs"], cwd=LINT_DIR, input=payload, capture_output=True, text=True,
                              check=True)
        return {r["name"]: r["diagnostics"] for r in json.loads(done.stdout)}

    return lint


def _items(query: queries.NamedQuery) -> list[dict[str, Any]]:
    params = {p: None for p in query.params}
    statements = query.statements() if query.name == "schema" else [query.text]
    return [{"name": f"{query.name}#{i}", "text": s, "parameters": params} for i, s in enumerate(statements)]


@pytest.fixture(scope="session")
def all_diagnostics(linter: Any) -> dict[str, list[dict[str, Any]]]:
    items = [item for name in queries.names("neo4j") for item in _items(queries.load("neo4j", name))]
    return linter(items)


@pytest.mark.parametrize("name", queries.names("neo4j"))
def test_neo4j_query_passes_the_linter(name: str, all_diagnostics: dict[str, list[dict[str, Any]]]) -> None:
    found = {key: diags for key, diags in all_diagnostics.items() if key.split("#")[0] == name and diags}
    assert not found, json.dumps(found, ensure_ascii=False, indent=1)


@pytest.mark.parametrize(("text", "expected"), [
    ("MATCH (n:Nowhere) RETURN n", "Label Nowhere"),
    ("MATCH (:Unit)-[:LIKES]->(b:Unit) RETURN b", "LIKES"),
    ("MATCH (n:Unit) RETURN n.colour", "colour"),
    ("MATCH (n:Unit {id: $undeclared}) RETURN n", "$undeclared"),
    ("MATCH (n:Unit RETURN n", ""),
])
def test_the_linter_catches_what_it_should(linter: Any, text: str, expected: str) -> None:
    diagnostics = linter([{"name": "probe", "text": text, "parameters": {}}])["probe"]
    assert diagnostics, f"no diagnostic for {text!r}"
    assert expected in " ".join(d["message"] for d in diagnostics)
