"""Nested fields are batched: the store round trips of one request grow with the depth of the
query, never with the number of rows."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from seed.generate import write_synthetic
from tests.conftest import BACKENDS, graphql_client, open_seeded_store

NESTED = """query($first: Int!) { units(first: $first) { edges { node { id
    organizations { id members { id organization { id } } }
    alliances { role alliance { id members { unit { id area { id } } } } } } } } }"""


async def trips_by_page_size(backend: str, tmp_path: Path, query: str,
                             reached: Callable[[dict[str, Any], int], None]) -> dict[int, int]:
    """The store round trips of `query` for pages of 200 and 400 units of a generated graph;
    `reached` checks each answer really went deep (a query that stops early proves nothing)."""
    folder = tmp_path / "csv"
    write_synthetic(folder, units=600, seed=3)
    store = await open_seeded_store(backend, tmp_path / "db.lbug", folder)
    try:
        async with graphql_client(store) as client:
            trips = {}
            await store.fan_out()  # the cost limit's one-time read, not the query's
            for first in (200, 400):
                before = store.round_trips
                data = await client.data(query, first=first)
                trips[first] = store.round_trips - before
                reached(data, first)
            return trips
    finally:
        await store.close()


def _nested_reached(data: dict[str, Any], first: int) -> None:
    edges = data["units"]["edges"]
    assert len(edges) == first
    members = sum(len(o["members"]) for e in edges for o in e["node"]["organizations"])
    assert members > first, "the query must really reach many rows at depth three"


@pytest.mark.parametrize("backend", BACKENDS)
async def test_round_trips_do_not_grow_with_rows(backend: str, tmp_path: Path) -> None:
    trips = await trips_by_page_size(backend, tmp_path, NESTED, _nested_reached)
    assert trips[200] == trips[400], trips
    assert trips[400] <= 8, trips


CONNECTIONS = """query($first: Int!) { units(first: $first) { edges { node { id
    organizationsConnection(first: 5) { totalCount edges { node { id
        membersConnection(first: 3, filter: {status: FULL}) { totalCount edges { node { id organization { id } } } } } } }
    alliancesConnection { edges { role node { id membersConnection(first: 2) { totalCount edges { since node { id } } } } } }
} } } }"""


def _connections_reached(data: dict[str, Any], first: int) -> None:
    units = [e["node"] for e in data["units"]["edges"]]
    members = [m for u in units for o in u["organizationsConnection"]["edges"]
               for m in o["node"]["membersConnection"]["edges"]]
    assert len(members) > first, "the query must really reach many rows at depth three"
    partners = [m for u in units for a in u["alliancesConnection"]["edges"]
                for m in a["node"]["membersConnection"]["edges"]]
    assert partners, "and through the alliances"


@pytest.mark.parametrize("backend", BACKENDS)
async def test_connection_round_trips_do_not_grow_with_rows(backend: str, tmp_path: Path) -> None:
    """Each connection level costs two round trips (its neighbours' ids, then its pages' nodes)."""
    trips = await trips_by_page_size(backend, tmp_path, CONNECTIONS, _connections_reached)
    assert trips[200] == trips[400], trips
    assert trips[400] <= 10, trips
