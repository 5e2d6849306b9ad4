// The 规划 view: a planner drafts changes (a unit joins or leaves an alliance, a resource is shared
// via an alliance or no longer, a service covers an area or no longer), sees after each one what
// `whatIf` answers, and only 保存 writes them, as the ordinary audited mutations, one per change and
// in order. The draft lives in this page's memory alone: other viewers, and this page once
// reloaded, see the store as it is.

import { $, AREA_COLUMNS, ApiError, NETWORK, NETWORK_STYLE, addNetwork, apiKey, areaCells, escapeHtml, exportButton, gql, guarded, label,
  layoutNetwork, listOf, makePicker, renderResults, search, setApiKey, showError } from "./common.js";

const DRAWN_GAINS_CAP = 200;  // gains and losses drawn as resource nodes
const LISTED_CAP = 500;       // rows of each list in the answer; its heading counts them all
const AREA_LIST_CAP = 300;    // a service's checklist: the areas it covers and the first gaps in its domain

const ARGS = "($allianceId: ID!, $unitId: ID!)";
const CHANGES = {  // per kind of change: how the draft says it, its opposite, the mutation that makes it
  joinAlliance: { say: (n) => `${n.unit} 加入 ${n.alliance}`, opposite: "leaveAlliance",
    mutation: `mutation${ARGS} { joinAlliance(allianceId: $allianceId, unitId: $unitId) { id } }` },
  leaveAlliance: { say: (n) => `${n.unit} 退出 ${n.alliance}`, opposite: "joinAlliance",
    mutation: `mutation${ARGS} { leaveAlliance(allianceId: $allianceId, unitId: $unitId) { id } }` },
  shareResource: { say: (n) => `${n.resource} 经由 ${n.alliance} 共享`, opposite: "unshareResource",
    mutation: "mutation($resourceId: ID!, $allianceId: ID!) { shareResource(resourceId: $resourceId, allianceId: $allianceId) { id } }" },
  unshareResource: { say: (n) => `${n.resource} 不再经由 ${n.alliance} 共享`, opposite: "shareResource",
    mutation: "mutation($resourceId: ID!, $allianceId: ID!) { unshareResource(resourceId: $resourceId, allianceId: $allianceId) { id } }" },
  coverArea: { say: (n) => `${n.service} 覆盖 ${n.area}`, opposite: "uncoverArea",
    mutation: "mutation($serviceId: ID!, $areaId: ID!) { coverArea(serviceId: $serviceId, areaId: $areaId) { id } }" },
  uncoverArea: { say: (n) => `${n.service} 取消覆盖 ${n.area}`, opposite: "coverArea",
    mutation: "mutation($serviceId: ID!, $areaId: ID!) { uncoverArea(serviceId: $serviceId, areaId: $areaId) { id } }" },
};

const WHAT_IF = `query($changes: [PlannedChangeInput!]!, $areaId: ID, $domain: String) {
  whatIf(changes: $changes, areaId: $areaId, domain: $domain) {
    units { unit { id name } gained { ...Access } lost { ...Access } servicesGained { id name } servicesLost { id name } }
    coveredAreas { ...Place } uncoveredAreas { ...Place }
    summaryBefore { ...Figures } summaryAfter { ...Figures }
    partnersGained { units { id name } } partnersLost { units { id name } }
  }
}
fragment Access on PlannedAccess { resource { id name kind } provider { id name } via { id name } }
fragment Place on Area { id name kind remote }
fragment Figures on CoverageSummary { totalAreas coveredAreas coverageRatio remoteTotal remoteCovered }`;

const SERVICE_AREAS = `query($s: ID!, $scope: ID, $d: String) {
  service(id: $s) { id name domain areas { area { id name kind remote } } }
  coverageGaps(withinAreaId: $scope, domain: $d, first: ${AREA_LIST_CAP}) { id name kind remote }
}`;

