import { FrontError, json, noContent } from "../http.js";
import { healthMonitorIdOf } from "../ids.js";
import type { Route, ServiceCall } from "../service.js";
import { checkOf, monitorFields, monitorTiming, monitorTypes } from "./create.js";
import { defaultMonitor, newObject } from "./graph.js";
import { bodyOf, flag, mandatory, onlyKnown, oneOf, tagsOf, text, unsupported, uuid } from "./input.js";
import type { Body } from "./input.js";
import { octaviaList, withFields } from "./lists.js";
import { allLoadBalancers, byHealthMonitor, byPool, changeOf } from "./lookup.js";
import { beginChange, requireChildChangeable } from "./provisioning.js";
import { healthMonitorView } from "./render.js";
import type { RenderContext } from "./render.js";

// Health monitors: one per pool at most. Their timings are the world's health check (so members'
// operating statuses follow them); deleting one leaves the members NO_MONITOR.

const monitorPath = /^\/lbaas\/healthmonitors\/([^/]+)$/;
const updateKeys = [
  "name",
  "delay",
  "timeout",
  "max_retries",
  "max_retries_down",
  "http_method",
  "url_path",
  "expected_codes",
  "admin_state_up",
  "tags",
];

const lockedByMonitor = (r: RenderContext) => [r.entry, r.entry.listener, r.entry.pool];

/** Sets the world's check from the monitor's timings; the world refuses what it cannot check. */
function applyTiming(r: RenderContext, body: Body, type?: string): void {
  const t = monitorTiming(body);
  r.nlb = r.cloud.nlbs.updateHealthCheck(r.nlb.id, {
    ...(type ? { protocol: checkOf(type) } : {}),
    ...(t.delay === undefined ? {} : { intervalSeconds: t.delay }),
    ...(t.timeout === undefined ? {} : { timeoutSeconds: t.timeout }),
    ...(t.retries === undefined ? {} : { healthyThreshold: t.retries }),
    ...(t.retriesDown === undefined ? {} : { unhealthyThreshold: t.retriesDown }),
  });
}

function create(call: ServiceCall) {
  const args = bodyOf(call, "healthmonitor");
  onlyKnown(args, "healthmonitor", [...updateKeys, "type", "pool_id", "project_id", "http_version", "domain_name"]);
  for (const key of ["type", "delay", "timeout", "max_retries", "pool_id"]) mandatory(args, key);
  const type = oneOf(args, "type", monitorTypes) ?? "";
  const poolId = uuid(args, "pool_id") ?? "";
  const fields = monitorFields(args);
  return call.call((cloud, gate) => {
    const r = byPool(call, cloud, poolId);
    if (r.entry.monitor) throw new FrontError(409, "This pool already has a health monitor");
    if ((type === "UDP-CONNECT") !== (r.nlb.targetGroup.protocol === "udp"))
      throw unsupported(`${type} health monitors on ${r.nlb.targetGroup.protocol.toUpperCase()} pools`);
    requireChildChangeable(r.entry, r.nlb, r.now, true);
    applyTiming(r, { max_retries_down: args["max_retries"], ...args }, type);
    const http = checkOf(type) !== "tcp";
    const monitor = {
      ...defaultMonitor(r.nlb, r.now),
      ...newObject(healthMonitorIdOf(r.nlb.id), r.now, {
        name: text(args, "name") ?? "",
        adminStateUp: flag(args, "admin_state_up") ?? true,
        tags: tagsOf(args) ?? [],
      }),
      type,
      httpMethod: http ? (fields.httpMethod ?? "GET") : null,
      urlPath: http ? (fields.urlPath ?? "/") : null,
      expectedCodes: http ? (fields.expectedCodes ?? "200") : null,
    };
    r.entry.monitor = monitor;
    beginChange(changeOf(r, gate), monitor, "PENDING_CREATE", lockedByMonitor(r));
    return json(201, { healthmonitor: healthMonitorView(r) });
  });
}

function update(call: ServiceCall) {
  const args = bodyOf(call, "healthmonitor");
  onlyKnown(args, "healthmonitor", updateKeys);
  const fields = monitorFields(args);
  return call.call((cloud, gate) => {
    const r = byHealthMonitor(call, cloud, call.params[0] ?? "");
    const monitor = r.entry.monitor;
    if (!monitor) throw new FrontError(404, `Health Monitor ${call.params[0] ?? ""} not found.`);
    requireChildChangeable(r.entry, r.nlb, r.now, true);
    applyTiming(r, args);
    const name = text(args, "name");
    const adminStateUp = flag(args, "admin_state_up");
    const tags = tagsOf(args);
    if (name !== undefined) monitor.name = name;
    if (adminStateUp !== undefined) monitor.adminStateUp = adminStateUp;
    if (tags) monitor.tags = tags;
    if (monitor.httpMethod !== null) {
      monitor.httpMethod = fields.httpMethod ?? monitor.httpMethod;
      monitor.urlPath = fields.urlPath ?? monitor.urlPath;
      monitor.expectedCodes = fields.expectedCodes ?? monitor.expectedCodes;
    }
    beginChange(changeOf(r, gate), monitor, "PENDING_UPDATE", lockedByMonitor(r));
    return json(200, { healthmonitor: healthMonitorView(r) });
  });
}

function remove(call: ServiceCall) {
  return call.call((cloud, gate) => {
    const r = byHealthMonitor(call, cloud, call.params[0] ?? "");
    const monitor = r.entry.monitor;
    if (!monitor) throw new FrontError(404, `Health Monitor ${call.params[0] ?? ""} not found.`);
    requireChildChangeable(r.entry, r.nlb, r.now, true);
    beginChange(changeOf(r, gate), monitor, "PENDING_DELETE", lockedByMonitor(r));
    return noContent(204);
  });
}

export const healthMonitorRoutes: readonly Route[] = [
  {
    method: "GET",
    path: /^\/lbaas\/healthmonitors$/,
    api: "octavia:ListHealthMonitors",
    handle: (call) =>
      call.call((cloud) =>
        json(
          200,
          octaviaList(
            call,
            "healthmonitors",
            allLoadBalancers(call, cloud).flatMap((r) => {
              const view = healthMonitorView(r);
              return view ? [view] : [];
            }),
          ),
        ),
      ),
  },
  {
    method: "GET",
    path: monitorPath,
    api: "octavia:ShowHealthMonitor",
    handle: (call) =>
      call.call((cloud) =>
        json(200, {
          healthmonitor: withFields(call, healthMonitorView(byHealthMonitor(call, cloud, call.params[0] ?? "")) ?? {}),
        }),
      ),
  },
  { method: "POST", path: /^\/lbaas\/healthmonitors$/, api: "octavia:CreateHealthMonitor", handle: create },
  { method: "PUT", path: monitorPath, api: "octavia:UpdateHealthMonitor", handle: update },
  { method: "DELETE", path: monitorPath, api: "octavia:DeleteHealthMonitor", handle: remove },
];
