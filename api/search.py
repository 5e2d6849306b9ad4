"""The search box (issue 12): one text over the names of every type, Chinese or pinyin."""

from __future__ import annotations

import asyncio
from enum import Enum
from typing import Annotated

import strawberry

from api.access import PERSONAL_ROLE, sees_personal_data
from api.enums import EntityType
from api.errors import BadUserInput, Forbidden
from api.types import Alliance, Area, Brand, Ctx, Member, Organization, Resource, Service, Unit
from graph import search as gs
from graph.model import LABELS
from locales import tr

SearchMatch = strawberry.enum(Enum("SearchMatch", {tier: tier for tier in gs.TIERS}),  # type: ignore[misc]
                              description="How the name matched, best first: the whole name or pinyin key, "
                                          "its start, or a part of it")
MAKERS: dict[str, type] = {"Area": Area, "Unit": Unit, "Organization": Organization, "Member": Member,
                           "Brand": Brand, "Alliance": Alliance, "Resource": Resource, "Service": Service}
SearchResult = Annotated[Area | Unit | Organization | Member | Brand | Alliance | Resource | Service,
                         strawberry.union("SearchResult")]
DEFAULT_FIRST = 10


@strawberry.type(description="One node whose name matched, with the type it was found in")
class SearchHit:
    type: EntityType  # type: ignore[valid-type]
    id: strawberry.ID
    match: SearchMatch  # type: ignore[valid-type]
    node: SearchResult


def _labels(info: Ctx, types: list[Enum] | None) -> list[str]:
    """The labels asked for; members only for editors and above (their names are personal data)."""
    personal = sees_personal_data(info)
    if types is None:
        return [label for label in LABELS if personal or label != "Member"]
    labels = [label for label in LABELS if label in {t.value for t in types}]
    if "Member" in labels and not personal:
        raise Forbidden(tr("searching members needs the {role} role", role=PERSONAL_ROLE), role=PERSONAL_ROLE)
    return labels


@strawberry.type
class SearchQuery:
    @strawberry.field(description=f"搜索: nodes whose name contains `text`, or whose pinyin or pinyin initials do "
                      f"(普陀, putuo and pt all find 普陀区), ranked exact, prefix, substring, then in 拼音序; "
                      f"`types` defaults to every type the caller may see (MEMBER needs {PERSONAL_ROLE}); "
                      f"`first` 1..{gs.MAX_FIRST}")
    async def search(self, info: Ctx, text: str, types: list[EntityType] | None = None,  # type: ignore[valid-type]
                     first: int = DEFAULT_FIRST) -> list[SearchHit]:
        if not 1 <= first <= gs.MAX_FIRST:
            raise BadUserInput(tr("first must be between 1 and {most}", most=gs.MAX_FIRST))
        hits = await info.context.store.search(text, _labels(info, types), first)
        nodes = await asyncio.gather(*(info.context.node(hit.label, hit.id) for hit in hits))  # one load per label
        return [SearchHit(type=EntityType(hit.label), id=hit.id, match=SearchMatch(hit.tier),
                          node=MAKERS[hit.label].of(node))
                for hit, node in zip(hits, nodes, strict=True) if node is not None]
