import type { AccountRegion } from "../../../world/account-region.js";
import { isWorldError } from "../../../world/errors.js";
import type { Nlb } from "../../../world/types.js";
import type { GateContext } from "../../../world/world.js";
import { FrontError } from "../http.js";
import { healthMonitorIdOf, listenerIdOf, poolIdOf } from "../ids.js";
import type { ServiceCall } from "../service.js";
import { entryOf, forget } from "./graph.js";
import type { MemberEntry } from "./graph.js";
import type { Change } from "./provisioning.js";
import type { RenderContext } from "./render.js";

// Finding Octavia objects: load balancers are the world's, children are found through them.
// Octavia's NotFound says "<Resource> <id> not found." (404).

export const notFound = (resource: string, id: string): FrontError =>
  new FrontError(404, `${resource} ${id} not found.`);

function contextOf(call: ServiceCall, cloud: AccountRegion, nlb: Nlb): RenderContext {
  return { call, cloud, nlb, entry: entryOf(call.ctx.world, cloud, nlb), now: call.ctx.world.clock.now() };
}

/** Every load balancer of the project, with its Octavia objects. */
export function allLoadBalancers(call: ServiceCall, cloud: AccountRegion): RenderContext[] {
  return cloud.nlbs.list().items.map((nlb) => contextOf(call, cloud, nlb));
}

export function loadBalancer(call: ServiceCall, cloud: AccountRegion, id: string): RenderContext {
  try {
    return contextOf(call, cloud, cloud.nlbs.get(id));
  } catch (error) {
    if (!isWorldError(error, "NotFound")) throw error;
    forget(call.ctx.world, id);
    throw notFound("Load Balancer", id);
  }
}

function byChild(call: ServiceCall, cloud: AccountRegion, idOf: (nlbId: string) => string, id: string, what: string) {
  const nlb = cloud.nlbs.list().items.find((n) => idOf(n.id) === id);
  if (!nlb) throw notFound(what, id);
  return contextOf(call, cloud, nlb);
}

export const byListener = (call: ServiceCall, cloud: AccountRegion, id: string): RenderContext =>
  byChild(call, cloud, listenerIdOf, id, "Listener");

export const byPool = (call: ServiceCall, cloud: AccountRegion, id: string): RenderContext =>
  byChild(call, cloud, poolIdOf, id, "Pool");

/** A health monitor that exists (its pool may have none). */
export function byHealthMonitor(call: ServiceCall, cloud: AccountRegion, id: string): RenderContext {
  const r = byChild(call, cloud, healthMonitorIdOf, id, "Health Monitor");
  if (!r.entry.monitor) throw notFound("Health Monitor", id);
  return r;
}

export function memberOf(r: RenderContext, id: string): MemberEntry {
  const member = r.entry.members.find((m) => m.id === id);
  if (!member) throw notFound("Member", id);
  return member;
}

/** A change that starts now and takes the world's nlbUpdateMs. */
export function changeOf(r: RenderContext, gate: GateContext): Change {
  return { now: r.now, afterMs: r.call.ctx.world.timing.nlbUpdateMs, failsLater: gate.failsLater };
}
