"""The rules of the derived facts (graph/derived.py), computed on whole columns.

A province has 300,000 areas and 100,000 units: a loop per row would cost seconds on every seed,
so the rules work on Arrow columns and NumPy arrays, and return only the rows whose stored facts
differ. The same functions serve a whole graph, a part of one, and a batch loaded into an empty
store, so the facts mean the same whichever path wrote them.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

AREA_FACTS = pa.schema([("id", pa.string()), ("covered", pa.list_(pa.string())), ("root", pa.string())])
ANY_DOMAIN = ""  # a domain every covering service has: validation keeps real domains non-blank
UNIT_FACTS = pa.schema([("id", pa.string()), ("partners", pa.int64()), ("joined", pa.int64())])


def area_facts(areas: pa.Table, parents: pa.Table, covers: pa.Table, outside: pa.Table | None = None) -> pa.Table:
    """`covered`: the domains of the services covering an area directly or through any area above
    it, sorted, led by ANY_DOMAIN ("") so that "covered in any domain" is the same list test as
    "covered in this domain" (null when none); `root`: the top of its WITHIN chain.

    areas: `id`, stored `covered` and `root` of the areas to compute; parents: `child`, `parent` for
    those areas; covers: `area`, `domain` of the services covering them directly; outside: `id`,
    `covered`, `root` of parents outside `areas`, whose stored facts are exact (they were not touched).
    """
    outside = outside if outside is not None else AREA_FACTS.empty_table()
    covers = pa.table({"area": pa.concat_arrays([_strings(covers["area"])] * 2), "domain": pa.concat_arrays(
        [_strings(covers["domain"]), pa.array([ANY_DOMAIN] * covers.num_rows, pa.string())])})
    n = areas.num_rows
    every = pa.concat_arrays([_strings(areas["id"]), _strings(outside["id"])])
    size = len(every)
    parent = np.full(size, -1, dtype=np.int64)
    child_at, parent_at = _index(parents["child"], every), _index(parents["parent"], every)
    known = (child_at >= 0) & (parent_at >= 0) & (child_at < n)
    parent[child_at[known]] = parent_at[known]

    outside_lists = outside["covered"].combine_chunks()
    domains = pc.unique(pa.concat_arrays([
        _strings(covers["domain"]), _strings(pc.list_flatten(outside_lists)),
        _strings(pc.list_flatten(areas["covered"].combine_chunks())),
    ]).drop_null()).sort()
    covered = np.zeros((size, len(domains)), dtype=bool)
    area_at, domain_at = _index(covers["area"], every), _index(covers["domain"], domains)
    hit = (area_at >= 0) & (domain_at >= 0)
    covered[area_at[hit], domain_at[hit]] = True
    rows = pc.list_parent_indices(outside_lists).to_numpy() + n
    covered[rows, _index(pc.list_flatten(outside_lists), domains)] = True

    top, depth = _tops(parent)
    for level in range(1, int(depth.max(initial=0)) + 1):
        at = np.nonzero(depth == level)[0]
        covered[at] |= covered[parent[at]]

    outside_roots = pc.coalesce(_strings(outside["root"]), _strings(outside["id"]))
    tops = top[:n]
    roots = pc.take(pa.concat_arrays([_strings(areas["id"]), outside_roots]), pa.array(tops))
    mine = covered[:n]
    stored = np.zeros_like(mine)
    stored_lists = areas["covered"].combine_chunks()
    stored[pc.list_parent_indices(stored_lists).to_numpy(), _index(pc.list_flatten(stored_lists), domains)] = True
    changed = (mine != stored).any(axis=1) | ~pc.fill_null(pc.equal(roots, _strings(areas["root"])), False).to_numpy(
        zero_copy_only=False)
    at = np.nonzero(changed)[0]
    return pa.table([pc.take(_strings(areas["id"]), pa.array(at)), _lists(mine[at], domains),
                     pc.take(roots, pa.array(at))], schema=AREA_FACTS)


def unit_facts(units: pa.Table, joins: pa.Table, members: pa.Table) -> pa.Table:
    """`joined`: the alliances a unit joins directly; `partners`: the distinct other units joining
    one of them. units: `id`, stored `partners` and `joined`; joins: `unit`, `alliance` for those
    units; members: `alliance`, `unit`, every member of those alliances."""
    ids = _strings(units["id"])
    n = len(ids)
    people = pc.unique(pa.concat_arrays([ids, _strings(members["unit"])]).drop_null())
    joiner = _index(joins["unit"], ids)
    joined = np.bincount(joiner[joiner >= 0], minlength=n)

    alliances = pc.unique(_strings(members["alliance"]).drop_null())
    member_alliance = _index(members["alliance"], alliances)
    member_unit = _index(members["unit"], people)
    order = np.argsort(member_alliance, kind="stable")
    grouped = member_unit[order]
    sizes = np.bincount(member_alliance, minlength=len(alliances))
    starts = np.concatenate(([0], np.cumsum(sizes)[:-1]))

    join_alliance = _index(joins["alliance"], alliances)
    ok = (joiner >= 0) & (join_alliance >= 0)
    left_unit, left_alliance = joiner[ok], join_alliance[ok]
    counts = sizes[left_alliance]
    left = np.repeat(np.arange(len(left_unit)), counts)
    within = np.arange(int(counts.sum())) - np.repeat(np.cumsum(counts) - counts, counts)
    other = grouped[starts[left_alliance][left] + within]
    me = _index(pc.take(ids, pa.array(left_unit)), people)[left]
    keep = other != me
    pairs = np.sort(left_unit[left][keep] * len(people) + other[keep])
    pairs = pairs[np.concatenate(([True], pairs[1:] != pairs[:-1]))] if len(pairs) else pairs
    partners = np.bincount(pairs // len(people), minlength=n) if len(people) else np.zeros(n, dtype=np.int64)

    stored_partners = _ints(units["partners"])
    stored_joined = _ints(units["joined"])
    at = np.nonzero((partners != stored_partners) | (joined != stored_joined))[0]
    return pa.table([pc.take(ids, pa.array(at)), pa.array(partners[at], pa.int64()),
                     pa.array(joined[at], pa.int64())], schema=UNIT_FACTS)


def _strings(column: pa.ChunkedArray | pa.Array) -> pa.Array:
    array = column.combine_chunks() if isinstance(column, pa.ChunkedArray) else column
    return array.cast(pa.string())


def _index(values: pa.ChunkedArray | pa.Array, within: pa.Array) -> np.ndarray:
    """Each value's position in `within`, -1 when absent or null."""
    found = pc.index_in(_strings(values), value_set=within)
    return pc.fill_null(found, -1).to_numpy(zero_copy_only=False).astype(np.int64)


