/* global AbortController, document, FormData, setTimeout, URL */
// The page: connects with the token, draws the map, follows the namespace's events (SSE) to
// recolour VMs as they change, lists MCIS and VMs in tables, asks for placement candidates and
// creates a small MCIS from the chosen one, following its operation to the end.
import { ApiError, api, followEvents, getToken, setToken } from "./api.js";
import { drawCandidates, drawLand, drawRegions } from "./map.js";
import { legendEntries, statusClass } from "./status.js";

const $ = (id) => document.getElementById(id);

const state = {
  namespace: "default",
  connections: [],
  /** MCIS by id, each with its `vm` list (Tumblebug's shape). */
  mcis: new Map(),
  candidates: [],
  stream: undefined,
};

function showError(error) {
  $("error").textContent = error ? (error instanceof ApiError ? error.message : String(error.message ?? error)) : "";
  if (error instanceof ApiError && error.status === 401) {
    $("connection-state").textContent = "The token was refused: enter a valid API token.";
    $("token").focus();
  }
}

function announce(text) {
  const line = document.createElement("p");
  line.textContent = text;
  const log = $("announcer");
  log.appendChild(line);
  while (log.childElementCount > 5) log.firstElementChild.remove();
}

function allVms() {
  return [...state.mcis.values()].flatMap((m) => m.vm.map((vm) => ({ ...vm, mcis: m.id })));
}

function renderMap() {
  drawRegions($("regions-layer"), state.connections, allVms(), (text) => ($("focus-detail").textContent = text));
}

function cell(row, text, cls) {
  const td = document.createElement("td");
  td.textContent = text ?? "";
  if (cls) td.className = cls;
  row.appendChild(td);
  return td;
}

function renderTables() {
  const host = $("mcis-tables");
  host.replaceChildren();
  if (state.mcis.size === 0) {
    host.innerHTML = '<p class="muted">No MCIS yet.</p>';
    return;
  }
  for (const m of [...state.mcis.values()].sort((a, b) => a.id.localeCompare(b.id))) {
    const table = document.createElement("table");
    table.dataset.mcis = m.id;
    const caption = document.createElement("caption");
    caption.textContent = `${m.id}: ${m.status}`;
    const actions = document.createElement("span");
    actions.className = "actions";
    for (const action of ["suspend", "resume", "reboot", "terminate"]) {
      const b = document.createElement("button");
      b.type = "button";
      b.textContent = action;
      b.setAttribute("aria-label", `${action} ${m.id}`);
      b.addEventListener("click", () =>
        runOperation(`control/mcis/${m.id}?action=${action}`, "GET", undefined, `${action} ${m.id}`),
      );
      actions.appendChild(b);
    }
    const del = document.createElement("button");
    del.type = "button";
    del.textContent = "delete";
    del.setAttribute("aria-label", `delete ${m.id}`);
    del.addEventListener("click", () =>
      runOperation(`mcis/${m.id}?option=terminate`, "DELETE", undefined, `delete ${m.id}`),
    );
    actions.appendChild(del);
    caption.appendChild(actions);
    table.appendChild(caption);
    const head = table.createTHead().insertRow();
    for (const h of ["VM", "sub-group", "connection", "region", "status", "target", "note"]) {
      const th = document.createElement("th");
      th.scope = "col";
      th.textContent = h;
      head.appendChild(th);
    }
    const body = table.createTBody();
    for (const vm of m.vm) {
      const row = body.insertRow();
      row.dataset.vm = `${m.id}/${vm.id}`;
      const th = document.createElement("th");
      th.scope = "row";
      th.textContent = vm.id;
      row.appendChild(th);
      cell(row, vm.subGroupId);
      cell(row, vm.connectionName);
      cell(row, vm.region?.Region ? `${vm.region.Region}${vm.region.Zone ? ` / ${vm.region.Zone}` : ""}` : "");
      const status = cell(row, "", "status");
      const swatch = document.createElement("span");
      swatch.className = `swatch ${statusClass(vm.status)}`;
      swatch.setAttribute("aria-hidden", "true");
      status.append(swatch, vm.status);
      cell(row, vm.targetAction && vm.targetAction !== "None" ? `${vm.targetAction} → ${vm.targetStatus}` : "");
      cell(row, vm.systemMessage);
    }
    host.appendChild(table);
  }
}

