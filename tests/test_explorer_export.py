"""导出 Excel end to end: each button beside a shown table, list or card of details saves an .xlsx
whose header and rows are what the page shows, under a Chinese file name. One server and one page
serve every view's test; what each must hold is asked of the API directly."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from openpyxl import load_workbook

from tests.browser import WAIT_MS, api, explorer_page, pick, shoot
from tests.browser import browser, site  # noqa: F401  (fixtures: pytest finds them by their names)

Rows = list[list[str]]


@pytest.fixture(scope="module")
def page(browser: Any, site: str) -> Iterator[Any]:  # noqa: F811
    with explorer_page(browser, site) as opened:
        yield opened


@pytest.fixture(scope="module")
def labels(site: str) -> dict[str, dict[str, str]]:
    return httpx.get(f"{site}/explorer/vocabulary.json", timeout=30).json()


def shown(page: Any, table: str) -> tuple[list[str], Rows]:
    header = page.eval_on_selector_all(f"{table} thead th", "cells => cells.map(c => c.textContent.trim())")
    rows = page.eval_on_selector_all(f"{table} tbody tr", """rows => rows.map(r => [...r.cells].map(
        c => c.textContent.replace(/\\s+/g, ' ').trim()))""")
    return header, rows


def saved(page: Any, button: str, tmp_path: Path) -> tuple[str, Rows]:
    """Clicks a 导出 Excel button; the saved file's name and its sheet, each cell as text."""
    with page.expect_download(timeout=WAIT_MS) as download:
        page.click(button)
    path = tmp_path / "export.xlsx"
    download.value.save_as(path)
    sheet = load_workbook(path).active
    return download.value.suggested_filename, [["" if v is None else str(v) for v in row]
                                               for row in sheet.iter_rows(values_only=True)]


def button(target: str) -> str:
    return f"button[data-export='{target}']"


def remote(area: dict[str, Any]) -> str:
    return ("海岛" if area["kind"] == "ISLAND" else "偏远") if area["remote"] else ""


def items(label: str, names: list[str]) -> Rows:
    """The rows of one entry of a card: one per item listed, or the shown "—"."""
    return [[label, name] for name in names] or [[label, "—"]]


def test_accessible_resources_export_as_shown(page: Any, site: str, tmp_path: Path) -> None:
    page.click("#tabs button[data-view=sharing]")
    pick(page, "share-unit", "普陀区民政局", "u-pt-minzheng")
    expected = api(site, '{ accessibleResources(unitId: "u-pt-minzheng") { resource { id } } }')["accessibleResources"]
    page.wait_for_function(f"document.querySelectorAll('#accessible tbody tr').length === {len(expected)}",
                           timeout=WAIT_MS)
    header, rows = shown(page, "#accessible")
    name, got = saved(page, "#export-accessible", tmp_path)
    assert name == "可使用的资源-普陀区民政局.xlsx"
    assert got == [header, *rows] and len(rows) == len(expected) > 0


def test_talent_and_resource_partners_export_as_shown(page: Any, site: str, tmp_path: Path) -> None:
    page.click("#tabs button[data-view=sharing]")
    pick(page, "share-unit", "卫生健康局", "u-pt-weijian")
    page.fill("#talent-skill", "医疗")
    page.select_option("#talent-hops", "1")
    page.click("#talent-form button")
    found = api(site, """{ talentSearch(unitId: "u-pt-weijian", skill: "医疗", maxHops: 1) {
        hops member { name skills } unit { name } } }""")["talentSearch"]
    page.wait_for_function(f"document.querySelector('#talent-count').dataset.count === '{len(found)}'", timeout=WAIT_MS)
    shoot(page, "sharing-talent")
    header, rows = shown(page, "#talent")
    name, got = saved(page, "#export-talent", tmp_path)
    assert name == "人才共享-普陀区卫生健康局-医疗.xlsx"
    assert got == [header, *rows] == [["姓名", "所在单位", "联建跳数", "技能"],
                                      *[[t["member"]["name"], t["unit"]["name"], str(t["hops"]), "、".join(t["member"]["skills"])]
                                        for t in found]]
    assert len(found) > 1 and {t["hops"] for t in found} == {0, 1}, "the unit's own talent and its partners'"

    sharing = api(site, """{ unitSharing(unitId: "u-pt-weijian") { providers { name } consumers { name } } }""")["unitSharing"]
    name, got = saved(page, "#export-partners", tmp_path)
    assert name == "资源往来-普陀区卫生健康局.xlsx"
    assert got == [["往来", "单位"], *items("它使用谁的资源", [u["name"] for u in sharing["providers"]]),
                   *items("谁使用它的资源", [u["name"] for u in sharing["consumers"]])]


