"""The store seam: the one interface the GraphQL layer and the seeder use, whatever the backend.

Callers see plain Python values only: nodes are dicts holding every property of their label
(None when unset), dates are ISO strings, lists are lists. No driver, Cypher text or dialect
crosses this line.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from graph.batch import GraphBatch

Node = dict[str, Any]
Progress = Callable[[int], None]  # called with the number of rows just written


class StoreError(Exception):
    """The store could not be reached or refused an operation; the message is safe to show."""


@dataclass
class Neighbour:
    """One neighbour of a node through a relation, with the relationship's own properties."""

    node: Node
    edge: dict[str, Any] = field(default_factory=dict)


class GraphStore(ABC):
    """Async access to the party-building graph.

    `round_trips` counts every call that reaches the database, so tests can prove that nested
    GraphQL fields are batched.
    """

    backend: str = ""

    def __init__(self) -> None:
        self.round_trips = 0

    @abstractmethod
    async def open(self) -> None:
        """Connect and create the schema if missing (idempotent)."""

    @abstractmethod
    async def close(self) -> None: ...

    @abstractmethod
    async def ping(self) -> bool:
        """Whether the store answers a trivial query now."""

    @abstractmethod
    async def nodes_by_id(self, label: str, ids: Sequence[str]) -> dict[str, Node]:
        """The nodes of `label` among `ids` (unknown ids are absent), in one round trip."""

    @abstractmethod
    async def list_nodes(
        self, label: str, filters: dict[str, Any], first: int, after: str | None
    ) -> list[Node]:
        """Up to `first` nodes matching `filters` (keys of graph.filters.LIST_FILTERS[label]),
        ordered by id, with id greater than `after` when given."""

    @abstractmethod
    async def count_nodes(self, label: str, filters: dict[str, Any]) -> int: ...

    @abstractmethod
    async def related(self, relation: str, ids: Sequence[str]) -> dict[str, list[Neighbour]]:
        """For a relation of graph.relations.RELATIONS, each id's neighbours ordered by their id.
        Every id of `ids` is a key (an empty list when it has none)."""

    @abstractmethod
    async def counts(self) -> dict[str, int]:
        """Number of nodes per label."""

    @abstractmethod
    async def existing_ids(self, label: str, ids: Sequence[str]) -> set[str]:
        """Which of `ids` are already nodes of `label` (seed references may point into the store)."""

    @abstractmethod
    async def parent_links(self, label: str) -> dict[str, str]:
        """child id -> parent id of the label's hierarchy (graph.model.HIERARCHIES), for cycle checks."""

    @abstractmethod
    async def load(self, batch: GraphBatch, replace: bool = False, progress: Progress | None = None) -> None:
        """Upsert a validated batch by id (SPEC §3); `replace` empties the store first."""
