"""The `lianjian` command as an administrator uses it, run as a real subprocess."""

from __future__ import annotations

import argparse
import os
import queue
import re
import signal
import socket
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from api.cli import main, parser
from api.exit_codes import MEANINGS, ExitCode
from api.settings import store_settings
from graph.config import create_store
from tests.conftest import REPO
from tests.seed_folders import TINY, write_folder
from tests.serving import LIANJIAN, run


def lianjian(*args: str, db: Path, **env: str) -> subprocess.CompletedProcess[str]:
    return run(*args, env={**os.environ, "LIANJIAN_BACKEND": "embedded", "LIANJIAN_DB_PATH": str(db), **env})


def test_the_exit_codes_are_the_readmes_table() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split("\n## Exit status\n")[1].split("\n## ")[0]
    rows = re.findall(r"^\| `(\d+)` \| (.+) \|$", section, flags=re.MULTILINE)
    assert [(int(code), meaning) for code, meaning in rows] == [(code.value, MEANINGS[code]) for code in ExitCode]


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
    assert lines[-1] == "3 errors: nothing was written"
    assert "Traceback" not in done.stderr
    one = lianjian("seed", str(write_folder(tmp_path / "one", {"units.csv": "id,name,kind\nu1,a,BAD\n"})),
                   db=tmp_path / "db.lbug")
    assert one.returncode == ExitCode.REFUSED and one.stderr.splitlines()[-1] == "1 error: nothing was written"


def test_seed_check_then_load_then_summary(tmp_path: Path) -> None:
    folder = write_folder(tmp_path / "ok", TINY)
    db = tmp_path / "db.lbug"
    checked = lianjian("seed", str(folder), "--check", db=db)
    assert checked.returncode == 0, checked.stderr
    assert checked.stdout.splitlines()[-1] == "24 rows valid, nothing written (--check)"
    loaded = lianjian("seed", str(folder), db=db)
    assert loaded.returncode == 0, loaded.stderr
    assert "units.csv: 3 rows" in loaded.stdout and "positions.csv: 1 row\n" in loaded.stdout
    assert loaded.stdout.splitlines()[-1] == "24 rows loaded into the embedded store"


def test_seed_check_creates_no_store_but_checks_against_one_that_exists(tmp_path: Path) -> None:
    db = tmp_path / "store" / "db.lbug"
    joining = write_folder(tmp_path / "joining", {"alliance_members.csv": "alliance_id,unit_id,role\nal1,u3,MEMBER\n"})
    without = lianjian("seed", str(joining), "--check", db=db)
    assert without.returncode == ExitCode.REFUSED
    assert "alliance_members.csv:2: alliance_id:" in without.stderr
    assert not (tmp_path / "store").exists(), "seed --check created the store's folder"
    assert lianjian("seed", str(write_folder(tmp_path / "ok", TINY)), db=db).returncode == ExitCode.OK
    stored = lianjian("seed", str(joining), "--check", db=db)
    assert stored.returncode == ExitCode.OK, stored.stderr
    assert stored.stdout.splitlines()[-1] == "1 row valid, nothing written (--check)"


def test_seed_of_a_missing_folder_is_a_usage_error(tmp_path: Path) -> None:
    done = lianjian("seed", str(tmp_path / "nowhere"), db=tmp_path / "db.lbug")
    assert done.returncode == ExitCode.USAGE
    assert done.stderr == f"lianjian: no such folder or file: {tmp_path / 'nowhere'}\n"
    assert not (tmp_path / "db.lbug").exists()


def test_bad_settings_are_usage_errors(tmp_path: Path) -> None:
    backend = lianjian("keys", "list", db=tmp_path / "db.lbug", LIANJIAN_BACKEND="sqlite")
    assert backend.returncode == ExitCode.USAGE and "LIANJIAN_BACKEND must be one of" in backend.stderr
    role = lianjian("serve", "--no-demo", db=tmp_path / "db.lbug", LIANJIAN_ANONYMOUS_ROLE="root")
    assert role.returncode == ExitCode.USAGE and "LIANJIAN_ANONYMOUS_ROLE must be one of" in role.stderr
    assert "Explorer:" not in role.stdout and "Traceback" not in role.stderr


async def test_a_store_locked_by_another_process_is_one_line_and_no_server(tmp_path: Path) -> None:
    db = tmp_path / "db.lbug"
    store = create_store(store_settings(backend="embedded", db_path=db))
    await store.open()
    try:
        seeded = lianjian("seed", str(write_folder(tmp_path / "ok", TINY)), db=db)
        served = lianjian("serve", "--no-demo", "--port", str(_free_port()), db=db)
    finally:
        await store.close()
    for done in (seeded, served):
        assert done.returncode == ExitCode.UNAVAILABLE, done.stderr
        assert done.stderr.startswith(f"lianjian: cannot open the embedded store at {db}")
        assert "Traceback" not in done.stderr and "Explorer:" not in done.stdout


