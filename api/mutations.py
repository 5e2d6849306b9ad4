"""Mutations: create, update and delete for every entity, and the relationship changes people make.

The input types are made from the CSV row schema (seed/rowschema.py): one field per column, so a
mutation and a CSV row go through the same parsing and validation and are refused with the same
message. Enum and date fields are strings for that reason: they accept what a CSV cell accepts
(`AGENCY` or `机关`, `2021-06-18`). Every change needs the editor role.
"""

from __future__ import annotations

from collections.abc import Awaitable
from typing import Any, TypeVar

import strawberry
from strawberry.types.unset import UNSET

from api.access import require
from api.enums import accepted
from api.refusals import mutation_error
from api.types import Alliance, Area, Brand, Ctx, Member, Organization, Resource, Service, Unit
from graph import model
from graph.bookkeeping import Actor
from graph.store import Dependent
from seed import changes, fields
from seed.fields import to_cell
from seed.changes import NODE_FILES, ChangeRefused
from seed.rowschema import Column, FileSpec

EDIT_ROLE = "editor"
OUTPUT_TYPES: dict[str, Any] = {
    "Area": Area, "Unit": Unit, "Organization": Organization, "Member": Member, "Brand": Brand,
    "Alliance": Alliance, "Resource": Resource, "Service": Service,
}
T = TypeVar("T")


def _input_type(column: Column) -> Any:
    if column.many:
        return list[strawberry.ID]
    if column.parse is fields.tags:
        return list[str]
    if column.parse is fields.count:
        return int
    if column.parse is fields.boolean:
        return bool
    if column.ref or column.name == "id":
        return strawberry.ID
    return str


def row_of(given: Any) -> dict[str, str]:
    """The fields of an input object that were given (null included: it clears the value)."""
    return {name: to_cell(value) for name, value in vars(given).items() if value is not UNSET}


def _describe(spec: FileSpec, column: Column) -> str:
    described = f"column {column.name} of {spec.name}"
    if column.enum is not None:
        return f"{described}: {column.enum.name}, the name or the Chinese label of {accepted(column.enum)}"
    if column.parse is fields.date:
        return f"{described}: a date, YYYY-MM-DD"
    if column.ref is not None:
        return f"{described}: " + (f"ids of {column.ref} nodes" if column.many else f"the id of {_article(column.ref)}")
    return described


def _article(label: str, start: bool = False) -> str:
    article = "an" if label[0] in "AEIOU" else "a"
    return f"{article.title() if start else article} {label}"


def _input_class(spec: FileSpec, *, partial: bool) -> type:
    """Create…Input (required columns non-null) or Update…Input (every field optional; absent
    fields keep their value, null clears it)."""
    assert spec.label is not None
    annotations: dict[str, Any] = {}
    defaults: dict[str, Any] = {}
    for column in spec.columns:
        if partial and column.name == "id":
            continue
        kind = _input_type(column)
        description = _describe(spec, column)
        if column.required and not partial:
            annotations[column.name] = kind
            defaults[column.name] = strawberry.field(description=description)
        else:
            annotations[column.name] = kind | None
            defaults[column.name] = strawberry.field(default=UNSET if partial else None, description=description)
    name = f"{'Update' if partial else 'Create'}{spec.label}Input"
    return strawberry.input(type(name, (), {"__annotations__": annotations, **defaults}),
                            description=f"{_article(spec.label, start=True)} as a row of {spec.name}")


def _actor(info: Ctx, operation: str) -> Actor:
    principal = require(info, EDIT_ROLE, operation)
    return Actor(principal.name, principal.role or "")


async def _change(info: Ctx, work: Awaitable[T]) -> T:
    """Makes the change, so that the rest of the request reads it; refusals of the change layer
    become GraphQL errors naming the input field at fault."""
    try:
        done = await work
        info.context.forget()
        return done
    except ChangeRefused as exc:
        raise mutation_error(exc) from None


async def _fresh(info: Ctx, label: str, id_: str) -> Any:
    """The node as stored after the change (the loaders were cleared by `_change`)."""
    node = await info.context.node(label, id_)
    return OUTPUT_TYPES[label].of(node)


@strawberry.type(description="A relationship that a delete with detach: true removed")
class DetachedRelationship:
    relationship: str
    direction: str = strawberry.field(description="out or in, seen from the deleted node")
    label: str
    id: strawberry.ID

    @classmethod
    def of(cls, dependent: Dependent) -> DetachedRelationship:
        return cls(relationship=dependent.rel, direction=dependent.direction, label=dependent.label,
                   id=strawberry.ID(dependent.id))


@strawberry.type
class DeleteResult:
    id: strawberry.ID
    detached: list[DetachedRelationship]


def _create_field(label: str, input_class: type) -> Any:
    async def resolve(info: Ctx, input: Any) -> Any:
        actor = _actor(info, f"create{label}")
        id_ = await _change(info, changes.create_node(info.context.store, actor, label, row_of(input)))
        return await _fresh(info, label, id_)

    resolve.__annotations__ = {"info": Ctx, "input": input_class, "return": OUTPUT_TYPES[label]}
    return strawberry.mutation(resolver=resolve, name=f"create{label}", description=f"Create {_article(label)}")


def _update_field(label: str, input_class: type) -> Any:
    async def resolve(info: Ctx, id: strawberry.ID, input: Any) -> Any:
        actor = _actor(info, f"update{label}")
        await _change(info, changes.update_node(info.context.store, actor, label, id, row_of(input)))
        return await _fresh(info, label, id)

    resolve.__annotations__ = {"info": Ctx, "id": strawberry.ID, "input": input_class, "return": OUTPUT_TYPES[label]}
    return strawberry.mutation(resolver=resolve, name=f"update{label}",
                               description=f"Change the given fields of {_article(label)}; the others keep their values")