const PLAN_STYLE = [
  ...NETWORK_STYLE,
  { selector: "node[type = 'RESOURCE']", style: { shape: "round-rectangle", "background-color": "#90a4ae", width: 16, height: 16 } },
  { selector: "node.gained", style: { "background-color": "#2e7d32", "border-width": 3, "border-color": "#a5d6a7" } },
  { selector: "node.lost", style: { "background-color": "#9e9e9e", "border-width": 3, "border-color": "#ef9a9a" } },
  { selector: "node.gains", style: { "border-width": 4, "border-color": "#43a047" } },
  { selector: "node.loses", style: { "border-width": 4, "border-color": "#e53935" } },
  { selector: "node.drop-target", style: { "border-width": 6, "border-color": "#f9a825" } },
  { selector: "edge.gain-edge", style: { "line-color": "#43a047", "line-style": "dotted", width: 2, "target-arrow-shape": "triangle", "target-arrow-color": "#43a047" } },
  { selector: "edge.loss-edge", style: { "line-color": "#e53935", "line-style": "dotted", width: 2 } },
  { selector: "edge.planned-join, edge.planned-share", style: { "line-color": "#2e7d32", "line-style": "solid", width: 4 } },
  { selector: "edge.planned-leave, edge.planned-unshare", style: { "line-color": "#ef6c00", "line-style": "dashed", width: 4 } },
];

function remoteMark(area) {
  return area.remote ? `<span class="remote-mark">${area.kind === "ISLAND" ? "海岛" : "偏远"}</span>` : "";
}

function percent(ratio) {
  return `${(ratio * 100).toFixed(1)}%`;
}

