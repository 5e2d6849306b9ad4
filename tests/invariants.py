"""What must hold of a store after any sequence of changes, however they ended (fuzzed mutations,
a server killed mid-write): every relationship joins two nodes that exist, every member belongs
to exactly one organization, and the node counts are what the audit log says was created and
deleted since a known starting point (a seed's nodes are the caller's to add to that point: the
log records a seed's rows per file, not per label)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from graph.model import LABELS
from graph.relations import RELATIONS
from graph.store import GraphStore

ALL = 10_000_000  # more nodes than any test graph holds: one page is the whole label


@dataclass(frozen=True)
class Baseline:
    """The counts and the length of the audit log at a moment the test trusts."""

    counts: dict[str, int]
    audit_entries: int


async def baseline(store: GraphStore) -> Baseline:
    return Baseline(dict(await store.counts()), await store.audit_count())


async def audited_changes(store: GraphStore, since: Baseline) -> list[tuple[str, list[str]]]:
    """(operation, ids) of the audit entries appended since the baseline, oldest first."""
    entries = await store.audit_page(ALL, None)
    newest_first = entries[: len(entries) - since.audit_entries]
    return [(entry.operation, list(entry.ids)) for entry in reversed(newest_first)]


async def broken_invariants(store: GraphStore, since: Baseline) -> list[str]:
    """Each invariant that does not hold, said in a line; empty when the graph is sound."""
    broken: list[str] = []
    ids = {label: {node["id"] for node in await store.list_nodes(label, {}, ALL, None)} for label in LABELS}
    for relation in RELATIONS.values():
        for source, neighbours in (await store.related(relation.name, sorted(ids[relation.label]))).items():
            missing = [n.node["id"] for n in neighbours if n.node["id"] not in ids[relation.other]]
            if missing:
                broken.append(f"{relation.name} of {source} reaches {missing}, not {relation.other} nodes")
    for member, organizations in (await store.related("Member.organization", sorted(ids["Member"]))).items():
        if len(organizations) != 1:
            broken.append(f"member {member} belongs to {len(organizations)} organizations")
    changes: Counter[str] = Counter()
    for operation, _ in await audited_changes(store, since):
        for label in LABELS:
            if operation == f"create{label}":
                changes[label] += 1
            elif operation == f"delete{label}":
                changes[label] -= 1
    counts = await store.counts()
    for label in LABELS:
        expected = since.counts.get(label, 0) + changes[label]
        if counts.get(label, 0) != expected or len(ids[label]) != expected:
            broken.append(f"{label}: {counts.get(label, 0)} counted, {len(ids[label])} listed, "
                          f"{expected} by the audit log")
    return broken
