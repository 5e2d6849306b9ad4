"""The `lianjian` command as an administrator uses it, run as a real subprocess."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from tests.conftest import REPO
from tests.seed_folders import TINY, write_folder
from tests.serving import run


def lianjian(*args: str, db: Path) -> subprocess.CompletedProcess[str]:
    return run(*args, env={**os.environ, "LIANJIAN_BACKEND": "embedded", "LIANJIAN_DB_PATH": str(db)})


def test_seed_reports_every_error_and_writes_nothing(tmp_path: Path) -> None:
    folder = write_folder(tmp_path / "bad", {
        "units.csv": "id,name,kind\nu1,a,BAD\nu1,b,AGENCY\n",
        "services.csv": "id,name,domain,alliance_id,brand_id\ns1,x,医疗,,\n",
    })
    done = lianjian("seed", str(folder), db=tmp_path / "db.lbug")
    assert done.returncode == 1
    lines = done.stderr.splitlines()
    assert lines[0].startswith("services.csv:2: alliance_id: exactly one of")
    assert any(line.startswith("units.csv:2: kind: unknown UnitKind 'BAD'") for line in lines)
    assert any(line.startswith("units.csv:3: id: duplicate id 'u1', first on line 2") for line in lines)
    assert lines[-1] == "3 error(s): nothing was written"
    assert "Traceback" not in done.stderr


def test_seed_check_then_load_then_summary(tmp_path: Path) -> None:
    folder = write_folder(tmp_path / "ok", TINY)
    db = tmp_path / "db.lbug"
    checked = lianjian("seed", str(folder), "--check", db=db)
    assert checked.returncode == 0, checked.stderr
    assert checked.stdout.splitlines()[-1] == "24 rows valid, nothing written (--check)"
    loaded = lianjian("seed", str(folder), db=db)
    assert loaded.returncode == 0, loaded.stderr
    assert "units.csv: 3 rows" in loaded.stdout
    assert loaded.stdout.splitlines()[-1] == "24 rows loaded into the embedded store"


def test_seed_of_a_missing_folder_is_one_clear_line(tmp_path: Path) -> None:
    done = lianjian("seed", str(tmp_path / "nowhere"), db=tmp_path / "db.lbug")
    assert done.returncode == 1
    assert "no such folder" in done.stderr and "Traceback" not in done.stderr


def test_generate_is_deterministic(tmp_path: Path) -> None:
    for name in ("one", "two"):
        done = lianjian("generate", str(tmp_path / name), "--units", "50", "--seed", "4", db=tmp_path / "db.lbug")
        assert done.returncode == 0, done.stderr
    for csv_file in (tmp_path / "one").iterdir():
        assert csv_file.read_bytes() == (tmp_path / "two" / csv_file.name).read_bytes(), csv_file.name
    other = lianjian("generate", str(tmp_path / "three"), "--units", "50", "--seed", "5", db=tmp_path / "db.lbug")
    assert other.returncode == 0
    assert (tmp_path / "three" / "members.csv").read_bytes() != (tmp_path / "one" / "members.csv").read_bytes()


def test_generated_data_scales_and_is_valid(tmp_path: Path) -> None:
    from seed.generate import write_synthetic
    from seed.validate import KnownGraph, build_batch

    small = write_synthetic(tmp_path / "s", 100, 1)
    large = write_synthetic(tmp_path / "l", 400, 1)
    for name in ("units.csv", "members.csv", "areas.csv", "alliances.csv", "resources.csv"):
        assert 3 <= large[name] / small[name] <= 5, (name, small[name], large[name])
    result = build_batch(tmp_path / "l", KnownGraph())
    assert result.errors == []


def test_schema_prints_the_committed_sdl(tmp_path: Path) -> None:
    done = lianjian("schema", db=tmp_path / "db.lbug")
    assert done.returncode == 0
    committed = (REPO / "schema.graphql").read_text(encoding="utf-8")
    assert done.stdout == committed, "schema.graphql is stale: run `lianjian schema > schema.graphql`"


def test_keys_are_shown_once_listed_without_secrets_and_revoked(tmp_path: Path) -> None:
    db = tmp_path / "db.lbug"
    created = lianjian("keys", "create", "--role", "editor", "--name", "前端", db=db)
    assert created.returncode == 0, created.stderr
    key = created.stdout.strip()
    assert key.startswith("lj_") and "shown once" in created.stderr
    key_id = created.stderr.split("(id ")[1].split(")")[0]
    secret = key.removeprefix(f"lj_{key_id}_")
    listed = lianjian("keys", "list", db=db)
    assert listed.stdout.split("\t")[:3] == [key_id, "editor", "active"] and secret not in listed.stdout
    assert lianjian("keys", "revoke", key_id, db=db).returncode == 0
    assert "\trevoked\t" in lianjian("keys", "list", db=db).stdout
    unknown = lianjian("keys", "revoke", "nope", db=db)
    assert unknown.returncode == 1 and "no key with id 'nope'" in unknown.stderr
    bad_role = lianjian("keys", "create", "--role", "root", db=db)
    assert bad_role.returncode == 2 and "invalid choice" in bad_role.stderr


async def test_cli_seeds_and_key_changes_are_in_the_audit_log(tmp_path: Path) -> None:
    from graph.config import StoreSettings, create_store

    db = tmp_path / "db.lbug"
    assert lianjian("seed", str(write_folder(tmp_path / "ok", TINY)), db=db).returncode == 0
    created = lianjian("keys", "create", "--role", "viewer", "--name", "大屏", db=db)
    key_id = created.stderr.split("(id ")[1].split(")")[0]
    assert lianjian("keys", "revoke", key_id, db=db).returncode == 0
    store = create_store(StoreSettings.from_env(backend="embedded", db_path=db))
    await store.open()
    try:
        revoked, issued, seeded = await store.audit_page(3, None)
    finally:
        await store.close()
    assert seeded.operation == "seed" and seeded.role == "admin" and seeded.actor.startswith("cli:")
    assert seeded.after["rows"]["units.csv"] == 3 and seeded.after["replace"] is False
    assert (issued.operation, issued.ids, issued.after) == ("createKey", [key_id], {"role": "viewer", "name": "大屏"})
    assert (revoked.operation, revoked.ids) == ("revokeKey", [key_id])
