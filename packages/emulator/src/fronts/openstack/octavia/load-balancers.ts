import { badRequest, json, noContent } from "../http.js";
import { hasExtension } from "../deployment.js";
import type { Route, ServiceCall } from "../service.js";
import { hasTag } from "../../../world/resources/tag-rules.js";
import { toWorldTags } from "../tags.js";
import { createLoadBalancer } from "./create.js";
import { bodyOf, flag, onlyKnown, tagsOf, text } from "./input.js";
import { octaviaList, withFields } from "./lists.js";
import { allLoadBalancers, changeOf, loadBalancer } from "./lookup.js";
import { beginChange, requireLbChangeable } from "./provisioning.js";
import { loadBalancerView, statusTree } from "./render.js";
import type { RenderContext } from "./render.js";

const lbPath = /^\/lbaas\/loadbalancers\/([^/]+)$/;

/** oslo's bool_from_string, as Octavia reads `cascade`. */
const truthy = (value: string | null): boolean =>
  value !== null && ["1", "t", "true", "on", "y", "yes"].includes(value.trim().toLowerCase());

/** Octavia's statistics; the emulator carries no traffic. */
export const zeroStats = { bytes_in: 0, bytes_out: 0, active_connections: 0, total_connections: 0, request_errors: 0 };

/** PUT: name, description, admin state, tags; a QoS policy needs Neutron's qos extension. */
function update(call: ServiceCall) {
  const args = bodyOf(call, "loadbalancer");
  onlyKnown(args, "loadbalancer", ["name", "description", "vip_qos_policy_id", "admin_state_up", "tags"]);
  const name = text(args, "name");
  const description = text(args, "description");
  const adminStateUp = flag(args, "admin_state_up");
  const tags = tagsOf(args);
  if (args["vip_qos_policy_id"] !== undefined && args["vip_qos_policy_id"] !== null) {
    if (!hasExtension(call.ctx.deployment, "qos"))
      throw badRequest("Validation failure: VIP QoS policy is not allowed in this deployment.");
  }
  return call.call((cloud, gate) => {
    const r = loadBalancer(call, cloud, call.params[0] ?? "");
    requireLbChangeable(r.entry, r.nlb, r.now);
    if (name !== undefined) r.entry.name = name;
    if (description !== undefined) r.entry.description = description;
    if (adminStateUp !== undefined) r.entry.adminStateUp = adminStateUp;
    if (tags) {
      const next = toWorldTags(tags);
      const gone = Object.keys(r.nlb.tags).filter((t) => !hasTag(next, t));
      if (gone.length > 0) cloud.tags.remove(r.nlb.id, gone, { kind: "load-balancer" });
      if (tags.length > 0) cloud.tags.add(r.nlb.id, next, { kind: "load-balancer" });
    }
    beginChange(changeOf(r, gate), r.entry, "PENDING_UPDATE", []);
    return json(200, { loadbalancer: loadBalancerView({ ...r, nlb: cloud.nlbs.get(r.nlb.id) }) });
  });
}

/**
 * DELETE: a load balancer with children needs ?cascade=true (a 400 otherwise, checked first), and
 * it must be ACTIVE or ERROR. It is PENDING_DELETE for the world's nlbDeleteMs, then gone.
 */
function remove(call: ServiceCall) {
  return call.call((cloud, gate) => {
    const r = loadBalancer(call, cloud, call.params[0] ?? "");
    // The emulator's load balancers always have their listener and pool.
    if (!truthy(call.url.searchParams.get("cascade")))
      throw badRequest(`Validation failure: Cannot delete Load Balancer ${r.nlb.id} - it has children`);
    requireLbChangeable(r.entry, r.nlb, r.now, true);
    if (gate.failsLater) beginChange(changeOf(r, gate), r.entry, "PENDING_DELETE", []);
    else cloud.nlbs.beginDelete(r.nlb.id);
    return noContent(204);
  });
}

function show(call: ServiceCall, view: (r: RenderContext) => Record<string, unknown>, root: string) {
  return call.call((cloud) => json(200, { [root]: view(loadBalancer(call, cloud, call.params[0] ?? "")) }));
}

export const loadBalancerRoutes: readonly Route[] = [
  {
    method: "GET",
    path: /^\/lbaas\/loadbalancers$/,
    api: "octavia:ListLoadBalancers",
    handle: (call) =>
      call.call((cloud) =>
        json(200, octaviaList(call, "loadbalancers", allLoadBalancers(call, cloud).map(loadBalancerView))),
      ),
  },
  {
    method: "GET",
    path: lbPath,
    api: "octavia:ShowLoadBalancer",
    handle: (call) => show(call, (r) => withFields(call, loadBalancerView(r)), "loadbalancer"),
  },
  {
    method: "POST",
    path: /^\/lbaas\/loadbalancers$/,
    api: "octavia:CreateLoadBalancer",
    handle: (call) =>
      call.call((cloud, gate) => {
        const { nlb, entry } = createLoadBalancer(call, cloud, gate);
        return json(201, { loadbalancer: loadBalancerView({ call, cloud, nlb, entry, now: nlb.createdAt }) });
      }),
  },
  { method: "PUT", path: lbPath, api: "octavia:UpdateLoadBalancer", handle: update },
  { method: "DELETE", path: lbPath, api: "octavia:DeleteLoadBalancer", handle: remove },
  {
    method: "GET",
    path: /^\/lbaas\/loadbalancers\/([^/]+)\/status(?:es)?$/,
    api: "octavia:ShowLoadBalancerStatusTree",
    handle: (call) => show(call, statusTree, "statuses"),
  },
  {
    method: "GET",
    path: /^\/lbaas\/loadbalancers\/([^/]+)\/stats$/,
    api: "octavia:ShowLoadBalancerStatistics",
    handle: (call) => show(call, () => zeroStats, "stats"),
  },
  {
    method: "PUT",
    path: /^\/lbaas\/loadbalancers\/([^/]+)\/failover$/,
    api: "octavia:FailoverLoadBalancer",
    handle: (call) =>
      call.call((cloud, gate) => {
        const r = loadBalancer(call, cloud, call.params[0] ?? "");
        requireLbChangeable(r.entry, r.nlb, r.now, true);
        beginChange(changeOf(r, gate), r.entry, "PENDING_UPDATE", []);
        return noContent(202);
      }),
  },
];
