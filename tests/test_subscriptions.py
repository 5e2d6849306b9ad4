"""Live updates: `graphChanged` over a real WebSocket (graphql-transport-ws, the `websockets`
client) against `lianjian serve`, while other clients change the graph over HTTP.

Keys and roles hold on the socket as over HTTP; an event arrives only for a change that
committed, with what the audit log says of it.
"""

from __future__ import annotations

import asyncio
import json
import os
import re
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed

from graph.changefeed import ChangeFeed, FellBehind, GraphChange
from graph.store import GraphStore
from tests.seed_folders import TINY, write_folder
from tests.serving import REPO, cli, served

PROTOCOL = "graphql-transport-ws"
# The subscription of docs/api.md's "Live updates", so the documented example is the one tested.
GRAPH_CHANGED = re.search(r"<!-- live:start -->\n```graphql\n(.*?)```",
                          (REPO / "docs" / "api.md").read_text(encoding="utf-8"), re.DOTALL).group(1)
WAIT_S = 10


@dataclass(frozen=True)
class Server:
    url: str
    editor: str
    viewer: str
    admin: str

    @property
    def socket_url(self) -> str:
        return self.url.replace("http://", "ws://") + "/graphql"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """A seeded server where anonymous callers are viewers, with a key of each role."""
    folder = tmp_path_factory.mktemp("live")
    env = {**os.environ, "LIANJIAN_BACKEND": "embedded", "LIANJIAN_DB_PATH": str(folder / "db.lbug")}
    cli("seed", str(write_folder(folder / "tiny", TINY)), "--replace", env=env)
    keys = {role: cli("keys", "create", "--role", role, "--name", f"live {role}", env=env)
            for role in ("editor", "viewer", "admin")}
    with served("--no-demo", env=env) as url:
        yield Server(url, keys["editor"], keys["viewer"], keys["admin"])


def _key_id(key: str) -> str:
    return key.split("_")[1]


async def _send(socket: ClientConnection, message: dict[str, Any]) -> None:
    await socket.send(json.dumps(message))


async def _receive(socket: ClientConnection) -> dict[str, Any]:
    frame = await asyncio.wait_for(socket.recv(), WAIT_S)
    assert isinstance(frame, str), f"the protocol sends text frames, not {frame!r}"
    return json.loads(frame)


@asynccontextmanager
async def subscribed(server: Server, key: str | None, types: list[str] | None = None,
                     header_key: str | None = None) -> AsyncIterator[ClientConnection]:
    """A socket past connection_ack with graphChanged subscribed as id "1". The ping after the
    subscribe is answered once the server has handled the subscribe, so a change made after it
    is one the subscription is there for."""
    headers = {"Authorization": f"Bearer {header_key}"} if header_key else None
    async with connect(server.socket_url, subprotocols=[PROTOCOL], additional_headers=headers) as socket:
        await _send(socket, {"type": "connection_init", "payload": {"authorization": f"Bearer {key}"} if key else {}})
        assert (await _receive(socket))["type"] == "connection_ack"
        await _send(socket, {"id": "1", "type": "subscribe",
                             "payload": {"query": GRAPH_CHANGED, "variables": {"types": types}}})
        await _send(socket, {"type": "ping"})
        assert (await _receive(socket))["type"] == "pong"
        await asyncio.sleep(0.1)  # the subscription's task starts listening on the server's loop
        yield socket


async def next_change(socket: ClientConnection) -> dict[str, Any]:
    message = await _receive(socket)
    assert message["type"] == "next" and message["id"] == "1", message
    assert "errors" not in message["payload"], message
    return message["payload"]["data"]["graphChanged"]


async def graphql(server: Server, key: str, query: str, **variables: Any) -> dict[str, Any]:
    async with httpx.AsyncClient(base_url=server.url, headers={"Authorization": f"Bearer {key}"}, timeout=60) as http:
        return (await http.post("/graphql", json={"query": query, "variables": variables})).json()


