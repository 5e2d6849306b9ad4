"""The graph model of SPEC §2, declared once.

Everything that must agree about the shape of the graph reads it from here: the embedded schema,
the Neo4j constraints, the Cypher linter's declared schema, CSV validation and the GraphQL enums.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Literal


class PropType(str, Enum):
    """Property types, named as LadybugDB names them; Neo4j stores the same Python values."""

    STRING = "STRING"
    INT = "INT64"
    BOOL = "BOOLEAN"
    DATE = "DATE"  # stored as an ISO `YYYY-MM-DD` string in both stores, so ids and dates compare alike
    STRING_LIST = "STRING[]"


@dataclass(frozen=True)
class EnumDef:
    """A closed vocabulary: English value -> Chinese label. CSV accepts either; GraphQL uses English."""

    name: str
    values: dict[str, str]

    def parse(self, text: str) -> str | None:
        """The English value for an English value (any case) or a Chinese label, else None."""
        upper = text.strip().upper()
        if upper in self.values:
            return upper
        for value, label in self.values.items():
            if text.strip() == label:
                return value
        return None


AREA_KIND = EnumDef("AreaKind", {
    "PROVINCE": "省", "CITY": "市", "DISTRICT": "区县", "TOWNSHIP": "乡镇街道",
    "VILLAGE": "村", "COMMUNITY": "社区", "ISLAND": "海岛", "GRID": "网格",
})
UNIT_KIND = EnumDef("UnitKind", {
    "AGENCY": "机关", "SOE": "国有企业", "INSTITUTION": "事业单位", "TOWNSHIP_GOV": "乡镇街道",
    "VILLAGE_COMMITTEE": "村社区", "CENTER": "服务中心", "SOCIAL_ORG": "社会组织", "ENTERPRISE": "非公企业",
})
UNIT_LEVEL = EnumDef("UnitLevel", {
    "PROVINCE": "省级", "CITY": "市级", "DISTRICT": "区县级", "TOWNSHIP": "乡镇级", "VILLAGE": "村级",
})
ORGANIZATION_KIND = EnumDef("OrganizationKind", {
    "PARTY_GROUP": "党组", "COMMITTEE": "党委", "AGENCY_COMMITTEE": "机关党委", "GENERAL_BRANCH": "党总支",
    "BRANCH": "党支部", "JOINT_BRANCH": "联合党支部", "GROUP": "党小组",
})
MEMBER_STATUS = EnumDef("MemberStatus", {"FULL": "正式党员", "PROBATIONARY": "预备党员"})
POSITION_ROLE = EnumDef("PositionRole", {
    "SECRETARY": "书记", "DEPUTY_SECRETARY": "副书记", "COMMITTEE_MEMBER": "委员", "GROUP_LEADER": "党小组长",
})
ALLIANCE_MODEL = EnumDef("AllianceModel", {
    "JOINT_BUILDING": "党建联建", "CONSORTIUM": "党建联合体", "PAIRING": "结对共建", "CHAIN": "联建链群",
})
ALLIANCE_ROLE = EnumDef("AllianceRole", {"LEAD": "牵头单位", "MEMBER": "成员单位"})
RESOURCE_KIND = EnumDef("ResourceKind", {
    "VENUE": "阵地", "TALENT": "人才", "FUND": "经费", "VEHICLE": "车辆设备", "PLATFORM": "数字平台",
    "SERVICE_POST": "服务驿站",
})

ENUMS: tuple[EnumDef, ...] = (
    AREA_KIND, UNIT_KIND, UNIT_LEVEL, ORGANIZATION_KIND, MEMBER_STATUS, POSITION_ROLE,
    ALLIANCE_MODEL, ALLIANCE_ROLE, RESOURCE_KIND,
)

S, I, B, D, L = PropType.STRING, PropType.INT, PropType.BOOL, PropType.DATE, PropType.STRING_LIST

# label -> ordered properties (the order is the column order of bulk loads)
NODE_PROPERTIES: dict[str, dict[str, PropType]] = {
    "Area": {"id": S, "name": S, "kind": S, "population": I, "remote": B},
    "Unit": {"id": S, "name": S, "kind": S, "level": S},
    "Organization": {"id": S, "name": S, "kind": S, "founded": D},
    "Member": {"id": S, "name": S, "status": S, "joined": D, "skills": L, "cadre": B, "phone": S},
    "Brand": {"id": S, "name": S, "domains": L, "launched": D, "description": S},
    "Alliance": {"id": S, "name": S, "model": S, "founded": D, "description": S},
    "Resource": {"id": S, "name": S, "kind": S, "capacity": I, "description": S},
    "Service": {"id": S, "name": S, "domain": S, "started": D, "description": S},
}
LABELS: tuple[str, ...] = tuple(NODE_PROPERTIES)

# Facts derived from the graph and stored on its nodes so the analytic questions read them instead
# of walking variable-length paths over the whole graph (graph/derived.py keeps them exact in the
# transaction of every write). Never seeded, never shown as fields: NODE_PROPERTIES is the contract.
DERIVED_PROPERTIES: dict[str, dict[str, PropType]] = {
    # the service domains covering the area, directly or through an area it lies WITHIN, led by ""
    # for "any domain" (NULL: none); the root of its WITHIN tree (itself when it has no parent)
    "Area": {"covered": L, "root": S},
    # distinct partners (units joining one of the same alliances directly); alliances joined directly
    "Unit": {"partners": I, "joined": I},
}

# Keys of each node's name, computed from it whenever it is written (graph/namekeys.py) and stored
# after the derived facts (older stores gain them by ALTER, and COPY maps columns by position): the
# search box matches them and lists sort Chinese names by `name_pinyin` (拼音序). Not fields either.
NAME_KEYS: dict[str, PropType] = {"name_pinyin": S, "name_initials": S, "name_sort": S}

# Bookkeeping beside the graph, never touched by seeding: the append-only audit log and API keys.
SYSTEM_PROPERTIES: dict[str, dict[str, PropType]] = {
    "AuditEntry": {"id": S, "at": S, "actor": S, "role": S, "operation": S, "ids": L, "before": S, "after": S},
    "ApiKey": {"id": S, "name": S, "role": S, "hash": S, "created": S, "revoked": B},
}


@dataclass(frozen=True)
class RelDef:
    """One relationship type between one pair of labels (a type may join several pairs)."""

    type: str
    source: str
    target: str
    properties: tuple[str, ...] = ()
    # Which end's CSV row defines the relationship: an upsert of that node replaces its existing
    # relationships of this type. None: a link file's row, keyed by the pair of ends.
    owner: Literal["source", "target"] | None = "source"

    @property
    def slug(self) -> str:
        return f"{self.type.lower()}_{self.source.lower()}_{self.target.lower()}"


RELATIONSHIPS: tuple[RelDef, ...] = (
    RelDef("WITHIN", "Area", "Area"),
    RelDef("LOCATED_IN", "Unit", "Area"),
    RelDef("LOCATED_IN", "Resource", "Area"),
    RelDef("UNDER", "Unit", "Unit"),
    RelDef("JOINS", "Unit", "Alliance", ("role", "since"), owner=None),
    RelDef("PROVIDES", "Unit", "Resource", owner="target"),
    RelDef("RUNS", "Unit", "Brand", owner="target"),
    RelDef("IN_UNIT", "Organization", "Unit"),
    RelDef("PART_OF", "Organization", "Organization"),
    RelDef("PART_OF", "Alliance", "Alliance"),
    RelDef("BELONGS_TO", "Member", "Organization"),
    RelDef("WORKS_AT", "Member", "Unit"),
    RelDef("STATIONED_AT", "Member", "Unit"),
    RelDef("HOLDS", "Member", "Organization", ("role", "since"), owner=None),
    RelDef("OF_ORG", "Brand", "Organization"),
    RelDef("SHARED_VIA", "Resource", "Alliance", ("since",), owner=None),
    RelDef("DELIVERED_BY", "Service", "Alliance"),
    RelDef("DELIVERED_BY", "Service", "Brand"),
    RelDef("COVERS", "Service", "Area", ("since",), owner=None),
)
RELATIONSHIP_TYPES: tuple[str, ...] = tuple(dict.fromkeys(r.type for r in RELATIONSHIPS))
REL_PROPERTY_TYPES: dict[str, PropType] = {"role": S, "since": D}

# The parent chain of each hierarchical label: (relationship type, label). Cycles are refused.
HIERARCHIES: dict[str, str] = {
    "Area": "WITHIN", "Unit": "UNDER", "Organization": "PART_OF", "Alliance": "PART_OF",
}


def rel_def(type_: str, source: str, target: str) -> RelDef:
    for rel in RELATIONSHIPS:
        if (rel.type, rel.source, rel.target) == (type_, source, target):
            return rel
    raise KeyError(f"no relationship {source}-[:{type_}]->{target} in the model")


def property_keys() -> list[str]:
    """Every property key of nodes and relationships (for the Neo4j linter's schema)."""
    keys = {key for props in (*NODE_PROPERTIES.values(), *DERIVED_PROPERTIES.values(), *SYSTEM_PROPERTIES.values(),
                              NAME_KEYS) for key in props}
    keys.update(REL_PROPERTY_TYPES)
    return sorted(keys)
