"""Both message catalogs say the same things, are compiled, and a refusal keeps its code and field
whichever language it is worded in."""

from __future__ import annotations

import os
import string
import subprocess
from pathlib import Path

import httpx
import pytest
from babel.messages.pofile import read_po

from api.app import create_app
from api.exit_codes import ExitCode
from api.settings import ServerSettings
from graph.model import ENUMS, LABELS
from graph.store import GraphStore
from locales import negotiate, speaking
from seed.messages import SeedMessage
from seed.nouns import enum_noun, label_noun
from seed.validate import KnownGraph, build, parse_folder
from tests.seed_folders import write_folder
from tests.serving import run
from tools.catalogs import CATALOGS, compiled, extracted, read


Message = str | tuple[str, ...]  # a plural message (trn) has a form per number


def _catalog(locale: str) -> dict[Message, Message]:
    with CATALOGS[locale].open("rb") as file:
        catalog = read_po(file, locale=locale)
    assert not [m.id for m in catalog if m.id and m.fuzzy], f"{locale}: fuzzy entries"
    return {m.id if isinstance(m.id, str) else tuple(m.id): m.string if isinstance(m.string, str) else tuple(m.string)
            for m in catalog if m.id}


def _forms(message: Message) -> tuple[str, ...]:
    return (message,) if isinstance(message, str) else message


def _placeholders(message: Message) -> set[str]:
    return {name for form in _forms(message) for _, name, _, _ in string.Formatter().parse(form) if name}


def test_both_catalogs_hold_every_message_of_the_code_translated() -> None:
    zh, en = _catalog("zh_CN"), _catalog("en")
    said = {m.id if isinstance(m.id, str) else tuple(m.id) for m in extracted() if m.id}
    assert set(zh) == set(en) == said  # python -m tools.catalogs brings them in step
    assert all(all(_forms(value)) for value in [*zh.values(), *en.values()])
    assert all(en[key] == key for key in en)
    assert [key for key in zh if any(_placeholders(form) != _placeholders(key) for form in _forms(zh[key]))] == []


@pytest.mark.parametrize("locale", list(CATALOGS))
def test_the_compiled_catalogs_are_up_to_date(locale: str) -> None:
    assert CATALOGS[locale].with_suffix(".mo").read_bytes() == compiled(read(CATALOGS[locale], locale))


@pytest.mark.parametrize(("header", "language"), [
    ("en", "en"), ("en-US,en;q=0.9", "en"), ("zh-CN,zh;q=0.9,en;q=0.8", "zh"), ("fr, en;q=0.5", "en"),
    ("en;q=0.2, zh;q=0.8", "zh"), ("fr", None), (None, None), ("en;q=0", None),
])
def test_accept_language_picks_the_first_wanted_language_we_speak(header: str | None, language: str | None) -> None:
    assert negotiate(header) == language


async def _ask(store: GraphStore, query: str, language: str | None, variables: dict | None = None,
               role: str = "editor") -> dict:
    transport = httpx.ASGITransport(app=create_app(store=store, server=ServerSettings(anonymous_role=role)))
    headers = {"accept-language": language} if language else {}
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        return (await client.post("/graphql", json={"query": query, "variables": variables or {}},
                                  headers=headers)).json()


