"""GraphQL names from Python and CSV ones: `unit_ids` is `unitIds`."""

from __future__ import annotations


def camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part.title() for part in rest)
