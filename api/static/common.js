// What every view of the explorer shares: the GraphQL call (with the page's API key), labels of
// enum values, messages, the name search with its pickers, and how the alliance network is drawn.

export const $ = (selector) => document.querySelector(selector);
export const KEY_STORAGE = "lianjian.apiKey";
const vocabulary = await (await fetch("/explorer/vocabulary.json")).json();

export function label(enumName, value) {
  return (vocabulary[enumName] || {})[value] || value || "";
}

export function escapeHtml(text) {
  return String(text ?? "").replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);
}

// Items joined as the page shows them, each marked (data-item) for a 导出 Excel of a card of details.
export function listOf(items, render) {
  return items.length ? items.map((item) => `<span data-item>${render(item)}</span>`).join("、") : "—";
}

// An area's name, kind and remote mark as cells of a list row: the mark's cell is empty for an
// area that is not remote, so every row has the same columns.
export const AREA_COLUMNS = "区域|类型|偏远/海岛";
export function areaCells(area) {
  const remote = area.remote ? `<span class="remote-mark" data-cell>${area.kind === "ISLAND" ? "海岛" : "偏远"}</span>` : "<span data-cell></span>";
  return `<span data-cell>${escapeHtml(area.name)}</span><small data-cell>${escapeHtml(label("AreaKind", area.kind))}</small>${remote}`;
}

export function showError(message) {
  const box = $("#error");
  box.textContent = message;
  box.hidden = false;
  setTimeout(() => { box.hidden = true; }, 8000);
}

// The first error of an answer, keeping its code and extensions: the planning view tells a refused
// change (extensions.change) and a missing role (FORBIDDEN) apart from other failures.
export class ApiError extends Error {
  constructor(error, status) {
    const code = error.extensions?.code ?? String(status);
    super(`${error.message}（${code}）`);
    this.code = code;
    this.detail = error.message;
    this.extensions = error.extensions ?? {};
  }
}

export function apiKey() {
  return localStorage.getItem(KEY_STORAGE) || "";
}

export function setApiKey(key) {
  if (key) localStorage.setItem(KEY_STORAGE, key); else localStorage.removeItem(KEY_STORAGE);
  $("#api-key").value = key;
}

export async function gql(query, variables = {}) {
  const headers = { "content-type": "application/json" };
  const key = apiKey();
  if (key) headers.authorization = `Bearer ${key}`;
  const response = await fetch("/graphql", { method: "POST", headers, body: JSON.stringify({ query, variables }) });
  const answer = await response.json();
  if (answer.errors && answer.errors.length) throw new ApiError(answer.errors[0], response.status);
  return answer.data;
}

export function guarded(action) {
  return (...args) => action(...args).catch((error) => showError(error.message));
}

// ---- search and pickers -------------------------------------------------------------------------

const KINDS = [  // kind, the field shown beside the name, how it is shown
  ["unit", "kind", (v) => label("UnitKind", v)],
  ["alliance", "model", (v) => label("AllianceModel", v)],
  ["area", "kind", (v) => label("AreaKind", v)],
  ["service", "domain", (v) => v],
  ["resource", "kind", (v) => label("ResourceKind", v)],
];
const SEARCH_FIRST = 10;
const typeName = (kind) => kind[0].toUpperCase() + kind.slice(1);
const SEARCH = `query($q: String!, $types: [EntityType!]) {
  search(text: $q, types: $types, first: ${SEARCH_FIRST}) { type node {
    ${KINDS.map(([kind, sub]) => `... on ${typeName(kind)} { id name ${kind}_${sub}: ${sub} }`).join("\n    ")} } }
}`;

// The API's search box: Chinese, pinyin or initials (普陀, putuo, pt), best matches first.
export async function search(text, kinds) {
  const data = await gql(SEARCH, { q: text, types: kinds.map((kind) => kind.toUpperCase()) });
  const subs = Object.fromEntries(KINDS.map(([kind, sub, note]) => [kind, [sub, note]]));
  const found = data.search.map(({ type, node }) => {
    const kind = type.toLowerCase();
    const [sub, note] = subs[kind];
    const value = node[`${kind}_${sub}`];  // aliased: the types' fields of one name differ in type
    return { kind, id: node.id, name: node.name, note: note(value), detail: value };
  });
  if (found.length === SEARCH_FIRST) found.push({ more: true, hint: "，请输入更完整的名称或拼音" });
  return found;
}

