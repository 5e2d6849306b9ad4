"""ladybug 0.22 keeps finished queries' memory in the buffer pool (issue 16), shown on bare ladybug.

    .venv/bin/python bench/repro_pool_leak.py [POOL_MB]     # 1,000 generated units, default 16 MiB

The Python wrapper caches one prepared statement per connection, query text and parameter types
(`Connection._pybind_implicit_prepared_cache`), and a cached statement keeps the working memory of
its last run in the pool until it runs again or is dropped. This runs, on bare connections, the
statements a store ran for `members(first: 500)`, `units(first: 500) { organizations { members } }`
and `organizations(first: 500)`, each on the next free connection. Afterwards a one-row key lookup
fails with "The buffer pool is full" on every connection that ran a big statement (and keeps
failing), until their caches are dropped. A served store fills a 1 GiB pool this way within two
minutes of 16 clients at 100k units; see graph/embedded.py `_statement` for what it does instead.
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
from pathlib import Path

import ladybug

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from graph import queries  # noqa: E402
from graph.embedded import EmbeddedStore  # noqa: E402
from seed.generate import write_synthetic  # noqa: E402
from seed.load import seed_directory  # noqa: E402

POOL_MB = int(sys.argv[1]) if len(sys.argv) > 1 else 16


def rows(conn: ladybug.Connection, name: str, **params: object) -> list[list]:
    query = queries.load("embedded", name)
    result = conn.execute(query.text, {k: params.get(k) for k in query.params})
    found = []
    while result.has_next():
        found.append(result.get_next())
    result.close()
    return found


def attempt(conn: ladybug.Connection, name: str, **params: object) -> str:
    try:
        rows(conn, name, **params)
        return "ok"
    except RuntimeError as exc:
        return "FULL" if "buffer pool is full" in str(exc) else str(exc)[:80]


def seeded(folder: Path) -> Path:
    write_synthetic(folder / "csv", 1000, 7)

    async def seed() -> None:
        store = EmbeddedStore(folder / "db.lbug")
        await store.open()
        try:
            assert (await seed_directory(store, folder / "csv")).ok
        finally:
            await store.close()

    asyncio.run(seed())
    return folder / "db.lbug"


def main() -> None:
    with tempfile.TemporaryDirectory() as work:
        db = ladybug.Database(str(seeded(Path(work))), buffer_pool_size=POOL_MB << 20)
        conns = [ladybug.Connection(db) for _ in range(5)]
        for conn in conns:
            conn.execute("CALL var_length_extend_max_depth=1000")
        print(f"{POOL_MB} MiB pool, {len(conns)} connections")
        print("connection 1 list_member:", attempt(conns[1], "list_member", first=501))
        print("connection 2 nodes_unit:", attempt(conns[2], "nodes_unit", ids=["u000001"]))
        units = [row[0]["id"] for row in rows(conns[3], "list_unit", first=501)][:500]
        print(f"connection 3 list_unit: {len(units)} units")
        organizations = sorted({row[1]["id"] for row in rows(conns[4], "rel_unit_organizations", ids=units)})
        print(f"connection 4 rel_unit_organizations: {len(organizations)} organizations")
        print("connection 1 rel_organization_members:", attempt(conns[1], "rel_organization_members", ids=organizations))
        print("connection 3 list_organization:", attempt(conns[3], "list_organization", first=501))
        for when in ("then, a key lookup on each connection:", "and again:                            "):
            print(when, [attempt(conn, "nodes_unit", ids=["u000001"]) for conn in conns])
        for conn in conns:
            with conn._prepared_cache_lock:
                conn._pybind_implicit_prepared_cache.clear()
        print("after dropping their cached statements:", [attempt(conn, "nodes_unit", ids=["u000001"]) for conn in conns])
        for conn in conns:
            conn.close()
        db.close()


if __name__ == "__main__":
    main()
