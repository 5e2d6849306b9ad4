// The alliance explorer: every answer comes from the public GraphQL API at /graphql.
// Views stay bounded on large graphs: lists ask for a page, networks for `limit` nodes.

import { $, NETWORK, NETWORK_STYLE, addNetwork as addTo, apiKey, areaCells, escapeHtml, exportButton, gql, guarded, label, layoutNetwork,
  listOf, makePicker, readyExport, renderResults, search, setApiKey } from "./common.js";
import { startLive } from "./live.js";
import { initPlanning } from "./planning.js";

// ---- tabs and the API key -------------------------------------------------------------------

function showView(name) {
  document.querySelectorAll("#tabs button").forEach((b) => b.classList.toggle("active", b.dataset.view === name));
  document.querySelectorAll(".view").forEach((v) => v.classList.toggle("active", v.id === `view-${name}`));
  const slot = document.querySelector(`#view-${name} [data-graph-slot]`);
  if (slot && cy.container() !== slot) {  // one graph, shown in the network and the path views
    cy.unmount();
    cy.mount(slot);
  }
  if (slot) {
    cy.resize();
    cy.fit(undefined, 30);
  }
  if (name === "lists") guarded(loadLists)();
  if (name === "planning") planning.shown();
}

document.querySelectorAll("#tabs button").forEach((b) => b.addEventListener("click", () => showView(b.dataset.view)));
$("#api-key").value = apiKey();
$("#api-key").addEventListener("change", (e) => setApiKey(e.target.value.trim()));

// ---- network view -------------------------------------------------------------------------------

const cy = cytoscape({
  container: document.querySelector("#view-network [data-graph-slot]"),
  style: NETWORK_STYLE,
});

const network = { truncated: false, focus: null };

function addNetwork(answer) {
  network.truncated = network.truncated || answer.truncated;
  return addTo(cy, answer);
}

function layout({ keep = false } = {}) {
  if (keep) cy.fit(undefined, 30); else layoutNetwork(cy);
  const status = $("#network-status");
  status.dataset.nodes = cy.nodes().length;
  status.dataset.edges = cy.edges().length;
  status.dataset.truncated = network.truncated;
  status.classList.toggle("truncated", network.truncated);
  const units = cy.nodes("[type = 'UNIT']").length;
  status.textContent = `单位 ${units} 个，联建组织 ${cy.nodes().length - units} 个，关系 ${cy.edges().length} 条` +
    (network.truncated ? `。已达上限，图未画全：请减少层数，或点击节点逐步展开。` : "。点击节点查看详情或展开。");
}

function networkArgs(item, depth) {
  return item.kind === "unit"
    ? { unitId: item.id, allianceIds: null, depth, limit: Number($("#limit").value) }
    : { unitId: null, allianceIds: [item.id], depth, limit: Number($("#limit").value) };
}

async function drawNetwork(item) {
  showView("network");
  cy.elements().remove();
  network.truncated = false;
  network.focus = item;
  addNetwork((await gql(NETWORK, networkArgs(item, Number($("#depth").value)))).allianceNetwork);
  cy.getElementById(item.id).addClass("focus");
  layout();
  await showDetails(item);
}

// Expanding keeps the drawing as it is: the new nodes are placed in a ring around the expanded one
// (a full re-layout moved every node the reader had found), and nothing new is said in words.
async function expand(item) {
  const before = new Set(cy.nodes().map((n) => n.id()));
  const added = addNetwork((await gql(NETWORK, networkArgs(item, 1))).allianceNetwork);
  const status = $("#network-status");
  if (!added) {
    status.dataset.expanded = "0";
    status.textContent = `「${item.name ?? item.id}」没有更多的联建关系：相邻的单位和联建组织都已画出。`;
    return;
  }
  const center = cy.getElementById(item.id);
  const fresh = cy.nodes().filter((n) => !before.has(n.id()));
  const { x, y } = center.nonempty() ? center.position() : { x: 0, y: 0 };
  const radius = 80 + 12 * fresh.length;
  fresh.forEach((node, i) => {
    const angle = (2 * Math.PI * i) / fresh.length;
    node.position({ x: x + radius * Math.cos(angle), y: y + radius * Math.sin(angle) });
  });
  layout({ keep: true });
  status.dataset.expanded = String(fresh.length);
  status.textContent = `新增 ${fresh.length} 个节点。` + status.textContent;
}

