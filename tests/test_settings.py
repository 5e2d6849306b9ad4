"""The settings table (api/settings.py) is the one source: the docs, the flags and the values the
store and server run with all come from it."""

from __future__ import annotations

import logging
import re
from pathlib import Path

import pytest

from api.cli import parser
from api.settings import SETTINGS, markdown, resolve
from tests.serving import REPO, run

DOCUMENTED = [REPO / "README.md", *sorted((REPO / "docs").glob("*.md"))]


def test_docs_settings_md_is_the_table() -> None:
    committed = (REPO / "docs" / "settings.md").read_text(encoding="utf-8")
    assert committed == markdown(), "docs/settings.md is stale: run `python -m api.settings > docs/settings.md`"


@pytest.mark.parametrize("doc", DOCUMENTED, ids=lambda p: p.name)
def test_the_docs_name_only_settings_of_the_table(doc: Path) -> None:
    known = {s.env for s in SETTINGS} | {a.env for s in SETTINGS for a in s.aliases}
    named = set(re.findall(r"LIANJIAN_[A-Z_]+[A-Z]", doc.read_text(encoding="utf-8")))
    assert named <= known, f"{doc.name} names settings that do not exist: {named - known}"


def test_every_setting_is_a_flag_of_serve_and_the_store_ones_of_seed_and_keys() -> None:
    commands = parser()._subparsers._group_actions[0].choices  # type: ignore[union-attr]
    def flags(*path: str) -> set[str]:
        command = commands[path[0]]
        if len(path) > 1:
            command = command._subparsers._group_actions[0].choices[path[1]]  # type: ignore[union-attr]
        return {o for action in command._actions for o in action.option_strings}
    assert {s.flag for s in SETTINGS} <= flags("serve") and {s.flag for s in SETTINGS} <= flags("config")
    store_flags = {s.flag for s in SETTINGS if "store" in s.scopes}
    assert store_flags <= flags("seed") and store_flags <= flags("keys", "create")


def test_one_timeout_in_ms_for_the_store_and_the_request_and_the_old_name_warns(caplog: pytest.LogCaptureFixture) -> None:
    effective = resolve(env={"LIANJIAN_QUERY_TIMEOUT_MS": "2500"})
    assert effective.store.query_timeout_ms == effective.server.query_timeout_ms == 2500
    with caplog.at_level(logging.WARNING, logger="lianjian.settings"):
        old = resolve(env={"LIANJIAN_REQUEST_TIMEOUT_S": "1.5"})
    assert old.server.query_timeout_ms == old.store.query_timeout_ms == 1500
    assert old.sources["query_timeout_ms"] == "env (LIANJIAN_REQUEST_TIMEOUT_S, deprecated)"
    assert "LIANJIAN_REQUEST_TIMEOUT_S is deprecated: use LIANJIAN_QUERY_TIMEOUT_MS=1500" in caplog.text
    assert resolve(env={"LIANJIAN_QUERY_TIMEOUT_MS": "2500", "LIANJIAN_REQUEST_TIMEOUT_S": "1"}).store.query_timeout_ms == 2500


def test_config_prints_each_setting_with_its_source_and_hides_secrets(tmp_path: Path) -> None:
    done = run("config", "--max-depth", "5", env={"PATH": "/usr/bin:/bin", "NEO4J_PASSWORD": "s3cret",
                                                   "LIANJIAN_DB_PATH": str(tmp_path / "x.lbug")})
    assert done.returncode == 0, done.stderr
    rows = {line.split("\t")[0]: line.split("\t")[1:] for line in done.stdout.splitlines()}
    assert set(rows) == {s.env for s in SETTINGS}
    assert rows["LIANJIAN_MAX_DEPTH"] == ["5", "flag"]
    assert rows["LIANJIAN_DB_PATH"] == [str(tmp_path / "x.lbug"), "env"]
    assert rows["LIANJIAN_QUERY_TIMEOUT_MS"] == ["30000 ms", "default"]
    assert rows["NEO4J_PASSWORD"] == ["(hidden)", "env"] and "s3cret" not in done.stdout
    assert not list(tmp_path.iterdir()), "config opens no store"


def test_a_bad_value_names_its_variable_or_flag() -> None:
    with pytest.raises(ValueError, match="LIANJIAN_MAX_DEPTH must be a whole number"):
        resolve(env={"LIANJIAN_MAX_DEPTH": "deep"})
    with pytest.raises(ValueError, match="LIANJIAN_QUERY_TIMEOUT_MS must be more than 0"):
        resolve(env={"LIANJIAN_QUERY_TIMEOUT_MS": "0"})
    bad_flag = run("config", "--max-depth", "0", env={"PATH": "/usr/bin:/bin", "LIANJIAN_LANG": "en"})
    assert bad_flag.returncode == 2 and "--max-depth must be more than 0" in bad_flag.stderr


def test_the_language_may_be_written_as_a_locale_tag() -> None:
    """LIANJIAN_LANG=zh-CN or en_US.UTF-8 (as a shell's LANG is written) names zh or en; another is refused."""
    assert resolve(env={"LIANJIAN_LANG": "zh-CN"}).server.language == "zh"
    assert resolve(env={"LIANJIAN_LANG": "en_US.UTF-8"}).server.language == "en"
    with pytest.raises(ValueError, match="LIANJIAN_LANG must be one of zh, en"):
        resolve(env={"LIANJIAN_LANG": "fr-FR"})
