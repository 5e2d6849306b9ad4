"""The batched executor (api/execution.py) answers exactly what graphql-core's own completion answers.

Every query runs twice over the same store: through the served schema and through the same schema
with Strawberry's standard executor; data, error messages and error paths must be equal. The
queries cover every relationship field of every type (generated from the schema, so a new field is
covered the day it is added), the viewer's masking, the document features a plan must honour, and
the failures a batch hands back to graphql-core.
"""

from __future__ import annotations

import gc
import warnings
from collections.abc import AsyncIterator
from typing import Any

import pytest
import strawberry
from graphql import GraphQLNamedType, GraphQLObjectType, get_named_type, is_leaf_type, is_object_type

from api.auth import Principal
from api.context import Context
from api.execution import BatchedExecutor
from api.schema import Mutation, Query, Schema, build_schema
from api.settings import ServerSettings
from graph.store import GraphStore
from tests.conftest import BACKENDS, DEMO, open_seeded_store

SERVED = build_schema(ServerSettings())
STANDARD = Schema(query=Query, mutation=Mutation)


@pytest.fixture(scope="module", params=BACKENDS)
async def demo_store(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[GraphStore]:
    store = await open_seeded_store(request.param, tmp_path_factory.mktemp("exec") / "db.lbug", DEMO)
    yield store
    await store.close()


def _selection(type_: GraphQLObjectType, depth: int) -> str:
    """Every leaf field, and every argument-free object field down to `depth` levels."""
    parts = []
    for name, field in type_.fields.items():
        named: GraphQLNamedType = get_named_type(field.type)
        if field.args:
            continue
        if is_leaf_type(named):
            parts.append(name)
        elif is_object_type(named) and depth > 0:
            parts.append(f"{name} {_selection(named, depth - 1)}")  # type: ignore[arg-type]
    return "{ " + " ".join(parts or ["__typename"]) + " }"


CONNECTIONS = [name for name, field in SERVED._schema.query_type.fields.items()  # type: ignore[union-attr]
               if get_named_type(field.type).name.endswith("Connection")]


async def _both(store: GraphStore, text: str, role: str = "editor", **variables: Any) -> Any:
    answers = []
    for schema in (SERVED, STANDARD):
        result = await schema.execute(text, variable_values=variables,
                                      context_value=Context.for_request(store, Principal(role, "test")))
        answers.append((result.data, sorted((e.message, tuple(e.path or ())) for e in result.errors or [])))
    assert answers[0] == answers[1]
    return answers[0][0]


def test_the_served_schema_runs_the_batched_executor() -> None:
    assert SERVED.execution_context_class is BatchedExecutor
    assert STANDARD.execution_context_class is not BatchedExecutor


@pytest.mark.parametrize("root", CONNECTIONS)
async def test_every_relationship_two_levels_down_answers_as_graphql_core_does(demo_store: GraphStore, root: str) -> None:
    node_type = get_named_type(SERVED._schema.query_type.fields[root].type).fields["edges"]  # type: ignore[union-attr]
    node = get_named_type(get_named_type(node_type.type).fields["node"].type)
    text = (f"{{ {root}(first: 40) {{ totalCount pageInfo {{ hasNextPage endCursor }} "
            f"edges {{ cursor node {_selection(node, 2)} }} }} }}")  # type: ignore[arg-type]
    data = await _both(demo_store, text)
    assert data[root]["edges"], f"the demo has no {root}: the comparison would prove nothing"


async def test_the_viewer_sees_the_same_masked_members(demo_store: GraphStore) -> None:
    data = await _both(demo_store, "{ units(first: 20) { edges { node { members { id name phone joined } } } } }",
                       role="viewer")
    names = [m["name"] for e in data["units"]["edges"] for m in e["node"]["members"]]
    assert names and all(name.endswith("*") for name in names)


async def test_aliases_fragments_typename_and_conditional_fields(demo_store: GraphStore) -> None:
    text = """
        fragment Named on Unit { id name __typename }
        query($withOrgs: Boolean!, $skipArea: Boolean!) {
          alliances(first: 10) { edges { node {
            label: name
            members { role unit { ...Named
              ... on Unit { organizations @include(if: $withOrgs) { id members { id } } }
              area @skip(if: $skipArea) { id }
              again: organizations { name } } }
            members { unit { organizations { kind } } } } } } }"""
    for with_orgs, skip_area in ((True, False), (False, True)):
        data = await _both(demo_store, text, withOrgs=with_orgs, skipArea=skip_area)
        unit = data["alliances"]["edges"][0]["node"]["members"][0]["unit"]
        assert unit["__typename"] == "Unit" and unit["again"]
        assert ("area" in unit) is not skip_area
        merged = {"id", "members", "kind"} if with_orgs else {"kind"}
        assert set(unit["organizations"][0]) == merged


async def test_a_point_lookup_and_an_analytic_field_answer_as_graphql_core_does(demo_store: GraphStore) -> None:
    await _both(demo_store, """{ unit(id: "u-pt-minzheng") { name parent { id } children { id }
        alliances { role since alliance { name members { unit { id } } } } } }""")
    await _both(demo_store, """{ accessibleResources(unitId: "u-pt-minzheng") { own resource { id name provider { id } }
        via { id name } } }""")


@strawberry.type
class _Item:
    id: int

    @strawberry.field
    def label(self) -> str:
        return None if self.id == 2 else f"item {self.id}"  # type: ignore[return-value]

    @strawberry.field
    async def checked(self) -> int | None:
        if self.id == 3:
            raise ValueError(f"item {self.id} cannot be checked")
        return self.id

    @strawberry.field
    def code(self) -> str | None:
        if self.id == 4:
            raise ValueError(f"item {self.id} has no code")
        return f"c{self.id}"


@strawberry.type
class _Holder:
    items: list[_Item]
    maybe: _Item | None


@strawberry.type
class _Query:
    @strawberry.field
    def holders(self) -> list[_Holder]:
        return [_Holder(items=[_Item(id=i) for i in range(k, k + 3)], maybe=_Item(id=k + 1) if k else None)
                for k in range(0, 6, 2)]


@pytest.mark.parametrize("selection", [
    "{ holders { items { id label } } }",
    "{ holders { items { id checked } maybe { id } } }",
    "{ holders { maybe { id checked } items { id } } }",
    "{ holders { items { checked code } } }",
    "{ holders { items { id } } }",
])
async def test_a_failing_batch_is_reported_exactly_as_graphql_core_reports_it(selection: str) -> None:
    answers = []
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        for executor in (BatchedExecutor, None):
            schema = strawberry.Schema(query=_Query, execution_context_class=executor)
            result = await schema.execute(selection)
            answers.append((result.data, sorted((e.message, tuple(e.path or ())) for e in result.errors or [])))
        gc.collect()
    assert answers[0] == answers[1]
    expected_errors = any(name in selection for name in ("label", "checked", "code"))
    assert bool(answers[0][1]) is expected_errors
    assert not [w for w in caught if "never awaited" in str(w.message)], "a started resolver was left unawaited"


@strawberry.interface
class _Named:
    name: str


@strawberry.type
class _Thing(_Named):
    id: int


@strawberry.type
class _Unplannable:
    @strawberry.field
    def things(self) -> list[_Named]:
        return [_Thing(id=1, name="a")]

    @strawberry.field
    def grid(self) -> list[list[int]]:
        return [[1, 2], [3]]


async def test_a_plan_is_refused_for_what_it_cannot_complete_exactly() -> None:
    schema = strawberry.Schema(query=_Unplannable, types=[_Thing], execution_context_class=BatchedExecutor)
    result = await schema.execute("{ things { name ... on Thing { id } } grid }")
    assert result.errors is None
    assert result.data == {"things": [{"name": "a", "id": 1}], "grid": [[1, 2], [3]]}
