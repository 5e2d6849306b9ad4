"""Who may see and do what: each role against each protected field and every mutation, on every
backend, through HTTP with real API keys."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import graphql
import pytest

from api.auth import create_key, revoke_key
from api.schema import sdl
from api.settings import ServerSettings
from graph.bookkeeping import Actor
from graph.store import GraphStore
from tests.conftest import BACKENDS, GraphQLClient, graphql_client, open_seeded_store
from tests.seed_folders import TINY, write_folder

ROLES = ("viewer", "editor", "admin")
ADMIN = Actor("cli:test", "admin")
MEMBER = '{ member(id: "m1") { name phone joined skills } }'
MUTATIONS = graphql.build_schema(sdl()).mutation_type.fields
ADMIN_MUTATIONS = {"seedCsv", "createApiKey", "revokeApiKey"}


@dataclass
class Site:
    anonymous: GraphQLClient
    by_role: dict[str, GraphQLClient]
    store: GraphStore
    revoked_key: str


@pytest.fixture(scope="module", params=BACKENDS)
async def site(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[Site]:
    """The tiny graph behind the app as configured for the local demo (anonymous = viewer)."""
    folder = write_folder(tmp_path_factory.mktemp("tiny"), TINY)
    store = await open_seeded_store(request.param, tmp_path_factory.mktemp("db") / "db.lbug", folder)
    keys = {role: (await create_key(store, role, f"{role} key", ADMIN)).key for role in ROLES}
    revoked = await create_key(store, "admin", "old admin key", ADMIN)
    assert await revoke_key(store, revoked.id, ADMIN)
    async with graphql_client(store, ServerSettings()) as anonymous:
        yield Site(anonymous, {role: anonymous.with_key(key) for role, key in keys.items()}, store, revoked.key)
    await store.close()


def _dummy(type_: graphql.GraphQLInputType) -> str:
    """A value of the right shape: enough for the role check, which comes before any lookup."""
    inner = graphql.get_nullable_type(type_)
    if isinstance(inner, graphql.GraphQLList):
        return f"[{_dummy(inner.of_type)}]"
    if isinstance(inner, graphql.GraphQLInputObjectType):
        required = [f"{name}: {_dummy(f.type)}" for name, f in inner.fields.items() if graphql.is_non_null_type(f.type)]
        return "{" + ", ".join(required) + "}"
    return {"Int": "1", "Boolean": "false"}.get(getattr(inner, "name", ""), '"x"')


def _call(name: str) -> str:
    field = MUTATIONS[name]
    args = ", ".join(f"{arg}: {_dummy(a.type)}" for arg, a in field.args.items() if graphql.is_non_null_type(a.type)
                     and a.default_value is graphql.Undefined)
    selection = "{ __typename }" if graphql.get_named_type(field.type).name != "String" else ""
    return f"mutation {{ {name}{f'({args})' if args else ''} {selection} }}"


@pytest.mark.parametrize("role", ["anonymous", *ROLES])
async def test_personal_fields_are_masked_for_viewers_only(site: Site, role: str) -> None:
    client = site.anonymous if role == "anonymous" else site.by_role[role]
    member = (await client.data(MEMBER))["member"]
    if role in ("anonymous", "viewer"):
        assert member == {"name": "张*", "phone": "138****1111", "joined": None, "skills": ["医疗", "法律"]}
    else:
        assert member == {"name": "张三", "phone": "13800001111", "joined": "2001-07-01", "skills": ["医疗", "法律"]}


@pytest.mark.parametrize("role", ["anonymous", *ROLES])
@pytest.mark.parametrize(("text", "count"), [
    ('{ members(filter: {nameContains: "张"}) { totalCount } }', lambda data: data["members"]["totalCount"]),
    ('{ membersAggregate(filter: {nameContains: "张"}) { count } }', lambda data: data["membersAggregate"]["count"]),
    ('{ organization(id: "o2") { membersConnection(filter: {nameContains: "张"}) { totalCount } } }',
     lambda data: data["organization"]["membersConnection"]["totalCount"]),
], ids=["list", "aggregate", "connection"])
async def test_filtering_members_by_name_needs_the_editor_role(site: Site, role: str, text: str, count: Any) -> None:
    client = site.anonymous if role == "anonymous" else site.by_role[role]
    if role in ("anonymous", "viewer"):
        assert await client.error_code(text) == "FORBIDDEN"
    else:
        assert count(await client.data(text)) == 1


async def test_members_through_a_connection_are_masked_for_viewers(site: Site) -> None:
    text = '{ organization(id: "o2") { membersConnection { edges { node { id name phone joined } } } } }'
    edges = (await site.by_role["viewer"].data(text))["organization"]["membersConnection"]["edges"]
    assert {"id": "m1", "name": "张*", "phone": "138****1111", "joined": None} in [e["node"] for e in edges]


async def test_viewers_may_count_members_without_matching_names(site: Site) -> None:
    text = "{ membersAggregate { count byStatus { status count } } }"
    viewer, editor = await site.by_role["viewer"].data(text), await site.by_role["editor"].data(text)
    assert viewer == editor and viewer["membersAggregate"]["count"] > 0


@pytest.mark.parametrize("role", ["anonymous", *ROLES])
async def test_searching_members_needs_the_editor_role(site: Site, role: str) -> None:
    client = site.anonymous if role == "anonymous" else site.by_role[role]
    asked = '{ search(text: "zs", types: [MEMBER]) { type id } }'
    default = '{ search(text: "zs") { type } }'
    if role in ("anonymous", "viewer"):
        assert await client.error_code(asked) == "FORBIDDEN"
        assert "MEMBER" not in {hit["type"] for hit in (await client.data(default))["search"]}
    else:
        assert (await client.data(asked))["search"] == [{"type": "MEMBER", "id": "m1"}]
        assert "MEMBER" in {hit["type"] for hit in (await client.data(default))["search"]}


@pytest.mark.parametrize("role", ["anonymous", *ROLES])
async def test_the_audit_log_is_for_admins(site: Site, role: str) -> None:
    client = site.anonymous if role == "anonymous" else site.by_role[role]
    text = "{ auditLog(first: 5) { totalCount edges { node { operation actor } } } }"
    if role == "admin":
        assert (await client.data(text))["auditLog"]["totalCount"] >= 0
    else:
        assert await client.error_code(text) == "FORBIDDEN"


@pytest.mark.parametrize("mutation", sorted(MUTATIONS))
async def test_every_mutation_is_forbidden_to_viewers_and_writes_nothing(site: Site, mutation: str) -> None:
    counts, audited = await site.store.counts(), await site.store.audit_count()
    for client in (site.anonymous, site.by_role["viewer"]):
        error = await client.error(_call(mutation))
        assert error["extensions"]["code"] == "FORBIDDEN", error
        needed = "admin" if mutation in ADMIN_MUTATIONS else "editor"
        assert error["extensions"]["role"] == needed and needed in error["message"]
    assert await site.store.counts() == counts and await site.store.audit_count() == audited


@pytest.mark.parametrize("role", ["editor", "admin"])
async def test_editors_and_admins_change_the_graph_as_themselves(site: Site, role: str) -> None:
    text = 'mutation($id: ID!) { updateArea(id: $id, input: {population: 301}) { population } }'
    assert (await site.by_role[role].data(text, id="a3"))["updateArea"] == {"population": 301}
    entry = (await site.store.audit_page(1, None))[0]
    assert (entry.operation, entry.role, entry.actor) == ("updateArea", role, entry.actor)
    assert entry.actor.endswith(f":{role} key")


async def test_a_bad_or_revoked_key_is_unauthenticated_not_anonymous(site: Site) -> None:
    for key in ("lj_000000000000_nope", site.revoked_key, "not-even-a-key"):
        error = await site.anonymous.with_key(key).error(MEMBER)
        assert error["extensions"]["code"] == "UNAUTHENTICATED" and "not valid" in error["message"]


async def test_require_auth_refuses_anonymous_requests_and_accepts_keys(tmp_path: Path) -> None:
    store = await open_seeded_store("embedded", tmp_path / "db.lbug", write_folder(tmp_path / "csv", TINY))
    try:
        viewer = (await create_key(store, "viewer", "v", ADMIN)).key
        async with graphql_client(store, ServerSettings(require_auth=True)) as anonymous:
            error = await anonymous.error(MEMBER)
            assert error["extensions"]["code"] == "UNAUTHENTICATED" and "Bearer" in error["message"]
            assert (await anonymous.with_key(viewer).data(MEMBER))["member"]["phone"] == "138****1111"
    finally:
        await store.close()


@pytest.mark.parametrize(("phone", "masked"), [("13800001111", "138****1111"), ("0580-2201234", "058*****1234"),
                                               ("110", "***"), ("", "")])
def test_phone_masks_keep_only_the_edges(phone: str, masked: str) -> None:
    from api.access import mask_phone

    assert mask_phone(phone) == masked


async def test_admins_page_through_the_audit_log_newest_first(site: Site) -> None:
    for population in (11, 12, 13):
        await site.by_role["editor"].data('mutation($p: Int!) { updateArea(id: "a2", input: {population: $p}) { id } }',
                                          p=population)
    page = "query($after: String) { auditLog(first: 2, after: $after) { totalCount edges { node { operation after } } " \
           "pageInfo { hasNextPage endCursor } } }"
    first = (await site.by_role["admin"].data(page, after=None))["auditLog"]
    second = (await site.by_role["admin"].data(page, after=first["pageInfo"]["endCursor"]))["auditLog"]
    populations = [e["node"]["after"]["population"] for e in first["edges"] + second["edges"]][:3]
    assert populations == ["13", "12", "11"]
    assert first["pageInfo"]["hasNextPage"] and first["totalCount"] == await site.store.audit_count()
    error = await site.by_role["admin"].error(page, after="not-a-cursor")
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
