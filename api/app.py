"""The Starlette application: GraphQL at /graphql (GraphiQL on GET unless deployed), /health, and
the alliance explorer page at /.

Each request is run as its caller (an API key's role, or the configured anonymous role), under
the server's limits: body size, query cost, and a time limit for queries. A request that is not a
GraphQL request at all (a body that is not a JSON object, another media type, a wrong method) is
answered with a 4xx and a GraphQL error in JSON, like every other refusal.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager, nullcontext
from typing import Any

from cross_web import AsyncHTTPRequestAdapter, HTTPException
from graphql import GraphQLError, OperationDefinitionNode, OperationType, parse
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import Route, WebSocketRoute
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL
from strawberry.exceptions import ConnectionRejectionError
from strawberry.http import GraphQLHTTPResponse, GraphQLRequestData
from strawberry.http.parse_content_type import parse_content_type
from strawberry.subscriptions import GRAPHQL_TRANSPORT_WS_PROTOCOL
from strawberry.types import ExecutionResult
from strawberry.types.unset import UNSET, UnsetType

from api.auth import REJECTED, Principal, principal_for
from api.context import Context
from api.errors import ApiError, BadUserInput, ResourceExhausted, Unauthenticated, format_error
from api.fairness import CallerSlots, HeavyTurns, caller_of
from api.explorer import explorer_routes, offline_ide
from api.export import export_endpoint
from api.jsontext import MEDIA_TYPE, JSONText, NotJson, dumps, loads
from api.limits import BodySizeLimit
from api.negotiation import GRAPHQL_RESPONSE, answer_type, request_error_status
from api.schema import build_schema
from api.settings import ServerSettings, store_settings
from api.websocket import SocketContext, SubscriptionsOnlyHandler, TextFramesAdapter
from locales import N_, negotiate, speaking, tr
from graph.config import StoreSettings, create_store
from graph.store import GraphStore

log = logging.getLogger("lianjian.api")
METHODS = ("GET", "POST")
SUBSCRIPTIONS_OVER_WEBSOCKET = N_("subscriptions are served over WebSocket at /graphql "
                                   "(the graphql-transport-ws protocol), not over HTTP")
_JSON_KINDS = {dict: N_("an object"), list: N_("an array"), str: N_("a string"), bool: N_("a boolean"),
               type(None): N_("null")}


def _refusal(error: ApiError) -> ExecutionResult:
    return ExecutionResult(data=None, errors=[GraphQLError(str(error), original_error=error)])


def _operations(request: GraphQLRequestData, max_tokens: int) -> list[OperationDefinitionNode]:
    """The operations of the request's document; none when it does not parse, which the executor
    then reports."""
    try:
        document = parse(request.query or "", max_tokens=max_tokens)
    except GraphQLError:
        return []
    return [definition for definition in document.definitions if isinstance(definition, OperationDefinitionNode)]


def _chosen(operations: list[OperationDefinitionNode], name: str | None) -> OperationDefinitionNode | None:
    if name is None:
        return operations[0] if len(operations) == 1 else None
    return next((operation for operation in operations if operation.name and operation.name.value == name), None)


def _request_error(status: int, message: str) -> JSONText:
    """A request that never became a GraphQL operation: no `data` entry, as GraphQL over HTTP
    answers request errors."""
    code = "NOT_FOUND" if status == 404 else "BAD_USER_INPUT"
    headers = {"Allow": ", ".join(METHODS)} if status == 405 else None
    return JSONText({"errors": [{"message": message, "extensions": {"code": code}}]}, status, headers)


def _json_kind(value: object) -> str:
    return tr(_JSON_KINDS.get(type(value), N_("a number")))


class GraphQLApp(GraphQL):
    """Strawberry's ASGI app with the caller, per-request loaders, limits and our error format;
    subscriptions over WebSocket (api/websocket.py)."""

    graphql_transport_ws_handler_class = SubscriptionsOnlyHandler
    websocket_adapter_class = TextFramesAdapter

    def __init__(self, store_ref: dict[str, GraphStore], settings: ServerSettings) -> None:
        self.slots = CallerSlots(settings.max_concurrent_per_caller, settings.max_queued_per_caller)
        self.heavy = HeavyTurns(settings.heavy_cost, settings.max_concurrent_heavy, self.slots)
        super().__init__(build_schema(settings, self.heavy), graphql_ide=None if settings.deployment else "graphiql",
                         subscription_protocols=(GRAPHQL_TRANSPORT_WS_PROTOCOL,),
                         allowed_origins=settings.cors_origins)
        self.store_ref = store_ref
        self.settings = settings
        self.anonymous = Principal(None if settings.require_auth else settings.anonymous_role, "anonymous")

    async def get_context(self, request: Any, response: Any) -> Context:
        store = self.store_ref["store"]
        principal = await principal_for(store, request.headers.get("authorization"), self.anonymous)
        made = SocketContext if isinstance(request, WebSocket) else Context
        return made.for_request(store, principal or REJECTED)

    async def on_ws_connect(self, context: SocketContext) -> UnsetType:
        """The key of the connection_init payload, when there is one, is the caller's (see
        api/websocket.py); a connection without a valid caller is closed with 4403."""
        sent = context.sent_authorization()
        if sent is not None:
            found = await principal_for(context.store, sent, self.anonymous) if isinstance(sent, str) else None
            context.principal = found or REJECTED
        if context.principal.role is None:
            raise ConnectionRejectionError
        return UNSET

    async def execute_operation(self, request: Any, request_adapter: Any, request_data: GraphQLRequestData,
                                context: Context, root_value: Any, sub_response: Any) -> Any:
        if context.principal.role is None:
            if context.principal == REJECTED:
                return _refusal(Unauthenticated(tr("the API key is not valid: unknown, revoked or mistyped")))
            return _refusal(Unauthenticated(tr("this server requires an API key: send Authorization: Bearer <key>")))
        client = getattr(request, "client", None)
        caller = caller_of(context.principal, client.host if client else None)
        async with self.slots.slot(caller) as admitted:
            if not admitted:
                return _refusal(ResourceExhausted(tr(
                    "this caller already has {running} requests running and {queued} waiting, the limit: "
                    "retry when they have answered", running=self.slots.per_caller, queued=self.slots.queued),
                    limit="concurrency"))
            return await self._execute(request, request_adapter, request_data, context, root_value, sub_response)

    async def _execute(self, request: Any, request_adapter: Any, request_data: GraphQLRequestData,
                       context: Context, root_value: Any, sub_response: Any) -> Any:
        operations = _operations(request_data, self.settings.max_tokens)
        if len(operations) > 1 and request_data.operation_name is None:  # Strawberry would run the first
            return _refusal(BadUserInput(tr("Must provide operation name if query contains multiple operations.")))
        chosen = _chosen(operations, request_data.operation_name)
        if chosen is not None and chosen.operation == OperationType.SUBSCRIPTION:
            return _refusal(BadUserInput(tr(SUBSCRIPTIONS_OVER_WEBSOCKET)))
        is_mutation = chosen is not None and chosen.operation == OperationType.MUTATION
        if is_mutation and request_adapter.method == "GET":  # GraphQL over HTTP: 405, not Strawberry's 400
            raise HTTPException(405, tr("mutations are not allowed over GET: send them with POST"))
        run = super().execute_operation(request, request_adapter, request_data, context, root_value, sub_response)
        if is_mutation:
            # Mutations are not cut off by the time limit: a change stopped half-way helps nobody,
            # and the writer lock already bounds them.
            return await run
        try:
            return await asyncio.wait_for(run, self.settings.query_timeout_ms / 1000)
        except TimeoutError:
            return _refusal(BadUserInput(tr(
                "the query took longer than the limit of {limit_ms:g} ms and was stopped",
                limit_ms=self.settings.query_timeout_ms), limit="time"))

    async def run(self, request: Any, context: Any = UNSET, root_value: Any = UNSET) -> Any:
        """Strawberry refuses a malformed request with an HTTPException, answered as plain text;
        here it is answered as GraphQL errors are. A JSON answer is labelled with the type the
        client asked for, and a request error given its status when that is the spec's type."""
        try:
            with nullcontext() if isinstance(request, WebSocket) else self.heavy.request():  # a socket stays open
                response = await super().run(request, context, root_value)
        except HTTPException as refused:
            response = _request_error(refused.status_code, refused.reason)
        if isinstance(response, Response) and response.headers.get("content-type") == MEDIA_TYPE:
            response.headers["content-type"] = f"{answer_type(request.headers.get('accept'))}; charset=utf-8"
            response.status_code = getattr(request.state, "graphql_status", response.status_code)
            if response.status_code == 401:
                response.headers["www-authenticate"] = "Bearer"
        return response

    async def parse_http_body(self, request: AsyncHTTPRequestAdapter) -> GraphQLRequestData:
        """The request as GraphQL over HTTP reads it: from the query string of a GET, from a JSON
        body of a POST (the media type in any case, UTF-8 only); each member of its type."""
        if request.method == "GET":
            data = self.parse_query_params(request.query_params)
        else:
            media_type, params = parse_content_type(request.content_type or "")
            if media_type.lower() != "application/json":
                raise HTTPException(415, tr("send the GraphQL request as application/json, not {media_type}",
                                            media_type=media_type) if media_type else
                                    tr("send the GraphQL request as application/json, not with no Content-Type"))
            if params.get("charset", "utf-8").lower() != "utf-8":
                raise HTTPException(415, tr("send the GraphQL request as UTF-8, not {charset}", charset=params["charset"]))
            data = self.parse_json(await request.get_body())
        for member, kind in (("query", str), ("operationName", str), ("variables", dict), ("extensions", dict)):
            if not isinstance(data.get(member), (kind, type(None))):
                raise HTTPException(400, tr("The GraphQL operation's `{member}` must be a string or null, if provided.",
                                            member=member) if kind is str else
                                    tr("The GraphQL operation's `{member}` must be an object or null, if provided.",
                                       member=member))
        return GraphQLRequestData(query=data.get("query"), variables=data.get("variables"),
                                  operation_name=data.get("operationName"), extensions=data.get("extensions"))

    def parse_json(self, data: str | bytes) -> dict[str, Any]:
        """The request, or its variables or extensions (GET), as a JSON object: anything else
        would reach Strawberry as a value it does not expect."""
        try:
            value = loads(data)
        except NotJson as error:
            raise HTTPException(400, tr("the request is not JSON: {error}", error=error)) from None
        if not isinstance(value, dict):
            raise HTTPException(400, tr("expected a JSON object (the request, or its variables or extensions), "
                                        "got {kind}", kind=_json_kind(value)))
        return value

    def encode_json(self, data: object) -> bytes:
        return dumps(data)

    def create_response(self, response_data: Any, sub_response: Response) -> Response:
        response = super().create_response(response_data, sub_response)
        response.headers["content-type"] = MEDIA_TYPE
        return response

    async def render_graphql_ide(self, request: Any) -> HTMLResponse:
        return HTMLResponse(offline_ide(self.graphql_ide_html))

    async def process_result(self, request: Any, result: ExecutionResult) -> GraphQLHTTPResponse:
        data: GraphQLHTTPResponse = {"data": result.data}
        if result.errors:
            data["errors"] = [format_error(e) for e in result.errors]
        if answer_type(request.headers.get("accept")) == GRAPHQL_RESPONSE:
            status = request_error_status(dict(data))
            if status is not None:
                request.state.graphql_status = status
                del data["data"]
        return data


