"""The explorer's 规划 view end to end (issue 15): a planner drafts changes in a real headless
Chromium against `lianjian serve` on the demo data, by dragging a unit onto an alliance, with the
forms and by ticking areas; the figures shown must be what `whatIf` answers for the same changes,
the draft must stay in that page, and only 保存 writes it, as audited mutations, with an editor key.
Screenshots go to tests/artifacts/."""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from tests.browser import WAIT_MS, api, explorer_page, pick, shoot
from tests.browser import browser, site  # noqa: F401  (fixtures: pytest finds them by their names)
from tests.serving import REPO, cli, served

WHAT_IF = """query($changes: [PlannedChangeInput!]!, $areaId: ID, $domain: String) {
  whatIf(changes: $changes, areaId: $areaId, domain: $domain) {
    units { unit { id } gained { resource { id } } lost { resource { id } } }
    coveredAreas { id } uncoveredAreas { id }
    summaryBefore { totalAreas coveredAreas remoteTotal remoteCovered }
    summaryAfter { totalAreas coveredAreas remoteTotal remoteCovered }
    partnersGained { units { id } } partnersLost { units { id } }
  }
}"""
STORED = """{ unit(id: "u-pt-minzheng") { alliances { alliance { id } } }
  resource(id: "r-pt-xfhs") { alliances { alliance { id } } }
  service(id: "s-pt-xhyl") { areas { area { id } } }
  accessibleResources(unitId: "u-pt-minzheng") { resource { id } }
  coverageSummary(withinAreaId: "a-pt", domain: "医疗") { coveredAreas remoteCovered } }"""
SHOWN = """() => {
  const ids = (selector, key = "id") => [...document.querySelectorAll(selector)].map((e) => e.dataset[key]);
  const cy = explorer.planning.cy;
  return {
    figures: Object.fromEntries([...document.querySelectorAll("#plan-summary [data-figure]")]
      .filter((d) => d.dataset.figure !== "coverageRatio").map((d) => [d.dataset.figure, [d.dataset.before, d.dataset.after]])),
    covered: ids("#plan-covered li[data-id]"),
    uncovered: ids("#plan-uncovered li[data-id]"),
    resources: [...document.querySelectorAll("#plan-resources tbody tr")].map((tr) => [tr.dataset.unit, tr.dataset.resource, tr.dataset.change]).sort(),
    partnersGained: ids("#plan-partners-gained li[data-pair]", "pair").sort(),
    partnersLost: ids("#plan-partners-lost li[data-pair]", "pair").sort(),
    gainedNodes: cy.nodes(".gained").map((n) => n.id()).sort(),
    gainingUnits: cy.nodes(".gains").map((n) => n.id()).sort(),
  };
}"""


@pytest.fixture
def page(browser: Any, site: str) -> Iterator[Any]:  # noqa: F811
    with explorer_page(browser, site) as opened:
        yield opened


def planning(page: Any) -> None:
    page.click("#tabs button[data-view=planning]")
    page.wait_for_selector("#view-planning.active", timeout=WAIT_MS)


def draw(page: Any, text: str, id_: str) -> None:
    """Draws the network around a unit or alliance in the planning view."""
    page.fill("#plan-search", text)
    page.click("#plan-search-form button")
    page.locator(f"#plan-search-results li[data-id='{id_}']").click()
    page.wait_for_function(f"explorer.planning.cy.getElementById('{id_}').nonempty()", timeout=WAIT_MS)


def settle(page: Any, count: int) -> None:
    """Waits until the draft holds `count` changes and the newest whatIf answer is shown."""
    page.wait_for_function(f"""document.querySelector('#plan-count').dataset.count === '{count}' &&
        document.querySelector('#plan-results').dataset.answered === String(explorer.planning.asked())""",
                           timeout=WAIT_MS)


def drafted(page: Any) -> list[dict[str, Any]]:
    """The draft as the page lists it, spelled as whatIf's changes."""
    return page.locator("#plan-draft li").evaluate_all(
        "items => items.map(li => ({[li.dataset.kind]: JSON.parse(li.dataset.args)}))")


