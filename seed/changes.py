"""Single changes to the graph (what GraphQL mutations do), through the same row schema,
validation and loading as a CSV seed: a bad value reads the same in a mutation as in a file.

Every change is checked and written inside one `store.change()` (exclusive, and atomic on the
embedded store) together with its audit entry, the values before and after. A refused change
writes nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from graph.bookkeeping import Actor
from graph.model import NODE_PROPERTIES, RelDef
from graph.relations import Relation, relation_between
from graph.store import Dependent, GraphStore
from locales import tr
from seed.fields import to_cell
from seed.load import known_graph
from seed.messages import SeedMessage
from seed.nouns import label_noun
from seed.rowschema import EXACTLY_ONE, FILES_BY_NAME, EdgeColumn, FileSpec
from seed.validate import build, parse_rows

NODE_FILES = {spec.label: spec for spec in FILES_BY_NAME.values() if spec.label}
LINK_FILES = {spec.link.rel.type: spec for spec in FILES_BY_NAME.values() if spec.link}
LINK_OPERATIONS = {  # relationship type: (audit operation of link, of unlink), as the GraphQL mutations
    "JOINS": ("joinAlliance", "leaveAlliance"),
    "SHARED_VIA": ("shareResource", "unshareResource"),
    "HOLDS": ("assignPosition", "removePosition"),
    "COVERS": ("coverArea", "uncoverArea"),
}


class ChangeRefused(Exception):
    """The change was not made; `column` names the input at fault (CSV column name). `problems` are
    the row checks that failed, for the API to word in its own field names."""

    def __init__(self, column: str, message: str, problems: Sequence[SeedMessage] = (), **details: Any) -> None:
        super().__init__(message)
        self.column, self.problems, self.details = column, list(problems), details


class NotThere(ChangeRefused):
    """The change names something that does not exist."""


def refused_row(problems: Sequence[SeedMessage]) -> ChangeRefused:
    """The refusal of a row that failed its checks: NotThere when the first names an unknown id."""
    first = problems[0]
    kind = NotThere if first.unknown is not None else ChangeRefused
    return kind(first.column, first.message, problems)


def _relation_of(spec: FileSpec, edge: EdgeColumn) -> Relation:
    assert spec.label is not None
    if edge.row_end == "source":
        return relation_between(spec.label, edge.rel.type, "out", edge.rel.target)
    return relation_between(spec.label, edge.rel.type, "in", edge.rel.source)


async def current_row(store: GraphStore, label: str, id_: str) -> dict[str, str] | None:
    """A node as the CSV row that would make it: its properties and its owned relationships."""
    spec = NODE_FILES[label]
    node = (await store.nodes_by_id(label, [id_])).get(id_)
    if node is None:
        return None
    row = {column.name: to_cell(node.get(column.name)) for column in spec.columns if column.name in NODE_PROPERTIES[label]}
    for edge in spec.edges:
        neighbours = (await store.related(_relation_of(spec, edge).name, [id_]))[id_]
        row[edge.column] = ";".join(n.node["id"] for n in neighbours)
    return row


async def _write_rows(store: GraphStore, spec: FileSpec, row: dict[str, str]) -> None:
    parsed = parse_rows(spec, [row])
    result = build(parsed, await known_graph(store, parsed.foreign_refs(), chains_above=parsed.parent_refs()))
    if result.errors:
        raise refused_row(result.errors)
    await store.load(result.batch)


async def create_node(store: GraphStore, actor: Actor, label: str, row: dict[str, str]) -> str:
    spec = NODE_FILES[label]
    async with store.change():
        id_ = row.get("id", "").strip()
        if id_ and await store.existing_ids(label, [id_]):
            raise ChangeRefused("id", tr("a {label} with id {id!r} already exists; update it instead", label=label_noun(label), id=id_))
        await _write_rows(store, spec, row)
        await store.append_audit(actor.name, actor.role, f"create{label}", [id_], None, row, labels=[label])
    return id_


async def update_node(store: GraphStore, actor: Actor, label: str, id_: str, patch: dict[str, str],
                      operation: str | None = None) -> None:
    spec = NODE_FILES[label]
    async with store.change():
        before = await current_row(store, label, id_)
        if before is None:
            raise NotThere("id", tr("no {label} with id {id!r}", label=label_noun(label), id=id_))
        after = {**before, **patch, "id": id_}
        await _write_rows(store, spec, after)
        await store.append_audit(actor.name, actor.role, operation or f"update{label}", [id_], before, after,
                                 labels=[label])


def _owned(label: str, dependent: Dependent) -> bool:
    """Relationships a node's own row defines go with it; the others are dependents."""
    spec = NODE_FILES[label]
    for edge in spec.edges:
        if edge.rel.type == dependent.rel and (
                (edge.row_end == "source" and dependent.direction == "out")
                or (edge.row_end == "target" and dependent.direction == "in")):
            return True
    return False