const UNIT_DETAILS = `query($id: ID!) { unit(id: $id) { name kind level area { name } parent { name }
  organizations { name kind } brands { name domains services { name domain } } resources { name kind }
  alliances { role alliance { id name } } } }`;
const ALLIANCE_DETAILS = `query($id: ID!) { alliance(id: $id) { name model founded description parent { id name }
  children { id name } members { role unit { id name } } resources { resource { name kind } } services { name domain } } }`;

async function showDetails(item) {
  const box = $("#details");
  if (item.kind === "unit") {
    const { unit } = await gql(UNIT_DETAILS, { id: item.id });
    box.innerHTML = `<h3>${escapeHtml(unit.name)}</h3><dl data-columns="项目|内容">
      <dt>类型</dt><dd>${escapeHtml(label("UnitKind", unit.kind))} ${escapeHtml(label("UnitLevel", unit.level))}</dd>
      <dt>所在区域</dt><dd>${escapeHtml(unit.area?.name ?? "—")}</dd>
      <dt>上级单位</dt><dd>${escapeHtml(unit.parent?.name ?? "—")}</dd>
      <dt>党组织</dt><dd>${listOf(unit.organizations, (o) => `${escapeHtml(o.name)}（${escapeHtml(label("OrganizationKind", o.kind))}）`)}</dd>
      <dt>党建品牌</dt><dd>${listOf(unit.brands, (b) => escapeHtml(b.name))}</dd>
      <dt>品牌服务</dt><dd>${listOf(unit.brands.flatMap((b) => b.services), (v) => `${escapeHtml(v.name)}（${escapeHtml(v.domain)}）`)}</dd>
      <dt>资源</dt><dd>${listOf(unit.resources, (r) => `${escapeHtml(r.name)}（${escapeHtml(label("ResourceKind", r.kind))}）`)}</dd>
      <dt>联建组织</dt><dd>${listOf(unit.alliances, (m) => `${escapeHtml(m.alliance.name)}（${escapeHtml(label("AllianceRole", m.role))}）`)}</dd>
    </dl>`;
  } else {
    const { alliance } = await gql(ALLIANCE_DETAILS, { id: item.id });
    box.innerHTML = `<h3>${escapeHtml(alliance.name)}</h3><dl data-columns="项目|内容">
      <dt>模式</dt><dd>${escapeHtml(label("AllianceModel", alliance.model))}</dd>
      <dt>成立</dt><dd>${escapeHtml(alliance.founded ?? "—")}</dd>
      <dt>上级联建</dt><dd>${escapeHtml(alliance.parent?.name ?? "—")}</dd>
      <dt>下级联建</dt><dd>${listOf(alliance.children, (c) => escapeHtml(c.name))}</dd>
      <dt>成员单位</dt><dd>${listOf(alliance.members, (m) => `${escapeHtml(m.unit.name)}${m.role === "LEAD" ? "（牵头）" : ""}`)}</dd>
      <dt>共享资源</dt><dd>${listOf(alliance.resources, (r) => escapeHtml(r.resource.name))}</dd>
      <dt>服务项目</dt><dd>${listOf(alliance.services, (s) => `${escapeHtml(s.name)}（${escapeHtml(s.domain)}）`)}</dd>
      <dt>简介</dt><dd>${escapeHtml(alliance.description ?? "—")}</dd>
    </dl>`;
  }
  const actions = document.createElement("div");
  actions.className = "actions";
  actions.innerHTML = `<button type="button" data-action="expand">展开一层</button><button type="button" data-action="center">以此为中心重画</button>
    ${exportButton("#details dl", `${item.kind === "unit" ? "单位" : "联建组织"}详情-${box.querySelector("h3").textContent}`)}`;
  actions.querySelector("[data-action=expand]").addEventListener("click", guarded(() => expand(item)));
  actions.querySelector("[data-action=center]").addEventListener("click", guarded(() => drawNetwork(item)));
  box.appendChild(actions);
}

