"""GraphQL over WebSocket (graphql-transport-ws) at /graphql, for subscriptions only.

The caller is found as over HTTP, from a key: the `authorization` entry of the connection_init
payload (`{"authorization": "Bearer lj_…"}`, what a browser can send, since it cannot set headers
on a WebSocket), else the handshake's Authorization header, else the anonymous role. A key that
is not valid, or no key where the server requires one, closes the socket with 4403 at
connection_init. Role checks are the fields' own (graphChanged needs an editor).

Queries and mutations over the socket are refused: over HTTP each request has its own loaders
and the time limit, and the explorer and every client send them there.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from graphql import GraphQLError, OperationType, get_operation_ast, parse
from starlette.websockets import WebSocketDisconnect
from strawberry.asgi import ASGIWebSocketAdapter
from strawberry.http.exceptions import WebSocketDisconnected
from strawberry.subscriptions.protocols.graphql_transport_ws.handlers import BaseGraphQLTransportWSHandler
from strawberry.subscriptions.protocols.graphql_transport_ws.types import SubscribeMessage

from api.context import Context
from locales import N_, tr

ONLY_SUBSCRIPTIONS = N_("only subscriptions are served over WebSocket: send queries and mutations with POST to /graphql")


@dataclass
class SocketContext(Context):
    """The context of one WebSocket connection; Strawberry stores the connection_init payload here."""

    connection_params: dict[str, Any] | None = None

    def sent_authorization(self) -> object | None:
        """The payload's `authorization` entry (its name in any case), None when there is none."""
        for name, value in (self.connection_params or {}).items():
            if name.lower() == "authorization":
                return value
        return None


def _is_subscription(message: SubscribeMessage) -> bool:
    """Whether the message asks for a subscription; True when it does not parse, so that
    Strawberry's handler answers it as the protocol says."""
    payload = message["payload"]
    try:
        document = parse(payload["query"])
    except (GraphQLError, TypeError):
        return True
    operation = get_operation_ast(document, payload.get("operationName"))
    return operation is None or operation.operation == OperationType.SUBSCRIPTION


class SubscriptionsOnlyHandler(BaseGraphQLTransportWSHandler[SocketContext, None]):
    async def handle_subscribe(self, message: SubscribeMessage) -> None:
        if self.connection_acknowledged and not _is_subscription(message):
            await self.send_message({"id": message["id"], "type": "error", "payload": [
                {"message": tr(ONLY_SUBSCRIPTIONS), "extensions": {"code": "BAD_USER_INPUT"}}]})
            return
        await super().handle_subscribe(message)


class TextFramesAdapter(ASGIWebSocketAdapter):
    """Sends each message as a text frame, as graphql-transport-ws requires (browser clients refuse
    binary ones): the app's JSON encoder gives bytes, which Strawberry would send as binary."""

    async def send_json(self, message: Mapping[str, object]) -> None:
        try:
            await self.ws.send_text(self.view.encode_json(message).decode("utf-8"))
        except WebSocketDisconnect as exc:
            raise WebSocketDisconnected from exc