async def test_a_graphql_refusal_has_the_same_code_and_field_in_both_languages(
        store: GraphStore, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("LIANJIAN_LANG")  # the server's own default: Chinese
    query = '{ units(first: 0) { totalCount } }'
    chinese, english, default = [await _ask(store, query, lang) for lang in ("zh", "en", None)]
    assert chinese["errors"][0]["extensions"] == english["errors"][0]["extensions"]
    assert english["errors"][0]["message"].startswith("first: must be between 1 and")
    assert chinese["errors"][0]["message"].startswith("first：须在 1 到")
    assert default["errors"][0]["message"] == chinese["errors"][0]["message"]


BAD_SEED = {
    "units.csv": "编号,名称,类型,上级编号\nu1,市委组织部,机关单位,\nu2,市直机关工委,AGENCY,u9\nu1,市委宣传部,AGENCY,\n",
    "members.csv": "id,name,status,organization_id,joined\nm1,张三,FULL,o1,2021-13-01\n",
    "organizations.csv": "id,name,kind,unit_ids\no1,机关党委,AGENCY_COMMITTEE,u1\n",
    "notes.csv": "x\n1\n",
}


def _validated(folder: Path, language: str) -> tuple[list[SeedMessage], list[SeedMessage]]:
    with speaking(language):
        result = build(parse_folder(folder), KnownGraph())
    return result.errors, result.warnings


def _cited(message: SeedMessage) -> str:
    """What a program reads off a printed message: everything before the sentence."""
    text = str(message)
    return text[: len(text) - len(message.message)]


def test_a_bad_seed_is_cited_at_the_same_file_line_and_column_in_both_languages(tmp_path: Path) -> None:
    folder = write_folder(tmp_path / "bad", BAD_SEED)
    (chinese, chinese_warnings), (english, english_warnings) = (_validated(folder, lang) for lang in ("zh", "en"))
    assert [(m.file, m.line, m.column) for m in chinese] == [(m.file, m.line, m.column) for m in english] == [
        ("members.csv", 2, "joined"), ("units.csv", 2, "类型"), ("units.csv", 3, "上级编号"), ("units.csv", 4, "编号")]
    assert [_cited(m) for m in chinese] == [_cited(m) for m in english]
    assert [_cited(m) for m in chinese_warnings] == [_cited(m) for m in english_warnings] == ["notes.csv: "]
    worded = dict(zip((m.column for m in english), zip((str(m) for m in english), (str(m) for m in chinese))))
    assert worded["类型"] == ("units.csv:2: 类型: unknown UnitKind '机关单位'; expected one of AGENCY (机关), SOE (国有企业), "
                            "INSTITUTION (事业单位), TOWNSHIP_GOV (乡镇街道), VILLAGE_COMMITTEE (村社区), CENTER (服务中心), "
                            "SOCIAL_ORG (社会组织), ENTERPRISE (非公企业)",
                            "units.csv:2: 类型: 未知的单位类型 '机关单位'；应为以下之一：AGENCY (机关), SOE (国有企业), "
                            "INSTITUTION (事业单位), TOWNSHIP_GOV (乡镇街道), VILLAGE_COMMITTEE (村社区), CENTER (服务中心), "
                            "SOCIAL_ORG (社会组织), ENTERPRISE (非公企业)")
    assert worded["编号"] == ("units.csv:4: 编号: duplicate id 'u1', first on line 2",
                            "units.csv:4: 编号: 编号 'u1' 重复，首次出现在第 2 行")
    assert worded["上级编号"][1] == "units.csv:3: 上级编号: 未知的单位编号 'u9'（本文件夹和数据库中都没有）"
    assert worded["joined"][1] == "members.csv:2: joined: 不是有效的日期：'2021-13-01'"
    assert str(chinese_warnings[0]).startswith("notes.csv: 不是种子文件，已忽略；")


def test_every_node_label_and_vocabulary_has_a_word_in_each_language() -> None:
    with speaking("zh"):
        chinese = [label_noun(label) for label in LABELS] + [enum_noun(enum.name) for enum in ENUMS]
    with speaking("en"):
        assert [label_noun(label) for label in LABELS] + [enum_noun(enum.name) for enum in ENUMS] == [
            *LABELS, *(enum.name for enum in ENUMS)]
    assert all(any("\u4e00" <= ch <= "\u9fff" for ch in word) for word in chinese), chinese


def _lianjian(*args: str, db: Path, language: str | None) -> subprocess.CompletedProcess[str]:
    env = {key: value for key, value in os.environ.items() if key != "LIANJIAN_LANG"}
    if language:
        env["LIANJIAN_LANG"] = language
    return run(*args, env={**env, "LIANJIAN_BACKEND": "embedded", "LIANJIAN_DB_PATH": str(db)})


def test_the_cli_reports_a_bad_seed_with_the_same_status_and_prefixes_in_both_languages(tmp_path: Path) -> None:
    folder = write_folder(tmp_path / "bad", {"units.csv": BAD_SEED["units.csv"]})
    db = tmp_path / "db.lbug"
    default, chinese = (_lianjian("seed", str(folder), db=db, language=lang) for lang in (None, "zh"))
    english, flagged = _lianjian("seed", str(folder), db=db, language="en"), _lianjian(
        "seed", str(folder), "--lang", "en", db=db, language="zh")
    assert {done.returncode for done in (default, chinese, english, flagged)} == {ExitCode.REFUSED}
    assert default.stderr == chinese.stderr and english.stderr == flagged.stderr != chinese.stderr

    def prefixes(stderr: str) -> list[str]:
        return [line.split(": ", 2)[0] + ": " + line.split(": ", 2)[1] for line in stderr.splitlines()[:-1]]

    assert prefixes(chinese.stderr) == prefixes(english.stderr) == [
        "units.csv:2: 类型", "units.csv:3: 上级编号", "units.csv:4: 编号"]
    assert english.stderr.splitlines()[-1] == "3 errors: nothing was written"
    assert chinese.stderr.splitlines()[-1] == "3 处错误：未写入任何内容"


def test_a_cli_usage_error_has_the_same_status_in_both_languages_and_argparse_speaks_chinese(tmp_path: Path) -> None:
    chinese, english = (_lianjian("seed", "--lang", lang, db=tmp_path / "db.lbug", language=None) for lang in ("zh", "en"))
    assert chinese.returncode == english.returncode == ExitCode.USAGE
    assert english.stderr.startswith("usage: lianjian seed ")
    assert english.stderr.splitlines()[-1] == "lianjian seed: error: the following arguments are required: PATH"
    assert chinese.stderr.startswith("用法：lianjian seed ")
    assert chinese.stderr.splitlines()[-1] == "lianjian seed：错误：缺少必需的参数：PATH"
    helped = _lianjian("--help", db=tmp_path / "db.lbug", language=None)
    assert helped.returncode == 0 and "党建联建知识图谱的 GraphQL 接口" in helped.stdout and "显示本帮助并退出" in helped.stdout


SEED_CSV = """mutation($files: [CsvFileInput!]!) {
  seedCsv(files: $files, check: true) { loaded errors { file line column message } } }"""


async def test_seed_csv_cites_a_bad_file_alike_in_both_languages(store: GraphStore) -> None:
    files = [{"name": name, "content": content} for name, content in BAD_SEED.items() if name != "notes.csv"]
    chinese, english = [(await _ask(store, SEED_CSV, lang, {"files": files}, role="admin"))["data"]["seedCsv"]["errors"]
                        for lang in ("zh", "en")]
    assert [{k: e[k] for k in ("file", "line", "column")} for e in chinese] == [
        {k: e[k] for k in ("file", "line", "column")} for e in english]
    assert english[1]["message"].startswith("unknown UnitKind '机关单位'")
    assert chinese[1]["message"].startswith("未知的单位类型 '机关单位'")