def test_coverage_gaps_and_an_area_s_coverage_export_as_shown(page: Any, site: str, labels: dict[str, Any],
                                                               tmp_path: Path) -> None:
    page.click("#tabs button[data-view=coverage]")
    pick(page, "area", "莲都", "a-ls-ld")
    page.fill("#domain", "医疗")
    page.click("#show-coverage")
    gaps = api(site, '{ coverageGaps(withinAreaId: "a-ls-ld", domain: "医疗") { id name kind remote } }')["coverageGaps"]
    page.wait_for_selector(f"#gap-count[data-count='{len(gaps)}']", timeout=WAIT_MS)
    name, got = saved(page, button("#gap-list"), tmp_path)
    assert name == "未覆盖区域-莲都区-医疗.xlsx"
    assert got == [["区域", "类型", "偏远/海岛"], *[[a["name"], labels["AreaKind"][a["kind"]], remote(a)] for a in gaps]]
    assert any(remote(a) for a in gaps) and any(not remote(a) for a in gaps)

    covered = page.locator("#area-tree li.covered").first.get_attribute("data-id")
    page.locator(f"#area-tree li[data-id='{covered}'] > .name").click()
    page.wait_for_selector("#area-details h3 button.export", timeout=WAIT_MS)
    coverage = api(site, """query($a: ID!) { coverage(areaId: $a, domain: "医疗") { area { name } unitCount
        services { name domain } units { name } alliances { name } } }""", a=covered)["coverage"]
    name, got = saved(page, "#area-details button.export", tmp_path)
    assert name == f"区域覆盖-{coverage['area']['name']}-医疗.xlsx"
    units = [u["name"] for u in coverage["units"]][:30]
    assert got == [["项目", "内容"], ["服务领域", "医疗"], ["覆盖情况", "已覆盖"],
                   *items("服务项目", [f"{s['name']}（{s['domain']}）" for s in coverage["services"]]),
                   *items("联建组织", [a["name"] for a in coverage["alliances"]]),
                   ["服务单位数", str(coverage["unitCount"])],
                   *items("服务单位" if coverage["unitCount"] <= 30 else "服务单位（前 30 个）", units)]
    assert coverage["services"] and units


def test_isolated_units_and_top_connectors_export_as_shown(page: Any, site: str, labels: dict[str, Any],
                                                           tmp_path: Path) -> None:
    page.click("#tabs button[data-view=lists]")
    expected = api(site, "{ isolatedUnits { name kind } topConnectors(first: 20) { partners alliances unit { name } } }")
    page.wait_for_selector("#export-connectors:not([disabled])", timeout=WAIT_MS)
    name, got = saved(page, "#export-isolated", tmp_path)
    assert name == "孤立单位.xlsx"
    assert got == [["单位", "类型"], *[[u["name"], labels["UnitKind"].get(u["kind"], u["kind"] or "")]
                                     for u in expected["isolatedUnits"]]]
    name, got = saved(page, "#export-connectors", tmp_path)
    assert name == "枢纽单位.xlsx"
    assert got == [["排名", "单位", "联建伙伴（个）", "联建组织（个）"],
                   *[[str(i), c["unit"]["name"], str(c["partners"]), str(c["alliances"])]
                     for i, c in enumerate(expected["topConnectors"], 1)]]
    assert expected["isolatedUnits"] and expected["topConnectors"]