async def test_an_editor_hears_of_a_mutation_as_it_commits(server: Server) -> None:
    async with subscribed(server, server.editor) as socket:
        done = await graphql(server, server.admin,
                             'mutation { createUnit(input: {id: "live1", name: "直播单位", kind: "AGENCY", '
                             'areaId: "a2"}) { id } }')
        assert "errors" not in done, done
        change = await next_change(socket)
    audit = await graphql(server, server.admin, "{ auditLog(first: 1) { edges { node { id at operation } } } }")
    newest = audit["data"]["auditLog"]["edges"][0]["node"]
    assert change == {"operation": "createUnit", "types": ["UNIT"], "ids": ["live1"],
                      "actor": f"key:{_key_id(server.admin)}:live admin", "role": "admin", "at": newest["at"],
                      "auditId": newest["id"]}


async def test_the_types_filter_lets_through_only_changes_about_those_types(server: Server) -> None:
    async with subscribed(server, None, types=["ALLIANCE"], header_key=server.editor) as socket:
        for mutation in ('updateUnit(id: "u3", input: {name: "东极镇人民政府"}) { id }',
                         'joinAlliance(allianceId: "al2", unitId: "u3") { id }'):
            done = await graphql(server, server.editor, f"mutation {{ {mutation} }}")
            assert "errors" not in done, done
        change = await next_change(socket)
    assert (change["operation"], sorted(change["types"]), change["role"]) == ("joinAlliance", ["ALLIANCE", "UNIT"],
                                                                              "editor")