def test_a_busy_port_exits_without_announcing_the_server(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = lianjian("serve", "--no-demo", "--port", str(port), db=tmp_path / "db.lbug")
    assert done.returncode == ExitCode.NOT_LISTENING
    assert "Explorer:" not in done.stdout and "Traceback" not in done.stderr
    assert done.stderr.splitlines()[-1] == f"lianjian: the server did not start listening on http://127.0.0.1:{port}"


def test_the_banner_comes_once_the_server_listens_and_ctrl_c_is_interrupted(tmp_path: Path) -> None:
    port = _free_port()
    env = {**os.environ, "LIANJIAN_BACKEND": "embedded", "LIANJIAN_DB_PATH": str(tmp_path / "db.lbug")}
    process = subprocess.Popen([*LIANJIAN, "serve", "--no-demo", "--port", str(port)], cwd=REPO, env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        lines = _lines(process)
        banner = next(line for line in lines if line.startswith("Explorer:"))
        assert banner.startswith(f"Explorer: http://127.0.0.1:{port}/   GraphiQL: http://127.0.0.1:{port}/graphql")
        assert httpx.get(f"http://127.0.0.1:{port}/health", timeout=10).status_code == 200  # no retry: it listens
        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=60) == ExitCode.INTERRUPTED
    finally:
        process.kill()
        process.wait()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _lines(process: subprocess.Popen[str], timeout: float = 120) -> Iterator[str]:
    """The process's output lines as they come; fails when none comes within `timeout` seconds."""
    arrived: queue.Queue[str] = queue.Queue()
    assert process.stdout is not None
    threading.Thread(target=lambda: [arrived.put(line) for line in process.stdout], daemon=True).start()
    while True:
        try:
            yield arrived.get(timeout=timeout).rstrip("\n")
        except queue.Empty:
            pytest.fail(f"no output for {timeout} s (exit status {process.poll()})")


def _options(command: argparse.ArgumentParser, name: str = "lianjian") -> Iterator[tuple[str, argparse.Action]]:
    for action in command._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub_name, sub in action.choices.items():
                yield from _options(sub, f"{name} {sub_name}")
        elif not isinstance(action, argparse._HelpAction):
            yield name, action


def test_every_option_has_help_that_shows_its_default() -> None:
    options = list(_options(parser()))
    assert {name for name, _ in options} >= {"lianjian serve", "lianjian seed", "lianjian generate",
                                              "lianjian keys create", "lianjian keys revoke"}
    for name, action in options:
        described = (action.help or "") % {**vars(action), "prog": name}
        assert described, f"{name} {action.dest} has no help"
        on_off = action.nargs == 0 and action.default is False  # a plain flag: off unless given
        if action.option_strings and not action.required and not on_off:
            assert "(default " in described, f"{name} {action.option_strings[0]}: {described!r}"
    serve = {action.dest: action for name, action in options if name == "lianjian serve"}
    assert serve["port"].help % vars(serve["port"]) == "the port to listen on (default 8000)"


def test_seed_help_says_what_the_files_are(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["seed", "--help"])
    assert exited.value.code == ExitCode.OK
    shown = capsys.readouterr().out
    assert "SPEC" not in shown and "docs/csv.md" in shown and "units.csv" in shown


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
    assert bad_role.returncode == ExitCode.USAGE and "invalid choice" in bad_role.stderr


async def test_cli_seeds_and_key_changes_are_in_the_audit_log(tmp_path: Path) -> None:
    db = tmp_path / "db.lbug"
    assert lianjian("seed", str(write_folder(tmp_path / "ok", TINY)), db=db).returncode == 0
    created = lianjian("keys", "create", "--role", "viewer", "--name", "大屏", db=db)
    key_id = created.stderr.split("(id ")[1].split(")")[0]
    assert lianjian("keys", "revoke", key_id, db=db).returncode == 0
    store = create_store(store_settings(backend="embedded", db_path=db))
    await store.open()
    try:
        revoked, issued, seeded = await store.audit_page(3, None)
    finally:
        await store.close()
    assert seeded.operation == "seed" and seeded.role == "admin" and seeded.actor.startswith("cli:")
    assert seeded.after["rows"]["units.csv"] == 3 and seeded.after["replace"] is False
    assert (issued.operation, issued.ids, issued.after) == ("createApiKey", [key_id], {"role": "viewer", "name": "大屏"})
    assert (revoked.operation, revoked.ids) == ("revokeApiKey", [key_id])


async def test_keys_while_a_server_holds_the_store_say_how_to_do_it_over_graphql(tmp_path: Path) -> None:
    db = tmp_path / "db.lbug"
    store = create_store(store_settings(backend="embedded", db_path=db))
    await store.open()
    try:
        created = lianjian("keys", "create", "--role", "editor", "--name", "前端", db=db)
        listed = lianjian("keys", "list", db=db)
        revoked = lianjian("keys", "revoke", "abc123", db=db)
    finally:
        await store.close()
    operations = {created: 'createApiKey(role: \\"editor\\", name: \\"前端\\")', listed: "{ apiKeys {",
                  revoked: 'revokeApiKey(id: \\"abc123\\")'}
    for done, operation in operations.items():
        assert done.returncode == ExitCode.UNAVAILABLE, done.stderr
        assert "Could not set lock" not in done.stderr and "Traceback" not in done.stderr
        assert "GraphQL API with an admin key" in done.stderr and operation in done.stderr, done.stderr
        assert "curl -s http://127.0.0.1:8000/graphql -H 'Authorization: Bearer <admin key>'" in done.stderr
