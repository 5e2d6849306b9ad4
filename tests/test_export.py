"""`lianjian export`: the graph as a seed that `seed --replace` loads back as the same graph, on
either backend and in either format, read as of one moment while changes are being made."""

from __future__ import annotations

import asyncio
import os
from pathlib import Path

import openpyxl
import pytest

from api.exit_codes import ExitCode
from api.settings import store_settings
from graph.bookkeeping import Actor
from graph.config import create_store
from graph.store import GraphStore
from seed.changes import create_node
from seed.export import WORKBOOK_NAME, export_graph, torn_reads
from seed.generate import write_synthetic
from seed.load import seed_directory
from seed.rowschema import FILES
from tests.conftest import DEMO, StoreFactory
from tests.seed_folders import TINY, graph_of, write_folder
from tests.serving import run

FORMATS = ["csv", "xlsx"]
ADMIN = Actor("test", "admin")


async def seeded(make_store: StoreFactory, folder: Path) -> GraphStore:
    store = await make_store()
    report = await seed_directory(store, folder, replace=True)
    assert report.ok, report.errors[:5]
    return store


async def round_trip(make_store: StoreFactory, original: GraphStore, outdir: Path, fmt: str) -> GraphStore:
    """Exports `original` and seeds the export into a new store, which it returns."""
    rows = await export_graph(original, outdir, fmt)
    copy = await make_store()
    report = await seed_directory(copy, outdir, replace=True)
    assert report.ok, report.errors[:5]
    assert report.warnings == []
    assert report.rows == rows
    return copy


@pytest.mark.parametrize("fmt", FORMATS)
async def test_the_demo_exports_and_seeds_back_as_the_same_graph(make_store: StoreFactory, tmp_path: Path,
                                                                 fmt: str) -> None:
    original = await seeded(make_store, DEMO)
    expected = await graph_of(original)
    copy = await round_trip(make_store, original, tmp_path / "export", fmt)
    assert await graph_of(copy) == expected
    assert await copy.counts() == await original.counts()
    assert sum(map(len, expected.values())) > 2000  # nodes and relationships: the comparison has something to compare


async def test_generated_data_exports_and_restores_into_the_same_store(make_store: StoreFactory,
                                                                      tmp_path: Path) -> None:
    write_synthetic(tmp_path / "generated", units=300, seed=7)
    original = await seeded(make_store, tmp_path / "generated")
    expected = await graph_of(original)
    copy = await round_trip(make_store, original, tmp_path / "export", "csv")
    assert await graph_of(copy) == expected
    restored = await seed_directory(original, tmp_path / "export", replace=True)  # a restore from the backup
    assert restored.ok and await graph_of(original) == expected


async def test_the_export_holds_what_the_seed_said(store: GraphStore, tmp_path: Path) -> None:
    await seed_directory(store, write_folder(tmp_path / "tiny", TINY), replace=True)
    await export_graph(store, tmp_path / "export", "xlsx")
    book = openpyxl.load_workbook(tmp_path / "export" / WORKBOOK_NAME, read_only=True)
    assert book.sheetnames == [spec.stem for spec in FILES]
    members = [row + (None,) * (10 - len(row)) for row in book["members"].iter_rows(values_only=True)]
    assert members == [
        ("id", "name", "status", "organization_id", "unit_id", "stationed_unit_id", "joined", "skills", "cadre", "phone"),
        ("m1", "张三", "FULL", "o2", "u1", "u2", "2001-07-01", "医疗;法律", "true", "13800001111"),
        ("m2", "李四", "PROBATIONARY", "o2", "u2", None, None, None, "false", None),
    ]
    organizations = list(book["organizations"].iter_rows(values_only=True))
    assert organizations[2][:4] == ("o2", "联合党支部", "JOINT_BRANCH", "u1;u2")


