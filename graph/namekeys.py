"""Pinyin keys of names, computed when a name is written and stored beside it (graph/model.py
NAME_KEYS), so search matches `putuo` and `pt` to 普陀 and lists sort in 拼音序 without
converting every name on every read.

Keys are lower case without spaces: `name_pinyin` is the toneless full pinyin (普陀区 ->
putuoqu), `name_initials` the first letter of each syllable (ptq). Characters that are not Han
(digits, Latin) stay as they are in both, so 第1单位 -> di1danwei / d1dw.

`name_sort` is what lists order names by: the syllables with their tones, one space apart, then
the name itself after a unit separator (安徽 -> `an1 hui1\\x1f安徽`). Syllable by syllable, as a
dictionary orders words: 安徽 (an hui) comes before 昂贵 (ang gui), which concatenated pinyin
(anhui, anggui) would put the other way; the same sound sorts by tone (妈 ma1 before 马 ma3), and
names that sound alike by the name, so equal names stay together. Punctuation does not count, and
numbers sort by value (第2党支部 before 第10党支部): their digits are padded to NUMBER_DIGITS.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pyarrow as pa
from pypinyin import Style, lazy_pinyin

from graph.model import NAME_KEYS

NOT_HAN = "\x00"  # marks the runs of a name that have no pinyin, as pypinyin hands them back
SYLLABLES = " "
NAME = "\x1f"  # below the syllable separator: a name sorts before the longer names it begins
NUMBER_DIGITS = 12
_DIGITS = re.compile(r"\d+")


@dataclass(frozen=True)
class NameKeys:
    pinyin: str
    initials: str
    sort: str


def normalised(text: str) -> str:
    """The form keys and search text are compared in."""
    return "".join(text.split()).lower()


def _sortable(run: str) -> str:
    """A run without pinyin as it sorts: its letters and digits (punctuation and symbols do not
    count, as in a dictionary: "跨山多联" sorts under k), numbers padded."""
    kept = "".join(c for c in run if c.isalnum()).lower()
    return _DIGITS.sub(lambda digits: digits.group().zfill(NUMBER_DIGITS), kept)


def name_keys(name: str) -> NameKeys:
    """All three keys from one pypinyin call (the slow part: ~25 µs a name): a Han syllable comes
    back in TONE3 (`hui1`), whose letters are the toneless pinyin and whose first letter is the
    initial; a run without pinyin comes back marked, and stays as it is."""
    pinyin, initials, sort = [], [], []
    for part in lazy_pinyin(name, style=Style.TONE3, errors=lambda run: [NOT_HAN + run]):
        if part.startswith(NOT_HAN):
            run = normalised(part[1:])
            pinyin.append(run)
            initials.append(run)
            sortable = _sortable(run)
            if sortable:
                sort.append(sortable)
        else:
            letters = part.rstrip("12345")
            pinyin.append(letters)
            initials.append(letters[:1])
            sort.append(part)
    return NameKeys("".join(pinyin), "".join(initials), SYLLABLES.join(sort) + NAME + name)


def pinyin_key(name: str) -> str:
    return name_keys(name).pinyin


def initials_key(name: str) -> str:
    return name_keys(name).initials


def with_name_keys(table: pa.Table) -> pa.Table:
    """Node rows with their name keys appended (null where the name is), in NAME_KEYS order. Each
    distinct name is converted once: a province's 1.2 million members have 13,000 names."""
    names = table.column("name").to_pylist()
    keys = {name: name_keys(name) for name in set(names) if name is not None}
    fields = {"name_pinyin": "pinyin", "name_initials": "initials", "name_sort": "sort"}
    for column in NAME_KEYS:
        values = [None if name is None else getattr(keys[name], fields[column]) for name in names]
        table = table.append_column(pa.field(column, pa.string()), pa.array(values, pa.string()))
    return table
