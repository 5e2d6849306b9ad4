"""Seeding through the API (admin only): the same files, checks and messages as `lianjian seed`."""

from __future__ import annotations

import base64
import json
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from api.auth import create_key
from api.settings import ServerSettings
from graph.bookkeeping import Actor
from graph.store import GraphStore
from seed.load import seed_directory
from tests.conftest import GraphQLClient, graphql_client
from tests.seed_folders import TINY, write_folder

SEED = """mutation($files: [CsvFileInput!]!, $replace: Boolean!, $check: Boolean!) {
  seedCsv(files: $files, replace: $replace, check: $check) {
    loaded rows { file rows } errors { file line column message } warnings { message } } }"""
ADMIN = Actor("cli:test", "admin")
COUNTS = {"Area": 3, "Unit": 3, "Organization": 2, "Member": 2, "Brand": 1, "Alliance": 2, "Resource": 2, "Service": 2}


@pytest.fixture
async def clients(store: GraphStore) -> AsyncIterator[dict[str, GraphQLClient]]:
    async with graphql_client(store, ServerSettings()) as anonymous:
        yield {role: anonymous.with_key((await create_key(store, role, f"{role} key", ADMIN)).key) for role in ("editor", "admin")}


def text_files(files: dict[str, str]) -> list[dict[str, str]]:
    return [{"name": name, "content": content} for name, content in files.items()]


async def test_an_admin_seeds_the_graph_and_it_is_audited(clients: dict[str, GraphQLClient], store: GraphStore) -> None:
    result = (await clients["admin"].data(SEED, files=text_files(TINY), replace=False, check=False))["seedCsv"]
    assert result["loaded"] is True and result["errors"] == []
    assert {r["file"]: r["rows"] for r in result["rows"]}["units.csv"] == 3
    assert await store.counts() == COUNTS
    entry = (await store.audit_page(1, None))[0]
    assert (entry.operation, entry.role, entry.actor) == ("seed", "admin", entry.actor)
    assert entry.actor.endswith(":admin key") and entry.after["rows"]["members.csv"] == 2


async def test_editors_may_not_seed(clients: dict[str, GraphQLClient], store: GraphStore) -> None:
    error = await clients["editor"].error(SEED, files=text_files(TINY), replace=True, check=False)
    assert error["extensions"] == {"code": "FORBIDDEN", "role": "admin"}
    assert set((await store.counts()).values()) == {0}


async def test_errors_are_the_cli_messages_and_nothing_is_written(clients: dict[str, GraphQLClient],
                                                                  store: GraphStore, tmp_path: Path) -> None:
    bad = {**TINY, "units.csv": TINY["units.csv"] + "u9,新单位,衙门,,nowhere,\nu1,重复,AGENCY,,,\n"}
    result = (await clients["admin"].data(SEED, files=text_files(bad), replace=False, check=False))["seedCsv"]
    report = await seed_directory(store, write_folder(tmp_path / "bad", bad), check=True)
    assert result["loaded"] is False
    assert [f"{e['file']}:{e['line']}: {e['column']}: {e['message']}" for e in result["errors"]] == \
        [str(e) for e in report.errors]
    assert len(result["errors"]) == 3
    assert set((await store.counts()).values()) == {0}


async def test_bytes_in_base64_keep_excel_encodings(clients: dict[str, GraphQLClient], store: GraphStore) -> None:
    files = [{"name": name, "base64": base64.b64encode(content.encode("gb18030")).decode()}
             for name, content in TINY.items()]
    result = (await clients["admin"].data(SEED, files=files, replace=False, check=False))["seedCsv"]
    assert result["loaded"] is True
    assert (await store.nodes_by_id("Unit", ["u1"]))["u1"]["name"] == "民政局"


async def test_check_writes_nothing_and_replace_starts_afresh(clients: dict[str, GraphQLClient],
                                                              store: GraphStore) -> None:
    checked = (await clients["admin"].data(SEED, files=text_files(TINY), replace=False, check=True))["seedCsv"]
    assert checked["loaded"] is False and checked["errors"] == []
    assert set((await store.counts()).values()) == {0}
    await clients["admin"].data(SEED, files=text_files(TINY), replace=False, check=False)
    areas_only = {"areas.csv": "id,name,kind\nx1,新区,DISTRICT\n"}
    result = (await clients["admin"].data(SEED, files=text_files(areas_only), replace=True, check=False))["seedCsv"]
    assert result["loaded"] is True
    assert await store.counts() == {**{label: 0 for label in COUNTS}, "Area": 1}


@pytest.mark.parametrize(("files", "says"), [
    ([{"name": "units.csv"}], "exactly one of content and base64"),
    ([{"name": "units.csv", "base64": "***"}], "files[0] ('units.csv'): base64 is not valid base64"),
    ([{"name": "", "base64": "\u0080"}], "files[0] (''): base64 is not valid base64"),
    ([{"name": "units.csv", "content": "id\n"}, {"name": "单位.xlsx", "base64": "5Y2V5L2N\u00e9"}],
     "files[1] ('单位.xlsx'): base64 is not valid base64"),
    ([{"name": "units.csv", "content": "id\n"}, {"name": "units.csv", "content": "id\n"}], "given twice"),
])
async def test_malformed_requests_are_refused_with_the_field(clients: dict[str, GraphQLClient], files: list[dict],
                                                             says: str) -> None:
    error = await clients["admin"].error(SEED, files=files, replace=False, check=False)
    assert error["extensions"]["code"] == "BAD_USER_INPUT" and error["extensions"]["field"] == "files"
    assert says in error["message"]


async def test_text_that_no_file_can_hold_is_refused_not_an_internal_error(clients: dict[str, GraphQLClient]) -> None:
    admin = clients["admin"]
    for files in ([{"name": "units.csv", "content": "id\ud800\n"}], [{"name": "\udc80.csv", "content": "id\n"}]):
        body = json.dumps({"query": SEED, "variables": {"files": files, "replace": False, "check": False}})  # \u escapes
        response = await admin.http.post("/graphql", content=body,
                                         headers={**admin.headers, "Content-Type": "application/json"})
        assert response.status_code < 500
        assert [e["extensions"]["code"] for e in response.json()["errors"]] == ["BAD_USER_INPUT"], response.text


@pytest.mark.parametrize(("files", "error"), [
    ([{"name": "people.csv", "content": "id\n1\n"}, {"name": "units.csv", "content": "id,name,kind\nu9,x,AGENCY\n"}],
     {"file": "people.csv", "line": 0, "column": ""}),
    ([{"name": "alliance.csv", "content": "id\n"}],
     {"file": "alliance.csv", "message": "not a seed file; did you mean alliances.csv (党建联建)?"}),
    ([{"name": "../units.csv", "content": "id,name,kind\nu9,x,AGENCY\n"}],
     {"file": "../units.csv", "message": "not a plain file name (no folder, no leading '.' or '~$')"}),
    ([{"name": "notes.xlsx", "content": "id\n"}],
     {"file": "notes.xlsx", "message": "cannot open the workbook: not a valid .xlsx file (BadZipFile)"}),
    ([], {"file": "files", "line": 0, "column": ""}),
])
async def test_files_that_are_no_seed_are_seed_errors(clients: dict[str, GraphQLClient], store: GraphStore,
                                                     files: list[dict], error: dict) -> None:
    result = (await clients["admin"].data(SEED, files=files, replace=False, check=False))["seedCsv"]
    assert result["loaded"] is False and len(result["errors"]) == 1
    assert {k: result["errors"][0][k] for k in error} == error
    assert set((await store.counts()).values()) == {0}
