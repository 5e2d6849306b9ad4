"""An operation's variables, coerced to their declared types before anything costs or runs them.

A GraphQL String or ID is Unicode text. JSON can still carry a lone surrogate (`"\\ud800"`), which
no store can encode; such a value is refused here the way the spec refuses any variable that
cannot be coerced: as a request error naming the variable, before execution starts, so it never
reaches the store (where it failed a whole batch of lookups, valid siblings included). Literals
need no such check: the GraphQL lexer already refuses a lone surrogate in a query's text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from graphql import GraphQLError, GraphQLSchema, OperationDefinitionNode, get_variable_values

from locales import tr

_SURROGATE = re.compile("[\ud800-\udfff]")


def coerce_variables(schema: GraphQLSchema, operation: OperationDefinitionNode,
                     raw: dict[str, Any]) -> dict[str, Any] | list[GraphQLError]:
    """The coerced values (defaults filled in), or the errors that make the request invalid."""
    definitions = operation.variable_definitions or ()
    values = get_variable_values(schema, definitions, raw)
    if isinstance(values, list):
        return values
    errors = []
    for definition in definitions:
        name = definition.variable.name.value
        bad = next(_unencodable(raw[name], name), None) if name in raw else None
        if bad is not None:
            path, character = bad
            errors.append(GraphQLError(tr(
                "Variable '${name}' got invalid value at '{path}': U+{code:04X} is half of a UTF-16 "
                "surrogate pair, not a character; send the text as valid Unicode",
                name=name, path=path, code=ord(character)),
                definition, extensions={"variable": name}))
    return errors or values.coerced


def _unencodable(value: Any, path: str) -> Iterator[tuple[str, str]]:
    """(path, character) of each string in the value holding a lone surrogate. Walked with a stack:
    a value that passed coercion is as deep as its type, but a JSON value of a custom scalar
    may be as deep as the body allows."""
    stack = [(path, value)]
    while stack:
        where, item = stack.pop()
        if isinstance(item, str):
            found = _SURROGATE.search(item)
            if found:
                yield where, found.group()
        elif isinstance(item, dict):
            stack.extend((f"{where}.{key}", inner) for key, inner in item.items())
            stack.extend((where, key) for key in item)
        elif isinstance(item, list):
            stack.extend((f"{where}[{index}]", inner) for index, inner in enumerate(item))
