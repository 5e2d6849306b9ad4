"""Pinyin keys of names, computed when a name is written and stored beside it (graph/model.py
NAME_KEYS), so search matches `putuo` and `pt` to 普陀 and lists can sort in 拼音序 without
converting every name on every read.

Keys are lower case without spaces: `name_pinyin` is the toneless full pinyin (普陀区 ->
putuoqu), `name_initials` the first letter of each syllable (ptq). Characters that are not Han
(digits, Latin) stay as they are in both, so 第1单位 -> di1danwei / d1dw.
"""

from __future__ import annotations

import pyarrow as pa
from pypinyin import Style, lazy_pinyin

from graph.model import NAME_KEYS


def normalised(text: str) -> str:
    """The form keys and search text are compared in."""
    return "".join(text.split()).lower()


def pinyin_key(name: str) -> str:
    return normalised("".join(lazy_pinyin(name)))


def initials_key(name: str) -> str:
    return normalised("".join(lazy_pinyin(name, style=Style.FIRST_LETTER)))


def with_name_keys(table: pa.Table) -> pa.Table:
    """Node rows with their name keys appended (null where the name is), in NAME_KEYS order."""
    names = table.column("name").to_pylist()
    keys = {"name_pinyin": pinyin_key, "name_initials": initials_key}
    for column in NAME_KEYS:
        values = [None if name is None else keys[column](name) for name in names]
        table = table.append_column(pa.field(column, pa.string()), pa.array(values, pa.string()))
    return table
