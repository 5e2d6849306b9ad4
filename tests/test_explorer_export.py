"""导出 Excel end to end: the button beside a shown table saves an .xlsx whose header and rows are
what the page shows, under a Chinese file name."""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest
from openpyxl import load_workbook

from tests.browser import WAIT_MS, api, explorer_page, pick
from tests.browser import browser  # noqa: F401  (a fixture: pytest finds it by its name)
from tests.serving import served


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    env = {**os.environ, "LIANJIAN_BACKEND": "embedded",
           "LIANJIAN_DB_PATH": str(tmp_path_factory.mktemp("export") / "db.lbug")}
    with served(env=env) as url:
        yield url


@pytest.fixture
def page(browser: Any, site: str) -> Iterator[Any]:
    with explorer_page(browser, site) as opened:
        yield opened


def shown(page: Any, table: str) -> tuple[list[str], list[list[str]]]:
    header = page.eval_on_selector_all(f"{table} thead th", "cells => cells.map(c => c.textContent.trim())")
    rows = page.eval_on_selector_all(f"{table} tbody tr", """rows => rows.map(r => [...r.cells].map(
        c => c.textContent.replace(/\\s+/g, ' ').trim()))""")
    return header, rows


def test_accessible_resources_export_as_shown(page: Any, site: str, tmp_path: Any) -> None:
    page.click("#tabs button[data-view=sharing]")
    pick(page, "share-unit", "普陀区民政局", "u-pt-minzheng")
    expected = api(site, '{ accessibleResources(unitId: "u-pt-minzheng") { resource { id } } }')["accessibleResources"]
    page.wait_for_function(f"document.querySelectorAll('#accessible tbody tr').length === {len(expected)}",
                           timeout=WAIT_MS)
    header, rows = shown(page, "#accessible")
    with page.expect_download(timeout=WAIT_MS) as download:
        page.click("#export-accessible")
    assert download.value.suggested_filename == "可使用的资源-普陀区民政局.xlsx"
    saved = tmp_path / "export.xlsx"
    download.value.save_as(saved)
    sheet = load_workbook(saved).active
    got = [[str(v) for v in row] for row in sheet.iter_rows(values_only=True)]
    assert got == [header, *rows] and len(rows) == len(expected) > 0
