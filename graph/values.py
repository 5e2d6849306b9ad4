"""The plain values that cross the store seam."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

Node = dict[str, Any]  # every property of the node's label, None when unset


@dataclass
class Neighbour:
    """One neighbour of a node through a relation, with the relationship's own properties."""

    node: Node
    edge: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Link:
    """A neighbour by id with the relationship's properties: a connection reads the nodes of its
    page only. `key`: its sort key when the connection is sorted (graph/ordering.py)."""

    id: str
    edge: dict[str, Any] = field(default_factory=dict)
    key: str | int | None = None
