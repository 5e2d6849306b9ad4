"""The GraphQL contract: SPEC §5 names are present, and filter inputs match the store's filters."""

from __future__ import annotations

import pytest

from api.filters import FILTER_INPUTS
from api.pagination import filter_values
from api.schema import schema, sdl
from graph.filters import LIST_FILTERS

SPEC_QUERY_FIELDS = [
    "area", "unit", "organization", "member", "brand", "alliance", "resource", "service",
    "areas", "units", "organizations", "members", "brands", "alliances", "resources", "services",
    "accessibleResources", "unitSharing", "coverage", "coverageGaps", "coverageSummary", "connectionPath",
    "isolatedUnits", "topConnectors", "allianceNetwork", "talentSearch", "responsibilityChain",
]


def test_every_spec_query_field_exists() -> None:
    query = schema.get_type_by_name("Query")
    names = {f.python_name for f in query.fields}
    camel = {"".join([n.split("_")[0], *(p.title() for p in n.split("_")[1:])]) for n in names}
    assert set(SPEC_QUERY_FIELDS) <= camel, set(SPEC_QUERY_FIELDS) - camel


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
