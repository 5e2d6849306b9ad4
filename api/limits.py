"""What keeps one request from taking the server down: a cost estimate for operations (a schema
extension) and a cap on the request body (ASGI middleware). Depth, token and alias limits
are Strawberry's own extensions, configured in api/schema.py.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

from graphql import (
    DocumentNode, ExecutionResult, FieldNode, FragmentDefinitionNode, FragmentSpreadNode, GraphQLError, GraphQLField,
    GraphQLNamedType, GraphQLObjectType, GraphQLSchema, InlineFragmentNode, IntValueNode, OperationDefinitionNode,
    SelectionSetNode, VariableNode, get_named_type, get_nullable_type, get_operation_ast, is_list_type,
)
from strawberry.extensions import SchemaExtension
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.fairness import HeavyTurns
from api.jsontext import MEDIA_TYPE, dumps
from api.pagination import DEFAULT_FIRST
from api.variables import coerce_variables
from graph.relations import TO_MANY
from locales import tr

LIST_FAN_OUT = 10  # the assumed length of a list that is not a relationship of the graph (an analytic answer's)


def limit_error(message: str, limit: str, node: Any = None) -> GraphQLError:
    return GraphQLError(message, node, extensions={"code": "BAD_USER_INPUT", "limit": limit})


def _first(field: FieldNode, variables: dict[str, Any]) -> int:
    for argument in field.arguments or ():
        if argument.name.value == "first":
            value = argument.value
            if isinstance(value, IntValueNode):
                return int(value.value)
            if isinstance(value, VariableNode) and isinstance(variables.get(value.name.value), int):
                return int(variables[value.name.value])
    return DEFAULT_FIRST


def _fan_out(field: FieldNode, parent: GraphQLNamedType, definition: GraphQLField, variables: dict[str, Any],
             relations: dict[str, int]) -> int:
    """How many times the field's selection is resolved per parent: `first` for paged lists (for
    a relationship's connection no more than the most neighbours any node has, the graph store's
    `fan_out`), that most for relationship lists, a typical length for other lists, 1 for objects
    (and for a connection's edges, already counted by the connection)."""
    relation = relations.get(f"{parent.name}.{field.name.value}")
    if "first" in definition.args:
        first = max(_first(field, variables), 1)
        return first if relation is None else max(min(first, relation), 1)
    if is_list_type(get_nullable_type(definition.type)) and field.name.value != "edges":
        return max(LIST_FAN_OUT if relation is None else relation, 1)
    return 1


class _Estimate:
    def __init__(self, schema: GraphQLSchema, document: DocumentNode, variables: dict[str, Any],
                 relations: dict[str, int]) -> None:
        self.schema = schema
        self.variables = variables
        self.relations = relations
        self.fragments = {d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)}

    def cost(self, selections: SelectionSetNode, parent: GraphQLNamedType, times: int, seen: frozenset[str]) -> int:
        total = 0
        for selection in selections.selections:
            if isinstance(selection, FieldNode):
                total += times
                definition = parent.fields.get(selection.name.value) if isinstance(parent, GraphQLObjectType) else None
                if definition is not None and selection.selection_set is not None:
                    inner = times * _fan_out(selection, parent, definition, self.variables, self.relations)
                    total += self.cost(selection.selection_set, get_named_type(definition.type), inner, seen)
            elif isinstance(selection, InlineFragmentNode):
                condition = selection.type_condition
                target = self.schema.get_type(condition.name.value) if condition else parent
                total += self.cost(selection.selection_set, target or parent, times, seen)
            elif isinstance(selection, FragmentSpreadNode) and selection.name.value not in seen:
                fragment = self.fragments.get(selection.name.value)
                if fragment is not None:
                    target = self.schema.get_type(fragment.type_condition.name.value) or parent
                    total += self.cost(fragment.selection_set, target, times, seen | {selection.name.value})
        return total


