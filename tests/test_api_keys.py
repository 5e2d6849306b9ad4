"""API keys managed over GraphQL while the server runs: created, used at once, listed without
secrets, revoked and refused from then on; admins only, every change audited."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from api.auth import create_key
from api.settings import ServerSettings
from graph.bookkeeping import Actor
from tests.conftest import BACKENDS, GraphQLClient, graphql_client, open_seeded_store
from tests.seed_folders import TINY, write_folder

CREATE = 'mutation($role: String!, $name: String!) { createApiKey(role: $role, name: $name) { key apiKey { id role name revoked } } }'
REVOKE = 'mutation($id: ID!) { revokeApiKey(id: $id) { id revoked } }'
LIST = "{ apiKeys { id name role created revoked } }"
MEMBER = '{ member(id: "m1") { phone } }'


@pytest.fixture(scope="module", params=BACKENDS)
async def admin(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[GraphQLClient]:
    """An admin's client of an app where requests without a key are refused."""
    folder = write_folder(tmp_path_factory.mktemp("tiny"), TINY)
    store = await open_seeded_store(request.param, tmp_path_factory.mktemp("db") / "db.lbug", folder)
    key = (await create_key(store, "admin", "root", Actor("cli:test", "admin"))).key
    async with graphql_client(store, ServerSettings(require_auth=True)) as anonymous:
        yield anonymous.with_key(key)
    await store.close()


async def test_a_key_made_over_graphql_works_at_once_and_not_after_it_is_revoked(admin: GraphQLClient) -> None:
    issued = (await admin.data(CREATE, role="editor", name="大屏"))["createApiKey"]
    key_id = issued["apiKey"]["id"]
    assert issued["apiKey"] == {"id": key_id, "role": "editor", "name": "大屏", "revoked": False}
    assert issued["key"].startswith(f"lj_{key_id}_")
    editor = admin.with_key(issued["key"])
    assert (await editor.data(MEMBER))["member"]["phone"] == "13800001111"  # unmasked: an editor
    listed = {k["id"]: k for k in (await admin.data(LIST))["apiKeys"]}
    assert listed[key_id]["revoked"] is False and issued["key"] not in str(listed)
    assert (await admin.data(REVOKE, id=key_id))["revokeApiKey"] == {"id": key_id, "revoked": True}
    assert await editor.error_code(MEMBER) == "UNAUTHENTICATED"
    assert {k["id"]: k for k in (await admin.data(LIST))["apiKeys"]}[key_id]["revoked"] is True
    revoked, created = await admin.store.audit_page(2, None)
    assert (created.operation, created.ids, created.after) == ("createApiKey", [key_id], {"role": "editor", "name": "大屏"})
    assert (revoked.operation, revoked.ids) == ("revokeApiKey", [key_id])
    assert created.actor == revoked.actor == f"key:{admin.headers['Authorization'].split('_')[1]}:root"


@pytest.mark.parametrize("role", ["viewer", "editor"])
async def test_only_admins_see_or_change_keys(admin: GraphQLClient, role: str) -> None:
    other = admin.with_key((await admin.data(CREATE, role=role, name=role))["createApiKey"]["key"])
    audited = await admin.store.audit_count()
    for text, variables in ((LIST, {}), (CREATE, {"role": "admin", "name": "mine"}), (REVOKE, {"id": "x"})):
        error = await other.error(text, **variables)
        assert error["extensions"] == {"code": "FORBIDDEN", "role": "admin"}, error
    assert await admin.store.audit_count() == audited


async def test_an_unknown_key_or_role_is_named(admin: GraphQLClient) -> None:
    missing = await admin.error(REVOKE, id="nope")
    assert missing["extensions"] == {"code": "NOT_FOUND", "field": "id", "id": "nope"}
    bad_role = await admin.error(CREATE, role="root", name="x")
    assert bad_role["extensions"] == {"code": "BAD_USER_INPUT", "field": "role"} and "viewer, editor, admin" in bad_role["message"]
