"""The explorer's live updates in a real headless Chromium: with an editor's key the page listens to
graphChanged, and a change made elsewhere reloads the view on screen with a notice; a viewer's page
is refused and does not listen."""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest

from tests.browser import WAIT_MS, api, explorer_page
from tests.browser import browser  # noqa: F401  (a fixture: pytest finds it by its name)
from tests.serving import cli, served


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, dict[str, str]]]:
    """The demo behind `lianjian serve`, with an editor's and a viewer's key."""
    env = {**os.environ, "LIANJIAN_BACKEND": "embedded",
           "LIANJIAN_DB_PATH": str(tmp_path_factory.mktemp("explorer-live") / "db.lbug")}
    keys = {role: cli("keys", "create", "--role", role, "--name", f"page {role}", env=env)
            for role in ("editor", "viewer")}
    with served(env=env) as url:
        yield url, keys


def _with_key(page: Any, key: str) -> None:
    page.locator("#api-key").fill(key)
    page.locator("#api-key").dispatch_event("change")


def test_a_change_elsewhere_reloads_the_view_on_screen(browser: Any, site: tuple[str, dict[str, str]]) -> None:
    url, keys = site
    with explorer_page(browser, url) as page:
        _with_key(page, keys["editor"])
        page.wait_for_selector("body[data-live=listening]", timeout=WAIT_MS)
        assert page.locator("#live").is_visible()
        page.click("#tabs button[data-view=lists]")
        page.wait_for_function("document.querySelector('#isolated-count').textContent !== ''", timeout=WAIT_MS)
        before = len(api(url, "{ isolatedUnits { id } }")["isolatedUnits"])
        assert page.locator("#isolated-count").inner_text() == f"{before} 个"
        page.wait_for_timeout(300)  # the page's subscribe reaches the server
        api(url, 'mutation { createUnit(input: {id: "u-live", name: "实时新单位", kind: "AGENCY"}) { id } }',
            key=keys["editor"])
        page.wait_for_function(f"document.querySelector('#isolated-count').textContent === '{before + 1} 个'",
                               timeout=WAIT_MS)
        notice = page.locator("#live-notice")
        assert notice.is_visible() and "createUnit" in notice.inner_text() and "page editor" in notice.inner_text()
        assert page.locator("#isolated li[data-id=u-live]").count() == 1


def test_a_viewers_page_does_not_listen(browser: Any, site: tuple[str, dict[str, str]]) -> None:
    url, keys = site
    with explorer_page(browser, url) as page:
        _with_key(page, keys["viewer"])
        page.wait_for_selector("body[data-live=refused]", timeout=WAIT_MS)
        assert not page.locator("#live").is_visible()