async def test_an_empty_store_exports_headers_only_and_seeds_back_empty(make_store: StoreFactory,
                                                                       tmp_path: Path) -> None:
    empty = await make_store()
    copy = await round_trip(make_store, empty, tmp_path / "export", "csv")
    assert not any((await copy.counts()).values())
    header = (tmp_path / "export" / "services.csv").read_text(encoding="utf-8-sig").strip()
    assert header == '"id","name","domain","alliance_id","brand_id","started","description"'


@pytest.mark.parametrize("backend", ["embedded"])  # Neo4j reads read committed, not a snapshot (see read_graph)
async def test_the_graph_is_read_as_of_one_moment_while_changes_commit(make_store: StoreFactory,
                                                                       tmp_path: Path) -> None:
    """Members are created (each with its BELONGS_TO, in one change) while the graph is read over
    and over: a read that were not a snapshot would see a member's relationship without the member,
    or the member without it, since nodes are read before relationships."""
    store = await seeded(make_store, write_folder(tmp_path / "tiny", TINY))
    adding = 40

    async def add_members() -> None:
        for n in range(adding):
            await create_node(store, ADMIN, "Member", {"id": f"new{n:02}", "name": "王五", "status": "FULL",
                                                        "organization_id": "o1"})

    writer = asyncio.create_task(add_members())
    seen: set[int] = set()
    while not writer.done():
        graph = await store.read_graph()
        assert torn_reads(graph) == []
        members = graph.nodes["Member"].column("id").to_pylist()
        belongs = next(rows for rows in graph.edges if rows.rel.type == "BELONGS_TO").column("source")
        assert sorted(belongs) == sorted(members)
        seen.add(len(members))
    await writer
    assert len(seen) > 2  # the reads did overlap the changes


def lianjian(*args: str, db: Path) -> tuple[int, str, str]:
    done = run(*args, env={**os.environ, "LIANJIAN_BACKEND": "embedded", "LIANJIAN_DB_PATH": str(db)})
    return done.returncode, done.stdout, done.stderr


async def test_the_command_exports_a_store_a_server_holds_open(tmp_path: Path) -> None:
    db = tmp_path / "db.lbug"
    server = create_store(store_settings(backend="embedded", db_path=db))  # as `lianjian serve` holds it
    await server.open()
    try:
        await seed_directory(server, write_folder(tmp_path / "tiny", TINY))
        status, out, err = lianjian("export", str(tmp_path / "export"), db=db)
        assert status == ExitCode.OK, err
        assert out.splitlines()[-1].startswith("wrote 24 rows from the embedded store to ")
        assert "seed --replace" in out
        await server.write("clear_all")
    finally:
        await server.close()
    status, out, err = lianjian("seed", "--replace", str(tmp_path / "export"), db=db)
    assert status == ExitCode.OK, err
    assert "24 rows loaded" in out


@pytest.mark.parametrize(("args", "message"), [
    (["--format", "json"], "lianjian: unknown format 'json'; expected one of csv, xlsx\n"),
    ([], "lianjian: {outdir} already exists and is not an empty folder; name a new one\n"),
])
def test_refusals_are_one_line_and_write_nothing(tmp_path: Path, args: list[str], message: str) -> None:
    outdir = tmp_path / "export"
    outdir.mkdir()
    (outdir / "notes.txt").write_text("keep me", encoding="utf-8")
    status, out, err = lianjian("export", str(outdir), *args, db=tmp_path / "db.lbug")
    assert (status, out, err) == (ExitCode.USAGE, "", message.format(outdir=outdir))
    assert [p.name for p in outdir.iterdir()] == ["notes.txt"] and not (tmp_path / "db.lbug").exists()


def test_a_missing_store_is_one_line(tmp_path: Path) -> None:
    status, _, err = lianjian("export", str(tmp_path / "export"), db=tmp_path / "none.lbug")
    assert (status, err) == (ExitCode.UNAVAILABLE, f"lianjian: there is no embedded store at {tmp_path / 'none.lbug'}\n")
    assert not (tmp_path / "export").exists()