def drag(page: Any, node: str, onto: str) -> None:
    """Drags one node of the planning drawing onto another with the mouse."""
    (x0, y0), (x1, y1) = page.evaluate("""([from, to]) => {
        const cy = explorer.planning.cy;
        const box = cy.container().getBoundingClientRect();
        return [from, to].map((id) => { const p = cy.getElementById(id).renderedPosition(); return [box.left + p.x, box.top + p.y]; });
    }""", [node, onto])
    page.mouse.move(x0, y0)
    page.mouse.down()
    page.mouse.move((x0 + x1) / 2, (y0 + y1) / 2, steps=5)
    page.mouse.move(x1, y1, steps=5)
    page.mouse.up()


def expected(site: str, changes: list[dict[str, Any]], area: str | None, domain: str | None) -> dict[str, Any]:
    """What the view must show for these changes, from a direct whatIf call."""
    answer = api(site, WHAT_IF, changes=changes, areaId=area, domain=domain)["whatIf"]
    before, after = answer["summaryBefore"], answer["summaryAfter"]
    gains = {(i["unit"]["id"], g["resource"]["id"]) for i in answer["units"] for g in i["gained"]}
    return {
        "figures": {
            "totalAreas": [str(before["totalAreas"]), str(after["totalAreas"])],
            "coveredAreas": [str(before["coveredAreas"]), str(after["coveredAreas"])],
            "remoteCovered": [f"{before['remoteCovered']}/{before['remoteTotal']}",
                              f"{after['remoteCovered']}/{after['remoteTotal']}"],
        },
        "covered": [a["id"] for a in answer["coveredAreas"]],
        "uncovered": [a["id"] for a in answer["uncoveredAreas"]],
        "resources": sorted([[u, r, "gained"] for u, r in gains] +
                            [[i["unit"]["id"], g["resource"]["id"], "lost"] for i in answer["units"] for g in i["lost"]]),
        "partnersGained": sorted("|".join(u["id"] for u in p["units"]) for p in answer["partnersGained"]),
        "partnersLost": sorted("|".join(u["id"] for u in p["units"]) for p in answer["partnersLost"]),
        "gainedNodes": sorted({f"res:{r}" for _, r in gains}),
        "gainingUnits": sorted({u for u, _ in gains}),
    }


def shows_what_if(page: Any, site: str, changes: list[dict[str, Any]], area: str | None, domain: str | None) -> dict[str, Any]:
    assert drafted(page) == changes
    shown = page.evaluate(SHOWN)
    assert shown == expected(site, changes, area, domain)
    return shown


def test_the_planning_scripts_are_served_from_the_app(site: str) -> None:
    html = httpx.get(site + "/").text
    assert 'data-view="planning"' in html and 'id="view-planning"' in html
    for asset in ("/static/common.js", "/static/planning.js"):
        assert httpx.get(site + asset).status_code == 200, asset


def test_each_drafted_change_shows_what_whatif_answers(page: Any, site: str) -> None:
    planning(page)
    pick(page, "plan-area", "普陀区", "a-pt")
    page.fill("#plan-domain", "医疗")
    page.dispatch_event("#plan-domain", "change")
    draw(page, "离岛", "al-pt-island")
    draw(page, "普陀区民政局", "u-pt-minzheng")

    join = {"joinAlliance": {"allianceId": "al-pt-island", "unitId": "u-pt-canlian"}}
    drag(page, "u-pt-canlian", "al-pt-island")  # 残联 is not a member: dropping it plans its joining
    settle(page, 1)
    shown = shows_what_if(page, site, [join], "a-pt", "医疗")
    assert shown["gainedNodes"], "joining the island pairing brings the resources shared there"
    assert page.evaluate("explorer.planning.cy.getElementById('plan:u-pt-canlian->al-pt-island').hasClass('planned-join')")

    pick(page, "plan-unit", "民政局", "u-pt-minzheng")
    pick(page, "plan-alliance", "离岛", "al-pt-island")
    page.click("#plan-join")
    settle(page, 2)
    join_too = {"joinAlliance": {"allianceId": "al-pt-island", "unitId": "u-pt-minzheng"}}
    shows_what_if(page, site, [join, join_too], "a-pt", "医疗")

    pick(page, "plan-resource", "幸福会所", "r-pt-xfhs")
    pick(page, "plan-share-alliance", "离岛", "al-pt-island")
    page.click("#plan-share")
    settle(page, 3)
    share = {"shareResource": {"resourceId": "r-pt-xfhs", "allianceId": "al-pt-island"}}
    shown = shows_what_if(page, site, [join, join_too, share], "a-pt", "医疗")
    assert "res:r-pt-xfhs" in shown["gainedNodes"]

    pick(page, "plan-service", "离岛巡回", "s-pt-xhyl")
    island = page.locator("#plan-areas li[data-id='a-pt-dj-i3']")  # 东福山岛, a gap in 医疗
    assert not island.locator("input").is_checked()
    island.locator("input").check()
    settle(page, 4)
    cover = {"coverArea": {"serviceId": "s-pt-xhyl", "areaId": "a-pt-dj-i3"}}
    shown = shows_what_if(page, site, [join, join_too, share, cover], "a-pt", "医疗")
    assert "a-pt-dj-i3" in shown["covered"]
    assert shown["figures"]["remoteCovered"][0] != shown["figures"]["remoteCovered"][1]
    assert "closed" in island.get_attribute("class")
    assert "海岛" in page.locator("#plan-covered li[data-id='a-pt-dj-i3'] .remote-mark").inner_text()
    shoot(page, "planning")

    page.locator("#plan-draft li").first.locator("button.remove").click()
    settle(page, 3)
    shows_what_if(page, site, [join_too, share, cover], "a-pt", "医疗")
    assert page.evaluate("explorer.planning.cy.getElementById('plan:u-pt-canlian->al-pt-island').empty()")