class SpokenLanguage:
    """The language of everything said in answer to a request or a WebSocket (its handshake's
    Accept-Language), set for all that the request runs; without one of ours, the server's language
    (`serve --lang`, else LIANJIAN_LANG, else Chinese)."""

    def __init__(self, app: Any, default: str | None = None) -> None:
        self.app, self.default = app, default

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        asked = next((value.decode("latin-1") for name, value in scope.get("headers", ()) if name == b"accept-language"),
                     None)
        with speaking(negotiate(asked) or self.default):
            await self.app(scope, receive, send)


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
            owned = create_store(settings or store_settings())
            await owned.open()
            store_ref["store"] = owned
        try:
            yield
        finally:
            if owned is not None:
                await owned.close()

    async def health(_request: Request) -> JSONText:
        current = store_ref.get("store")
        answers = current is not None and await current.ping()
        body: dict[str, Any] = {
            "status": "ok" if answers else "unavailable",
            "backend": current.backend if current else (settings or store_settings()).backend,
            "store": answers,
        }
        if answers and current is not None:
            body["counts"] = await current.counts()
        return JSONText(body, status_code=200 if answers else 503)

    middleware = [Middleware(SpokenLanguage, default=server.language),
                  Middleware(BodySizeLimit, max_bytes=server.max_body_bytes)]
    if server.cors_origins:
        middleware.append(Middleware(CORSMiddleware, allow_origins=list(server.cors_origins),
                                     allow_methods=list(METHODS), allow_headers=["Authorization", "Content-Type"]))
    graphql = GraphQLApp(store_ref, server)  # routed for every method: it answers the others with 405 in JSON
    return Starlette(
        routes=[Route("/health", health), Route("/graphql", graphql), WebSocketRoute("/graphql", graphql),
                Route("/export.xlsx", export_endpoint(store_ref, graphql.anonymous), methods=["GET", "POST"]),
                *explorer_routes()],
        middleware=middleware,
        lifespan=lifespan,
    )
