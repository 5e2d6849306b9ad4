"""Planned changes (what-if), checked with the rules and messages of the mutations they stand for,
and gathered into a graph.planning.Plan; nothing is written.

A change may build on an earlier one of the same plan: a unit may join an alliance the plan
creates, and a later change undoes an earlier one (join, then leave).
"""

from __future__ import annotations

from dataclasses import dataclass

from graph.planning import Plan
from graph.relations import relation_between
from graph.store import GraphStore
from locales import tr
from seed.changes import LINK_FILES, NODE_FILES, ChangeRefused, NotThere, current_row, refused_row
from seed.load import known_graph
from seed.nouns import label_noun
from seed.rowschema import FileSpec
from seed.validate import build, parse_rows

LINKS = {"joinAlliance": "JOINS", "shareResource": "SHARED_VIA", "coverArea": "COVERS"}
UNLINKS = {"leaveAlliance": "JOINS", "unshareResource": "SHARED_VIA", "uncoverArea": "COVERS"}
KINDS = (*LINKS, *UNLINKS, "createAlliance", "deliverService")


@dataclass(frozen=True)
class PlannedChange:
    """One change as the mutation of the same name takes it, with CSV column names as keys
    (`createAlliance` also takes `member_ids`, the units joining it as MEMBER)."""

    kind: str
    row: dict[str, str]


class PlanRefused(ChangeRefused):
    """Change number `index` (from 0) of the plan is refused, as its mutation would be."""

    def __init__(self, index: int, refusal: ChangeRefused) -> None:
        super().__init__(refusal.column, tr("change {number}: ", number=index + 1) + str(refusal), refusal.problems,
                         **refusal.details)
        self.index = index
        self.not_there = isinstance(refusal, NotThere)


async def plan_of(store: GraphStore, changes: list[PlannedChange]) -> Plan:
    plan = Plan()
    for index, change in enumerate(changes):
        try:
            await _add(store, plan, change)
        except ChangeRefused as refusal:
            raise PlanRefused(index, refusal) from None
    return plan


async def _add(store: GraphStore, plan: Plan, change: PlannedChange) -> None:
    if change.kind in LINKS:
        await _link(store, plan, LINKS[change.kind], change.row)
    elif change.kind in UNLINKS:
        await _unlink(store, plan, UNLINKS[change.kind], change.row)
    elif change.kind == "createAlliance":
        await _create_alliance(store, plan, change.row)
    elif change.kind == "deliverService":
        await _deliver(store, plan, change.row)
    else:
        raise ChangeRefused("kind", tr("unknown planned change {kind!r}; expected one of {kinds}",
                                         kind=change.kind, kinds=", ".join(KINDS)))


async def _check(store: GraphStore, plan: Plan, spec: FileSpec, row: dict[str, str]) -> None:
    """The mutation's checks; alliances the plan creates count as existing."""
    parsed = parse_rows(spec, [row])
    known = await known_graph(store, parsed.foreign_refs(), chains_above=parsed.parent_refs())
    known.ids.setdefault("Alliance", set()).update(plan.new_alliances)
    result = build(parsed, known)
    if result.errors:
        raise refused_row(result.errors)


def _pair(spec: FileSpec, row: dict[str, str]) -> tuple[str, str]:
    assert spec.link is not None
    return row.get(spec.link.source, "").strip(), row.get(spec.link.target, "").strip()


def _planned(plan: Plan, rel_type: str) -> dict[tuple[str, str], bool]:
    return {"JOINS": plan.joins, "SHARED_VIA": plan.shares, "COVERS": plan.covers}[rel_type]


async def _link(store: GraphStore, plan: Plan, rel_type: str, row: dict[str, str]) -> None:
    spec = LINK_FILES[rel_type]
    await _check(store, plan, spec, row)
    _planned(plan, rel_type)[_pair(spec, row)] = True


async def _unlink(store: GraphStore, plan: Plan, rel_type: str, row: dict[str, str]) -> None:
    """Refused, as unlinking is, when the relationship would not be there at that point of the plan."""
    spec = LINK_FILES[rel_type]
    assert spec.link is not None
    rel = spec.link.rel
    source, target = _pair(spec, row)
    planned = _planned(plan, rel_type)
    there = planned.get((source, target))
    if there is None:
        relation = relation_between(rel.source, rel.type, "out", rel.target)
        there = any(n.node["id"] == target for n in (await store.related(relation.name, [source]))[source])
    if not there:
        raise NotThere(spec.link.source, tr("{source_label} {source!r} has no {type} relationship to {target_label} "
                                            "{target!r}", source_label=rel.source, source=source, type=rel.type,
                                            target_label=rel.target, target=target))
    planned[(source, target)] = False


async def _create_alliance(store: GraphStore, plan: Plan, row: dict[str, str]) -> None:
    members = [m.strip() for m in row.get("member_ids", "").split(";") if m.strip()]
    fields = {k: v for k, v in row.items() if k != "member_ids"}
    id_ = fields.get("id", "").strip()
    if id_ and (id_ in plan.new_alliances or await store.existing_ids("Alliance", [id_])):
        raise ChangeRefused("id", tr("a {label} with id {id!r} already exists; update it instead",
                                               label=label_noun("Alliance"), id=id_))
    await _check(store, plan, NODE_FILES["Alliance"], fields)
    plan.new_alliances[id_] = fields.get("parent_id", "").strip() or None
    for member in members:
        await _link(store, plan, "JOINS", {"alliance_id": id_, "unit_id": member, "role": "MEMBER"})


async def _deliver(store: GraphStore, plan: Plan, row: dict[str, str]) -> None:
    """The service is delivered by the alliance instead of its current alliance or brand, as
    updateService with that alliance_id (and no brand_id) would make it."""
    service = row.get("service_id", "").strip()
    before = await current_row(store, "Service", service)
    if before is None:
        raise NotThere("service_id", tr("no {label} with id {id!r}", label=label_noun("Service"), id=service))
    try:
        await _check(store, plan, NODE_FILES["Service"],
                     {**before, "alliance_id": row.get("alliance_id", ""), "brand_id": ""})
    except ChangeRefused as refusal:
        raise type(refusal)("service_id" if refusal.column == "id" else refusal.column, str(refusal),
                            refusal.problems, **refusal.details) from None
    plan.deliveries[service] = row.get("alliance_id", "").strip()
