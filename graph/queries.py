"""Named Cypher: `queries/<dialect>/<name>.cypher`, one query per file, loaded by name.

Each file opens with comment lines; one of them declares the query's parameters,
`// params: ids, first` (or `// params: none`). The store refuses a call whose parameters differ
from the declaration, and the Neo4j linter is given the same list.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

DIALECTS = ("neo4j", "embedded")
_PARAMS = re.compile(r"^//\s*params:\s*(.*)$", re.MULTILINE)


class QueryNotFound(LookupError):
    pass


@dataclass(frozen=True)
class NamedQuery:
    name: str
    dialect: str
    text: str
    params: frozenset[str]

    def statements(self) -> list[str]:
        """The statements of a multi-statement file (schema scripts), split on `;` at line end."""
        body = "\n".join(line for line in self.text.splitlines() if not line.lstrip().startswith("//"))
        return [s.strip() for s in re.split(r";\s*$", body, flags=re.MULTILINE) if s.strip()]


def _folder(dialect: str):
    if dialect not in DIALECTS:
        raise ValueError(f"unknown Cypher dialect {dialect!r}; expected one of {DIALECTS}")
    return resources.files("queries").joinpath(dialect)


def names(dialect: str) -> list[str]:
    return sorted(p.name[: -len(".cypher")] for p in _folder(dialect).iterdir() if p.name.endswith(".cypher"))


def parse_params(text: str) -> frozenset[str]:
    match = _PARAMS.search(text)
    if match is None:
        return frozenset()
    declared = match.group(1).strip()
    if declared == "none":
        return frozenset()
    return frozenset(p.strip().lstrip("$") for p in declared.split(",") if p.strip())


@cache
def load(dialect: str, name: str) -> NamedQuery:
    path = _folder(dialect).joinpath(f"{name}.cypher")
    if not path.is_file():
        raise QueryNotFound(f"no query {name!r} for dialect {dialect!r} (looked for {path})")
    text = path.read_text(encoding="utf-8")
    if _PARAMS.search(text) is None:
        raise QueryNotFound(f"query {dialect}/{name}.cypher does not declare its parameters (// params: ...)")
    return NamedQuery(name, dialect, text, parse_params(text))
