"""The `filter` inputs of the list fields: which keys each label accepts and what they test.

kinds of test:
- `eq`: the node property equals the value
- `contains`: the node's name contains the text (works on Chinese without a full-text index)
- `has`: the node's list property holds the value (skills, domains)
- `rel`: the node has the relationship (type, direction) to a node of the label with that id
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal


@dataclass(frozen=True)
class FilterDef:
    key: str  # GraphQL input field and query parameter name
    test: Literal["eq", "contains", "has", "rel"]
    prop: str = ""  # the node property for eq / contains / has
    rel_type: str = ""
    direction: Literal["out", "in"] = "out"
    other: str = ""


def _name() -> FilterDef:
    return FilterDef("nameContains", "contains", "name")


LIST_FILTERS: dict[str, tuple[FilterDef, ...]] = {
    "Area": (
        FilterDef("kind", "eq", "kind"),
        FilterDef("remote", "eq", "remote"),
        FilterDef("parentId", "rel", rel_type="WITHIN", other="Area"),
        _name(),
    ),
    "Unit": (
        FilterDef("kind", "eq", "kind"),
        FilterDef("level", "eq", "level"),
        FilterDef("parentId", "rel", rel_type="UNDER", other="Unit"),
        FilterDef("areaId", "rel", rel_type="LOCATED_IN", other="Area"),
        FilterDef("allianceId", "rel", rel_type="JOINS", other="Alliance"),
        _name(),
    ),
    "Organization": (
        FilterDef("kind", "eq", "kind"),
        FilterDef("parentId", "rel", rel_type="PART_OF", other="Organization"),
        FilterDef("unitId", "rel", rel_type="IN_UNIT", other="Unit"),
        _name(),
    ),
    "Member": (
        FilterDef("status", "eq", "status"),
        FilterDef("cadre", "eq", "cadre"),
        FilterDef("skill", "has", "skills"),
        FilterDef("organizationId", "rel", rel_type="BELONGS_TO", other="Organization"),
        FilterDef("unitId", "rel", rel_type="WORKS_AT", other="Unit"),
        FilterDef("stationedUnitId", "rel", rel_type="STATIONED_AT", other="Unit"),
        _name(),
    ),
    "Brand": (
        FilterDef("domain", "has", "domains"),
        FilterDef("unitId", "rel", rel_type="RUNS", direction="in", other="Unit"),
        FilterDef("organizationId", "rel", rel_type="OF_ORG", other="Organization"),
        _name(),
    ),
    "Alliance": (
        FilterDef("model", "eq", "model"),
        FilterDef("parentId", "rel", rel_type="PART_OF", other="Alliance"),
        FilterDef("unitId", "rel", rel_type="JOINS", direction="in", other="Unit"),
        _name(),
    ),
    "Resource": (
        FilterDef("kind", "eq", "kind"),
        FilterDef("unitId", "rel", rel_type="PROVIDES", direction="in", other="Unit"),
        FilterDef("areaId", "rel", rel_type="LOCATED_IN", other="Area"),
        FilterDef("allianceId", "rel", rel_type="SHARED_VIA", other="Alliance"),
        _name(),
    ),
    "Service": (
        FilterDef("domain", "eq", "domain"),
        FilterDef("allianceId", "rel", rel_type="DELIVERED_BY", other="Alliance"),
        FilterDef("brandId", "rel", rel_type="DELIVERED_BY", other="Brand"),
        FilterDef("areaId", "rel", rel_type="COVERS", other="Area"),
        _name(),
    ),
}
