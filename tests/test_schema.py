"""The GraphQL contract: SPEC §5 names are present, and filter inputs match the store's filters."""

from __future__ import annotations

import graphql
import pytest

from api.filters import FILTER_INPUTS
from api.pagination import filter_values
from api.naming import camel
from api.schema import build_schema, sdl
from api.settings import ServerSettings
from graph.filters import LIST_FILTERS
from seed.changes import NODE_FILES

schema = build_schema(ServerSettings())
GRAPHQL = graphql.build_schema(sdl())

SPEC_QUERY_FIELDS = [
    "area", "unit", "organization", "member", "brand", "alliance", "resource", "service",
    "areas", "units", "organizations", "members", "brands", "alliances", "resources", "services",
    "accessibleResources", "unitSharing", "coverage", "coverageGaps", "coverageSummary", "connectionPath",
    "isolatedUnits", "topConnectors", "allianceNetwork", "talentSearch", "responsibilityChain",
]
RELATIONSHIP_MUTATIONS = [
    "joinAlliance", "leaveAlliance", "shareResource", "unshareResource", "assignPosition", "removePosition",
    "coverArea", "uncoverArea", "stationMember", "moveMember",
]


def test_every_spec_query_field_exists() -> None:
    query = schema.get_type_by_name("Query")
    names = {f.python_name for f in query.fields}
    graphql_names = {camel(n) for n in names}
    assert set(SPEC_QUERY_FIELDS) <= graphql_names, set(SPEC_QUERY_FIELDS) - graphql_names


@pytest.mark.parametrize("label", list(LIST_FILTERS))
def test_filter_inputs_have_exactly_the_store_filter_keys(label: str) -> None:
    fields = FILTER_INPUTS[label].__dataclass_fields__
    instance = FILTER_INPUTS[label](**{name: "x" for name in fields})
    assert set(filter_values(instance)) == {f.key for f in LIST_FILTERS[label]}


def test_sdl_mentions_the_spec_relationship_fields() -> None:
    text = sdl()
    for needle in ("stationedMembers: [Member!]!", "alliances: [AllianceMembership!]!", "members: [AllianceMember!]!",
                   "children: [Alliance!]!", "areas: [CoveredArea!]!", "totalCount: Int!", "hasNextPage: Boolean!"):
        assert needle in text


def test_every_entity_has_create_update_delete_and_the_relationship_mutations_exist() -> None:
    names = set(GRAPHQL.mutation_type.fields)
    expected = {f"{verb}{label}" for label in NODE_FILES for verb in ("create", "update", "delete")}
    assert expected | set(RELATIONSHIP_MUTATIONS) <= names, (expected | set(RELATIONSHIP_MUTATIONS)) - names


@pytest.mark.parametrize("label", list(NODE_FILES))
def test_mutation_inputs_are_the_csv_columns(label: str) -> None:
    """One field per column of the seed file, so a mutation validates exactly like a CSV row."""
    columns = [camel(c.name) for c in NODE_FILES[label].columns]
    assert list(GRAPHQL.get_type(f"Create{label}Input").fields) == columns
    assert list(GRAPHQL.get_type(f"Update{label}Input").fields) == [c for c in columns if c != "id"]
