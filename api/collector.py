"""The garbage collector of a serving process, set for short pauses rather than few collections.

Measured under a flood of heavy queries (bench/flood.py): the collector's full passes took
80-140 ms each, most of it walking the ~240k objects that live as long as the process (modules,
pypinyin's dictionaries, the schema), and every light request that arrived then waited for it.
Once started, those objects are frozen (left out of every pass). A heavy query makes hundreds of
thousands of short-lived objects, nearly all freed by reference counting: at CPython's default
thresholds (700, 10, 10) the collector still ran every few hundred of them and took a quarter of
the query's time (8 heavy queries 2.3 s -> 1.7 s with the thresholds below), and full passes over
what requests in flight hold stayed 50-100 ms. Young passes now come every 20,000 allocations
(~10 ms each), full ones a hundred times less often than by default; cycles are still collected.
"""

from __future__ import annotations

import gc

THRESHOLDS = (20_000, 50, 100)


def settle() -> None:
    """Called once the server listens: what exists by then lives until the process ends."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(*THRESHOLDS)
