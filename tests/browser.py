"""A real headless Chromium for end-to-end tests: Debian's package (and a Chinese font), installed here when missing
(the machine's registries include Debian's; Playwright's own browser download does not work
offline), driven by Playwright; and what the explorer's tests share: the browser fixture, a page
that must load without errors, the API asked directly, pickers and screenshots."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import httpx
import pytest

from tests.serving import REPO, served

ARTIFACTS = REPO / "tests" / "artifacts"
WAIT_MS = 30_000

CHROMIUM_FLAGS = [  # Chromium's background connections fail on a closed network, many at a time
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync",
]


PACKAGES = ("chromium", "fonts-wqy-microhei")  # the browser, and a font for the page's Chinese in screenshots


def _missing() -> list[str]:
    missing = [] if shutil.which("chromium") else ["chromium"]
    fonts = subprocess.run(["fc-list", ":lang=zh"], capture_output=True, text=True) if shutil.which("fc-list") else None
    if fonts is None or not fonts.stdout.strip():
        missing.append("fonts-wqy-microhei")
    return missing


def ensure_chromium() -> str:
    """The path of Debian's chromium, installing it and a Chinese font (as root, or with sudo) if needed."""
    missing = _missing()
    if missing:
        prefix = [] if os.geteuid() == 0 else ["sudo", "-n"]
        if prefix and shutil.which("sudo") is None:
            pytest.fail(f"the end-to-end tests need Debian's {' and '.join(missing)}: apt-get install them as root")
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        for command in (["apt-get", "update", "-qq"], ["apt-get", "install", "-y", "-qq", "--no-install-recommends", *missing]):
            done = subprocess.run([*prefix, *command], env=env, capture_output=True, text=True, timeout=1200)
            if done.returncode != 0:
                pytest.fail(f"installing {' '.join(missing)} failed ({' '.join(command)}): {done.stderr[-2000:]}")
    found = shutil.which("chromium")
    assert found, "apt-get installed chromium but it is not on PATH"
    return found


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    executable = ensure_chromium()
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=executable, headless=True, args=CHROMIUM_FLAGS)
        yield launched
        launched.close()


@contextmanager
def explorer_page(browser: Any, site: str) -> Iterator[Any]:
    """The explorer in a browser context of its own, loaded and ready; no script error or failed request
    may happen while it is open."""
    context = browser.new_context(viewport={"width": 1400, "height": 900}, locale="zh-CN")
    opened = context.new_page()
    problems: list[str] = []
    opened.on("pageerror", lambda error: problems.append(str(error)))
    opened.on("requestfailed", lambda request: problems.append(f"{request.url} failed"))
    opened.goto(site + "/")
    opened.wait_for_selector("body[data-ready=true]", timeout=WAIT_MS)
    yield opened
    context.close()
    assert problems == [], problems


def api(site: str, query: str, key: str | None = None, **variables: Any) -> dict[str, Any]:
    headers = {"authorization": f"Bearer {key}"} if key else {}
    answer = httpx.post(f"{site}/graphql", json={"query": query, "variables": variables}, headers=headers,
                        timeout=60).json()
    assert "errors" not in answer, answer
    return answer["data"]


def shoot(page: Any, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"explorer-{name}.png"))


def pick(page: Any, picker: str, text: str, id_: str) -> None:
    box = page.locator(f"[data-picker={picker}]")
    box.locator("input").fill(text)
    box.locator("button").click()
    box.locator(f"li[data-id='{id_}']").click()
    page.wait_for_selector(f"[data-picker={picker}] .chosen[data-id='{id_}']", timeout=WAIT_MS)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The demo behind `lianjian serve` on a fresh embedded store, once per test module."""
    env = {**os.environ, "LIANJIAN_BACKEND": "embedded", "LIANJIAN_DB_PATH": str(tmp_path_factory.mktemp("site") / "db.lbug")}
    with served(env=env) as url:
        yield url
