"""The Starlette application: GraphQL at /graphql (GraphiQL on GET unless deployed), /health, and
the alliance explorer page at /.

Each request is run as its caller (an API key's role, or the configured anonymous role), under
the server's limits: body size, query cost, and a time limit for queries.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from graphql import GraphQLError, OperationType, get_operation_ast, parse
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse
from starlette.routing import Route
from strawberry.asgi import GraphQL
from strawberry.http import GraphQLHTTPResponse, GraphQLRequestData
from strawberry.types import ExecutionResult

from api.auth import REJECTED, Principal, principal_for
from api.context import Context
from api.errors import ApiError, BadUserInput, Unauthenticated, format_error
from api.explorer import explorer_routes, offline_ide
from api.limits import BodySizeLimit
from api.schema import build_schema
from api.settings import ServerSettings
from graph.config import StoreSettings, create_store
from graph.store import GraphStore

log = logging.getLogger("lianjian.api")


def _refusal(error: ApiError) -> ExecutionResult:
    return ExecutionResult(data=None, errors=[GraphQLError(str(error), original_error=error)])


def _is_mutation(request: GraphQLRequestData, max_tokens: int) -> bool:
    """Mutations are not cut off by the time limit: a change stopped half-way helps nobody, and
    the writer lock already bounds them. A query that does not parse is left to the executor."""
    try:
        operation = get_operation_ast(parse(request.query or "", max_tokens=max_tokens), request.operation_name)
    except GraphQLError:
        return False
    return operation is not None and operation.operation == OperationType.MUTATION


class GraphQLApp(GraphQL):
    """Strawberry's ASGI app with the caller, per-request loaders, limits and our error format."""

    def __init__(self, store_ref: dict[str, GraphStore], settings: ServerSettings) -> None:
        super().__init__(build_schema(settings), graphql_ide=None if settings.deployment else "graphiql")
        self.store_ref = store_ref
        self.settings = settings
        self.anonymous = Principal(None if settings.require_auth else settings.anonymous_role, "anonymous")

    async def get_context(self, request: Any, response: Any) -> Context:
        store = self.store_ref["store"]
        principal = await principal_for(store, request.headers.get("authorization"), self.anonymous)
        return Context.for_request(store, principal or REJECTED)

    async def execute_operation(self, request: Any, request_adapter: Any, request_data: Any, context: Context,
                                root_value: Any, sub_response: Any) -> Any:
        if context.principal.role is None:
            if context.principal == REJECTED:
                return _refusal(Unauthenticated("the API key is not valid: unknown, revoked or mistyped"))
            return _refusal(Unauthenticated("this server requires an API key: send Authorization: Bearer <key>"))
        run = super().execute_operation(request, request_adapter, request_data, context, root_value, sub_response)
        if not isinstance(request_data, GraphQLRequestData) or _is_mutation(request_data, self.settings.max_tokens):
            return await run
        try:
            return await asyncio.wait_for(run, self.settings.request_timeout_s)
        except TimeoutError:
            return _refusal(BadUserInput(
                f"the query took longer than the limit of {self.settings.request_timeout_s:g} s and was stopped",
                limit="time"))

    async def render_graphql_ide(self, request: Any) -> HTMLResponse:
        return HTMLResponse(offline_ide(self.graphql_ide_html))

    async def process_result(self, request: Any, result: ExecutionResult) -> GraphQLHTTPResponse:
        data: GraphQLHTTPResponse = {"data": result.data}
        if result.errors:
            data["errors"] = [format_error(e) for e in result.errors]
        return data


def create_app(settings: StoreSettings | None = None, *, store: GraphStore | None = None,
               server: ServerSettings | None = None) -> Starlette:
    """An app over `store` (already open, owned by the caller) or over a store made from settings."""
    server = server or ServerSettings.from_env()
    store_ref: dict[str, GraphStore] = {}
    if store is not None:
        store_ref["store"] = store

    @asynccontextmanager
    async def lifespan(_app: Starlette) -> AsyncIterator[None]:
        owned = None
        if "store" not in store_ref:
            owned = create_store(settings or StoreSettings.from_env())
            await owned.open()
            store_ref["store"] = owned
        try:
            yield
        finally:
            if owned is not None:
                await owned.close()

    async def health(_request: Request) -> JSONResponse:
        current = store_ref.get("store")
        answers = current is not None and await current.ping()
        body: dict[str, Any] = {
            "status": "ok" if answers else "unavailable",
            "backend": current.backend if current else (settings or StoreSettings.from_env()).backend,
            "store": answers,
        }
        if answers and current is not None:
            body["counts"] = await current.counts()
        return JSONResponse(body, status_code=200 if answers else 503)

    middleware = [Middleware(BodySizeLimit, max_bytes=server.max_body_bytes)]
    if server.cors_origins:
        middleware.append(Middleware(CORSMiddleware, allow_origins=list(server.cors_origins),
                                     allow_methods=["GET", "POST"], allow_headers=["Authorization", "Content-Type"]))
    graphql = GraphQLApp(store_ref, server)
    return Starlette(
        routes=[Route("/health", health), Route("/graphql", graphql, methods=["GET", "POST"]), *explorer_routes()],
        middleware=middleware,
        lifespan=lifespan,
    )
