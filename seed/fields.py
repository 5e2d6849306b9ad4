"""Value parsers shared by CSV rows and mutation inputs, so a bad value reads the same both ways.

Each parser takes the raw text (already trimmed) and returns the stored value, or raises
FieldError with a short message naming what was expected.
"""

from __future__ import annotations

import datetime as dt
import re

from graph.model import EnumDef
from locales import tr
from seed.nouns import enum_noun

TRUE = {"true", "1", "yes", "是"}
FALSE = {"false", "0", "no", "否", ""}
# YYYY-MM-DD, and the forms a Chinese Excel writes a date cell into a CSV or a person types it as
# text: 2021/7/1, 2021-7-1, 2021.7.1, 2021年7月1日
_DATE = re.compile(r"^(\d{4})([-/.])(\d{1,2})\2(\d{1,2})$|^(\d{4})年(\d{1,2})月(\d{1,2})日$")


class FieldError(ValueError):
    pass


def text(value: str) -> str | None:
    return value or None


def required(value: str) -> str:
    if not value:
        raise FieldError(tr("required value is missing"))
    return value


def enum(value: str, definition: EnumDef) -> str | None:
    if not value:
        return None
    parsed = definition.parse(value)
    if parsed is None:
        accepted = ", ".join(f"{v} ({label})" for v, label in definition.values.items())
        raise FieldError(tr("unknown {vocabulary} {value!r}; expected one of {accepted}",
                            vocabulary=enum_noun(definition.name), value=value, accepted=accepted))
    return parsed


def date(value: str) -> str | None:
    """The date as YYYY-MM-DD."""
    if not value:
        return None
    found = _DATE.match(value)
    if found is None:
        raise FieldError(tr("not a date (expected YYYY-MM-DD, or 2021/7/1, 2021年7月1日): {value!r}", value=value))
    year, _, month, day, *chinese = found.groups()
    try:
        return dt.date(*(int(part) for part in ((year, month, day) if year else chinese))).isoformat()
    except ValueError:
        raise FieldError(tr("not a calendar date: {value!r}", value=value)) from None


def count(value: str) -> int | None:
    """A whole number that is not negative (population, capacity)."""
    if not value:
        return None
    cleaned = value.replace(",", "")
    if not cleaned.isdigit():
        raise FieldError(tr("not a whole number >= 0: {value!r}", value=value))
    return int(cleaned)


def boolean(value: str) -> bool:
    lowered = value.lower()
    if lowered in TRUE:
        return True
    if lowered in FALSE:
        return False
    raise FieldError(tr("not a boolean (true/false, 1/0, yes/no, 是/否): {value!r}", value=value))


def tags(value: str) -> list[str]:
    """A `;`-separated list: items trimmed, blanks dropped, first occurrence kept."""
    return list(dict.fromkeys(item.strip() for item in value.split(";") if item.strip()))


def to_cell(value: object) -> str:
    """The CSV cell that parses back to `value` (a stored value or a GraphQL input)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return ";".join(str(item) for item in value)
    return str(value)
