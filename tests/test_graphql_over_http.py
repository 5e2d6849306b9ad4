"""GraphQL over HTTP as the spec draft says: every audit of the `graphql-http` npm package
(`serverAudits`: MUST, SHOULD and MAY) passes against `lianjian serve`, and the two answer types
behave as documented: `application/json` as it always did (200 for any GraphQL response),
`application/graphql-response+json` with the spec's status codes.

The auditor is installed by this test from tools/graphql-http-audit/package-lock.json (`npm ci`).
"""

from __future__ import annotations

import json
import os
import subprocess
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from tests.npm import npm_ci
from tests.serving import REPO, served

AUDIT_DIR = REPO / "tools" / "graphql-http-audit"
GRAPHQL_RESPONSE = "application/graphql-response+json"
AUDITS = 61  # graphql-http 1.23.1: 13 MUST, 23 SHOULD, 25 MAY


@pytest.fixture(scope="module")
def url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    db = tmp_path_factory.mktemp("over-http") / "db.lbug"
    env = {**os.environ, "LIANJIAN_BACKEND": "embedded", "LIANJIAN_DB_PATH": str(db)}
    with served(env=env) as base:
        yield base


def test_every_graphql_http_audit_passes(url: str) -> None:
    npm_ci(AUDIT_DIR)
    done = subprocess.run(["node", "audit.mjs", f"{url}/graphql"], cwd=AUDIT_DIR, capture_output=True, text=True,
                          timeout=300, check=True)
    results = json.loads(done.stdout)
    assert len(results) == AUDITS
    failed = [f"{r['name']}: {r['reason']}" for r in results if r["status"] != "ok"]
    assert failed == [], "\n".join(failed)


def post(url: str, body: dict[str, Any], accept: str | None = None) -> httpx.Response:
    """json.dumps writes a lone surrogate as an escape, as clients do; httpx's json= cannot."""
    headers = {"content-type": "application/json", **({"accept": accept} if accept else {})}
    return httpx.post(f"{url}/graphql", content=json.dumps(body), headers=headers, timeout=60)


REQUEST_ERRORS = [
    {"query": "{ unit(id: "},  # does not parse
    {"query": "{ noSuchField }"},  # does not validate
    {"query": "query($n: Int!) { units(first: $n) { totalCount } }", "variables": {"n": "ten"}},  # coercion
    {"query": "query($s: ID!) { unit(id: $s) { name } }", "variables": {"s": "\ud800"}},  # not Unicode
]


@pytest.mark.parametrize("body", REQUEST_ERRORS)
def test_a_request_error_is_200_with_null_data_as_json(url: str, body: dict[str, Any]) -> None:
    for accept in (None, "application/json", "*/*"):
        response = post(url, body, accept)
        assert response.status_code == 200
        assert response.headers["content-type"] == "application/json; charset=utf-8"
        answer = response.json()
        assert answer["data"] is None and answer["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"


@pytest.mark.parametrize("body", REQUEST_ERRORS)
def test_a_request_error_is_400_without_data_as_graphql_response(url: str, body: dict[str, Any]) -> None:
    response = post(url, body, f"{GRAPHQL_RESPONSE}, application/json;q=0.9")
    assert response.status_code == 400
    assert response.headers["content-type"] == f"{GRAPHQL_RESPONSE}; charset=utf-8"
    answer = response.json()
    assert "data" not in answer and answer["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"


def test_a_request_that_ran_is_200_as_graphql_response_even_with_errors(url: str) -> None:
    both = '{ connectionPath(fromUnitId: "u-pt-minzheng", toUnitId: "u-pt-jggw", maxHops: 99) { hops } ' \
           'unit(id: "u-pt-minzheng") { name } }'
    response = post(url, {"query": both}, GRAPHQL_RESPONSE)
    assert response.status_code == 200
    assert response.json()["data"] == {"connectionPath": None, "unit": {"name": "普陀区民政局"}}
    nulled = post(url, {"query": '{ units(after: "aWQ6") { totalCount } }'}, GRAPHQL_RESPONSE)
    assert nulled.status_code == 200 and nulled.json()["data"] is None, "a field error, not a request error"


def test_the_first_acceptable_type_in_the_clients_order_is_answered(url: str) -> None:
    assert post(url, {"query": "{__typename}"}, f"application/json, {GRAPHQL_RESPONSE}").headers[
        "content-type"] == "application/json; charset=utf-8"
    assert post(url, {"query": "{__typename}"}, f"text/html, {GRAPHQL_RESPONSE}").headers[
        "content-type"] == f"{GRAPHQL_RESPONSE}; charset=utf-8"


def test_a_malformed_body_carries_the_asked_type_too(url: str) -> None:
    response = httpx.post(f"{url}/graphql", content=b"123", timeout=60,
                          headers={"content-type": "application/json", "accept": GRAPHQL_RESPONSE})
    assert response.status_code == 400
    assert response.headers["content-type"] == f"{GRAPHQL_RESPONSE}; charset=utf-8"
    assert response.json()["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"


def test_an_unknown_key_is_401_as_graphql_response(url: str) -> None:
    response = httpx.post(f"{url}/graphql", json={"query": "{__typename}"}, timeout=60,
                          headers={"accept": GRAPHQL_RESPONSE, "authorization": "Bearer lj_not_a_key"})
    assert response.status_code == 401 and response.headers["www-authenticate"] == "Bearer"
    assert response.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    legacy = httpx.post(f"{url}/graphql", json={"query": "{__typename}"}, timeout=60,
                        headers={"authorization": "Bearer lj_not_a_key"})
    assert legacy.status_code == 200 and legacy.json()["data"] is None
