"""Named Cypher: both dialects hold the same names with the same declared parameters, and the
generated files match what tools/gen_queries.py makes from the model."""

from __future__ import annotations

import subprocess
import sys

import pytest

from graph import queries
from graph.queries import QueryNotFound
from tests.conftest import REPO


def test_both_dialects_have_the_same_names() -> None:
    neo4j, embedded = set(queries.names("neo4j")), set(queries.names("embedded"))
    assert neo4j == embedded, f"only neo4j: {sorted(neo4j - embedded)}; only embedded: {sorted(embedded - neo4j)}"
    assert len(neo4j) > 100


@pytest.mark.parametrize("name", queries.names("neo4j"))
def test_dialects_declare_the_same_parameters(name: str) -> None:
    assert queries.load("neo4j", name).params == queries.load("embedded", name).params


@pytest.mark.parametrize("dialect", queries.DIALECTS)
def test_every_parameter_used_is_declared_and_every_declared_one_used(dialect: str) -> None:
    import re

    for name in queries.names(dialect):
        query = queries.load(dialect, name)
        body = "\n".join(line for line in query.text.splitlines() if not line.startswith("//"))
        used = set(re.findall(r"\$([A-Za-z_][A-Za-z0-9_]*)", body))
        assert used == set(query.params), f"{dialect}/{name}: uses {sorted(used)}, declares {sorted(query.params)}"


def test_generated_queries_are_in_sync_with_the_model() -> None:
    result = subprocess.run([sys.executable, str(REPO / "tools" / "gen_queries.py"), "--check"],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_unknown_query_names_are_refused() -> None:
    with pytest.raises(QueryNotFound):
        queries.load("embedded", "no_such_query")
    with pytest.raises(ValueError):
        queries.names("sqlite")
