// Live updates: with an editor's or admin's key, each change of the graph (the graphChanged
// subscription over WebSocket, graphql-ws's client) reloads the view on screen and says so in a
// small notice. Viewers and anonymous callers are refused by the server and see no live updates.

import { $, apiKey } from "./common.js";

const GRAPH_CHANGED = "subscription { graphChanged { operation types ids actor at } }";
const QUIET_MS = 400;  // a burst of changes (the planning view's 保存) reloads the view once
const NOTICE_MS = 6000;

function socketUrl() {
  return `${location.protocol === "https:" ? "wss" : "ws"}://${location.host}/graphql`;
}

function setState(state) {
  document.body.dataset.live = state;
  $("#live").hidden = state !== "listening";
}

function notify(changes) {
  const last = changes[changes.length - 1];
  const box = $("#live-notice");
  box.textContent = changes.length === 1
    ? `图谱已更新（${last.operation}，${last.actor}），已刷新当前视图`
    : `图谱有 ${changes.length} 项更新（最后一项 ${last.operation}，${last.actor}），已刷新当前视图`;
  box.hidden = false;
  box.dataset.count = Number(box.dataset.count || 0) + changes.length;
  clearTimeout(notify.timer);
  notify.timer = setTimeout(() => { box.hidden = true; }, NOTICE_MS);
}

// Subscribes with the page's key, again whenever the key changes; `refresh` reloads the view.
export function startLive(refresh) {
  let client = null;
  let pending = [];
  let timer = null;

  function arrived(change) {
    pending.push(change);
    clearTimeout(timer);
    timer = setTimeout(() => {
      const changes = pending;
      pending = [];
      notify(changes);
      refresh(changes);
    }, QUIET_MS);
  }

  function connect() {
    if (client) client.dispose();
    setState("off");
    const key = apiKey();
    client = window.graphqlWs.createClient({
      url: socketUrl(),
      connectionParams: key ? { authorization: `Bearer ${key}` } : {},
      on: { connected: () => setState("listening") },
    });
    const current = client;
    current.subscribe({ query: GRAPH_CHANGED }, {
      next: ({ data, errors }) => {
        if (errors && errors.length) {  // not allowed (a viewer, no key): no live updates with this key
          current.dispose();
          setState("refused");
          return;
        }
        arrived(data.graphChanged);
      },
      error: () => setState("off"),
      complete: () => {},
    });
  }

  // graphql-ws rejects a promise of its own with the CloseEvent when the socket closes while it
  // connects (the page or its browser going away): that close is the "off" state, not a page error.
  window.addEventListener("unhandledrejection", (event) => {
    if (event.reason instanceof CloseEvent) {
      event.preventDefault();
      setState("off");
    }
  });
  $("#api-key").addEventListener("change", connect);
  connect();
}