export function renderResults(list, found, onPick) {
  list.innerHTML = "";
  if (!found.length) list.innerHTML = "<li class='none'>没有找到</li>";
  for (const item of found) {
    const li = document.createElement("li");
    if (item.more) {
      li.className = "more";
      li.textContent = typeof item.more === "number" ? `……还有 ${item.more} 个未列出` : `……可能还有更多${item.hint ?? ""}`;
    } else {
      li.dataset.kind = item.kind;
      li.dataset.id = item.id;
      li.innerHTML = item.html ?? `<span data-cell>${escapeHtml(item.name)}</span><small data-cell>${escapeHtml(item.note)}</small>`;
      li.addEventListener("click", () => onPick(item));
    }
    list.appendChild(li);
  }
}

// A name box with results, for one kind of node (the container's data-kind). `set` chooses an item
// from elsewhere, e.g. a node tapped in a drawing.
export function makePicker(container, onPick) {
  const kind = container.dataset.kind;
  const form = document.createElement("form");
  form.className = "row";
  form.innerHTML = `<input type="search" placeholder="输入名称" required><button type="submit">搜索</button>`;
  const list = document.createElement("ul");
  list.className = "results";
  const chosen = document.createElement("div");
  chosen.className = "chosen";
  container.append(form, list, chosen);
  const picker = {
    value: null,
    set(item) {
      picker.value = item;
      chosen.textContent = `已选：${item.name}`;
      chosen.dataset.id = item.id;
      list.innerHTML = "";
    },
  };
  form.addEventListener("submit", guarded(async (event) => {
    event.preventDefault();
    list.innerHTML = "";  // a failed search leaves no answer of an earlier one
    renderResults(list, await search(form.querySelector("input").value.trim(), [kind]), (item) => {
      picker.set(item);
      if (onPick) onPick(item);
    });
  }));
  return picker;
}

// ---- the alliance network -----------------------------------------------------------------------

export const NETWORK_STYLE = [
  { selector: "node", style: { label: "data(label)", "font-size": 10, "text-wrap": "ellipsis", "text-max-width": 120, color: "#222" } },
  { selector: "node[type = 'UNIT']", style: { shape: "ellipse", "background-color": "#1565c0", width: 18, height: 18 } },
  { selector: "node[type = 'ALLIANCE']", style: { shape: "diamond", "background-color": "#c62828", width: 26, height: 26, "font-weight": "bold" } },
  { selector: "node.focus", style: { "border-width": 4, "border-color": "#f9a825" } },
  { selector: "edge", style: { width: 1.5, "line-color": "#999", "line-style": "dashed", "curve-style": "bezier" } },
  { selector: "edge[role = 'LEAD']", style: { width: 3, "line-color": "#c62828", "line-style": "solid" } },
  { selector: ".path", style: { "line-color": "#f9a825", "background-color": "#f9a825", width: 5, "line-style": "solid", "z-index": 10 } },
  { selector: "node.path", style: { width: 28, height: 28 } },
  { selector: "node:selected", style: { "border-width": 3, "border-color": "#000" } },
];

export const NETWORK = `query($unitId: ID, $allianceIds: [ID!], $depth: Int!, $limit: Int!) {
  allianceNetwork(unitId: $unitId, allianceIds: $allianceIds, depth: $depth, limit: $limit) {
    truncated nodes { id label type } edges { source target role }
  }
}`;

export function edgeId(edge) {
  return `${edge.source}->${edge.target}`;
}

// Adds the nodes and edges of an allianceNetwork answer that are not drawn yet; how many were new.
export function addNetwork(cy, answer) {
  const elements = [];
  for (const node of answer.nodes) {
    if (cy.getElementById(node.id).empty()) elements.push({ group: "nodes", data: { id: node.id, label: node.label, type: node.type } });
  }
  for (const edge of answer.edges) {
    if (cy.getElementById(edgeId(edge)).empty()) elements.push({ group: "edges", data: { id: edgeId(edge), source: edge.source, target: edge.target, role: edge.role } });
  }
  cy.add(elements);
  return elements.length;
}