cy.on("tap", "node", guarded(async (event) => {
  const data = event.target.data();
  await showDetails({ kind: data.type === "UNIT" ? "unit" : "alliance", id: data.id, name: data.label });
}));
cy.on("dbltap", "node", guarded(async (event) => {
  const data = event.target.data();
  await expand({ kind: data.type === "UNIT" ? "unit" : "alliance", id: data.id });
}));

$("#search-form").addEventListener("submit", guarded(async (event) => {
  event.preventDefault();
  const results = $("#search-results");
  results.innerHTML = "";  // a failed search leaves no answer of an earlier one
  const found = await search($("#search").value.trim(), ["unit", "alliance"]);
  renderResults(results, found, guarded(async (item) => {
    results.innerHTML = "";  // the details come next, where the list was
    await drawNetwork(item);
  }));
}));

// ---- path view ----------------------------------------------------------------------------------

const fromPicker = makePicker(document.querySelector("[data-picker=from]"));
const toPicker = makePicker(document.querySelector("[data-picker=to]"));

const PATH = `query($from: ID!, $to: ID!, $maxHops: Int!) {
  connectionPath(fromUnitId: $from, toUnitId: $to, maxHops: $maxHops) { hops units { id name } alliances { id name } }
}`;

$("#find-path").addEventListener("click", guarded(async () => {
  if (!fromPicker.value || !toPicker.value) throw new Error("请先选择起点和终点单位");
  const { connectionPath: path } = await gql(PATH, { from: fromPicker.value.id, to: toPicker.value.id, maxHops: Number($("#max-hops").value) });
  const status = $("#path-status");
  const steps = $("#path-steps");
  steps.innerHTML = "";
  $("#export-path").disabled = true;
  delete status.dataset.hops;
  if (!path) {
    cy.elements().remove();  // the previous path is not this answer
    network.truncated = false;
    $("#details").innerHTML = "";
    status.textContent = `在 ${$("#max-hops").value} 跳之内，两个单位之间没有联建路径。`;
    status.dataset.hops = "none";
    return;
  }
  status.textContent = path.hops === 0 ? "起点和终点是同一个单位。" : `最短路径：${path.hops} 跳（经过 ${path.alliances.length} 个联建组织）。`;
  path.units.forEach((unit, i) => {
    steps.insertAdjacentHTML("beforeend", `<li>${escapeHtml(unit.name)}</li>`);
    if (path.alliances[i]) steps.insertAdjacentHTML("beforeend", `<li class="via">经由 ${escapeHtml(path.alliances[i].name)}</li>`);
  });
  readyExport($("#export-path"), `联建路径-${fromPicker.value.name}-${toPicker.value.name}`);
  cy.elements().remove();
  network.truncated = false;
  for (const unit of path.units) {
    addNetwork((await gql(NETWORK, { unitId: unit.id, allianceIds: null, depth: 1, limit: Number($("#limit").value) })).allianceNetwork);
  }
  const chain = [];
  path.units.forEach((unit, i) => {
    chain.push(unit.id);
    if (path.alliances[i]) chain.push(path.alliances[i].id);
  });
  chain.forEach((id) => cy.getElementById(id).addClass("path"));
  for (let i = 0; i + 1 < chain.length; i += 1) {
    cy.edges().filter((e) => (e.source().id() === chain[i] && e.target().id() === chain[i + 1]) ||
      (e.source().id() === chain[i + 1] && e.target().id() === chain[i])).addClass("path");
  }
  layout();
  $("#details").innerHTML = "";
  status.dataset.hops = path.hops;
}));

// ---- coverage view ------------------------------------------------------------------------------
// The tree shows two levels below the chosen area and loads deeper levels on demand: a province of
// a 20,000-unit graph holds some 60,000 areas, more than a page should draw at once.