def _anchored(label: str, dependent: Dependent) -> bool:
    """Whether the dependent's own row holds its relationship to the `label` node in a column that
    may not be empty (a member's organization_id, a service's alliance_id or brand_id): detaching
    it would leave the dependent against the model (SPEC §2), so no `detach` may cut it."""
    spec = NODE_FILES.get(dependent.label)
    if spec is None:
        return False
    own_end = "source" if dependent.direction == "in" else "target"
    required = {c.name for c in spec.columns if c.required} | set(EXACTLY_ONE.get(spec.name, ()))
    return any(edge.rel.type == dependent.rel and edge.row_end == own_end and edge.column in required
               and (edge.rel.target if own_end == "source" else edge.rel.source) == label for edge in spec.edges)


def _listed(dependents: Sequence[Dependent]) -> str:
    more = tr(" and {count} more", count=len(dependents) - 20) if len(dependents) > 20 else ""
    return ", ".join(f"{d.label} {d.id} ({d.rel})" for d in dependents[:20]) + more


async def delete_node(store: GraphStore, actor: Actor, label: str, id_: str, detach: bool) -> list[Dependent]:
    """Deletes the node; refuses while others depend on it, unless `detach`, and always while a
    dependent cannot do without it. Returns what was cut."""
    async with store.change():
        before = await current_row(store, label, id_)
        if before is None:
            raise NotThere("id", tr("no {label} with id {id!r}", label=label_noun(label), id=id_))
        dependents = [d for d in await store.dependents(label, id_) if not _owned(label, d)]
        if dependents and not detach:
            raise ChangeRefused("id", tr("{label} {id} has dependents: {listed}; pass detach: true to delete "
                                         "it with its relationships", label=label_noun(label), id=id_, listed=_listed(dependents)),
                                dependents=[d.__dict__ for d in dependents])
        anchored = [d for d in dependents if _anchored(label, d)]
        if anchored:
            raise ChangeRefused("id", tr("{label} {id} is required by {listed}: move them to another {kind} or delete "
                                         "them first (detach cannot cut a required reference)",
                                         label=label_noun(label), id=id_, listed=_listed(anchored), kind=label_noun(label).lower()),
                                dependents=[d.__dict__ for d in anchored])
        await store.delete_node(label, id_)
        await store.append_audit(actor.name, actor.role, f"delete{label}", [id_], before,
                                 {"detached": [d.__dict__ for d in dependents]}, labels=[label])
    return dependents


async def _link_row(store: GraphStore, spec: FileSpec, source: str, target: str) -> dict[str, Any] | None:
    assert spec.link is not None
    rel = spec.link.rel
    relation = relation_between(rel.source, rel.type, "out", rel.target)
    for n in (await store.related(relation.name, [source]))[source]:
        if n.node["id"] == target:
            return {spec.link.source: source, spec.link.target: target, **{k: to_cell(v) for k, v in n.edge.items()}}
    return None


async def link(store: GraphStore, actor: Actor, rel_type: str, row: dict[str, str]) -> None:
    """Join an alliance, share a resource, assign a position, cover an area (upsert of the pair)."""
    spec = LINK_FILES[rel_type]
    assert spec.link is not None
    async with store.change():
        before = await _link_row(store, spec, row.get(spec.link.source, ""), row.get(spec.link.target, ""))
        await _write_rows(store, spec, row)
        await store.append_audit(actor.name, actor.role, LINK_OPERATIONS[rel_type][0],
                                 [row[spec.link.source], row[spec.link.target]], before, row,
                                 labels=[spec.link.rel.source, spec.link.rel.target])


async def unlink(store: GraphStore, actor: Actor, rel_type: str, source: str, target: str) -> None:
    spec = LINK_FILES[rel_type]
    assert spec.link is not None
    rel: RelDef = spec.link.rel
    async with store.change():
        before = await _link_row(store, spec, source, target)
        if before is None:
            raise NotThere(spec.link.source, tr("{source_label} {source!r} has no {type} relationship to {target_label} "
                                                "{target!r}", source_label=rel.source, source=source, type=rel.type,
                                                target_label=rel.target, target=target))
        await store.unlink(rel, source, target)
        await store.append_audit(actor.name, actor.role, LINK_OPERATIONS[rel_type][1], [source, target], before, None,
                                 labels=[rel.source, rel.target])
