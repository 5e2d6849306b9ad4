"""Both message catalogs say the same things, are compiled, and a refusal keeps its code and field
whichever language it is worded in."""

from __future__ import annotations

import string

import httpx
import pytest
from babel.messages.pofile import read_po

from api.app import create_app
from api.settings import ServerSettings
from graph.store import GraphStore
from locales import negotiate
from tools.catalogs import CATALOGS, compiled, extracted, read


def _catalog(locale: str) -> dict[str, str]:
    with CATALOGS[locale].open("rb") as file:
        catalog = read_po(file, locale=locale)
    assert not [m.id for m in catalog if m.id and m.fuzzy], f"{locale}: fuzzy entries"
    return {m.id: m.string for m in catalog if m.id}


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_both_catalogs_hold_every_message_of_the_code_translated() -> None:
    zh, en = _catalog("zh_CN"), _catalog("en")
    said = {m.id for m in extracted() if m.id}
    assert set(zh) == set(en) == said  # python -m tools.catalogs brings them in step
    assert all(zh.values()) and all(en.values())
    assert all(en[key] == key for key in en)
    assert [key for key in zh if _placeholders(zh[key]) != _placeholders(key)] == []


@pytest.mark.parametrize("locale", list(CATALOGS))
def test_the_compiled_catalogs_are_up_to_date(locale: str) -> None:
    assert CATALOGS[locale].with_suffix(".mo").read_bytes() == compiled(read(CATALOGS[locale], locale))


@pytest.mark.parametrize(("header", "language"), [
    ("en", "en"), ("en-US,en;q=0.9", "en"), ("zh-CN,zh;q=0.9,en;q=0.8", "zh"), ("fr, en;q=0.5", "en"),
    ("en;q=0.2, zh;q=0.8", "zh"), ("fr", None), (None, None), ("en;q=0", None),
])
def test_accept_language_picks_the_first_wanted_language_we_speak(header: str | None, language: str | None) -> None:
    assert negotiate(header) == language


async def _ask(store: GraphStore, query: str, language: str | None) -> dict:
    transport = httpx.ASGITransport(app=create_app(store=store, server=ServerSettings(anonymous_role="editor")))
    headers = {"accept-language": language} if language else {}
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        return (await client.post("/graphql", json={"query": query}, headers=headers)).json()


async def test_a_graphql_refusal_has_the_same_code_and_field_in_both_languages(
        store: GraphStore, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("LIANJIAN_LANG")  # the server's own default: Chinese
    query = '{ units(first: 0) { totalCount } }'
    chinese, english, default = [await _ask(store, query, lang) for lang in ("zh", "en", None)]
    assert chinese["errors"][0]["extensions"] == english["errors"][0]["extensions"]
    assert english["errors"][0]["message"].startswith("first: must be between 1 and")
    assert chinese["errors"][0]["message"].startswith("first：须在 1 到")
    assert default["errors"][0]["message"] == chinese["errors"][0]["message"]