def test_a_path_and_a_unit_s_details_export_as_shown(page: Any, site: str, tmp_path: Path) -> None:
    page.click("#tabs button[data-view=path]")
    pick(page, "from", "普陀区民政局", "u-pt-minzheng")
    pick(page, "to", "东极镇", "u-pt-dj")
    page.click("#find-path")
    page.wait_for_selector("#export-path:not([disabled])", timeout=WAIT_MS)
    path = api(site, """{ connectionPath(fromUnitId: "u-pt-minzheng", toUnitId: "u-pt-dj") {
        units { name } alliances { name } } }""")["connectionPath"]
    steps = [step for i, unit in enumerate(path["units"])
             for step in [unit["name"], *([f"经由 {path['alliances'][i]['name']}"] if i < len(path["alliances"]) else [])]]
    name, got = saved(page, "#export-path", tmp_path)
    assert name.startswith("联建路径-普陀区民政局-")
    assert got == [["序号", "路径"], *[[str(i), step] for i, step in enumerate(steps, 1)]] and len(steps) > 2

    page.click("#tabs button[data-view=network]")
    page.fill("#search", "普陀区民政局")
    page.click("#search-form button")
    page.locator("#search-results li[data-id='u-pt-minzheng']").click()
    page.wait_for_selector("#details button.export", timeout=WAIT_MS)
    card = page.eval_on_selector_all("#details dt", """terms => terms.map(dt => [dt.textContent.trim(),
        dt.nextElementSibling.textContent.replace(/\\s+/g, ' ').trim()])""")
    name, got = saved(page, "#details button.export", tmp_path)
    assert name == "单位详情-普陀区民政局.xlsx"
    assert got == [["项目", "内容"], *[[term, item] for term, text in card for item in text.split("、")]]
    alliances = api(site, '{ unit(id: "u-pt-minzheng") { alliances { alliance { id } } } }')["unit"]["alliances"]
    assert sum(1 for term, _ in got if term == "联建组织") == len(alliances) > 1, "a row per alliance"


def test_a_plan_s_draft_and_answers_export_as_shown(page: Any, site: str, tmp_path: Path) -> None:
    page.click("#tabs button[data-view=planning]")
    pick(page, "plan-unit", "残疾人联合会", "u-pt-canlian")
    pick(page, "plan-alliance", "离岛", "al-pt-island")
    page.click("#plan-join")
    page.wait_for_function("""document.querySelector('#plan-count').dataset.count === '1' &&
        document.querySelector('#plan-results').dataset.answered === String(explorer.planning.asked())""", timeout=WAIT_MS)
    answer = api(site, """query($changes: [PlannedChangeInput!]!) { whatIf(changes: $changes) {
        units { gained { resource { id } } } coveredAreas { id } partnersGained { units { name } } } }""",
                 changes=[{"joinAlliance": {"allianceId": "al-pt-island", "unitId": "u-pt-canlian"}}])["whatIf"]
    draft = page.locator("#plan-draft li span").inner_text()
    name, got = saved(page, "#export-plan-draft", tmp_path)
    assert (name, got) == ("规划草稿.xlsx", [["序号", "变更"], ["1", draft]])

    header, rows = shown(page, "#plan-resources")
    name, got = saved(page, button("#plan-resources"), tmp_path)
    assert name == "规划资源变化-全部区域 · 全部领域.xlsx"
    assert got == [header, *rows] and len(rows) == sum(len(u["gained"]) for u in answer["units"]) > 0
    _, got = saved(page, button("#plan-partners-gained"), tmp_path)
    assert got == [["单位", "联建伙伴"], *[[u["name"] for u in pair["units"]] for pair in answer["partnersGained"]]]
    assert answer["partnersGained"]
    _, got = saved(page, button("#plan-covered"), tmp_path)
    assert got == [["区域", "类型", "偏远/海岛"]] and answer["coveredAreas"] == [], "an empty list's 无 is no row"
