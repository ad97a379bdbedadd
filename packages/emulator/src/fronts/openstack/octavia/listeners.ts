import { json } from "../http.js";
import type { Route, ServiceCall } from "../service.js";
import { listenerFields, poolFields } from "./create.js";
import { bodyOf, onlyKnown, unsupported } from "./input.js";
import { octaviaList, withFields } from "./lists.js";
import { allLoadBalancers, byListener, byPool, changeOf } from "./lookup.js";
import { zeroStats } from "./load-balancers.js";
import { beginChange, requireChildChangeable } from "./provisioning.js";
import { listenerView, poolView } from "./render.js";

// Listeners and pools. The emulator's load balancers have exactly the listener and pool they were
// created with: both can be read and changed (which locks the load balancer in PENDING_UPDATE),
// not created or deleted on their own.

const listenerPath = /^\/lbaas\/listeners\/([^/]+)$/;
const poolPath = /^\/lbaas\/pools\/([^/]+)$/;

const listenerUpdateKeys = [
  "name",
  "description",
  "admin_state_up",
  "connection_limit",
  "default_pool_id",
  "insert_headers",
  "timeout_client_data",
  "timeout_member_connect",
  "timeout_member_data",
  "timeout_tcp_inspect",
  "tags",
  "allowed_cidrs",
];
const poolUpdateKeys = ["name", "description", "admin_state_up", "lb_algorithm", "session_persistence", "tags"];

/** PUT /listeners/{id}: the listener and its load balancer go PENDING_UPDATE. */
function updateListener(call: ServiceCall) {
  const args = bodyOf(call, "listener");
  onlyKnown(args, "listener", listenerUpdateKeys);
  const fields = listenerFields(args);
  return call.call((cloud, gate) => {
    const r = byListener(call, cloud, call.params[0] ?? "");
    if (args["default_pool_id"] !== undefined && args["default_pool_id"] !== r.entry.pool.id)
      throw unsupported("listeners without their one pool");
    requireChildChangeable(r.entry, r.nlb, r.now, false);
    Object.assign(r.entry.listener, fields);
    beginChange(changeOf(r, gate), r.entry.listener, "PENDING_UPDATE", [r.entry]);
    return json(200, { listener: listenerView(r) });
  });
}

/** PUT /pools/{id}: the pool, its listener and its load balancer go PENDING_UPDATE. */
function updatePool(call: ServiceCall) {
  const args = bodyOf(call, "pool");
  onlyKnown(args, "pool", poolUpdateKeys);
  const fields = poolFields(args);
  return call.call((cloud, gate) => {
    const r = byPool(call, cloud, call.params[0] ?? "");
    requireChildChangeable(r.entry, r.nlb, r.now, false);
    Object.assign(r.entry.pool, fields);
    beginChange(changeOf(r, gate), r.entry.pool, "PENDING_UPDATE", [r.entry, r.entry.listener]);
    return json(200, { pool: poolView(r) });
  });
}

const refuse = (what: string) => (): never => {
  throw unsupported(what);
};

export const listenerRoutes: readonly Route[] = [
  {
    method: "GET",
    path: /^\/lbaas\/listeners$/,
    api: "octavia:ListListeners",
    handle: (call) =>
      call.call((cloud) => json(200, octaviaList(call, "listeners", allLoadBalancers(call, cloud).map(listenerView)))),
  },
  {
    method: "GET",
    path: listenerPath,
    api: "octavia:ShowListener",
    handle: (call) =>
      call.call((cloud) =>
        json(200, { listener: withFields(call, listenerView(byListener(call, cloud, call.params[0] ?? ""))) }),
      ),
  },
  { method: "PUT", path: listenerPath, api: "octavia:UpdateListener", handle: updateListener },
  {
    method: "GET",
    path: /^\/lbaas\/listeners\/([^/]+)\/stats$/,
    api: "octavia:ShowListenerStatistics",
    handle: (call) =>
      call.call((cloud) => {
        byListener(call, cloud, call.params[0] ?? "");
        return json(200, { stats: zeroStats });
      }),
  },
  {
    method: "POST",
    path: /^\/lbaas\/listeners$/,
    api: "octavia:CreateListener",
    handle: refuse("listeners created on their own (create load balancers fully populated)"),
  },
  {
    method: "DELETE",
    path: listenerPath,
    api: "octavia:DeleteListener",
    handle: refuse("deleting a listener on its own (delete its load balancer with cascade=true)"),
  },
  {
    method: "GET",
    path: /^\/lbaas\/pools$/,
    api: "octavia:ListPools",
    handle: (call) =>
      call.call((cloud) => json(200, octaviaList(call, "pools", allLoadBalancers(call, cloud).map(poolView)))),
  },
  {
    method: "GET",
    path: poolPath,
    api: "octavia:ShowPool",
    handle: (call) =>
      call.call((cloud) => json(200, { pool: withFields(call, poolView(byPool(call, cloud, call.params[0] ?? ""))) })),
  },
  { method: "PUT", path: poolPath, api: "octavia:UpdatePool", handle: updatePool },
  {
    method: "POST",
    path: /^\/lbaas\/pools$/,
    api: "octavia:CreatePool",
    handle: refuse("pools created on their own (create load balancers fully populated)"),
  },
  {
    method: "DELETE",
    path: poolPath,
    api: "octavia:DeletePool",
    handle: refuse("deleting a pool on its own (delete its load balancer with cascade=true)"),
  },
];