function render() {
  renderMap();
  renderTables();
}

async function loadMcis() {
  const answer = await api(`tumblebug/ns/${encodeURIComponent(state.namespace)}/mcis`);
  state.mcis = new Map((answer.mcis ?? []).map((m) => [m.id, m]));
  render();
}

/** One progress event: the VM takes its new status at once; the MCIS line follows on reload. */
function onProgress(event) {
  const m = state.mcis.get(event.mcis) ?? { id: event.mcis, status: "Creating", vm: [] };
  state.mcis.set(event.mcis, m);
  let vm = m.vm.find((v) => v.id === event.vmId);
  if (event.type === "removed") m.vm = m.vm.filter((v) => v.id !== event.vmId);
  else {
    if (!vm) {
      vm = { id: event.vmId, subGroupId: event.subGroup, connectionName: event.connection };
      m.vm.push(vm);
    }
    const changed = vm.status !== event.status;
    vm.status = event.status;
    if (event.reason) vm.systemMessage = `${event.reason.code}: ${event.reason.message}`;
    if (changed) announce(`${event.mcis} ${event.vmId}: ${event.status}`);
  }
  render();
}

async function followNamespace() {
  state.stream?.abort();
  const controller = new AbortController();
  state.stream = controller;
  const path = `tumblebug/ns/${encodeURIComponent(state.namespace)}/events`;
  while (!controller.signal.aborted) {
    try {
      await followEvents(
        path,
        (name, data) => {
          // The page follows the namespace from here on (tests wait for this mark).
          if (name === "ready") document.body.dataset.live = state.namespace;
          else if (name === "progress") onProgress(data);
          else if (name === "operation" && data.state !== "running") loadMcis().catch(showError);
        },
        controller.signal,
      );
    } catch (error) {
      if (controller.signal.aborted) return;
      if (error instanceof ApiError) return showError(error);
    }
    // The stream ended (server restart, network): try again shortly.
    await new Promise((resolve) => setTimeout(resolve, 2000));
  }
}

async function connect() {
  showError(undefined);
  try {
    const answer = await api("tumblebug/connConfig");
    state.connections = answer.connectionconfig ?? [];
    const ns = await api("tumblebug/ns");
    const select = $("namespace");
    select.replaceChildren(
      ...(ns.ns ?? []).map((n) => {
        const o = document.createElement("option");
        o.value = o.textContent = n.id;
        o.selected = n.id === state.namespace;
        return o;
      }),
    );
    const near = $("near");
    near.replaceChildren(
      ...state.connections
        .filter((c) => c.location)
        .map((c) => {
          const o = document.createElement("option");
          o.value = `${c.location.latitude},${c.location.longitude}`;
          o.textContent = `${c.location.display ?? c.regionName} (${c.configName})`;
          return o;
        }),
    );
    $("connection-state").textContent =
      `Connected: ${state.connections.length} connections, namespace ${state.namespace}`;
    await loadMcis();
    followNamespace();
  } catch (error) {
    $("connection-state").textContent = "Not connected";
    showError(error);
  }
}

function renderCandidates() {
  drawCandidates($("candidates-layer"), state.candidates);
  const host = $("candidates");
  host.replaceChildren();
  if (state.candidates.length === 0) {
    host.innerHTML = '<p class="muted">No candidate matches.</p>';
    return;
  }
  state.candidates.forEach((c, i) => {
    const id = `candidate-${i}`;
    const row = document.createElement("div");
    row.className = "candidate-row";
    const input = document.createElement("input");
    input.type = "radio";
    input.name = "candidate";
    input.id = id;
    input.value = String(i);
    input.checked = i === 0;
    const label = document.createElement("label");
    label.htmlFor = id;
    const price = c.costPerHour === undefined ? "price unknown" : `${c.costPerHour} ${c.currency}/h`;
    label.innerHTML = `<strong></strong> <span class="score"></span><br /><small></small>`;
    label.querySelector("strong").textContent =
      `#${c.orderInFilteredResult} ${c.connectionName} · ${c.cspSpecName} (${c.vCPU} vCPU, ${c.memoryGiB} GiB, ${price})`;
    label.querySelector(".score").textContent = `score ${c.score.toFixed(3)}`;
    label.querySelector("small").textContent = c.explanation;
    row.append(input, label);
    host.appendChild(row);
  });
}

