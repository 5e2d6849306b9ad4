"""What a large load changes, told apart from what the store already holds, on Arrow tables.

Re-seeding a folder mostly writes what is already there; comparing whole rows in Arrow (one read
of each table) costs a fraction of rewriting them, so only the rows that differ are written.
"""

from __future__ import annotations

import pyarrow as pa
import pyarrow.compute as pc

NULL = "\x00"  # stands for a missing value: distinct from an empty string or an empty list
ITEM, FIELD = "\x1e", "\x1f"


def _text(values: pa.Array | pa.ChunkedArray) -> pa.Array | pa.ChunkedArray:
    if pa.types.is_list(values.type) or pa.types.is_large_list(values.type):
        values = pc.binary_join(values.cast(pa.list_(pa.string())), ITEM)
    elif not pa.types.is_string(values.type):
        values = values.cast(pa.string())
    return pc.fill_null(values, NULL)


def row_keys(table: pa.Table, columns: list[str]) -> pa.Array | pa.ChunkedArray:
    """One string per row that equals another row's exactly when every column does."""
    texts = [_text(table.column(c)) for c in columns]
    return texts[0] if len(texts) == 1 else pc.binary_join_element_wise(*texts, FIELD)


def missing_from(table: pa.Table, stored: pa.Table, columns: list[str]) -> pa.Array:
    """A mask of the rows of `table` that `stored` does not hold, comparing `columns`."""
    if stored.num_rows == 0:
        return pc.fill_null(pa.nulls(table.num_rows, pa.bool_()), True)
    return pc.invert(pc.is_in(row_keys(table, columns), value_set=row_keys(stored, columns)))


def among(values: pa.Array | pa.ChunkedArray, ids: pa.Array | pa.ChunkedArray) -> pa.Array:
    """A mask of the `values` that are in `ids`."""
    return pc.is_in(values.cast(pa.string()), value_set=ids.cast(pa.string()))


def keep(table: pa.Table, mask: pa.Array | pa.ChunkedArray) -> pa.Table:
    """`table.filter(mask)`, without copying the table when the mask keeps every row or none."""
    kept = pc.sum(mask).as_py() or 0
    if kept == table.num_rows:
        return table
    return table.slice(0, 0) if kept == 0 else table.filter(mask)
