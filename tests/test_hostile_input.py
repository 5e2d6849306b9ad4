"""What strangers send to a public endpoint: bodies that are not GraphQL requests, text that is not
Unicode, forged cursors, numbers too big for their type. `lianjian serve` on the demo data answers
each with a 4xx or a GraphQL error carrying `extensions.code` in UTF-8 JSON, never a 5xx, plain
text or INTERNAL, and keeps answering.

Where a bad value stops the whole request (a body, a variable: GraphQL refuses the request before
it runs) no `data` is answered; where a resolver refuses its argument (a cursor) the other fields
of the same request still answer.
"""

from __future__ import annotations

import base64
import json
import os
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from tests.serving import served

MINZHENG = "u-pt-minzheng"  # 普陀区民政局
LONE = "\ud800"
NAME = "{ unit(id: \"u-pt-minzheng\") { name } }"


@pytest.fixture(scope="module")
def http(tmp_path_factory: pytest.TempPathFactory) -> Iterator[httpx.Client]:
    db = tmp_path_factory.mktemp("hostile") / "db.lbug"
    env = {**os.environ, "LIANJIAN_BACKEND": "embedded", "LIANJIAN_DB_PATH": str(db)}
    with served("--anonymous-role", "editor", env=env) as url, httpx.Client(base_url=url, timeout=60) as client:
        yield client
        assert answer(client.post("/graphql", json={"query": NAME}))["data"]["unit"]["name"] == "普陀区民政局"


def answer(response: httpx.Response, status: int = 200) -> dict[str, Any]:
    """The JSON body of a response that must have `status`, read strictly as UTF-8 JSON."""
    assert response.status_code == status, (response.status_code, response.text)
    assert response.headers["content-type"] == "application/json; charset=utf-8"
    body = json.loads(response.content.decode("utf-8"))
    assert isinstance(body, dict), body
    assert "Traceback" not in response.text
    return body


def refused(response: httpx.Response, status: int) -> str:
    """A request error: 4xx, one GraphQL error with a code, no data entry; its message."""
    body = answer(response, status)
    assert "data" not in body, body
    [error] = body["errors"]
    assert error["extensions"]["code"] == "BAD_USER_INPUT", error
    return str(error["message"])


def post(http: httpx.Client, content: bytes | str, content_type: str = "application/json") -> httpx.Response:
    return http.post("/graphql", content=content, headers={"content-type": content_type})


def graphql(http: httpx.Client, query: str, **variables: Any) -> dict[str, Any]:
    """A JSON body built by hand, so that variables can hold what json.dumps writes for lone
    surrogates (`"\\ud800"`), as a client in another language would send them."""
    return answer(post(http, json.dumps({"query": query, "variables": variables})))


def only_error(body: dict[str, Any]) -> dict[str, Any]:
    [error] = body["errors"]
    assert error["extensions"]["code"] != "INTERNAL", error
    return dict(error)


# --- bodies that are not GraphQL requests -------------------------------------------------------

@pytest.mark.parametrize("body, says", [
    ('"{__typename}"', "got a string"),
    ("123", "got a number"),
    ("null", "got null"),
    ("true", "got a boolean"),
    ("[]", "got an array"),
    ('[{"query": "{__typename}"}]', "got an array"),
    ("{query", "not JSON"),
    ("", "not JSON"),
    ('{"query": "{__typename}"', "not JSON"),
    ('{"query": "{__typename}", "variables": {"x": NaN}}', "NaN is not a JSON value"),
    ('{"query": "{__typename}", "variables": {"x": -Infinity}}', "-Infinity is not a JSON value"),
    ('{"query": "{__typename}", "query": "mutation { deleteUnit(id: \\"u-pt-minzheng\\") { id } }"}', "appears twice"),
    ('{"query": "{__typename}", "variables": {"n": ' + "9" * 5000 + "}}", "not JSON"),
    ('{"query": "{__typename}", "variables": {"x": ' + "[" * 100_000 + "]" * 100_000 + "}}", "nested too deeply"),
    ("{}", "No GraphQL query"),
    ('{"query": null}', "No GraphQL query"),
    ('{"query": 5}', "`query` must be a string"),
    ('{"query": ["{__typename}"]}', "`query` must be a string"),
    ('{"query": "{__typename}", "variables": "{}"}', "`variables` must be an object"),
    ('{"query": "{__typename}", "variables": []}', "`variables` must be an object"),
    ('{"query": "{__typename}", "extensions": 1}', "`extensions` must be an object"),
    ('{"query": "{__typename}", "operationName": 1}', "`operationName` must be a string"),
    ('{"query": "query A { __typename }", "operationName": "B"}', ""),
])
def test_a_body_that_is_not_a_graphql_request_is_a_400(http: httpx.Client, body: str, says: str) -> None:
    assert says in refused(post(http, body), 400)