const areaPicker = makePicker(document.querySelector("[data-picker=area]"));
const GAP_LIST_CAP = 300;
const AREA_UNITS_CAP = 30;  // an area's serving units named in its details; the count says them all
const coverageState = { gaps: new Set(), domain: null };

const SUBTREE = `fragment A on Area { id name kind remote }
fragment Two on Area { ...A children { ...A children { ...A children { id } } } }`;
const COVERAGE = `${SUBTREE}
query($a: ID!, $d: String) {
  area(id: $a) { ...Two }
  coverageGaps(withinAreaId: $a, domain: $d) { id name kind remote }
  coverageSummary(withinAreaId: $a, domain: $d) { totalAreas coveredAreas coverageRatio remoteTotal remoteCovered }
  root: coverage(areaId: $a, domain: $d) { covered }
}`;
const DEEPER = `${SUBTREE}
query($a: ID!) { area(id: $a) { children { ...Two } } }`;
const AREA_COVERAGE = `query($a: ID!, $d: String) { coverage(areaId: $a, domain: $d) {
  covered unitCount area { name } services { name domain } units { name } alliances { name } } }`;

async function loadDomains() {
  const data = await gql("{ services(first: 500) { edges { node { domain } } } }");
  const domains = [...new Set(data.services.edges.map((e) => e.node.domain))].sort();
  $("#domains").innerHTML = domains.map((d) => `<option value="${escapeHtml(d)}">`).join("");
}

function subtree(children) {
  const ul = document.createElement("ul");
  for (const child of children) ul.appendChild(treeItem(child));
  return ul;
}

function treeItem(area) {
  const li = document.createElement("li");
  li.className = coverageState.gaps.has(area.id) ? "gap" : "covered";
  li.dataset.id = area.id;
  const remote = area.remote ? `<span class="remote-mark">${area.kind === "ISLAND" ? "海岛" : "偏远"}</span>` : "";
  li.innerHTML = `<span class="name">${escapeHtml(area.name)}<small> ${escapeHtml(label("AreaKind", area.kind))}</small></span>${remote}`;
  li.querySelector(".name").addEventListener("click", guarded(() => showAreaCoverage(area)));
  const children = area.children || [];
  if (children.length && children[0].name !== undefined) {
    li.appendChild(subtree(children));
  } else if (children.length) {
    const more = document.createElement("button");
    more.type = "button";
    more.className = "deeper";
    more.textContent = `展开 ${children.length} 个下级`;
    more.addEventListener("click", guarded(async () => {
      const { area: loaded } = await gql(DEEPER, { a: area.id });
      more.replaceWith(subtree(loaded.children));
    }));
    li.appendChild(more);
  }
  return li;
}

function domainValue() {
  return $("#domain").value.trim() || null;
}

async function showAreaCoverage(area) {
  const { coverage } = await gql(AREA_COVERAGE, { a: area.id, d: coverageState.domain });
  const scope = `${coverage.area.name}-${coverageState.domain ?? "全部领域"}`;
  const listed = coverage.units.slice(0, AREA_UNITS_CAP);
  $("#area-details").innerHTML = `<h3>${escapeHtml(coverage.area.name)}：${coverage.covered ? "已覆盖" : "未覆盖"}
    ${exportButton("#area-details dl", `区域覆盖-${scope}`)}</h3><dl data-columns="项目|内容">
    <dt>服务领域</dt><dd>${escapeHtml(coverageState.domain ?? "全部领域")}</dd>
    <dt>覆盖情况</dt><dd>${coverage.covered ? "已覆盖" : "未覆盖"}</dd>
    <dt>服务项目</dt><dd>${listOf(coverage.services, (s) => `${escapeHtml(s.name)}（${escapeHtml(s.domain)}）`)}</dd>
    <dt>联建组织</dt><dd>${listOf(coverage.alliances, (a) => escapeHtml(a.name))}</dd>
    <dt>服务单位数</dt><dd>${coverage.unitCount}</dd>
    <dt>${coverage.unitCount > listed.length ? `服务单位（前 ${listed.length} 个）` : "服务单位"}</dt><dd>${listOf(listed, (u) => escapeHtml(u.name))}</dd></dl>`;
}

