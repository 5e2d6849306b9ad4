"""Nested fields are batched: the store round trips of one request grow with the depth of the
query, never with the number of rows."""

from __future__ import annotations

from pathlib import Path

import pytest

from seed.generate import write_synthetic
from tests.conftest import BACKENDS, graphql_client, open_seeded_store

NESTED = """query($first: Int!) { units(first: $first) { edges { node { id
    organizations { id members { id organization { id } } }
    alliances { role alliance { id members { unit { id area { id } } } } } } } } }"""


@pytest.mark.parametrize("backend", BACKENDS)
async def test_round_trips_do_not_grow_with_rows(backend: str, tmp_path: Path) -> None:
    folder = tmp_path / "csv"
    write_synthetic(folder, units=600, seed=3)
    store = await open_seeded_store(backend, tmp_path / "db.lbug", folder)
    try:
        async with graphql_client(store) as client:
            trips = {}
            await store.fan_out()  # the cost limit's one-time read, not the query's
            for first in (200, 400):
                before = store.round_trips
                data = await client.data(NESTED, first=first)
                trips[first] = store.round_trips - before
                edges = data["units"]["edges"]
                assert len(edges) == first
                members = sum(len(o["members"]) for e in edges for o in e["node"]["organizations"])
                assert members > first, "the query must really reach many rows at depth three"
            assert trips[200] == trips[400], trips
            assert trips[400] <= 8, trips
    finally:
        await store.close()


CONNECTIONS = """query($first: Int!) { units(first: $first) { edges { node { id
    organizationsConnection(first: 5) { totalCount edges { node { id
        membersConnection(first: 3, filter: {status: FULL}) { totalCount edges { node { id organization { id } } } } } } }
    alliancesConnection { edges { role node { id membersConnection(first: 2) { totalCount edges { since node { id } } } } } }
} } } }"""


@pytest.mark.parametrize("backend", BACKENDS)
async def test_connection_round_trips_do_not_grow_with_rows(backend: str, tmp_path: Path) -> None:
    """Each connection level costs two round trips (its neighbours' ids, then its pages' nodes)."""
    folder = tmp_path / "csv"
    write_synthetic(folder, units=600, seed=3)
    store = await open_seeded_store(backend, tmp_path / "db.lbug", folder)
    try:
        async with graphql_client(store) as client:
            trips = {}
            await store.fan_out()  # the cost limit's one-time read, not the query's
            for first in (200, 400):
                before = store.round_trips
                data = await client.data(CONNECTIONS, first=first)
                trips[first] = store.round_trips - before
                units = [e["node"] for e in data["units"]["edges"]]
                members = [m for u in units for o in u["organizationsConnection"]["edges"]
                           for m in o["node"]["membersConnection"]["edges"]]
                assert len(members) > first, "the query must really reach many rows at depth three"
                partners = [m for u in units for a in u["alliancesConnection"]["edges"]
                            for m in a["node"]["membersConnection"]["edges"]]
                assert partners, "and through the alliances"
            assert trips[200] == trips[400], trips
            assert trips[400] <= 10, trips
    finally:
        await store.close()