@pytest.mark.parametrize("body", [
    b'{"query": "{ unit(id: \\"\xff\\") { name } }"}',  # not UTF-8
    b'{"query": "\xed\xa0\x80"}',  # a UTF-8-encoded surrogate
    '{"query": "{__typename}"}'.encode("utf-16"),
    b'\xef\xbb\xbf{"query": "{__typename}"}',  # a byte order mark
])
def test_a_body_that_is_not_utf8_json_is_a_400(http: httpx.Client, body: bytes) -> None:
    assert "not JSON" in refused(post(http, body), 400)


@pytest.mark.parametrize("content_type", [
    "", "text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x",
    "application/graphql", "application/jsonx", "application/json; charset=latin-1",
])
def test_a_body_of_another_media_type_is_a_415(http: httpx.Client, content_type: str) -> None:
    assert "send the GraphQL request as" in refused(post(http, '{"query": "{__typename}"}', content_type), 415)


def test_several_operations_without_a_name_are_refused_not_the_first_run(http: httpx.Client) -> None:
    body = graphql(http, 'query A { __typename } mutation B { deleteUnit(id: "u-pt-minzheng") { id } }')
    assert body["data"] is None
    assert only_error(body)["message"] == "Must provide operation name if query contains multiple operations."


def test_a_charset_named_in_any_case_is_taken(http: httpx.Client) -> None:
    body = answer(post(http, '{"query": "{__typename}"}', "Application/JSON; Charset=UTF-8"))
    assert body == {"data": {"__typename": "Query"}}


@pytest.mark.parametrize("method", ["PUT", "PATCH", "DELETE"])
def test_another_method_is_a_405_naming_the_allowed_ones(http: httpx.Client, method: str) -> None:
    response = http.request(method, "/graphql", json={"query": "{__typename}"})
    assert "GET and POST" in refused(response, 405)
    assert response.headers["allow"] == "GET, POST"


@pytest.mark.parametrize("params, says", [
    ({"query": "{__typename}", "variables": "{x"}, "not JSON"),
    ({"query": "{__typename}", "variables": "[1]"}, "got an array"),
    ({"query": "{__typename}", "extensions": "7"}, "got a number"),
])
def test_a_get_with_bad_parameters_is_a_4xx(http: httpx.Client, params: dict[str, str], says: str) -> None:
    response = http.get("/graphql", params=params)
    assert 400 <= response.status_code < 500
    assert says in refused(response, response.status_code)


def test_a_mutation_over_get_is_a_405_and_not_run(http: httpx.Client) -> None:
    response = http.get("/graphql", params={"query": 'mutation { deleteUnit(id: "u-pt-minzheng") { id } }'})
    assert "send them with POST" in refused(response, 405)
    assert answer(http.post("/graphql", json={"query": NAME}))["data"]["unit"] is not None


def test_a_body_over_the_limit_is_a_413_in_the_same_shape(http: httpx.Client) -> None:
    assert "larger than the limit" in refused(post(http, '{"query": "' + " " * 1_000_001 + '{__typename}"}'), 413)


# --- text that is not Unicode -------------------------------------------------------------------

