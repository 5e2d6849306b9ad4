"""Refused changes as GraphQL errors: the row checks of seed/ word a problem for a CSV file
(`unit_id`, "not in this folder or the store"); here it is worded for the schema (`unitId`, the
node that does not exist), so a mutation's error names what the caller sent."""

from __future__ import annotations

import re

from api.errors import ApiError, BadUserInput, NotFound
from api.naming import camel
from locales import tr
from seed.changes import ChangeRefused, NotThere
from seed.messages import SeedMessage
from seed.nouns import label_noun
from seed.rowschema import FILES_BY_NAME

COLUMNS = re.compile(r"\b(" + "|".join(sorted({c.name for spec in FILES_BY_NAME.values() for c in spec.columns if "_" in c.name},
                                               key=len, reverse=True)) + r")\b")


def worded(problem: SeedMessage) -> str:
    field = camel(problem.column)
    if problem.unknown is not None:
        label, id_ = problem.unknown
        return tr("{field}: no {label} with id {id!r}", field=field, label=label_noun(label), id=id_)
    return tr("{field}: {message}", field=field, message=COLUMNS.sub(lambda found: camel(found.group()), problem.message))


def api_error(refusal: ChangeRefused, not_there: bool, prefix: str = "", **extensions: object) -> ApiError:
    """NOT_FOUND when the change names what is not there, BAD_USER_INPUT otherwise; a refused row
    lists every problem in `extensions.errors` ({field, message})."""
    kind = NotFound if not_there else BadUserInput
    if not refusal.problems:
        return kind(str(refusal), field=camel(refusal.column), **extensions, **refusal.details)
    problems = [{"field": camel(p.column), "message": worded(p)} for p in refusal.problems]
    return kind(prefix + problems[0]["message"], field=problems[0]["field"], errors=problems, **extensions,
                **refusal.details)


def mutation_error(refusal: ChangeRefused) -> ApiError:
    return api_error(refusal, isinstance(refusal, NotThere))