export function initPlanning() {
  const draft = [];  // {kind, args, names, text}, in the order they will be saved
  const drawnAround = new Map();  // the items the drawing was asked around: redrawn from the store after saving
  const coverage = { service: null, reached: new Map(), listed: new Map(), closed: new Set(), opened: new Set() };
  const answers = { asked: 0, shown: 0 };  // a later analysis wins over an earlier one still on its way
  const pcy = cytoscape({ container: $("#plan-graph"), style: PLAN_STYLE });

  const scopePicker = makePicker(document.querySelector("[data-picker=plan-area]"), guarded(rescope));
  const unitPicker = makePicker(document.querySelector("[data-picker=plan-unit]"));
  const alliancePicker = makePicker(document.querySelector("[data-picker=plan-alliance]"));
  const servicePicker = makePicker(document.querySelector("[data-picker=plan-service]"), guarded(loadServiceAreas));
  makePicker(document.querySelector("[data-picker=plan-add-area]"), guarded(async (picked) => {
    if (!coverage.service) throw new Error("请先选择服务项目");
    const { area } = await gql("query($a: ID!) { area(id: $a) { id name kind remote } }", { a: picked.id });
    coverage.listed.set(area.id, area);
    renderAreas();
  }));
  const resourcePicker = makePicker(document.querySelector("[data-picker=plan-resource]"));
  const shareAlliancePicker = makePicker(document.querySelector("[data-picker=plan-share-alliance]"));

  // ---- the draft --------------------------------------------------------------------------------

  const same = (a, b) => Object.keys(a).every((k) => a[k] === b[k]);
  const find = (kind, args) => draft.findIndex((c) => c.kind === kind && same(c.args, args));

  // Adds a change, unless it undoes one already drafted: then that one goes instead.
  function plan(kind, args, names) {
    const undone = find(CHANGES[kind].opposite, args);
    if (undone >= 0) draft.splice(undone, 1);
    else if (find(kind, args) >= 0) return showError("草稿中已有这一项");
    else draft.push({ kind, args, names, text: CHANGES[kind].say(names) });
    changed();
  }

  function changed() {
    renderDraft();
    renderAreas();
    guarded(analyse)();
  }

  function renderDraft() {
    const list = $("#plan-draft");
    list.innerHTML = "";
    draft.forEach((change, i) => {
      const li = document.createElement("li");
      li.dataset.kind = change.kind;
      li.dataset.args = JSON.stringify(change.args);
      li.innerHTML = `<span data-cell>${escapeHtml(change.text)}</span><button type="button" class="remove" title="从草稿中删除">删除</button>`;
      li.querySelector("button").addEventListener("click", () => { draft.splice(i, 1); changed(); });
      list.appendChild(li);
    });
    $("#plan-count").textContent = draft.length ? `${draft.length} 项` : "";
    $("#plan-count").dataset.count = draft.length;
    $("#plan-draft-empty").hidden = draft.length > 0;
    $("#plan-save").disabled = draft.length === 0;
    $("#export-plan-draft").disabled = draft.length === 0;
    if (!draft.length) $("#plan-confirm").hidden = true;
  }

  // ---- what the plan would change ---------------------------------------------------------------

  async function analyse() {
    const asked = ++answers.asked;
    if (!draft.length) {
      showAnswer(null, asked);
      return;
    }
    let data;
    try {
      data = await gql(WHAT_IF, { changes: draft.map((c) => ({ [c.kind]: c.args })), areaId: scopePicker.value?.id ?? null,
        domain: $("#plan-domain").value.trim() || null });
    } catch (error) {
      if (asked !== answers.asked) return;  // the draft has changed since: a later analysis answers
      const index = error instanceof ApiError ? error.extensions.change : undefined;
      if (index === undefined || !draft[index]) throw error;
      // The store refuses this change as its mutation would: it leaves the draft, the rest is analysed.
      const [refused] = draft.splice(index, 1);
      changed();
      throw new Error(`“${refused.text}”不能列入规划：${error.message}`);
    }
    showAnswer(data.whatIf, asked);
  }

  function showAnswer(answer, asked) {
    if (asked < answers.shown) return;
    answers.shown = asked;
    const box = $("#plan-results");
    coverage.closed = new Set(answer ? answer.coveredAreas.map((a) => a.id) : []);
    coverage.opened = new Set(answer ? answer.uncoveredAreas.map((a) => a.id) : []);
    renderAreas();
    overlay(answer);
    if (!answer) {
      box.innerHTML = "<p class='status'>草稿为空：加入一项变更后，这里显示它会带来的变化。</p>";
      box.dataset.answered = asked;
      return;
    }
    const before = answer.summaryBefore;
    const after = answer.summaryAfter;
    const figure = (name, title, was, now) =>
      `<div data-figure="${name}" data-before="${was}" data-after="${now}">${title}<b>${was} → ${now}</b></div>`;
    const scope = `${scopePicker.value?.name ?? "全部区域"} · ${$("#plan-domain").value.trim() || "全部领域"}`;
    const capped = (items) => items.length > LISTED_CAP
      ? [...items.slice(0, LISTED_CAP), `<li class="more">……还有 ${items.length - LISTED_CAP} 项未列出</li>`] : items;
    const areas = (list, cls) => list.length
      ? capped(list.map((a) => `<li class="${cls}" data-id="${escapeHtml(a.id)}">${areaCells(a)}</li>`)).join("")
      : "<li class='none'>无</li>";
    const rows = answer.units.flatMap((impact) => [
      ...impact.gained.map((g) => ({ impact, access: g, change: "gained", word: "获得" })),
      ...impact.lost.map((g) => ({ impact, access: g, change: "lost", word: "失去" }))]);
    const services = answer.units.flatMap((impact) => [
      ...impact.servicesGained.map((s) => `<li class="gained"><span data-cell>${escapeHtml(impact.unit.name)}</span> <span data-cell>将开始提供</span> <span data-cell>${escapeHtml(s.name)}</span></li>`),
      ...impact.servicesLost.map((s) => `<li class="lost"><span data-cell>${escapeHtml(impact.unit.name)}</span> <span data-cell>将不再提供</span> <span data-cell>${escapeHtml(s.name)}</span></li>`)]);
    const pairs = (list, cls) => list.length
      ? capped(list.map((p) => `<li class="${cls}" data-pair="${escapeHtml(p.units.map((u) => u.id).join("|"))}">${p.units.map((u) => `<span data-cell>${escapeHtml(u.name)}</span>`).join(" — ")}</li>`)).join("")
      : "<li class='none'>无</li>";
    box.innerHTML = `<h3>覆盖统计 <small>${escapeHtml(scope)}</small></h3>
      <div id="plan-summary" class="summary">
        ${figure("totalAreas", "区域总数", before.totalAreas, after.totalAreas)}
        ${figure("coveredAreas", "已覆盖", before.coveredAreas, after.coveredAreas)}
        ${figure("coverageRatio", "覆盖率", percent(before.coverageRatio), percent(after.coverageRatio))}
        ${figure("remoteCovered", "偏远区域覆盖", `${before.remoteCovered}/${before.remoteTotal}`, `${after.remoteCovered}/${after.remoteTotal}`)}
      </div>
      <h3>新增覆盖区域 <span class="count">${answer.coveredAreas.length} 个</span> ${exportButton("#plan-covered", `规划新增覆盖区域-${scope}`)}</h3>
      <ul id="plan-covered" class="results plain" data-columns="${AREA_COLUMNS}">${areas(answer.coveredAreas, "closed")}</ul>
      <h3>失去覆盖区域 <span class="count">${answer.uncoveredAreas.length} 个</span> ${exportButton("#plan-uncovered", `规划失去覆盖区域-${scope}`)}</h3>
      <ul id="plan-uncovered" class="results plain" data-columns="${AREA_COLUMNS}">${areas(answer.uncoveredAreas, "opened")}</ul>
      <h3>资源变化 <span class="count">${rows.length} 项</span> ${exportButton("#plan-resources", `规划资源变化-${scope}`)}</h3>
      <table id="plan-resources"><thead><tr><th>单位</th><th>变化</th><th>资源</th><th>提供单位</th><th>经由联建组织</th></tr></thead><tbody>
      ${rows.slice(0, LISTED_CAP).map(({ impact, access, change, word }) => `<tr class="${change}" data-unit="${escapeHtml(impact.unit.id)}"
        data-resource="${escapeHtml(access.resource.id)}" data-change="${change}"><td>${escapeHtml(impact.unit.name)}</td><td>${word}</td>
        <td>${escapeHtml(access.resource.name)}<small> ${escapeHtml(label("ResourceKind", access.resource.kind))}</small></td>
        <td>${escapeHtml(access.provider.name)}</td><td>${listOf(access.via, (a) => escapeHtml(a.name))}</td></tr>`).join("")}
      </tbody></table>${rows.length > LISTED_CAP ? `<p class="status">……还有 ${rows.length - LISTED_CAP} 项未列出</p>` : ""}
      <h3>服务变化 ${exportButton("#plan-services", `规划服务变化-${scope}`)}</h3>
      <ul id="plan-services" class="results plain" data-columns="单位|变化|服务项目">${capped(services).join("") || "<li class='none'>无</li>"}</ul>
      <h3>新增联建伙伴 <span class="count">${answer.partnersGained.length} 对</span> ${exportButton("#plan-partners-gained", `规划新增联建伙伴-${scope}`)}</h3>
      <ul id="plan-partners-gained" class="results plain" data-columns="单位|联建伙伴">${pairs(answer.partnersGained, "gained")}</ul>
      <h3>不再是联建伙伴 <span class="count">${answer.partnersLost.length} 对</span> ${exportButton("#plan-partners-lost", `规划不再是联建伙伴-${scope}`)}</h3>
      <ul id="plan-partners-lost" class="results plain" data-columns="单位|联建伙伴">${pairs(answer.partnersLost, "lost")}</ul>`;
    box.dataset.answered = asked;
  }

  // ---- the drawing ------------------------------------------------------------------------------

  const limit = () => Number($("#plan-limit").value);

  async function drawAround(item, depth) {
    const answer = (await gql(NETWORK, item.kind === "unit"
      ? { unitId: item.id, allianceIds: null, depth, limit: limit() }
      : { unitId: null, allianceIds: [item.id], depth, limit: limit() })).allianceNetwork;
    drawnAround.set(item.id, { item, depth });
    pcy.elements(".overlay").remove();  // drawn again over the stored network by the next analysis
    if (addNetwork(pcy, answer)) layoutNetwork(pcy);
    if (answer.truncated) showError("已达上限，图未画全：请减少层数或提高上限。");
  }

  // The plan on top of the stored network: planned edges, and the resources each unit would gain
  // or lose as nodes of their own, linked to that unit.
  function overlay(answer) {
    pcy.elements(".overlay").remove();
    pcy.elements().removeClass("gains loses planned-leave");
    let added = 0;
    const node = (id, label, type) => {
      if (pcy.getElementById(id).empty()) {
        pcy.add({ group: "nodes", data: { id, label, type }, classes: "overlay" });
        added += 1;
      }
      return pcy.getElementById(id);
    };
    const edge = (id, source, target, classes) => {
      if (pcy.getElementById(id).empty()) pcy.add({ group: "edges", data: { id, source, target }, classes: `overlay ${classes}` });
    };
    for (const change of draft) {
      const { args, names } = change;
      if (change.kind === "joinAlliance" || change.kind === "leaveAlliance") {
        node(args.unitId, names.unit, "UNIT");
        node(args.allianceId, names.alliance, "ALLIANCE");
        const stored = pcy.getElementById(`${args.unitId}->${args.allianceId}`);
        if (change.kind === "leaveAlliance" && stored.nonempty()) stored.addClass("planned-leave");
        else edge(`plan:${args.unitId}->${args.allianceId}`, args.unitId, args.allianceId,
          change.kind === "joinAlliance" ? "planned-join" : "planned-leave");
      } else if (change.kind === "shareResource" || change.kind === "unshareResource") {
        node(`res:${args.resourceId}`, names.resource, "RESOURCE");
        node(args.allianceId, names.alliance, "ALLIANCE");
        edge(`plan:${args.resourceId}->${args.allianceId}`, `res:${args.resourceId}`, args.allianceId,
          change.kind === "shareResource" ? "planned-share" : "planned-unshare");
      }
    }
    let drawn = 0;
    let total = 0;
    for (const impact of answer ? answer.units : []) {
      for (const [accesses, cls] of [[impact.gained, "gained"], [impact.lost, "lost"]]) {
        total += accesses.length;
        if (!accesses.length || drawn >= DRAWN_GAINS_CAP) continue;
        node(impact.unit.id, impact.unit.name, "UNIT").addClass(cls === "gained" ? "gains" : "loses");
        for (const access of accesses) {
          if (drawn >= DRAWN_GAINS_CAP) break;
          drawn += 1;
          node(`res:${access.resource.id}`, access.resource.name, "RESOURCE").addClass(cls);
          edge(`${cls}:${access.resource.id}->${impact.unit.id}`, `res:${access.resource.id}`, impact.unit.id,
            cls === "gained" ? "gain-edge" : "loss-edge");
        }
      }
    }
    if (added) layoutNetwork(pcy);
    const status = $("#plan-graph-status");
    status.dataset.nodes = pcy.nodes().length;
    status.textContent = total > drawn ? `资源变化 ${total} 项，图中画出前 ${drawn} 项（表中列出全部）。` : "";
  }

  // Dropping a unit on an alliance plans its joining, or its leaving when it is a member already.
  let grabbed = null;
  const allianceUnder = (position) => pcy.nodes("[type = 'ALLIANCE']").filter((a) => {
    const box = a.boundingBox({ includeLabels: false });
    return position.x >= box.x1 && position.x <= box.x2 && position.y >= box.y1 && position.y <= box.y2;
  }).first();
  pcy.on("grab", "node[type = 'UNIT']", (event) => { grabbed = { ...event.target.position() }; });
  pcy.on("drag", "node[type = 'UNIT']", (event) => {
    pcy.nodes(".drop-target").removeClass("drop-target");
    allianceUnder(event.target.position()).addClass("drop-target");
  });
  pcy.on("dragfree", "node[type = 'UNIT']", guarded(async (event) => {
    const unit = event.target;
    const alliance = allianceUnder(unit.position());
    pcy.nodes(".drop-target").removeClass("drop-target");
    if (grabbed) unit.position(grabbed);
    if (alliance.empty()) return;
    const member = pcy.getElementById(`${unit.id()}->${alliance.id()}`).nonempty();
    plan(member ? "leaveAlliance" : "joinAlliance", { allianceId: alliance.id(), unitId: unit.id() },
      { unit: unit.data("label"), alliance: alliance.data("label") });
  }));
  pcy.on("tap", "node", (event) => {
    const data = event.target.data();
    const item = { id: data.id, name: data.label };
    if (data.type === "UNIT") unitPicker.set({ kind: "unit", ...item });
    if (data.type === "ALLIANCE") alliancePicker.set({ kind: "alliance", ...item });
  });

  $("#plan-search-form").addEventListener("submit", guarded(async (event) => {
    event.preventDefault();
    const found = await search($("#plan-search").value.trim(), ["unit", "alliance"]);
    renderResults($("#plan-search-results"), found, guarded(async (item) => {
      $("#plan-search-results").innerHTML = "";
      await drawAround(item, Number($("#plan-depth").value));
      await analyse();
    }));
  }));

  // ---- the forms --------------------------------------------------------------------------------

  async function planMembership(kind) {
    if (!unitPicker.value || !alliancePicker.value) throw new Error("请先选择单位和联建组织");
    const [unit, alliance] = [unitPicker.value, alliancePicker.value];
    if (pcy.getElementById(alliance.id).empty()) await drawAround(alliance, 1);
    plan(kind, { allianceId: alliance.id, unitId: unit.id }, { unit: unit.name, alliance: alliance.name });
  }

  async function planSharing(kind) {
    if (!resourcePicker.value || !shareAlliancePicker.value) throw new Error("请先选择资源和联建组织");
    const [resource, alliance] = [resourcePicker.value, shareAlliancePicker.value];
    if (pcy.getElementById(alliance.id).empty()) await drawAround(alliance, 1);
    plan(kind, { resourceId: resource.id, allianceId: alliance.id }, { resource: resource.name, alliance: alliance.name });
  }

  $("#plan-join").addEventListener("click", guarded(() => planMembership("joinAlliance")));
  $("#plan-leave").addEventListener("click", guarded(() => planMembership("leaveAlliance")));
  $("#plan-share").addEventListener("click", guarded(() => planSharing("shareResource")));
  $("#plan-unshare").addEventListener("click", guarded(() => planSharing("unshareResource")));

  // A service's checklist: ticked where it would reach the area after the plan. Ticking a gap
  // plans coverArea, unticking an area it reaches plans uncoverArea.
  async function loadServiceAreas() {
    const picked = servicePicker.value;
    if (!picked) return;
    const data = await gql(SERVICE_AREAS, { s: picked.id, scope: scopePicker.value?.id ?? null, d: picked.detail ?? null });
    coverage.service = data.service;
    coverage.reached = new Map(data.service.areas.map(({ area }) => [area.id, area]));
    coverage.listed = new Map([...coverage.reached, ...data.coverageGaps.map((a) => [a.id, a])]);
    $("#plan-areas-caption").textContent = `“${data.service.name}”（${data.service.domain}）现直接覆盖 ${coverage.reached.size} 个区域；` +
      `下列另有${scopePicker.value ? `“${scopePicker.value.name}”内` : ""}该领域未覆盖区域 ${data.coverageGaps.length} 个` +
      (data.coverageGaps.length >= AREA_LIST_CAP ? `（只列前 ${AREA_LIST_CAP} 个）` : "") + "。";
    renderAreas();
  }

  function renderAreas() {
    const list = $("#plan-areas");
    list.innerHTML = "";
    const service = coverage.service;
    if (!service) return;
    for (const area of coverage.listed.values()) {
      const args = { serviceId: service.id, areaId: area.id };
      const ticked = coverage.reached.has(area.id) ? find("uncoverArea", args) < 0 : find("coverArea", args) >= 0;
      const li = document.createElement("li");
      li.dataset.id = area.id;
      li.className = [coverage.reached.has(area.id) ? "reached" : "gap", coverage.closed.has(area.id) ? "closed" : "",
        coverage.opened.has(area.id) ? "opened" : ""].join(" ").trim();
      li.innerHTML = `<label><input type="checkbox" ${ticked ? "checked" : ""}> ${escapeHtml(area.name)}<small> ${escapeHtml(label("AreaKind", area.kind))}</small></label>${remoteMark(area)}`;
      li.querySelector("input").addEventListener("change", (event) =>
        plan(event.target.checked ? "coverArea" : "uncoverArea", args, { service: service.name, area: area.name }));
      list.appendChild(li);
    }
  }

  async function rescope() {
    if (servicePicker.value) await loadServiceAreas();
    await analyse();
  }
  $("#plan-domain").addEventListener("change", guarded(analyse));

  // ---- saving -----------------------------------------------------------------------------------

  function refusal(error, change, saved) {
    const done = saved ? `已保存前 ${saved} 项，` : "";
    const kept = `草稿中的 ${draft.length} 项仍保留。`;
    if (error.code === "FORBIDDEN") {
      return `${done}保存失败：写入图谱需要编辑（editor）或管理员（admin）角色，当前的 API 密钥（或未填写密钥的匿名访问）没有这个权限。请填写有权限的 API 密钥后再保存。${kept}`;
    }
    if (error.code === "UNAUTHENTICATED") {
      return `${done}保存失败：需要有效的 API 密钥（未填写、已吊销或输入有误）。请填写编辑或管理员的 API 密钥后再保存。${kept}`;
    }
    return `${done}第 ${saved + 1} 项“${change.text}”未能保存：${error.message}。${kept}`;
  }

  async function save() {
    const status = $("#plan-save-status");
    const key = $("#plan-key").value.trim();
    if (key !== apiKey()) setApiKey(key);
    $("#plan-confirm").hidden = true;
    status.className = "status";
    status.textContent = `正在保存 ${draft.length} 项变更……`;
    delete status.dataset.saved;
    delete status.dataset.refused;
    let saved = 0;
    while (draft.length) {
      const change = draft[0];
      try {
        await gql(CHANGES[change.kind].mutation, change.args);
      } catch (error) {
        renderDraft();
        status.className = "status refused";
        status.textContent = refusal(error, change, saved);
        status.dataset.refused = error.code ?? "ERROR";
        if (saved) await reload();
        else await analyse();
        return;
      }
      draft.shift();
      saved += 1;
    }
    renderDraft();
    status.textContent = `已保存 ${saved} 项变更，每项都已作为一次修改记入审计日志。下图已按图谱现状重画。`;
    await reload();
    status.dataset.saved = saved;
  }

  // After saving, everything shown is read again from the store.
  async function reload() {
    const around = [...drawnAround.values()];
    pcy.elements().remove();
    for (const { item, depth } of around) await drawAround(item, depth);
    if (servicePicker.value) await loadServiceAreas();
    await analyse();
  }

  $("#plan-save").addEventListener("click", () => {
    $("#plan-key").value = apiKey();
    $("#plan-confirm-text").textContent = `将把草稿中的 ${draft.length} 项变更依次写入图谱，每项记入审计日志；需要编辑（editor）或管理员角色的 API 密钥（服务器允许匿名编辑时可不填）。`;
    $("#plan-confirm").hidden = false;
    $("#plan-key").focus();
  });
  $("#plan-confirm-save").addEventListener("click", guarded(save));
  $("#plan-confirm-cancel").addEventListener("click", () => { $("#plan-confirm").hidden = true; });
  $("#plan-discard").addEventListener("click", () => { draft.splice(0, draft.length); changed(); });

  renderDraft();
  showAnswer(null, 0);
  return {
    cy: pcy,
    draft,
    asked: () => answers.asked,
    shown() {
      pcy.resize();
      pcy.fit(undefined, 30);
    },
  };
}
