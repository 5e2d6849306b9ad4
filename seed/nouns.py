"""What a message calls a kind of node and a vocabulary: the graph's own names (`Unit`,
`UnitKind`) in English, the words 组织部 staff use (单位, 单位类型) in Chinese. The names stay the
graph's in the data; only the sentence about them changes language."""

from __future__ import annotations

from locales import N_, tr

_LABELS = {
    "Area": N_("Area"), "Unit": N_("Unit"), "Organization": N_("Organization"), "Member": N_("Member"),
    "Brand": N_("Brand"), "Alliance": N_("Alliance"), "Resource": N_("Resource"), "Service": N_("Service"),
}
_ENUMS = {
    "AreaKind": N_("AreaKind"), "UnitKind": N_("UnitKind"), "UnitLevel": N_("UnitLevel"),
    "OrganizationKind": N_("OrganizationKind"), "MemberStatus": N_("MemberStatus"),
    "PositionRole": N_("PositionRole"), "AllianceModel": N_("AllianceModel"), "AllianceRole": N_("AllianceRole"),
    "ResourceKind": N_("ResourceKind"),
}


def label_noun(label: str) -> str:
    """A node label as a person says it (`Unit` -> 单位); a label without a word is itself."""
    return tr(_LABELS[label]) if label in _LABELS else label


def enum_noun(name: str) -> str:
    """A vocabulary's name as a person says it (`UnitKind` -> 单位类型)."""
    return tr(_ENUMS[name]) if name in _ENUMS else name
