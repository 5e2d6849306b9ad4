"""Completing whole lists of objects level by level, instead of one field of one object at a time.

graphql-core completes every field of every object on its own: a path, a resolve info, Strawberry's
argument and extension wrappers and an awaitable check each time. Profiled on
`units(first: 100) { edges { node { organizations { members { id name } } } } }` that is about
14 µs per field and four fifths of the request's CPU, which made the nested reads and the
16-client load (issue 13) an order of magnitude slower than the store.

`BatchedExecutor` completes a list (or an object) whose whole selection is made of object types:
the selection is planned once per request, attribute fields are read straight from the objects,
resolver fields are called once per object and awaited together (so the request's loaders still
make one store call per level), and the children of a field are completed as one batch.

What it does not complete exactly is left to graphql-core: abstract types, `is_type_of`, directives
other than `@skip`/`@include`, lists of lists and middleware make no plan. And any failure inside a
batch (a store error, a null in a non-null position, a value a scalar refuses) hands the same list
back to graphql-core, which reports the error at its exact path; resolvers of queries are reads and
the request's loaders keep what was fetched, so that second pass makes no store round trip.

The resolvers of one batched field share one resolve info, built for the first object's path: the
resolvers here read only `info.context` (the store, the caller, the loaders).
"""

from __future__ import annotations

import asyncio
import operator
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from graphql import (
    GraphQLNamedType, GraphQLObjectType, GraphQLOutputType, GraphQLResolveInfo, is_leaf_type, is_list_type,
    is_non_null_type, is_object_type,
)
from graphql.execution.collect_fields import FieldDetailsList
from graphql.execution.executor import to_nodes
from graphql.execution.values import get_argument_values
from graphql.pyutils import Path, Undefined
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext

_PLAIN_DIRECTIVES = frozenset({"skip", "include"})
YIELD_CELLS = 2000  # values completed between two turns of the event loop (about 2-5 ms of work)


class _Unbatchable(Exception):
    """Something in a batch that graphql-core must complete itself, to report it exactly."""


@dataclass(frozen=True)
class _Shape:
    """A field's type as at most one list around a named type, with their nullability."""

    non_null: bool
    is_list: bool
    item_non_null: bool
    named: GraphQLNamedType


def _shape(type_: GraphQLOutputType) -> _Shape | None:
    non_null = is_non_null_type(type_)
    inner = type_.of_type if non_null else type_  # type: ignore[union-attr]
    if not is_list_type(inner):
        return _Shape(non_null, False, False, inner)
    item = inner.of_type
    item_non_null = is_non_null_type(item)
    named = item.of_type if item_non_null else item
    return None if is_list_type(named) else _Shape(non_null, True, item_non_null, named)


@dataclass
class _Field:
    key: str
    shape: _Shape | None = None
    read: Callable[[Any], Any] | None = None
    resolve: Callable[..., Any] | None = None
    info: GraphQLResolveInfo | None = None
    args: dict[str, Any] | None = None
    sub: _Plan | None = None
    typename: str | None = None


@dataclass
class _Plan:
    keys: tuple[str, ...]
    fields: list[_Field]


def _scalar(named: Any, non_null: bool, value: Any) -> Any:
    if value is None:
        if non_null:
            raise _Unbatchable
        return None
    if isinstance(value, Exception):
        raise _Unbatchable
    coerced = named.coerce_output_value(value)
    if coerced is None or coerced is Undefined:
        raise _Unbatchable
    return coerced


def _leaf(shape: _Shape, value: Any) -> Any:
    if value is None or not shape.is_list:
        return _scalar(shape.named, shape.non_null, value)
    if not isinstance(value, list | tuple):
        raise _Unbatchable
    return [_scalar(shape.named, shape.item_non_null, item) for item in value]


def _attribute_reader(field_def: Any) -> Callable[[Any], Any] | None:
    """A field Strawberry itself would answer with `getattr(source, name)`: read it the same way."""
    definition = field_def.extensions.get("strawberry-definition") if field_def.extensions else None
    if definition is None or not definition.is_basic_field or definition.default_resolver is not getattr:
        return None
    return operator.attrgetter(definition.python_name)


