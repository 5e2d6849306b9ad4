"""How a person's name for a seed file, a sheet or a column is matched to the row schema: without
regard to case, surrounding spaces or `-`/space for `_`, in English or in Chinese (`Units.csv`,
`单位.xlsx`, a sheet `单位`, a header `类型`); and, when nothing matches, which known name is closest,
so that a warning can say what was probably meant.
"""

from __future__ import annotations

import difflib
import re

from seed.rowschema import FILES, Column, FileSpec

SIMILAR_ENOUGH = 0.61  # difflib's ratio: `alliance` ~ `alliances` 0.94, `单位名称` ~ `单位` 0.67, `notes` ~ `units` 0.6
_SEPARATORS = re.compile(r"[\s\-]+")


def normal(name: str) -> str:
    return _SEPARATORS.sub("_", name.strip()).casefold()


_FILES: dict[str, FileSpec] = {normal(word): spec for spec in FILES for word in (spec.stem, spec.alias)}
_COLUMNS: dict[str, dict[str, Column]] = {
    spec.name: {normal(word): column for column in spec.columns for word in (column.name, column.alias)}
    for spec in FILES
}


# The sheet explaining the columns that `lianjian template` writes beside the seed sheets (Chinese,
# English): a workbook's sheet so named is no seed file and not worth a warning either.
NOTES_SHEETS = {"zh": "说明", "en": "README"}
_NOTES = {normal(name) for name in NOTES_SHEETS.values()}


def is_notes(sheet: str) -> bool:
    return normal(sheet) in _NOTES


def spec_named(stem: str) -> FileSpec | None:
    """The seed file a file (without its extension) or a sheet (`units`, `units.csv`, `单位`) is named after."""
    return _FILES.get(normal(stem).removesuffix(".csv"))


def column_named(spec: FileSpec, header: str) -> Column | None:
    """The column a header names; a trailing `*` (required, as the docs mark it) is allowed."""
    return _COLUMNS[spec.name].get(normal(header.strip().rstrip("*")))


def closest_spec(stem: str) -> FileSpec | None:
    found = _closest(stem, _FILES)
    return _FILES[found] if found else None


def closest_column(spec: FileSpec, header: str) -> Column | None:
    columns = _COLUMNS[spec.name]
    found = _closest(header.strip().rstrip("*"), columns)
    return columns[found] if found else None


def _closest(word: str, known: dict[str, object]) -> str | None:
    found = difflib.get_close_matches(normal(word), list(known), n=1, cutoff=SIMILAR_ENOUGH)
    return found[0] if found else None


def both(name: str, alias: str) -> str:
    """A name as the messages and docs give it: `units (单位)`."""
    return f"{name} ({alias})"
