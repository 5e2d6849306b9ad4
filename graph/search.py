"""The search box: one text against the names of several labels, ranked.

A name matches when it contains the text, or its pinyin keys (graph/namekeys.py) contain the
text's normalised form, so 普陀, `putuo` and `pt` all find 普陀区. Hits rank by tier (the best of
the three comparisons: exact, then prefix, then substring), then in 拼音序 by the stored
`name_pinyin`, then by label and id, so equal answers come back in one order on both stores.

The named query `search` does the matching and cuts each label's candidates to its best `first`
in the same order, so a text as common as 单位 sends at most `first` rows per label; `ranked`
merges the labels. That query scans every name: the embedded store answers from an in-memory
index instead (graph/name_index.py says why), with the same order.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from graph.namekeys import normalised

TIERS = ("EXACT", "PREFIX", "SUBSTRING")  # tier number -> its name, best first
MAX_FIRST = 100
NEVER = "\x00"


@dataclass(frozen=True)
class SearchHit:
    label: str
    id: str
    tier: str  # one of TIERS


def search_params(text: str, labels: list[str], first: int) -> dict[str, Any] | None:
    """The named query's parameters, or None when the text has nothing to match.

    A text of Latin letters and digits is compared with the pinyin keys only (they keep a name's
    non-Han characters, so they contain whatever such a text would find in the name); any other
    text with the names only. The comparison a text skips gets NEVER, which no name or key holds.
    """
    key = normalised(text)
    if not key or not labels or first <= 0:
        return None
    pinyin = key.isascii()
    return {"text": NEVER if pinyin else text.strip(), "key": key if pinyin else NEVER, "labels": list(labels),
            "first": first}


Candidate = tuple[int, str, str, str]  # tier, pinyin key, label, id: the order of the answer


def candidates(rows: list[dict[str, Any]]) -> list[Candidate]:
    """The rows of the `search` query as candidates."""
    return [(r["tier"], r["pinyin"] or "", r["label"], r["id"]) for r in rows]


def ranked(found: list[Candidate], first: int) -> list[SearchHit]:
    """The best `first` of every label's candidates."""
    return [SearchHit(label, id_, TIERS[tier]) for tier, _, label, id_ in sorted(found)[:first]]