$("#show-coverage").addEventListener("click", guarded(async () => {
  if (!areaPicker.value) throw new Error("请先选择区域");
  coverageState.domain = domainValue();
  const data = await gql(COVERAGE, { a: areaPicker.value.id, d: coverageState.domain });
  // coverageGaps is strictly within the area: the area itself is asked apart.
  coverageState.gaps = new Set(data.coverageGaps.map((a) => a.id));
  if (!data.root.covered) coverageState.gaps.add(data.area.id);
  const tree = $("#area-tree");
  tree.innerHTML = "";
  tree.appendChild(treeItem(data.area));
  const s = data.coverageSummary;
  $("#coverage-summary").innerHTML = `<div>区域总数<b>${s.totalAreas}</b></div><div>已覆盖<b>${s.coveredAreas}</b></div>
    <div>覆盖率<b>${(s.coverageRatio * 100).toFixed(1)}%</b></div><div>偏远区域覆盖<b>${s.remoteCovered} / ${s.remoteTotal}</b></div>`;
  $("#gap-count").textContent = `${data.coverageGaps.length} 个`;
  $("#gap-count").dataset.count = data.coverageGaps.length;
  const shown = data.coverageGaps.slice(0, GAP_LIST_CAP).map((a) => ({ kind: "area", id: a.id, name: a.name, html: areaCells(a) }));
  if (data.coverageGaps.length > GAP_LIST_CAP) shown.push({ kind: "area", more: data.coverageGaps.length - GAP_LIST_CAP });
  renderResults($("#gap-list"), shown, guarded(showGap));
  readyExport($("#export-gaps"), `未覆盖区域-${data.area.name}-${coverageState.domain ?? "全部领域"}`);
}));

// A gap picked in the list is marked in the tree (when its level is drawn) and its details are
// brought into view: they sit below the tree and the list, out of sight on most screens.
async function showGap(area) {
  document.querySelectorAll("#area-tree li.picked").forEach((li) => li.classList.remove("picked"));
  document.querySelectorAll("#gap-list li.picked").forEach((li) => li.classList.remove("picked"));
  document.querySelector(`#gap-list li[data-id="${CSS.escape(area.id)}"]`)?.classList.add("picked");
  const inTree = document.querySelector(`#area-tree li[data-id="${CSS.escape(area.id)}"]`);
  if (inTree) {
    inTree.classList.add("picked");
    inTree.scrollIntoView({ block: "center" });
  }
  await showAreaCoverage(area);
  $("#area-details").scrollIntoView({ block: "nearest" });
}

// ---- sharing view -------------------------------------------------------------------------------

const SHARING = `query($u: ID!) {
  accessibleResources(unitId: $u) { own resource { name kind } provider { name } via { name } }
  unitSharing(unitId: $u) { providedCount sharedOutCount accessibleCount providers { id name } consumers { id name } }
}`;

async function showSharing(unit) {
  const data = await gql(SHARING, { u: unit.id });
  readyExport($("#export-accessible"), `可使用的资源-${unit.name}`);
  const s = data.unitSharing;
  $("#sharing-summary").innerHTML = `<div>自有资源<b>${s.providedCount}</b></div><div>对外共享<b>${s.sharedOutCount}</b></div>
    <div>可借用他方资源<b>${s.accessibleCount}</b></div><div>资源来源单位<b>${s.providers.length}</b></div>`;
  $("#accessible tbody").innerHTML = data.accessibleResources.map((r) => `<tr><td>${escapeHtml(r.resource.name)}</td>
    <td>${escapeHtml(label("ResourceKind", r.resource.kind))}</td><td>${escapeHtml(r.provider.name)}</td>
    <td>${r.own ? "自有" : listOf(r.via, (a) => escapeHtml(a.name))}</td></tr>`).join("");
  $("#sharing-partners").innerHTML = `<dt>它使用谁的资源</dt><dd>${listOf(s.providers, (u) => escapeHtml(u.name))}</dd>
    <dt>谁使用它的资源</dt><dd>${listOf(s.consumers, (u) => escapeHtml(u.name))}</dd>`;
  readyExport($("#export-partners"), `资源往来-${unit.name}`);
  if (talentState.skill) await showTalent();
}