export function layoutNetwork(cy) {
  // Rings around the focus (the unit or alliance asked about, else the best-connected node): its
  // alliances, then their members, as the network was reached. cose, tried first, made a tall strip
  // of a 20-node network with labels overlapping; concentric keeps big graphs fast.
  const big = cy.nodes().length > 150;
  const focus = cy.nodes(".focus");
  const roots = focus.nonempty() ? focus : cy.nodes().max((n) => n.degree()).ele;
  cy.layout(big ? { name: "concentric", animate: false, concentric: (n) => n.degree(), levelWidth: () => 2, minNodeSpacing: 8 }
    : { name: "breadthfirst", animate: false, circle: true, roots, avoidOverlap: true, nodeDimensionsIncludeLabels: true,
      spacingFactor: 1.1 }).run();
  cy.fit(undefined, 30);
}

// ---- 导出 Excel -----------------------------------------------------------------------------------
// Every view's tables and lists can be saved as a workbook of exactly what they show. A <table>
// brings its header row; a list (<ul>/<ol>) or a card of details (<dl>) names its columns in
// data-columns ("区域|类型|偏远/海岛") and marks what each row holds (data-cell, data-item).

const shownText = (element) => element.textContent.replace(/\s+/g, " ").trim();
const asNumber = (text) => (/^-?\d+(\.\d+)?$/.test(text) ? Number(text) : text);

function tableRows(table) {
  const texts = (row) => [...row.cells].map(shownText);
  return {
    columns: texts(table.tHead.rows[0]),
    rows: [...table.tBodies].flatMap((body) => [...body.rows]).map(texts),
  };
}

// An item is a row of its [data-cell] texts (its whole text when it marks none), after its number
// in an <ol>, where the page shows it. The closing "……还有 N 个" and the "无" of an empty list are no rows.
function listRows(list) {
  const items = [...list.children].filter((li) => !li.matches(".more, .none"));
  const ordered = list.tagName === "OL";
  return {
    columns: list.dataset.columns.split("|"),
    rows: items.map((li, i) => {
      const cells = [...li.querySelectorAll("[data-cell]")];
      return [...(ordered ? [String(i + 1)] : []), ...(cells.length ? cells.map(shownText) : [shownText(li)])];
    }),
  };
}

// A term and its text per row; a term whose text lists items (data-item, as listOf marks them)
// gives a row per item, so a unit's 30 serving units are 30 rows to sort and filter.
function detailRows(dl) {
  const rows = [...dl.querySelectorAll(":scope > dt")].flatMap((dt) => {
    const dd = dt.nextElementSibling;
    const items = [...dd.querySelectorAll("[data-item]")];
    return (items.length ? items : [dd]).map((item) => [shownText(dt), shownText(item)]);
  });
  return { columns: dl.dataset.columns.split("|"), rows };
}

// What a shown table, list or card holds, as the page shows it; a cell that reads as a plain
// number is sent as a number so the spreadsheet can sum it.
export function shownTable(element) {
  const read = { TABLE: tableRows, UL: listRows, OL: listRows, DL: detailRows }[element.tagName];
  const { columns, rows } = read(element);
  return { columns, rows: rows.map((row) => row.map(asNumber)) };
}

// The workbook is built by POST /export.xlsx (openpyxl on the server), so the page vendors no
// spreadsheet library; the file is saved under `title`.xlsx.
export async function exportTable(title, element) {
  const headers = { "content-type": "application/json" };
  const key = apiKey();
  if (key) headers.authorization = `Bearer ${key}`;
  const response = await fetch("/export.xlsx", { method: "POST", headers, body: JSON.stringify({ title, ...shownTable(element) }) });
  if (!response.ok) throw new Error(`导出失败：${(await response.json()).error}（${response.status}）`);
  const link = document.createElement("a");
  link.href = URL.createObjectURL(await response.blob());
  link.download = `${title.replace(/[\\/:*?"<>|]/g, "_")}.xlsx`;
  link.click();
  setTimeout(() => URL.revokeObjectURL(link.href), 1000);
}

// A 导出 Excel button names what it saves (data-export, a selector) and the file (data-title); one
// listener serves them all, those a view draws with its answer too.
export function exportButton(target, title) {
  return `<button type="button" class="export" data-export="${escapeHtml(target)}" data-title="${escapeHtml(title)}">导出 Excel</button>`;
}

// Enables a button of the page for the answer now shown, saved under `title`.
export function readyExport(button, title) {
  button.dataset.title = title;
  button.disabled = false;
}

document.addEventListener("click", (event) => {
  const button = event.target.closest("button[data-export]");
  if (button) guarded(() => exportTable(button.dataset.title, document.querySelector(button.dataset.export)))();
});
