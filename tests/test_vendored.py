"""The third-party files the app serves (api/static/vendor/) are exactly the pinned npm releases,
copied by `npm ci && npm run vendor` in web/: nothing edited by hand, nothing unlisted."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from strawberry.http.ides import get_graphql_ide_html

from api.explorer import CDN_ASSET
from tests.conftest import REPO
from tests.npm import npm_ci

WEB = REPO / "web"
VENDOR = REPO / "api" / "static" / "vendor"
LISTED: dict[str, list[str]] = json.loads((WEB / "vendored.json").read_text(encoding="utf-8"))
PINNED: dict[str, str] = json.loads((WEB / "package.json").read_text(encoding="utf-8"))["dependencies"]


@pytest.fixture(scope="module")
def node_modules() -> Path:
    npm_ci(WEB)
    return WEB / "node_modules"


@pytest.mark.parametrize("package", sorted(LISTED))
def test_each_vendored_file_is_the_pinned_release(node_modules: Path, package: str) -> None:
    installed = json.loads((node_modules / package / "package.json").read_text(encoding="utf-8"))
    assert installed["version"] == PINNED[package]
    for path in LISTED[package]:
        assert (VENDOR / package / path).read_bytes() == (node_modules / package / path).read_bytes(), path


def test_nothing_unlisted_is_vendored() -> None:
    served = {str(p.relative_to(VENDOR)) for p in VENDOR.rglob("*") if p.is_file()}
    assert served == {f"{package}/{path}" for package, paths in LISTED.items() for path in paths}


def test_graphiql_asks_for_the_versions_we_vendor() -> None:
    """Strawberry names exact versions in its GraphiQL page; an upgrade that moves them must move web/ too."""
    html = get_graphql_ide_html(graphql_ide="graphiql")
    asked = {m.group(1): m.group(2) for m in re.finditer(r'https://unpkg\.com/(@?[^@"]+)@([^/"]+)/', html)}
    assert asked and all(PINNED[package] == version for package, version in asked.items()), asked
    assert set(asked) <= set(LISTED)
    assert len(CDN_ASSET.findall(html)) == sum(len(LISTED[p]) for p in asked)
