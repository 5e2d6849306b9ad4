"""An in-memory index of one label's names and pinyin keys, for the embedded store's search box.

Why: LadybugDB has no substring index, and scanning the names of a province (300,000 areas,
230,000 organizations, 100,000 units: three CONTAINS tests each) took 0.5-2.5 s per search at 100k
units (bench/search_bench.py), against a goal of 30 ms. Here each key column is one string, the
label's entries joined by NUL in the search order (拼音序, then id), scanned by `str.find` at C
speed; as the entries lie in rank order, the first `first` entries a scan meets are the best of
their tier, so a text matching 100,000 names stops after `first` of them. Exact matches are a dict
lookup.

The embedded store builds an index from the store on the first search of its label and drops it
when a write touches the label (graph/embedded.py); Neo4j answers from the `search` query, since
other processes may write to it.
"""

from __future__ import annotations

import heapq
from bisect import bisect_left, bisect_right
from typing import Any

from graph.model import LABELS
from graph.search import Candidate

SEP = "\x00"
# the named writes that change a label's names (clear_all empties every label)
NAME_WRITES: dict[str, tuple[str, ...]] = {
    f"{verb}_{label.lower()}{suffix}": (label,)
    for label in LABELS for verb, suffix in (("create", ""), ("create", "_rows"), ("update", ""), ("delete", ""))
} | {f"set_name_keys_{label.lower()}{suffix}": (label,) for label in LABELS for suffix in ("", "_rows")} | {
    "clear_all": LABELS}


class _Column:
    """One key of every entry, packed as NUL + v0 + NUL + v1 ... + NUL."""

    def __init__(self, values: list[str]) -> None:
        self.starts: list[int] = []
        at = 1
        self.exact: dict[str, list[int]] = {}
        for entry, value in enumerate(values):
            self.starts.append(at)
            at += len(value) + 1
            self.exact.setdefault(value, []).append(entry)
        self.packed = SEP + SEP.join(values) + SEP
        self._ordered = sorted(self.exact)  # the distinct values, to count a prefix's entries

    def matches(self, needle: str, first: int) -> tuple[list[int], list[int], list[int]]:
        """The first `first` entries, in order, equal to / starting with / containing `needle`."""
        if not needle or SEP in needle:
            return [], [], []
        exact = self.exact.get(needle, [])[:first]
        prefix = self._prefixed(needle, first + len(exact))
        inside = self._scan(needle, 0, first, set(prefix)) if len(prefix) < first + len(exact) else []
        return exact, prefix, inside

    def _prefixed(self, needle: str, first: int) -> list[int]:
        """Few values starting with `needle` are read from the sorted values (no scan); many, by a
        scan that stops after `first` of them."""
        low = bisect_left(self._ordered, needle)
        high = bisect_left(self._ordered, needle + "\U0010ffff", low)
        if high - low > first:
            return self._scan(SEP + needle, 1, first, set())
        return sorted(e for value in self._ordered[low:high] for e in self.exact[value])[:first]

    def _scan(self, pattern: str, shift: int, first: int, skip: set[int]) -> list[int]:
        """The first `first` entries holding `pattern` (not in `skip`), in order; `shift`: where
        the entry's value starts in the pattern (1 past a leading NUL). When `skip` holds every
        entry starting with the needle, the rest contain it only inside."""
        found: list[int] = []
        starts, packed = self.starts, self.packed
        at = packed.find(pattern)
        while at != -1 and len(found) < first:
            entry = bisect_right(starts, at + shift) - 1
            if entry not in skip:
                found.append(entry)
            at = packed.find(pattern, starts[entry + 1] - shift) if entry + 1 < len(starts) else -1
        return found


class NameIndex:
    def __init__(self, label: str, rows: list[dict[str, Any]]) -> None:
        """`rows`: every node of the label as `id`, `name`, `pinyin`, `initials`."""
        self.label = label
        entries = sorted((r["pinyin"] or "", r["id"], r["name"] or "", r["initials"] or "") for r in rows)
        self.ids = [e[1] for e in entries]
        self.pinyin = [e[0] for e in entries]
        self._name, self._pinyin, self._initials = (_Column([e[i] for e in entries]) for i in (2, 0, 3))

    def best(self, text: str, key: str, first: int) -> list[Candidate]:
        """Up to `first` hits, best first, as graph/search.py ranks them."""
        found: list[Candidate] = []
        taken: set[int] = set()
        streams = (self._name.matches(text, first), self._pinyin.matches(key, first),
                   self._initials.matches(key, first))
        for tier in range(3):
            for entry in heapq.merge(*(stream[tier] for stream in streams)):
                if len(found) == first:
                    return found
                if entry not in taken:
                    taken.add(entry)
                    found.append((tier, self.pinyin[entry], self.label, self.ids[entry]))
        return found
