"""The Starlette application: GraphQL at /graphql (GraphiQL on GET) and /health."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route
from strawberry.asgi import GraphQL
from strawberry.http import GraphQLHTTPResponse
from strawberry.types import ExecutionResult

from api.context import Context
from api.errors import format_error
from api.schema import schema
from graph.config import StoreSettings, create_store
from graph.store import GraphStore

log = logging.getLogger("lianjian.api")


class GraphQLApp(GraphQL):
    """Strawberry's ASGI app with per-request loaders and our error format."""

    def __init__(self, store_ref: dict[str, GraphStore]) -> None:
        super().__init__(schema, graphql_ide="graphiql")
        self.store_ref = store_ref

    async def get_context(self, request: Any, response: Any) -> Context:
        return Context.for_request(self.store_ref["store"])

    async def process_result(self, request: Any, result: ExecutionResult) -> GraphQLHTTPResponse:
        data: GraphQLHTTPResponse = {"data": result.data}
        if result.errors:
            data["errors"] = [format_error(e) for e in result.errors]
        return data


def create_app(settings: StoreSettings | None = None, *, store: GraphStore | None = None) -> Starlette:
    """An app over `store` (already open, owned by the caller) or over a store made from settings."""
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

    graphql = GraphQLApp(store_ref)
    return Starlette(
        routes=[Route("/health", health), Route("/graphql", graphql, methods=["GET", "POST"])],
        lifespan=lifespan,
    )