async def test_a_refused_mutation_is_never_announced(server: Server) -> None:
    async with subscribed(server, server.editor) as socket:
        refused = await graphql(server, server.editor,
                                'mutation { createUnit(input: {id: "u1", name: "重复", kind: "AGENCY"}) { id } }')
        assert refused["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
        cyclic = await graphql(server, server.editor,
                               'mutation { updateArea(id: "a1", input: {parentId: "a3"}) { id } }')
        assert cyclic["errors"], cyclic
        done = await graphql(server, server.editor,
                             'mutation { updateArea(id: "a3", input: {population: 310}) { id } }')
        assert "errors" not in done, done
        change = await next_change(socket)
    assert (change["operation"], change["ids"]) == ("updateArea", ["a3"])


async def test_a_seed_over_the_api_is_one_event(server: Server) -> None:
    files = [{"name": "resources.csv", "content": "id,name,kind,unit_id,area_id\nr9,会议室,VENUE,u1,a2\n"}]
    async with subscribed(server, server.editor) as socket:
        done = await graphql(server, server.admin,
                             "mutation($files: [CsvFileInput!]!) { seedCsv(files: $files) { loaded } }",
                             files=files)
        assert done["data"]["seedCsv"]["loaded"], done
        change = await next_change(socket)
        await _send(socket, {"type": "ping"})
        assert (await _receive(socket))["type"] == "pong"  # nothing else was sent before it
    assert (change["operation"], change["ids"], sorted(change["types"])) == ("seed", [], ["AREA", "RESOURCE", "UNIT"])


@pytest.mark.parametrize("who", ["viewer", "anonymous"])
async def test_viewers_and_anonymous_callers_are_refused(server: Server, who: str) -> None:
    key = server.viewer if who == "viewer" else None
    async with connect(server.socket_url, subprotocols=[PROTOCOL]) as socket:
        await _send(socket, {"type": "connection_init", "payload": {"authorization": f"Bearer {key}"} if key else {}})
        assert (await _receive(socket))["type"] == "connection_ack"
        await _send(socket, {"id": "1", "type": "subscribe", "payload": {"query": GRAPH_CHANGED}})
        message = await _receive(socket)
    assert message["type"] == "next" and message["payload"]["data"] is None, message
    error = message["payload"]["errors"][0]
    assert error["extensions"]["code"] == "FORBIDDEN", error
    assert error["message"] == f"graphChanged needs the editor role; this request has {'viewer'}"


@pytest.mark.parametrize("authorization", ["Bearer lj_nokey_nosecret", "Basic abc", 42])
async def test_a_key_that_is_not_valid_closes_the_socket(server: Server, authorization: object) -> None:
    async with connect(server.socket_url, subprotocols=[PROTOCOL]) as socket:
        await _send(socket, {"type": "connection_init", "payload": {"authorization": authorization}})
        with pytest.raises(ConnectionClosed) as closed:
            await _receive(socket)
    assert closed.value.rcvd is not None and closed.value.rcvd.code == 4403


async def test_queries_and_mutations_go_over_http_not_the_socket(server: Server) -> None:
    async with connect(server.socket_url, subprotocols=[PROTOCOL]) as socket:
        await _send(socket, {"type": "connection_init", "payload": {"authorization": f"Bearer {server.admin}"}})
        assert (await _receive(socket))["type"] == "connection_ack"
        await _send(socket, {"id": "q", "type": "subscribe",
                             "payload": {"query": 'mutation { deleteUnit(id: "u3", detach: true) { id } }'}})
        message = await _receive(socket)
    assert message["type"] == "error" and message["payload"][0]["extensions"]["code"] == "BAD_USER_INPUT", message
    still = await graphql(server, server.admin, '{ unit(id: "u3") { id } }')
    assert still["data"]["unit"] == {"id": "u3"}


async def test_a_rolled_back_change_reaches_no_listener(store: GraphStore) -> None:
    """Past its audit entry, a change that raises is rolled back: the feed hears only the next one."""
    async with store.changes.listen() as changes:
        with pytest.raises(RuntimeError):
            async with store.change():
                await store.append_audit("tester", "admin", "createUnit", ["x1"], None, {}, labels=["Unit"])
                raise RuntimeError("the change fails after its audit entry")
        async with store.change():
            await store.append_audit("tester", "admin", "createUnit", ["x2"], None, {}, labels=["Unit"])
        await store.append_audit("tester", "admin", "createKey", ["k1"], None, {})  # bookkeeping: not announced
        await store.append_audit("tester", "admin", "seed", [], None, {}, labels=["Area"])  # no change(): now
        heard = [await asyncio.wait_for(anext(changes), WAIT_S) for _ in range(2)]
    assert [(c.operation, c.ids) for c in heard] == [("createUnit", ("x2",)), ("seed", ())]
    assert await store.audit_count() == 3  # the rolled-back entry is gone with its change


async def test_a_subscription_over_http_is_refused_pointing_to_the_socket(server: Server) -> None:
    answer = await graphql(server, server.editor, GRAPH_CHANGED)
    assert answer["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    assert "WebSocket" in answer["errors"][0]["message"]


async def test_where_keys_are_required_an_anonymous_socket_is_closed(tmp_path: Path) -> None:
    env = {**os.environ, "LIANJIAN_BACKEND": "embedded", "LIANJIAN_DB_PATH": str(tmp_path / "db.lbug")}
    editor = cli("keys", "create", "--role", "editor", "--name", "live", env=env)
    with served("--no-demo", "--require-auth", env=env) as url:
        socket_url = url.replace("http://", "ws://") + "/graphql"
        async with connect(socket_url, subprotocols=[PROTOCOL]) as socket:
            await _send(socket, {"type": "connection_init"})
            with pytest.raises(ConnectionClosed) as closed:
                await _receive(socket)
        assert closed.value.rcvd is not None and closed.value.rcvd.code == 4403
        async with connect(socket_url, subprotocols=[PROTOCOL],
                           additional_headers={"Authorization": f"Bearer {editor}"}) as socket:
            await _send(socket, {"type": "connection_init"})
            assert (await _receive(socket))["type"] == "connection_ack"


async def test_a_listener_that_falls_behind_the_backlog_is_dropped_and_told() -> None:
    feed = ChangeFeed(backlog=2)
    changes = [GraphChange(str(i), "at", "actor", "editor", "createUnit", ("Unit",), (f"u{i}",)) for i in range(4)]
    async with feed.listen() as slow, feed.listen() as quick:
        for change in changes[:3]:
            feed.publish(change)
            assert await anext(quick) == change
        feed.publish(changes[3])
        assert await anext(quick) == changes[3]
        assert [await anext(slow), await anext(slow)] == changes[:2]
        with pytest.raises(FellBehind):
            await anext(slow)