def test_dropping_a_member_plans_its_leaving_and_a_refused_change_leaves_the_draft(page: Any, site: str) -> None:
    planning(page)
    draw(page, "离岛", "al-pt-island")
    leave = {"leaveAlliance": {"allianceId": "al-pt-island", "unitId": "u-pt-weijian"}}
    drag(page, "u-pt-weijian", "al-pt-island")  # 卫健局 leads the pairing: dropping it plans its leaving
    settle(page, 1)
    shown = shows_what_if(page, site, [leave], None, None)
    assert any(change == "lost" for _, _, change in shown["resources"]) and shown["partnersLost"]
    assert page.evaluate("explorer.planning.cy.getElementById('u-pt-weijian->al-pt-island').hasClass('planned-leave')")

    pick(page, "plan-unit", "残疾人联合会", "u-pt-canlian")
    pick(page, "plan-alliance", "离岛", "al-pt-island")
    page.click("#plan-leave")  # 残联 is no member: the store refuses it as leaveAlliance would
    page.wait_for_selector("#error:not([hidden])", timeout=WAIT_MS)
    assert "不能列入规划" in page.locator("#error").inner_text()
    settle(page, 1)
    shows_what_if(page, site, [leave], None, None)


def test_a_draft_changes_nothing_for_another_viewer(browser: Any, page: Any, site: str) -> None:  # noqa: F811
    before = api(site, STORED)
    planning(page)
    draw(page, "离岛", "al-pt-island")
    pick(page, "plan-unit", "民政局", "u-pt-minzheng")
    pick(page, "plan-alliance", "离岛", "al-pt-island")
    page.click("#plan-join")
    pick(page, "plan-service", "离岛巡回", "s-pt-xhyl")
    page.locator("#plan-areas li[data-id='a-pt-dj-i3'] input").check()
    settle(page, 2)
    assert page.locator("#plan-resources tbody tr").count() > 0

    with explorer_page(browser, site) as other:
        planning(other)
        draw(other, "离岛", "al-pt-island")
        settle(other, 0)
        assert other.evaluate("explorer.planning.draft.length") == 0
        assert other.evaluate("explorer.planning.cy.elements('.overlay, .gained, .gains').length") == 0
        assert other.evaluate("explorer.planning.cy.getElementById('u-pt-minzheng->al-pt-island').empty()")
        pick(other, "plan-service", "离岛巡回", "s-pt-xhyl")
        assert not other.locator("#plan-areas li[data-id='a-pt-dj-i3'] input").is_checked()
    assert api(site, STORED) == before

    stored = page.evaluate("JSON.stringify({ ...localStorage, ...sessionStorage })")
    assert "al-pt-island" not in stored and "a-pt-dj-i3" not in stored
    page.reload()
    page.wait_for_selector("body[data-ready=true]", timeout=WAIT_MS)
    assert page.evaluate("explorer.planning.draft.length") == 0