BY_VARIABLE = [
    ("query($s: ID!) { unit(id: $s) { name } }", {"s": LONE}, "s"),
    ("query($f: UnitFilter) { units(filter: $f) { totalCount } }", {"f": {"nameContains": "民政" + LONE}},
     "f.nameContains"),
    ("query($f: MemberFilter) { members(filter: $f) { totalCount } }", {"f": {"skill": "\udfff"}}, "f.skill"),
    ("query($s: String!) { talentSearch(unitId: \"u-pt-minzheng\", skill: $s) { hops } }", {"s": LONE}, "s"),
    ("query($d: String) { coverage(areaId: \"a-pt\", domain: $d) { covered } }", {"d": LONE}, "d"),
    ("query($ids: [ID!]) { allianceNetwork(allianceIds: $ids) { truncated } }", {"ids": ["al-ls-yl", LONE]}, "ids[1]"),
    ("mutation($i: CreateUnitInput!) { createUnit(input: $i) { id } }",
     {"i": {"id": "u-new", "name": "新单位" + LONE, "kind": "AGENCY"}}, "i.name"),
    ("mutation($id: ID!, $i: UpdateUnitInput!) { updateUnit(id: $id, input: $i) { id } }",
     {"id": MINZHENG, "i": {"name": LONE}}, "i.name"),
    ("mutation($f: [CsvFileInput!]!) { seedCsv(files: $f, check: true) { loaded } }",
     {"f": [{"name": "units.csv", "content": "id,name\nu-x," + LONE}]}, "f[0].content"),
]


@pytest.mark.parametrize("query, variables, path", BY_VARIABLE, ids=[p for _, _, p in BY_VARIABLE])
def test_a_lone_surrogate_in_a_variable_is_refused_naming_it(http: httpx.Client, query: str, variables: dict[str, Any],
                                                             path: str) -> None:
    name = path.split(".")[0].split("[")[0]
    body = graphql(http, query, **variables)
    assert body["data"] is None, "a variable that cannot be coerced refuses the request before it runs"
    error = only_error(body)
    assert error["extensions"] == {"code": "BAD_USER_INPUT", "variable": name}
    assert f"Variable '${name}'" in error["message"] and f"at '{path}'" in error["message"]
    assert "U+D" in error["message"]


def test_the_request_with_a_lone_surrogate_answers_once_the_text_is_valid(http: httpx.Client) -> None:
    both = f'query($s: ID!) {{ bad: unit(id: $s) {{ name }} good: unit(id: "{MINZHENG}") {{ name }} }}'
    assert only_error(graphql(http, both, s=LONE))["extensions"]["variable"] == "s"
    assert graphql(http, both, s="u-pt-jggw")["data"] == {
        "bad": {"name": "普陀区委区直机关工委"}, "good": {"name": "普陀区民政局"}}
    assert graphql(http, both, s="\ud83d\ude00")["data"] == {"bad": None, "good": {"name": "普陀区民政局"}}


def test_nothing_with_a_lone_surrogate_reaches_the_store(http: httpx.Client) -> None:
    create = "mutation($i: CreateUnitInput!) { createUnit(input: $i) { id } }"
    graphql(http, create, i={"id": "u-lone" + LONE, "name": "孤", "kind": "AGENCY"})
    graphql(http, create, i={"id": "u-lone", "name": "孤" + LONE, "kind": "AGENCY"})
    assert graphql(http, '{ unit(id: "u-lone") { id } }')["data"] == {"unit": None}


@pytest.mark.parametrize("literal", ['"\ud800"', '"\\ud800"', '"""\ud800"""', '"ok" # \ud800\n'])
def test_a_lone_surrogate_in_the_query_text_is_a_syntax_error(http: httpx.Client, literal: str) -> None:
    body = graphql(http, f"{{ unit(id: {literal}) {{ name }} }}")
    assert body["data"] is None
    error = only_error(body)
    assert error["extensions"]["code"] == "BAD_USER_INPUT" and "Syntax Error" in error["message"], error


def test_a_lone_surrogate_echoed_in_an_error_is_written_as_an_escape(http: httpx.Client) -> None:
    """The message quotes the unknown operation name: JSON escapes for it, not broken UTF-8."""
    response = post(http, json.dumps({"query": "query A { __typename }", "operationName": LONE}))
    assert "Unknown operation named" in refused(response, 400)
    assert b"\\ud800" in response.content


# --- values their types refuse ------------------------------------------------------------------