def _ints(column: pa.ChunkedArray) -> np.ndarray:
    """Stored counts, -1 where none was stored yet (so every real count differs)."""
    return pc.fill_null(column.combine_chunks().cast(pa.int64()), -1).to_numpy(zero_copy_only=False)


def _tops(parent: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The top of each node's parent chain and its depth below it, by pointer chasing on all nodes
    at once (validation refuses cycles; the bound only keeps a broken store from looping)."""
    top = np.arange(len(parent))
    depth = np.zeros(len(parent), dtype=np.int64)
    above = parent.copy()
    for _ in range(len(parent)):
        moving = above >= 0
        if not moving.any():
            break
        top[moving] = above[moving]
        depth[moving] += 1
        above[moving] = parent[above[moving]]
    return top, depth


def _lists(matrix: np.ndarray, domains: pa.Array) -> pa.Array:
    """Rows of a boolean matrix as lists of the domains they hold (null for an empty row)."""
    rows, cols = np.nonzero(matrix)
    counts = np.bincount(rows, minlength=len(matrix))
    offsets = pa.array(np.concatenate(([0], np.cumsum(counts))).astype(np.int32))
    lists = pa.ListArray.from_arrays(offsets, pc.take(domains, pa.array(cols)))
    return pc.if_else(pa.array(counts > 0), lists, pa.nulls(len(matrix), lists.type))