def _close_awaitables(columns: list[list[Any] | None]) -> None:
    for column in columns:
        for value in column or ():
            if asyncio.iscoroutine(value):
                value.close()


class BatchedExecutor(StrawberryGraphQLCoreExecutionContext):
    """Strawberry's executor, completing plannable lists and objects in batches (module docstring)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._plans: dict[tuple[GraphQLObjectType, int], tuple[FieldDetailsList, _Plan | None]] = {}
        self._cells = 0

    def complete_list_value(self, return_type: Any, field_details_list: FieldDetailsList, info: GraphQLResolveInfo,
                            path: Path, result: Any, position_context: Any) -> Any:
        item = return_type.of_type
        named = item.of_type if is_non_null_type(item) else item
        standard = super().complete_list_value
        if isinstance(result, list | tuple) and result and is_object_type(named) and None not in result:
            plan = self._plan(named, field_details_list, path)
            if plan is not None:
                return self._or_standard(self._complete(plan, list(result)),
                                         standard, return_type, field_details_list, info, path, result,
                                         position_context)
        return standard(return_type, field_details_list, info, path, result, position_context)

    def complete_object_value(self, return_type: GraphQLObjectType, field_details_list: FieldDetailsList,
                              info: GraphQLResolveInfo, path: Path, result: Any, position_context: Any) -> Any:
        standard = super().complete_object_value
        plan = self._plan(return_type, field_details_list, path)
        if plan is None:
            return standard(return_type, field_details_list, info, path, result, position_context)
        return self._or_standard(self._single(plan, result),
                                 standard, return_type, field_details_list, info, path, result, position_context)

    async def _or_standard(self, batch: Awaitable[Any], standard: Callable[..., Any], *args: Any) -> Any:
        try:
            return await batch
        except Exception:  # noqa: BLE001 - graphql-core completes it again and reports the error at its path
            completed = standard(*args)
            return await completed if self.is_awaitable(completed) else completed

    async def _single(self, plan: _Plan, value: Any) -> dict[str, Any]:
        return (await self._complete(plan, [value]))[0]

    def _plan(self, type_: GraphQLObjectType, field_details_list: FieldDetailsList, path: Path) -> _Plan | None:
        key = (type_, id(field_details_list))
        cached = self._plans.get(key)
        if cached is None:
            try:
                plan = self._make_plan(type_, field_details_list, path)
            except Exception:  # noqa: BLE001 - e.g. an argument that does not coerce: graphql-core reports it
                plan = None
            cached = self._plans[key] = (field_details_list, plan)
        return cached[1]

    def _make_plan(self, type_: GraphQLObjectType, field_details_list: FieldDetailsList, path: Path) -> _Plan | None:
        middleware = self.middleware_manager is not None and self.middleware_manager.middlewares
        if type_.is_type_of is not None or middleware or self.abort_signal is not None:
            return None
        grouped, defer_usages, _forbidden = self.collect_subfields(type_, field_details_list)
        if defer_usages:
            return None
        fields: list[_Field] = []
        for key, details in grouped.items():
            node = details[0].node
            if any(d.name.value not in _PLAIN_DIRECTIVES for detail in details for d in detail.node.directives or ()):
                return None
            name = node.name.value
            if name == "__typename":
                fields.append(_Field(key, typename=type_.name))
                continue
            field = self._plan_field(type_, key, details, path)
            if field is None:
                return None
            fields.append(field)
        return _Plan(tuple(grouped), fields)

    def _plan_field(self, type_: GraphQLObjectType, key: str, details: FieldDetailsList, path: Path) -> _Field | None:
        node = details[0].node
        field_def = self.schema.get_field(type_, node.name.value)
        shape = _shape(field_def.type) if field_def else None
        if field_def is None or shape is None:
            return None
        field = _Field(key, shape)
        if is_object_type(shape.named):
            field.sub = self._plan(shape.named, details, path)  # type: ignore[arg-type]
            if field.sub is None:
                return None
        elif not is_leaf_type(shape.named):
            return None
        field.read = _attribute_reader(field_def)
        if field.read is None:
            field.resolve = field_def.resolve or self.field_resolver
            field.info = self.build_resolve_info(field_def, to_nodes(details), type_, path.add_key(key, type_.name))
            field.args = get_argument_values(
                field_def, node, self.variable_values, details[0].fragment_variable_values, self.hide_suggestions,
            ) if field_def.args or node.arguments else {}
        return field

    async def _complete(self, plan: _Plan, objects: list[Any]) -> list[dict[str, Any]]:
        values: list[list[Any] | None] = []
        try:
            for field in plan.fields:
                values.append(await self._values(field, objects))
        except BaseException:
            _close_awaitables(values)  # started coroutines of earlier fields: graphql-core calls them again
            raise
        pending = [(column, i, value) for column in values if column for i, value in enumerate(column)
                   if self.is_awaitable(value)]
        if pending:
            done = await asyncio.gather(*(value for _, _, value in pending), return_exceptions=True)
            for (column, i, _), value in zip(pending, done, strict=True):
                if isinstance(value, BaseException):
                    raise _Unbatchable from value
                column[i] = value
        results = [dict.fromkeys(plan.keys) for _ in objects]
        children = []
        for field, column in zip(plan.fields, values, strict=True):
            key = field.key
            if column is None:
                for result in results:
                    result[key] = field.typename
            elif field.sub is None:
                for result, value in zip(results, column, strict=True):
                    result[key] = _leaf(field.shape, value)  # type: ignore[arg-type]
                await self._breathe(len(objects))
            else:
                children.append(self._children(field, column, results))
        if children:
            for outcome in await asyncio.gather(*children, return_exceptions=True):
                if isinstance(outcome, BaseException):
                    raise _Unbatchable from outcome
        return results

    async def _breathe(self, cells: int) -> None:
        """Hands the event loop to other requests after every YIELD_CELLS values completed: a
        level of a heavy query is tens of thousands of them, tens of milliseconds that a light
        request would otherwise wait for in one piece (the context's `give_way`: a heavy request
        waits for the light ones in flight, api/fairness.py)."""
        self._cells += cells
        if self._cells >= YIELD_CELLS:
            self._cells = 0
            await self.context_value.give_way()

    async def _values(self, field: _Field, objects: list[Any]) -> list[Any] | None:
        if field.typename is not None:
            return None
        if field.read is not None:
            return [field.read(source) for source in objects]
        resolve, info, args = field.resolve, field.info, field.args or {}
        column: list[Any] = []
        try:
            for start in range(0, len(objects), YIELD_CELLS):
                column += [resolve(source, info, **args) for source in objects[start:start + YIELD_CELLS]]  # type: ignore[misc]
                await self._breathe(min(YIELD_CELLS, len(objects) - start))
        except BaseException:
            _close_awaitables([column])
            raise
        return column

    async def _children(self, field: _Field, column: list[Any], results: list[dict[str, Any]]) -> None:
        shape = field.shape
        assert shape is not None and field.sub is not None
        flat: list[Any] = []
        counts: list[int | None] = []
        for value in column:
            if value is None:
                if shape.non_null:
                    raise _Unbatchable
                counts.append(None)
            elif shape.is_list:
                if not isinstance(value, list | tuple) or None in value:
                    raise _Unbatchable
                counts.append(len(value))
                flat.extend(value)
            else:
                counts.append(-1)
                flat.append(value)
        done = await self._complete(field.sub, flat) if flat else []
        at = 0
        for result, count in zip(results, counts, strict=True):
            if count is None:
                result[field.key] = None
            elif count < 0:
                result[field.key] = done[at]
                at += 1
            else:
                result[field.key] = done[at:at + count]
                at += count
