"""The search box: one text against the names of several labels, ranked.

A name matches when it contains the text, or its pinyin keys (graph/namekeys.py) contain the
text's normalised form, so 普陀, `putuo` and `pt` all find 普陀区. Hits rank by tier (the best of
the three comparisons: exact, then prefix, then substring), then in 拼音序 by the stored
`name_pinyin`, then by label and id, so equal answers come back in one order on both stores.

The named query `search` does the matching and cuts each label's candidates to its best `first`
in the same order, so a text as common as 单位 sends at most `first` rows per label; `ranked`
merges the labels. (A full scan of the names per query, measured by bench/search_bench.py.)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from graph.namekeys import normalised

TIERS = ("EXACT", "PREFIX", "SUBSTRING")  # tier number -> its name, best first
MAX_FIRST = 100


@dataclass(frozen=True)
class SearchHit:
    label: str
    id: str
    tier: str  # one of TIERS


def search_params(text: str, labels: list[str], first: int) -> dict[str, Any] | None:
    """The named query's parameters, or None when the text has nothing to match."""
    key = normalised(text)
    if not key or not labels or first <= 0:
        return None
    return {"text": text.strip(), "key": key, "labels": list(labels), "first": first}


def ranked(rows: list[dict[str, Any]], first: int) -> list[SearchHit]:
    """The best `first` of every label's candidates (rows of the `search` query)."""
    rows = sorted(rows, key=lambda r: (r["tier"], r["pinyin"] or "", r["label"], r["id"]))
    return [SearchHit(r["label"], r["id"], TIERS[r["tier"]]) for r in rows[:first]]
