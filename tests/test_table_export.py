"""POST /export.xlsx: a table sent as JSON comes back as a workbook with the same header and rows;
anything else is a 4xx JSON error, and a server that requires a key requires it here too."""

from __future__ import annotations

from collections.abc import AsyncIterator
from io import BytesIO
from urllib.parse import unquote

import httpx
import pytest
from openpyxl import load_workbook

from api.app import create_app
from api.export import MAX_ROWS
from api.settings import ServerSettings
from graph.store import GraphStore
from tests.conftest import DEMO, open_seeded_store

TABLE = {"title": "覆盖缺口-普陀区-医疗", "columns": ["社区", "资源数", "备注"],
         "rows": [["长风新村街道", 0, None], ["真如镇街道", 2.5, "有 1 家诊所"]]}


@pytest.fixture(scope="module")
async def store(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[GraphStore]:
    opened = await open_seeded_store("embedded", tmp_path_factory.mktemp("db") / "db.lbug", DEMO)
    yield opened
    await opened.close()


def client(store: GraphStore, server: ServerSettings) -> httpx.AsyncClient:
    transport = httpx.ASGITransport(app=create_app(store=store, server=server))
    return httpx.AsyncClient(transport=transport, base_url="http://lianjian.test")


async def test_a_table_comes_back_as_the_same_workbook(store: GraphStore) -> None:
    async with client(store, ServerSettings()) as http:
        answer = await http.post("/export.xlsx", json=TABLE)
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("application/vnd.openxmlformats")
    assert unquote(answer.headers["content-disposition"].split("filename*=UTF-8''")[1]) == "覆盖缺口-普陀区-医疗.xlsx"
    sheet = load_workbook(BytesIO(answer.content)).active
    assert [list(row) for row in sheet.iter_rows(values_only=True)] == [TABLE["columns"], *TABLE["rows"]]


@pytest.mark.parametrize(("body", "status"), [
    (b"not json", 400),
    (b"[1, 2]", 400),
    (b'{"title": "t", "columns": [], "rows": []}', 400),
    (b'{"title": "t", "columns": ["a"], "rows": [["x", "y"]]}', 400),
    (b'{"title": "t", "columns": ["a"], "rows": [[{"nested": 1}]]}', 400),
    (b'{"title": "", "columns": ["a"], "rows": []}', 400),
])
async def test_malformed_tables_are_refused_in_json(store: GraphStore, body: bytes, status: int) -> None:
    async with client(store, ServerSettings()) as http:
        answer = await http.post("/export.xlsx", content=body, headers={"content-type": "application/json"})
    assert answer.status_code == status
    assert answer.json()["error"]


async def test_other_media_types_and_methods_are_refused_in_json(store: GraphStore) -> None:
    async with client(store, ServerSettings()) as http:
        form = await http.post("/export.xlsx", content=b"title=t", headers={"content-type": "text/plain"})
        got = await http.get("/export.xlsx")
    assert (form.status_code, got.status_code) == (415, 405)
    assert form.json()["error"] and got.json()["error"]


async def test_too_many_rows_and_too_big_a_body_are_refused(store: GraphStore) -> None:
    many = {"title": "t", "columns": ["a"], "rows": [[1]] * (MAX_ROWS + 1)}
    async with client(store, ServerSettings(max_body_bytes=1_000_000)) as http:
        rows = await http.post("/export.xlsx", json=many)
    async with client(store, ServerSettings(max_body_bytes=200)) as http:
        body = await http.post("/export.xlsx", json={**TABLE, "rows": TABLE["rows"] * 20})
    assert rows.status_code == 400 and "rows" in rows.json()["error"]
    assert body.status_code == 413 and body.json()


async def test_a_server_that_requires_a_key_requires_it_for_exports(store: GraphStore) -> None:
    async with client(store, ServerSettings(require_auth=True)) as http:
        answer = await http.post("/export.xlsx", json=TABLE)
    assert answer.status_code == 401 and answer.json()["error"]