def estimate_cost(schema: GraphQLSchema, document: DocumentNode, operation: OperationDefinitionNode,
                  variables: dict[str, Any], relations: dict[str, int]) -> int:
    """At least how many fields the operation resolves, before it runs: each relationship list is
    counted as long as the longest one of the graph (`relations`, per "Type.field")."""
    root = schema.get_root_type(operation.operation)
    if root is None:
        return 0
    return _Estimate(schema, document, variables, relations).cost(operation.selection_set, root, 1, frozenset())


class _Asked(dict[str, int]):
    """Stands for the fan-out figures in a first estimate, to learn whether a query selects any
    relationship list: one that does not (a point read, a paged list) never waits for the figures
    (a read over every relationship), and is not refused when a small buffer pool cannot read them."""

    def __init__(self) -> None:
        super().__init__()
        self.keys: set[str] = set()

    def get(self, key: str, default: Any = None) -> Any:
        self.keys.add(key)
        return default


class ComplexityLimiter(SchemaExtension):
    """Refuses, before execution, operations whose estimated number of resolved fields exceeds the
    limit. It runs after validation and coerces the variables first (api/variables.py): a variable
    that is not of its type gets its own error rather than a cost it does not have, and `first: $n`
    is counted with the value the resolver will see, its default included."""

    def __init__(self, *, max_complexity: int, heavy: HeavyTurns) -> None:
        self.max_complexity = max_complexity
        self.heavy = heavy

    async def on_execute(self) -> AsyncIterator[None]:
        estimate = await self._estimate()
        if estimate is None:
            yield
            return
        async with self.heavy.turn(estimate) as heavy:
            if heavy:
                self.execution_context.context.give_way = self.heavy.give_way
            yield

    async def _estimate(self) -> int | None:
        """The operation's estimated cost, or None when it is refused (the refusal set as its
        result) or there is no operation to run."""
        context = self.execution_context
        document = context.graphql_document
        operation = get_operation_ast(document, context.operation_name) if document else None
        if document is None or operation is None:
            return None
        schema = context.schema._schema
        variables = coerce_variables(schema, operation, context.variables or {})
        if isinstance(variables, list):
            context.result = ExecutionResult(data=None, errors=variables)
            return None
        asked = _Asked()
        estimate = estimate_cost(schema, document, operation, variables, asked)
        if asked.keys & TO_MANY:
            estimate = estimate_cost(schema, document, operation, variables, await context.context.store.fan_out())
        if estimate <= self.max_complexity:
            return estimate
        context.result = ExecutionResult(data=None, errors=[limit_error(tr(
            "the query would resolve about {estimate} fields, more than the limit of {limit}: "
            "ask for fewer items per page (first) or fewer nested lists", estimate=estimate, limit=self.max_complexity),
            "complexity", operation)])
        return None


class _BodyTooLarge(Exception):
    pass


class BodySizeLimit:
    """Refuses request bodies over `max_bytes` with 413 and a GraphQL error, whether the size is
    declared (Content-Length) or only seen while reading (chunked)."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.max_bytes:
            await self._refuse(send)
            return
        received = 0

        async def counted() -> Message:
            nonlocal received
            message = await receive()
            received += len(message.get("body", b""))
            if received > self.max_bytes:
                raise _BodyTooLarge
            return message

        try:
            await self.app(scope, counted, send)
        except _BodyTooLarge:
            await self._refuse(send)

    async def _refuse(self, send: Send) -> None:
        body = dumps({"errors": [{
            "message": tr("the request body is larger than the limit of {limit} bytes", limit=self.max_bytes),
            "extensions": {"code": "BAD_USER_INPUT", "limit": "body"},
        }]})
        await send({"type": "http.response.start", "status": 413,
                    "headers": [(b"content-type", MEDIA_TYPE.encode()), (b"content-length", str(len(body)).encode())]})
        await send({"type": "http.response.body", "body": body})
