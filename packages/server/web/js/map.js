/* global document, fetch */
// The world map: country outlines from world-atlas (TopoJSON, decoded by topojson-client), drawn as
// SVG paths in an equirectangular projection, with a marker per region of the registered
// connections, the namespace's VMs around their region coloured by status, and numbered candidates.
import { feature } from "../vendor/topojson-client/index.js";
import { statusClass } from "./status.js";

const svgNs = "http://www.w3.org/2000/svg";
const width = 960;
// Equirectangular: one scale for both axes; the view runs from 84°N to 58.5°S (no Antarctica).
const scale = width / 360;
const topLat = 84;

export function project(longitude, latitude) {
  return [(longitude + 180) * scale, (topLat - latitude) * scale];
}

function el(name, attrs = {}, parent) {
  const node = document.createElementNS(svgNs, name);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  parent?.appendChild(node);
  return node;
}

/** One ring as path data; a ring crossing the antimeridian is unwrapped and drawn once more shifted. */
function ringPaths(ring) {
  let offset = 0;
  let previous;
  const points = [];
  let crosses = false;
  for (const [lon, lat] of ring) {
    if (previous !== undefined && Math.abs(lon + offset - previous) > 180) {
      offset += lon + offset > previous ? -360 : 360;
      crosses = true;
    }
    previous = lon + offset;
    points.push([lon + offset, lat]);
  }
  const draw = (shift) =>
    "M" +
    points
      .map(([lon, lat]) => project(lon + shift, lat))
      .map(([x, y]) => `${x.toFixed(1)},${y.toFixed(1)}`)
      .join("L") +
    "Z";
  return crosses ? [draw(0), draw(360), draw(-360)] : [draw(0)];
}

/** Draws the countries once the outlines are loaded (served by the server from world-atlas). */
export async function drawLand(group, url) {
  const topology = await (await fetch(url)).json();
  const countries = feature(topology, topology.objects.countries);
  for (const country of countries.features) {
    if (country.properties?.name === "Antarctica") continue;
    const { type, coordinates } = country.geometry;
    const polygons = type === "Polygon" ? [coordinates] : coordinates;
    const d = polygons.flatMap((polygon) => polygon.flatMap(ringPaths)).join("");
    const path = el("path", { d, class: "country" }, group);
    el("title", {}, path).textContent = country.properties?.name ?? "";
  }
}

/** Connections grouped by place (regions of several clouds in one city share a marker). */
function places(connections) {
  const groups = new Map();
  for (const c of connections) {
    if (!c.location) continue;
    const key = `${Math.round(c.location.latitude * 2)}:${Math.round(c.location.longitude * 2)}`;
    const group = groups.get(key) ?? { location: c.location, connections: [] };
    group.connections.push(c);
    groups.set(key, group);
  }
  return [...groups.values()];
}

/**
 * Draws the region markers and the VMs around them. `vms`: { id, mcis, connectionName, status }.
 * Markers are focusable; focusing one (or hovering) calls onFocus with a sentence about it.
 */
export function drawRegions(layer, connections, vms, onFocus) {
  layer.replaceChildren();
  const all = places(connections);
  const points = all.map((p) => project(p.location.longitude, p.location.latitude));
  for (const [index, place] of all.entries()) {
    const [x, y] = points[index];
    // A label runs right of its marker, or below it when another marker sits where it would run.
    const crowded = points.some(([px, py], i) => i !== index && px > x && px - x < 110 && Math.abs(py - y) < 24);
    const names = new Set(place.connections.map((c) => c.configName));
    const here = vms.filter((vm) => names.has(vm.connectionName));
    const where = place.connections.map((c) => `${c.configName} (${c.providerName} ${c.regionName})`).join(", ");
    const counts = {};
    for (const vm of here) counts[vm.status] = (counts[vm.status] ?? 0) + 1;
    const summary = Object.entries(counts)
      .map(([s, n]) => `${n} ${s}`)
      .join(", ");
    const label = `${where}: ${here.length === 0 ? "no VMs" : `${here.length} VMs, ${summary}`}`;
    const g = el("g", { class: "region", role: "listitem", tabindex: 0, "aria-label": label }, layer);
    g.dataset.connections = [...names].join(" ");
    el("circle", { cx: x, cy: y, r: 6, class: "region-ring" }, g);
    const text = el(
      "text",
      crowded ? { x: x - 6, y: y + 30, class: "region-label" } : { x: x + 10, y: y - 8, class: "region-label" },
      g,
    );
    // Several clouds in one city: two names and a count, the marker's label (and the table) has them all.
    const shown = place.connections.slice(0, 2).map((c) => c.configName);
    const more = place.connections.length - shown.length;
    text.textContent = more > 0 ? `${shown.join(", ")} +${more}` : shown.join(", ");
    here.forEach((vm, i) => {
      const ring = Math.floor(i / 12);
      const inRing = Math.min(12, here.length - ring * 12);
      const angle = (2 * Math.PI * (i % 12)) / inRing - Math.PI / 2;
      const r = 13 + ring * 9;
      const dot = el(
        "circle",
        {
          cx: (x + r * Math.cos(angle)).toFixed(1),
          cy: (y + r * Math.sin(angle)).toFixed(1),
          r: 4.5,
          class: `vm ${statusClass(vm.status)}`,
        },
        g,
      );
      dot.dataset.vm = `${vm.mcis}/${vm.id}`;
      dot.dataset.status = vm.status;
      el("title", {}, dot).textContent = `${vm.mcis}/${vm.id}: ${vm.status}`;
    });
    const tell = () => onFocus(label);
    g.addEventListener("focus", tell);
    g.addEventListener("mouseenter", tell);
  }
}

/** Numbered squares at the candidates' regions (rank 1 first), slightly above their region. */
export function drawCandidates(layer, candidates) {
  layer.replaceChildren();
  const seen = new Map();
  for (const c of candidates) {
    if (!c.location) continue;
    const [x, y] = project(c.location.longitude, c.location.latitude);
    const key = `${x.toFixed(0)}:${y.toFixed(0)}`;
    const stack = seen.get(key) ?? 0;
    seen.set(key, stack + 1);
    const g = el("g", { class: "candidate" }, layer);
    const cx = x - 22 - stack * 17;
    const cy = y - 20;
    el("rect", { x: cx - 8, y: cy - 8, width: 16, height: 16, rx: 2 }, g);
    const t = el("text", { x: cx, y: cy + 4, "text-anchor": "middle" }, g);
    t.textContent = String(c.orderInFilteredResult);
    el("title", {}, g).textContent = `#${c.orderInFilteredResult} ${c.connectionName} ${c.cspSpecName}`;
  }
}
