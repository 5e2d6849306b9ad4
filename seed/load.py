"""Seeding a store from a folder (or a workbook, or one file): validate everything against what it
holds and the store, then write it all or nothing (SPEC §3)."""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa

from graph.bookkeeping import Actor
from graph.model import HIERARCHIES, LABELS
from graph.store import GraphStore, Progress
from locales import tr
from seed.messages import SeedMessage
from seed.sources import name_problem
from seed.validate import KnownGraph, ParsedSeed, build, parse_folder

MAX_CHAIN_READS = 200


@dataclass
class SeedReport:
    errors: list[SeedMessage] = field(default_factory=list)
    warnings: list[SeedMessage] = field(default_factory=list)
    rows: dict[str, int] = field(default_factory=dict)
    loaded: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors


async def known_graph(store: GraphStore, wanted: dict[str, set[str]],
                      chains_above: dict[str, set[str]] | None = None) -> KnownGraph:
    """The ids of `wanted` that the store holds, and the parent links a cycle check needs: all of
    them for a folder, or (`chains_above`) only the chains above the parents a single change sets,
    which is what makes a mutation cost milliseconds instead of a read of every parent link."""
    known = KnownGraph()
    for label, ids in wanted.items():
        known.ids[label] = await store.existing_ids(label, sorted(ids))
    for label in HIERARCHIES:
        if chains_above is None:
            known.parents[label] = await store.parent_links(label)
            continue
        links: dict[str, str] = {}
        for id_ in sorted(chains_above.get(label, ())):
            links.update(await store.ancestor_links(label, id_))
        known.parents[label] = links
    return known


def _chains_needed(parsed: ParsedSeed) -> dict[str, set[str]] | None:
    """The store's parent chains a folder's cycle check needs: a loop must pass through a node the
    folder (re)defines, and it can only leave the folder through a parent the folder does not
    define, so the chains above those parents are enough (none for a whole folder seeded again).
    Past a few hundred such parents, one read of every link is cheaper than a read per chain."""
    foreign = parsed.foreign_refs()
    needed = {label: ids & foreign.get(label, set()) for label, ids in parsed.parent_refs().items()}
    if sum(len(ids) for ids in needed.values()) > MAX_CHAIN_READS:
        return None
    return needed


async def seed_directory(
    store: GraphStore, path: Path, *, replace: bool = False, check: bool = False, progress: Progress | None = None,
    actor: Actor | None = None, cited: str | None = None,
) -> SeedReport:
    """Validates, then loads unless `check`; a load by an `actor` is recorded in the audit log.
    `path` is a seed folder, a workbook with a sheet per seed file, or a single seed file;
    `cited` names it in messages (the path by default)."""
    parsed = parse_folder(path, cited)
    if not parsed.files:  # nothing to seed: the errors say why, and the store is not asked anything
        return SeedReport(parsed.errors, parsed.warnings)
    known = KnownGraph() if replace else await known_graph(store, parsed.foreign_refs(), _chains_needed(parsed))
    result = build(parsed, known)
    del parsed  # what the load needs is in the batch: the other parsed columns go before the store grows
    pa.default_memory_pool().release_unused()
    report = SeedReport(result.errors, result.warnings, result.rows)
    if report.ok and not check:
        await store.load(result.batch, replace=replace, progress=progress)
        report.loaded = True
        if actor is not None:
            await store.append_audit(actor.name, actor.role, "seed", [], None,
                                     {"folder": str(path), "replace": replace, "rows": report.rows},
                                     labels=LABELS if replace else result.batch.labels())
    return report


async def seed_files(store: GraphStore, files: dict[str, bytes], *, replace: bool = False, check: bool = False,
                     actor: Actor | None = None) -> SeedReport:
    """A seed whose files arrive as bytes (over the API) rather than in a folder: the same load,
    checks and messages, through a temporary folder. A name that is not a seed file's (or a
    workbook's) is an error here, not the folder's warning: the caller named the file on purpose."""
    unknown = [SeedMessage(name, 0, "", problem) for name in sorted(files) if (problem := name_problem(name))]
    if unknown or not files:
        return SeedReport(errors=unknown or [SeedMessage("files", 0, "", tr("no seed file given"))])
    with tempfile.TemporaryDirectory(prefix="lianjian-seed-") as folder:
        for name, content in files.items():
            (Path(folder) / name).write_bytes(content)
        report = await seed_directory(store, Path(folder), replace=replace, check=check, actor=actor, cited="files")
    return report