def test_a_variable_too_big_for_int_gets_the_coercion_error_not_the_cost_limit(http: httpx.Client) -> None:
    query = "query($n: Int!) { units(first: $n) { edges { node { id organizations { members { id } } } } } }"
    error = only_error(graphql(http, query, n=10**20))
    assert "Int cannot represent non 32-bit signed integer value" in error["message"], error
    assert error["extensions"] == {"code": "BAD_USER_INPUT"}
    assert "Int cannot represent non-integer value" in only_error(graphql(http, query, n=1.5))["message"]
    assert "'Int!' to be provided" in only_error(graphql(http, query))["message"]


def test_a_variable_left_to_its_default_is_costed_with_the_default(http: httpx.Client) -> None:
    wide = ("query($n: Int! = 500) { units(first: $n) { edges { node "
            "{ organizations { members { organization { members { unit { members { id } } } } } } } } } }")
    assert only_error(graphql(http, wide))["extensions"] == {"code": "BAD_USER_INPUT", "limit": "complexity"}
    assert only_error(graphql(http, wide, n=500))["extensions"]["limit"] == "complexity"
    assert graphql(http, wide, n=5)["data"]["units"]["edges"]


# --- cursors ------------------------------------------------------------------------------------

def _cursor(text: bytes) -> str:
    return base64.urlsafe_b64encode(text).decode()


PAGE = "query($a: String) { units(first: 2, after: $a) { edges { cursor node { id } } } }"


@pytest.mark.parametrize("cursor", [
    "aWQ6",  # "id:"
    _cursor(b"id:\0"),
    _cursor(b"id:\tu-pt-minzheng"),
    _cursor(b"u-pt-minzheng"),
    _cursor(b"id:\xff"),
    "aWQ6dS1wdC1taW56aGVuZw",  # "id:u-pt-minzheng" without its padding
    "aWQ6dS1wdC1taW56aGVuZw==!",
    "a WQ6dS1wdC1taW56aGVuZw==",
    "",
    "不是游标",
])
def test_a_cursor_this_server_did_not_issue_is_refused(http: httpx.Client, cursor: str) -> None:
    bad = graphql(http, PAGE, a=cursor)
    assert bad["data"] is None
    error = only_error(bad)
    assert error["extensions"] == {"code": "BAD_USER_INPUT", "argument": "after"}
    assert error["path"] == ["units"]


def test_an_argument_a_resolver_refuses_leaves_the_sibling_fields_answering(http: httpx.Client) -> None:
    """Unlike a bad variable, a refusal by one field (a cursor, a bound) is that field's error. The
    lists are non-null, so a refused cursor nulls the data as the schema says; a nullable field
    refused beside a lookup leaves the lookup answering."""
    body = graphql(http, f'{{ units(after: "aWQ6") {{ totalCount }} unit(id: "{MINZHENG}") {{ name }} }}')
    assert body["data"] is None and only_error(body)["path"] == ["units"]
    body = graphql(http, f'{{ connectionPath(fromUnitId: "{MINZHENG}", toUnitId: "u-pt-jggw", maxHops: 99) {{ hops }} '
                         f'unit(id: "{MINZHENG}") {{ name }} }}')
    assert body["data"] == {"connectionPath": None, "unit": {"name": "普陀区民政局"}}
    assert only_error(body)["extensions"]["code"] == "BAD_USER_INPUT"


def test_an_issued_cursor_still_turns_the_page(http: httpx.Client) -> None:
    first = graphql(http, PAGE)["data"]["units"]["edges"]
    second = graphql(http, PAGE, a=first[-1]["cursor"])["data"]["units"]["edges"]
    assert second and second[0]["node"]["id"] > first[-1]["node"]["id"]


# --- readable UTF-8 -----------------------------------------------------------------------------

def test_answers_carry_chinese_as_utf8_text(http: httpx.Client) -> None:
    response = post(http, json.dumps({"query": NAME}))
    assert answer(response) == {"data": {"unit": {"name": "普陀区民政局"}}}
    assert "普陀区民政局".encode() in response.content and b"\\u" not in response.content


def test_errors_and_health_are_utf8_json_too(http: httpx.Client) -> None:
    error = post(http, json.dumps({"query": '{ coverage(areaId: "无此地区") { covered } }'}))
    assert "无此地区".encode() in error.content and b"\\u" not in error.content
    health = answer(http.get("/health"))
    assert health["status"] == "ok" and health["counts"]