async function recommend(event) {
  event.preventDefault();
  showError(undefined);
  const form = new FormData(event.target);
  const metric = String(form.get("priority"));
  const [lat, lon] = String(form.get("near") ?? "").split(",");
  const parameter =
    metric === "location" || metric === "latency" ? [{ key: "coordinateClose", val: [`${lat}/${lon}`] }] : undefined;
  try {
    state.candidates = await api("tumblebug/mcisRecommendVm", {
      method: "POST",
      body: {
        filter: {
          policy: [{ metric: "vCPU", condition: [{ operator: ">=", operand: String(form.get("minVcpu")) }] }],
        },
        priority: { policy: [{ metric, ...(parameter ? { parameter } : {}) }] },
        limit: String(form.get("limit")),
      },
    });
    renderCandidates();
    announce(`${state.candidates.length} placement candidates`);
  } catch (error) {
    showError(error);
  }
}

/** Runs a long operation (202 + operationId) and follows its events to the end. */
async function runOperation(path, method, body, label) {
  showError(undefined);
  const progress = $("create-progress");
  try {
    const op = await api(`tumblebug/ns/${encodeURIComponent(state.namespace)}/${path}`, { method, body });
    progress.hidden = false;
    progress.value = 0;
    await followEvents(`tumblebug/operations/${op.operationId}/events`, (name, data) => {
      if (name === "progress") progress.value = (data.done + data.failed) / Math.max(1, data.total);
      else if (name === "done") announce(`${label}: done`);
      else if (name === "error") showError(new Error(data.message));
    });
    progress.hidden = true;
    await loadMcis();
  } catch (error) {
    progress.hidden = true;
    showError(error);
  }
}

async function create(event) {
  event.preventDefault();
  const form = new FormData(event.target);
  const chosen = state.candidates[Number(form.get("candidate"))];
  if (!chosen) return showError(new Error("Choose a candidate first (Recommend)."));
  const button = $("create-button");
  button.disabled = true;
  const name = String(form.get("name"));
  await runOperation(
    "mcisDynamic",
    "POST",
    {
      name,
      description: `from recommendation #${chosen.orderInFilteredResult}`,
      vm: [
        {
          name: "g1",
          subGroupSize: String(form.get("size")),
          connectionName: chosen.connectionName,
          commonSpec: chosen.cspSpecName,
          commonImage: chosen.imageId,
        },
      ],
    },
    `create ${name}`,
  );
  button.disabled = false;
}

function init() {
  $("legend").replaceChildren(
    ...legendEntries().map(({ cls, label }) => {
      const li = document.createElement("li");
      const swatch = document.createElement("span");
      swatch.className = `swatch ${cls}`;
      swatch.setAttribute("aria-hidden", "true");
      li.append(swatch, label);
      return li;
    }),
  );
  $("token").value = getToken();
  $("token-form").addEventListener("submit", (event) => {
    event.preventDefault();
    setToken($("token").value.trim());
    connect();
  });
  $("namespace").addEventListener("change", (event) => {
    state.namespace = event.target.value;
    connect();
  });
  $("recommend-form").addEventListener("submit", recommend);
  $("create-form").addEventListener("submit", create);
  drawLand($("land"), new URL("vendor/world-atlas/countries-110m.json", document.baseURI)).catch(showError);
  if (getToken()) connect();
  else $("connection-state").textContent = "Enter an API token to connect.";
}

init();