@pytest.fixture(scope="module")
def editable(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str, str]]:
    """A demo server of its own (saving changes it) where anonymous callers are viewers; an editor key
    and an admin key (to read the audit log)."""
    env = {**os.environ, "LIANJIAN_BACKEND": "embedded",
           "LIANJIAN_DB_PATH": str(tmp_path_factory.mktemp("planning-save") / "db.lbug")}
    cli("seed", str(REPO / "seed" / "demo"), env=env)
    editor = cli("keys", "create", "--role", "editor", "--name", "规划员", env=env)
    admin = cli("keys", "create", "--role", "admin", env=env)
    with served("--no-demo", env=env) as url:
        yield url, editor, admin


AUDIT = "{ auditLog(first: 3) { totalCount edges { node { operation role actor ids } } } }"


def test_saving_the_draft_makes_the_audited_mutations(browser: Any, editable: tuple[str, str, str]) -> None:  # noqa: F811
    url, editor, admin = editable
    audit_before = api(url, AUDIT, key=admin)["auditLog"]["totalCount"]
    before = api(url, STORED)
    with explorer_page(browser, url) as page:
        planning(page)
        draw(page, "离岛", "al-pt-island")
        pick(page, "plan-unit", "民政局", "u-pt-minzheng")
        pick(page, "plan-alliance", "离岛", "al-pt-island")
        page.click("#plan-join")
        pick(page, "plan-resource", "幸福会所", "r-pt-xfhs")
        pick(page, "plan-share-alliance", "离岛", "al-pt-island")
        page.click("#plan-share")
        pick(page, "plan-service", "离岛巡回", "s-pt-xhyl")
        page.locator("#plan-areas li[data-id='a-pt-dj-i3'] input").check()
        settle(page, 3)

        page.click("#plan-save")  # without a key the caller is an anonymous viewer
        page.click("#plan-confirm-save")
        page.wait_for_selector("#plan-save-status[data-refused=FORBIDDEN]", timeout=WAIT_MS)
        message = page.locator("#plan-save-status").inner_text()
        assert "编辑" in message and "权限" in message and "FORBIDDEN" not in message
        assert page.evaluate("explorer.planning.draft.length") == 3
        assert api(url, STORED) == before
        assert api(url, AUDIT, key=admin)["auditLog"]["totalCount"] == audit_before
        shoot(page, "planning-forbidden")

        page.click("#plan-save")
        page.fill("#plan-key", "lj_mistyped")
        page.click("#plan-confirm-save")
        page.wait_for_selector("#plan-save-status[data-refused=UNAUTHENTICATED]", timeout=WAIT_MS)
        assert "有效的 API 密钥" in page.locator("#plan-save-status").inner_text()
        assert page.evaluate("explorer.planning.draft.length") == 3

        page.click("#plan-save")
        page.fill("#plan-key", editor)
        page.click("#plan-confirm-save")
        page.wait_for_selector("#plan-save-status[data-saved='3']", timeout=WAIT_MS)
        settle(page, 0)
        # the view is read again from the store: the join is a stored edge now, the area a ticked one
        assert page.evaluate("explorer.planning.cy.getElementById('u-pt-minzheng->al-pt-island').nonempty()")
        assert page.evaluate("explorer.planning.cy.elements('.overlay').length") == 0
        page.wait_for_selector("#plan-areas li.reached[data-id='a-pt-dj-i3'] input:checked", timeout=WAIT_MS)
        shoot(page, "planning-saved")

    after = api(url, STORED)
    assert "al-pt-island" in {m["alliance"]["id"] for m in after["unit"]["alliances"]}
    assert "al-pt-island" in {s["alliance"]["id"] for s in after["resource"]["alliances"]}
    assert "a-pt-dj-i3" in {c["area"]["id"] for c in after["service"]["areas"]}
    assert after["coverageSummary"]["remoteCovered"] == before["coverageSummary"]["remoteCovered"] + 1
    audit = api(url, AUDIT, key=admin)["auditLog"]
    assert audit["totalCount"] == audit_before + 3
    newest = [edge["node"] for edge in audit["edges"]]
    assert [n["operation"] for n in newest] == ["coverArea", "shareResource", "joinAlliance"]
    assert {n["role"] for n in newest} == {"editor"} and all(n["actor"].startswith("key:") for n in newest)
