import type { ArmContext } from "./context.js";
import { keyOf } from "./front-state.js";
import type { LoadBalancerEntry, NicEntry, PublicIpEntry } from "./front-state.js";

// The front keeps interfaces and public IPs in its own state; the world may drop what they stand
// for (a VM delete takes its interfaces and addresses). These find an entry only while the world
// still has it, and forget it otherwise.

/** The world of one Azure region of the request's subscription. */
export const cloudOf = (ctx: ArmContext, region: string) =>
  ctx.world.accountRegion({ provider: "AZURE", account: ctx.account, region });

/** The entry of an interface whose world interface still exists (a VM delete may have taken it). */
export function liveNic(ctx: ArmContext, id: string): NicEntry | undefined {
  const entry = ctx.state.nics.get(keyOf(id));
  if (!entry) return undefined;
  if (cloudOf(ctx, entry.region).networkInterfaces.list({ where: (n) => n.id === entry.worldId }).items.length > 0)
    return entry;
  ctx.state.nics.delete(keyOf(id));
  return undefined;
}

/** The entry of a public IP whose world address still exists; a released one is forgotten. */
export function livePublicIp(ctx: ArmContext, id: string): PublicIpEntry | undefined {
  const entry = ctx.state.publicIps.get(keyOf(id));
  if (!entry) return undefined;
  const cloud = cloudOf(ctx, entry.region);
  if (cloud.publicIps.list({ where: (p) => p.id === entry.worldId }).items.length > 0) return entry;
  ctx.state.publicIps.delete(keyOf(id));
  return undefined;
}

/** The entry of a load balancer whose world balancer still exists. */
export function liveLoadBalancer(ctx: ArmContext, id: string): LoadBalancerEntry | undefined {
  const entry = ctx.state.loadBalancers.get(keyOf(id));
  if (!entry) return undefined;
  if (cloudOf(ctx, entry.region).nlbs.list({ where: (n) => n.id === entry.worldId }).items.length > 0) return entry;
  ctx.state.loadBalancers.delete(keyOf(id));
  return undefined;
}

/** The live load balancer whose frontend holds a public IP, if any. */
export function loadBalancerUsing(ctx: ArmContext, publicIpId: string): LoadBalancerEntry | undefined {
  return [...ctx.state.loadBalancers.values()].find(
    (lb) => keyOf(lb.frontend.publicIpId) === keyOf(publicIpId) && liveLoadBalancer(ctx, lb.id),
  );
}