// 人才共享: the members with a skill in the chosen unit (0 hops) or in units within some alliance
// hops of it, nearest first, as talentSearch answers.
const TALENT = `query($u: ID!, $skill: String!, $hops: Int!) {
  talentSearch(unitId: $u, skill: $skill, maxHops: $hops) { hops member { name skills } unit { name } }
}`;
const talentState = { skill: null, hops: 1 };

async function showTalent() {
  const unit = sharePicker.value;
  const { talentSearch: found } = await gql(TALENT, { u: unit.id, skill: talentState.skill, hops: talentState.hops });
  $("#talent-count").textContent = `${found.length} 人`;
  $("#talent-count").dataset.count = found.length;
  $("#talent tbody").innerHTML = found.map((t) => `<tr><td>${escapeHtml(t.member.name)}</td><td>${escapeHtml(t.unit.name)}</td>
    <td>${t.hops}</td><td>${listOf(t.member.skills, escapeHtml)}</td></tr>`).join("");
  readyExport($("#export-talent"), `人才共享-${unit.name}-${talentState.skill}`);
}

$("#talent-form").addEventListener("submit", guarded(async (event) => {
  event.preventDefault();
  if (!sharePicker.value) throw new Error("请先选择单位");
  Object.assign(talentState, { skill: $("#talent-skill").value.trim(), hops: Number($("#talent-hops").value) });
  await showTalent();
}));

const sharePicker = makePicker(document.querySelector("[data-picker=share-unit]"), guarded(showSharing));

// ---- isolated units and top connectors ----------------------------------------------------------

const LIST_CAP = 200;  // a long list is for scrolling, not reading: the count says the rest
const LISTS = `{ isolatedUnits { id name kind } topConnectors(first: 20) { partners alliances unit { id name } } }`;

async function loadLists() {
  const data = await gql(LISTS);
  $("#isolated-count").textContent = `${data.isolatedUnits.length} 个`;
  const shown = data.isolatedUnits.slice(0, LIST_CAP).map((u) => ({ kind: "unit", id: u.id, name: u.name, note: label("UnitKind", u.kind) }));
  if (data.isolatedUnits.length > LIST_CAP) shown.push({ kind: "unit", more: data.isolatedUnits.length - LIST_CAP });
  renderResults($("#isolated"), shown, guarded(drawNetwork));
  renderResults($("#connectors"), data.topConnectors.map((c) => ({ kind: "unit", id: c.unit.id, name: c.unit.name,
    html: `<span data-cell>${escapeHtml(c.unit.name)}</span><small>联建伙伴 <span data-cell>${c.partners}</span> 个，` +
      `加入联建组织 <span data-cell>${c.alliances}</span> 个</small>` })), guarded(drawNetwork));
  readyExport($("#export-isolated"), "孤立单位");
  readyExport($("#export-connectors"), "枢纽单位");
}

// ---- live updates -------------------------------------------------------------------------------
// A change by anyone reloads what the active view shows, as its own button would; the planning
// view keeps its draft (its what-if is asked again when the draft changes).

function activeView() {
  return document.querySelector(".view.active").id.replace("view-", "");
}

async function refreshView() {
  const view = activeView();
  if (view === "network" && network.focus) await drawNetwork(network.focus);
  if (view === "path" && fromPicker.value && toPicker.value) $("#find-path").click();
  if (view === "coverage" && areaPicker.value && $("#area-tree").children.length) $("#show-coverage").click();
  if (view === "sharing" && sharePicker.value) await showSharing(sharePicker.value);
  if (view === "lists") await loadLists();
}

guarded(loadDomains)();
const planning = initPlanning();
startLive(guarded(refreshView));
window.explorer = { cy, network, gql, planning };
document.body.dataset.ready = "true";