def _delete_field(label: str) -> Any:
    async def resolve(info: Ctx, id: strawberry.ID, detach: bool = False) -> DeleteResult:
        actor = _actor(info, f"delete{label}")
        cut = await _change(info, changes.delete_node(info.context.store, actor, label, id, detach))
        return DeleteResult(id=id, detached=[DetachedRelationship.of(d) for d in cut])

    resolve.__annotations__ = {"info": Ctx, "id": strawberry.ID, "detach": bool, "return": DeleteResult}
    return strawberry.mutation(
        resolver=resolve, name=f"delete{label}",
        description=f"Delete {_article(label)}. Refused with the list of dependents (extensions.dependents) while other "
                    "nodes point to it, unless detach: true, which removes those relationships too",
    )


CREATE_INPUTS = {label: _input_class(spec, partial=False) for label, spec in NODE_FILES.items()}  # planning takes them too


def _entity_mutations() -> type:
    fields_: dict[str, Any] = {}
    for label, spec in NODE_FILES.items():
        snake = label.lower()
        fields_[f"create_{snake}"] = _create_field(label, CREATE_INPUTS[label])
        fields_[f"update_{snake}"] = _update_field(label, _input_class(spec, partial=True))
        fields_[f"delete_{snake}"] = _delete_field(label)
    return strawberry.type(type("EntityMutation", (), fields_))


EntityMutation = _entity_mutations()


async def _link(info: Ctx, rel_type: str, **row: str | None) -> None:
    actor = _actor(info, changes.LINK_OPERATIONS[rel_type][0])
    await _change(info, changes.link(info.context.store, actor, rel_type, {k: to_cell(v) for k, v in row.items()}))


async def _unlink(info: Ctx, rel_type: str, source: str, target: str) -> None:
    actor = _actor(info, changes.LINK_OPERATIONS[rel_type][1])
    await _change(info, changes.unlink(info.context.store, actor, rel_type, source, target))


async def _patch_member(info: Ctx, operation: str, member_id: str, patch: dict[str, str]) -> Member:
    actor = _actor(info, operation)
    await _change(info, changes.update_node(info.context.store, actor, "Member", member_id, patch, operation))
    return await _fresh(info, "Member", member_id)


ID = strawberry.ID


@strawberry.type
class RelationshipMutation:
    @strawberry.mutation(description=f"A unit joins an alliance (or changes its role in it). role: "
                                      f"{accepted(model.ALLIANCE_ROLE)}; since: YYYY-MM-DD")
    async def join_alliance(self, info: Ctx, alliance_id: ID, unit_id: ID, role: str = "MEMBER",
                            since: str | None = None) -> Alliance:
        await _link(info, "JOINS", alliance_id=alliance_id, unit_id=unit_id, role=role, since=since)
        return await _fresh(info, "Alliance", alliance_id)

    @strawberry.mutation(description="A unit leaves an alliance")
    async def leave_alliance(self, info: Ctx, alliance_id: ID, unit_id: ID) -> Alliance:
        await _unlink(info, "JOINS", unit_id, alliance_id)
        return await _fresh(info, "Alliance", alliance_id)

    @strawberry.mutation(description="Share a resource with an alliance's units (资源共享)")
    async def share_resource(self, info: Ctx, resource_id: ID, alliance_id: ID, since: str | None = None) -> Resource:
        await _link(info, "SHARED_VIA", resource_id=resource_id, alliance_id=alliance_id, since=since)
        return await _fresh(info, "Resource", resource_id)

    @strawberry.mutation(description="Stop sharing a resource with an alliance")
    async def unshare_resource(self, info: Ctx, resource_id: ID, alliance_id: ID) -> Resource:
        await _unlink(info, "SHARED_VIA", resource_id, alliance_id)
        return await _fresh(info, "Resource", resource_id)

    @strawberry.mutation(description=f"Give a member a position in an organization (or change its role). role: "
                                      f"{accepted(model.POSITION_ROLE)}")
    async def assign_position(self, info: Ctx, member_id: ID, organization_id: ID, role: str,
                              since: str | None = None) -> Member:
        await _link(info, "HOLDS", member_id=member_id, organization_id=organization_id, role=role, since=since)
        return await _fresh(info, "Member", member_id)

    @strawberry.mutation(description="Remove a member's position in an organization")
    async def remove_position(self, info: Ctx, member_id: ID, organization_id: ID) -> Member:
        await _unlink(info, "HOLDS", member_id, organization_id)
        return await _fresh(info, "Member", member_id)

    @strawberry.mutation(description="A service starts covering an area (village, island, community …)")
    async def cover_area(self, info: Ctx, service_id: ID, area_id: ID, since: str | None = None) -> Service:
        await _link(info, "COVERS", service_id=service_id, area_id=area_id, since=since)
        return await _fresh(info, "Service", service_id)

    @strawberry.mutation(description="A service stops covering an area")
    async def uncover_area(self, info: Ctx, service_id: ID, area_id: ID) -> Service:
        await _unlink(info, "COVERS", service_id, area_id)
        return await _fresh(info, "Service", service_id)

    @strawberry.mutation(description="Station a member at a unit (派驻/入驻); without unitId (or null) the stationing ends")
    async def station_member(self, info: Ctx, member_id: ID, unit_id: ID | None = None) -> Member:
        return await _patch_member(info, "stationMember", member_id, {"stationed_unit_id": to_cell(unit_id)})

    @strawberry.mutation(description="Move a member's 组织关系 to another organization")
    async def move_member(self, info: Ctx, member_id: ID, organization_id: ID) -> Member:
        return await _patch_member(info, "moveMember", member_id, {"organization_id": organization_id})
