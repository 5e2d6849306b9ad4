"""The alliance explorer end to end: `lianjian serve` on the demo data, the page in a real headless
Chromium, and what it draws checked against what the GraphQL API answers for the same question.
Each view is saved as a screenshot in tests/artifacts/."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.browser import WAIT_MS, api, explorer_page, pick, shoot
from tests.browser import browser, site  # noqa: F401  (fixtures: pytest finds them by their names)
from tests.serving import REPO, served


@pytest.fixture
def page(browser: Any, site: str) -> Iterator[Any]:
    with explorer_page(browser, site) as opened:
        yield opened


def test_the_page_is_served_with_every_asset_from_the_app(site: str) -> None:
    html = httpx.get(site + "/").text
    assert "联建" in html and "http://" not in html and "https://" not in html
    for asset in ("/static/vendor/cytoscape/dist/cytoscape.min.js", "/static/explorer.js", "/static/explorer.css"):
        assert httpx.get(site + asset).status_code == 200, asset


def test_search_draws_the_network_the_api_returns(page: Any, site: str) -> None:
    page.fill("#search", "普陀")
    page.click("#search-form button")
    page.wait_for_selector("#search-results li[data-kind=unit]", timeout=WAIT_MS)
    first = page.locator("#search-results li[data-kind=unit]").first
    unit_id = first.get_attribute("data-id")
    first.click()
    page.wait_for_function("Number(document.querySelector('#network-status').dataset.nodes) > 0", timeout=WAIT_MS)
    assert page.locator("#search-results li").count() == 0, "the results make way for the details"
    expected = api(site, """query($u: ID!) { allianceNetwork(unitId: $u, depth: 2, limit: 300) {
        truncated nodes { id } edges { source } } }""", u=unit_id)["allianceNetwork"]
    status = page.locator("#network-status")
    assert int(status.get_attribute("data-nodes")) == len(expected["nodes"])
    assert int(status.get_attribute("data-edges")) == len(expected["edges"])
    assert page.evaluate("explorer.cy.nodes().length") == len(expected["nodes"])
    assert page.evaluate(f"explorer.cy.getElementById('{unit_id}').hasClass('focus')")
    page.wait_for_selector("#details h3", timeout=WAIT_MS)
    details = api(site, """query($u: ID!) { unit(id: $u) { name organizations { name } resources { name }
        brands { services { name } } } }""", u=unit_id)["unit"]
    shown = page.locator("#details").inner_text()
    assert details["name"] in shown
    for item in (*details["organizations"], *details["resources"], *(s for b in details["brands"] for s in b["services"])):
        assert item["name"] in shown
    shoot(page, "network")


def test_expanding_a_node_adds_its_neighbourhood(page: Any, site: str) -> None:
    page.select_option("#depth", "1")
    page.fill("#search", "综合服务中心")
    page.click("#search-form button")
    page.locator("#search-results li[data-kind=alliance]").first.click()
    page.wait_for_function("Number(document.querySelector('#network-status').dataset.nodes) > 0", timeout=WAIT_MS)
    drawn = set(page.evaluate("explorer.cy.nodes().map(n => n.id())"))
    query = "query($u: ID!) { allianceNetwork(unitId: $u, depth: 1, limit: 300) { nodes { id } } }"
    grows = {}
    for unit in sorted(page.evaluate("explorer.cy.nodes(\"[type = 'UNIT']\").map(n => n.id())")):
        more = {n["id"] for n in api(site, query, u=unit)["allianceNetwork"]["nodes"]} - drawn
        if more:
            grows[unit] = more
    unit, more = next(iter(grows.items()))
    page.evaluate(f"explorer.cy.getElementById('{unit}').emit('tap')")
    name = api(site, "query($u: ID!) { unit(id: $u) { name } }", u=unit)["unit"]["name"]
    page.wait_for_function(f"document.querySelector('#details h3')?.textContent === {name!r}", timeout=WAIT_MS)
    placed = page.evaluate("Object.fromEntries(explorer.cy.nodes().map(n => [n.id(), n.position()]))")
    page.locator("#details [data-action=expand]").click()
    page.wait_for_function(f"explorer.cy.nodes().length === {len(drawn | more)}", timeout=WAIT_MS)
    assert page.locator("#network-status").get_attribute("data-expanded") == str(len(more))
    after = page.evaluate("Object.fromEntries(explorer.cy.nodes().map(n => [n.id(), n.position()]))")
    assert {id_: after[id_] for id_ in placed} == placed, "expanding moves none of the nodes already drawn"
    page.evaluate("document.querySelector('#network-status').dataset.expanded = ''")
    page.locator("#details [data-action=expand]").click()
    page.wait_for_selector("#network-status[data-expanded='0']", timeout=WAIT_MS)
    assert "没有更多" in page.locator("#network-status").inner_text()
    assert page.evaluate("explorer.cy.nodes().length") == len(drawn | more)


def test_a_failed_search_leaves_no_stale_answer(page: Any) -> None:
    page.fill("#search", "没有这个名字的单位")
    page.click("#search-form button")
    page.wait_for_selector("#search-results li.none", timeout=WAIT_MS)
    page.fill("#api-key", "lj_000000000000_wrong")
    page.dispatch_event("#api-key", "change")
    page.fill("#search", "普陀")
    page.click("#search-form button")
    page.wait_for_selector("#error:not([hidden])", timeout=WAIT_MS)
    assert page.locator("#search-results li").count() == 0
    page.fill("#api-key", "")
    page.dispatch_event("#api-key", "change")


def test_no_console_warnings_when_the_network_is_drawn(browser: Any, site: str) -> None:
    context = browser.new_context(viewport={"width": 1400, "height": 900}, locale="zh-CN")
    opened = context.new_page()
    warnings: list[str] = []
    opened.on("console", lambda m: warnings.append(m.text) if m.type in ("warning", "error") else None)
    opened.goto(site + "/")
    opened.wait_for_selector("body[data-ready=true]", timeout=WAIT_MS)
    opened.fill("#search", "综合服务中心")
    opened.click("#search-form button")
    opened.locator("#search-results li[data-kind=alliance]").first.click()
    opened.wait_for_function("Number(document.querySelector('#network-status').dataset.nodes) > 0", timeout=WAIT_MS)
    context.close()
    assert warnings == []


def test_the_shortest_path_is_highlighted(page: Any, site: str) -> None:
    page.click("#tabs button[data-view=path]")
    pick(page, "from", "民政局", "u-pt-minzheng")
    pick(page, "to", "东极镇", "u-pt-dj")
    page.click("#find-path")
    page.wait_for_selector("#path-status[data-hops]", timeout=WAIT_MS)
    expected = api(site, """{ connectionPath(fromUnitId: "u-pt-minzheng", toUnitId: "u-pt-dj") {
        hops units { id } alliances { id } } }""")["connectionPath"]
    hops = int(page.locator("#path-status").get_attribute("data-hops"))
    assert hops == expected["hops"] > 0
    highlighted = page.evaluate("explorer.cy.nodes('.path').map(n => n.id())")
    assert sorted(highlighted) == sorted([u["id"] for u in expected["units"]] + [a["id"] for a in expected["alliances"]])
    assert page.evaluate("explorer.cy.edges('.path').length") == 2 * hops
    shoot(page, "path")
    isolated = api(site, "{ isolatedUnits { id name } }")["isolatedUnits"][0]
    pick(page, "to", isolated["name"], isolated["id"])
    page.click("#find-path")
    page.wait_for_selector("#path-status[data-hops=none]", timeout=WAIT_MS)
    assert page.evaluate("explorer.cy.elements().length") == 0, "no path: the previous one is not drawn"


def test_coverage_of_a_lishui_district_shows_the_api_gaps(page: Any, site: str) -> None:
    page.click("#tabs button[data-view=coverage]")
    pick(page, "area", "莲都", "a-ls-ld")
    page.fill("#domain", "医疗")
    page.click("#show-coverage")
    page.wait_for_selector("#gap-count[data-count]", timeout=WAIT_MS)
    gaps = api(site, '{ coverageGaps(withinAreaId: "a-ls-ld", domain: "医疗") { id } }')["coverageGaps"]
    assert int(page.locator("#gap-count").get_attribute("data-count")) == len(gaps)
    assert sorted(page.locator("#gap-list li").evaluate_all("items => items.map(li => li.dataset.id)")) == \
        sorted(g["id"] for g in gaps)
    district = api(site, '{ coverage(areaId: "a-ls-ld", domain: "医疗") { covered } }')["coverage"]["covered"]
    assert page.locator("#area-tree li.gap").count() == len(gaps) + (0 if district else 1)
    assert page.locator("#area-tree li.covered").count() > 0, "the district has covered areas too"
    page.locator("#area-tree li.covered > .name").first.click()
    page.wait_for_selector("#area-details h3", timeout=WAIT_MS)
    assert "已覆盖" in page.locator("#area-details h3").inner_text()
    gap = page.locator("#area-tree li.gap:not(:first-child)").last.get_attribute("data-id") or gaps[-1]["id"]
    page.locator(f"#gap-list li[data-id='{gap}']").click()
    page.wait_for_function("document.querySelector('#area-details h3')?.textContent.includes('未覆盖')",
                           timeout=WAIT_MS)
    assert page.locator("#area-tree li.picked").evaluate_all("items => items.map(li => li.dataset.id)") == [gap]
    for shown in ("#area-tree li.picked > .name", "#area-details h3"):
        assert page.evaluate(f"""(() => {{ const r = document.querySelector({shown!r}).getBoundingClientRect();
            return r.top >= 0 && r.bottom <= window.innerHeight; }})()"""), f"{shown} is out of sight"
    shoot(page, "coverage")


def test_the_area_tree_loads_deeper_levels_on_demand(page: Any, site: str) -> None:
    page.click("#tabs button[data-view=coverage]")
    pick(page, "area", "丽水市", "a-ls")
    page.click("#show-coverage")
    page.wait_for_selector("#gap-count[data-count]", timeout=WAIT_MS)
    before = page.locator("#area-tree li").count()
    deeper = page.locator("#area-tree button.deeper").first
    parent = deeper.locator("xpath=..").get_attribute("data-id")
    deeper.click()
    children = api(site, "query($a: ID!) { area(id: $a) { children { id } } }", a=parent)["area"]["children"]
    page.wait_for_function(f"document.querySelectorAll('#area-tree li').length > {before}", timeout=WAIT_MS)
    shown = page.locator(f"#area-tree li[data-id='{parent}'] > ul > li").evaluate_all("items => items.map(li => li.dataset.id)")
    assert sorted(shown) == sorted(c["id"] for c in children)
    gaps = {g["id"] for g in api(site, '{ coverageGaps(withinAreaId: "a-ls") { id } }')["coverageGaps"]}
    for id_ in shown:
        expected = "gap" if id_ in gaps else "covered"
        assert page.locator(f"#area-tree li[data-id='{id_}']").get_attribute("class") == expected


def test_sharing_lists_what_a_unit_can_use(page: Any, site: str) -> None:
    page.click("#tabs button[data-view=sharing]")
    pick(page, "share-unit", "普陀区民政局", "u-pt-minzheng")
    expected = api(site, '{ accessibleResources(unitId: "u-pt-minzheng") { resource { id } } }')["accessibleResources"]
    page.wait_for_function(f"document.querySelectorAll('#accessible tbody tr').length === {len(expected)}",
                           timeout=WAIT_MS)
    shoot(page, "sharing")


def test_isolated_units_and_connectors_open_in_the_network(page: Any, site: str) -> None:
    page.click("#tabs button[data-view=lists]")
    page.wait_for_selector("#connectors li[data-id]", timeout=WAIT_MS)
    expected = api(site, "{ isolatedUnits { id } topConnectors(first: 20) { unit { id } } }")
    assert page.locator("#isolated li[data-id]").count() == len(expected["isolatedUnits"])
    assert page.locator("#connectors li[data-id]").evaluate_all("items => items.map(li => li.dataset.id)") == \
        [c["unit"]["id"] for c in expected["topConnectors"]]
    shoot(page, "lists")
    page.locator("#connectors li[data-id]").first.click()
    page.wait_for_function("Number(document.querySelector('#network-status').dataset.nodes) > 0", timeout=WAIT_MS)
    assert page.locator("#view-network").is_visible()


def test_a_deployment_page_sends_the_api_key(browser: Any, tmp_path: Path) -> None:
    from tests.serving import cli

    env = {**os.environ, "LIANJIAN_BACKEND": "embedded", "LIANJIAN_DB_PATH": str(tmp_path / "db.lbug")}
    cli("seed", str(REPO / "seed" / "demo"), env=env)
    key = cli("keys", "create", "--role", "viewer", env=env)
    with served("--no-demo", "--require-auth", "--deployment", env=env) as url:
        context = browser.new_context()
        page = context.new_page()
        page.goto(url + "/")
        page.wait_for_selector("body[data-ready=true]", timeout=WAIT_MS)
        page.fill("#search", "普陀")
        page.click("#search-form button")
        page.wait_for_selector("#error:not([hidden])", timeout=WAIT_MS)
        assert "UNAUTHENTICATED" in page.locator("#error").inner_text()
        page.fill("#api-key", key)
        page.dispatch_event("#api-key", "change")
        page.click("#search-form button")
        page.wait_for_selector("#search-results li[data-id]", timeout=WAIT_MS)
        context.close()



def test_graphiql_works_without_the_internet(browser: Any, site: str) -> None:
    html = httpx.get(site + "/graphql", headers={"accept": "text/html"}).text
    assert "unpkg.com" not in html and "https://" not in html
    context = browser.new_context()
    page = context.new_page()
    outside: list[str] = []
    page.on("request", lambda request: None if request.url.startswith(site) else outside.append(request.url))
    failed: list[str] = []
    page.on("requestfailed", lambda request: failed.append(request.url))
    page.goto(site + "/graphql?q=" + "%7B%20units(first%3A%201)%20%7B%20totalCount%20%7D%20%7D")
    page.wait_for_selector(".graphiql-execute-button", timeout=WAIT_MS)
    page.click(".graphiql-execute-button")
    page.wait_for_function("document.querySelector('.graphiql-response')?.textContent.includes('totalCount')",
                           timeout=WAIT_MS)
    shoot(page, "graphiql")
    assert page.title() == "联建 GraphQL · GraphiQL"
    context.close()
    assert outside == [] and failed == []


def test_a_depth_one_network_is_spread_out_without_overlaps(page: Any, site: str) -> None:
    hub = api(site, "{ topConnectors(first: 1) { unit { id name } } }")["topConnectors"][0]["unit"]
    page.select_option("#depth", "1")
    page.fill("#search", hub["name"])
    page.click("#search-form button")
    page.locator(f"#search-results li[data-id='{hub['id']}']").click()
    page.wait_for_function("Number(document.querySelector('#network-status').dataset.nodes) > 0", timeout=WAIT_MS)
    nodes = page.evaluate("""explorer.cy.nodes().map(n => n.renderedBoundingBox({ includeLabels: false }))""")
    labelled = page.evaluate("""explorer.cy.nodes().map(n => n.renderedBoundingBox({ includeLabels: true }))""")
    assert len(nodes) >= 15, f"the demo's best-connected unit draws a sizeable network, not {len(nodes)} nodes"

    def overlaps(boxes: list[dict[str, float]]) -> int:
        return sum(1 for i, a in enumerate(boxes) for b in boxes[:i]
                   if a["x1"] < b["x2"] and b["x1"] < a["x2"] and a["y1"] < b["y2"] and b["y1"] < a["y2"])

    assert overlaps(nodes) == 0 and overlaps(labelled) <= len(nodes) // 10, (overlaps(nodes), overlaps(labelled))
    width = max(b["x2"] for b in nodes) - min(b["x1"] for b in nodes)
    height = max(b["y2"] for b in nodes) - min(b["y1"] for b in nodes)
    assert 0.4 < width / height < 4, f"a {width:.0f} x {height:.0f} px strip"
    assert min(b["w"] for b in nodes) >= 12, "nodes are drawn at a readable size"
    shoot(page, "depth-one")
