import type { ArmContext } from "./context.js";
import { keyOf } from "./front-state.js";
import type { LoadBalancerEntry } from "./front-state.js";
import { cloudOf, liveLoadBalancer, liveNic } from "./live-entries.js";

/** The world interface holding an address of the balancer's virtual network, if any. */
function worldNicAt(ctx: ArmContext, lb: Pick<LoadBalancerEntry, "region" | "pool">, ip: string) {
  return cloudOf(ctx, lb.region).networkInterfaces.list({
    where: (n) => keyOf(n.vpc.id) === keyOf(lb.pool.vnetId) && n.fixedIps.some((f) => f.ip === ip),
  }).items[0];
}

/** The front's interface (and IP configuration) holding a pool address, if any. */
export function nicAt(ctx: ArmContext, lb: Pick<LoadBalancerEntry, "region" | "pool">, ip: string) {
  const world = worldNicAt(ctx, lb, ip);
  if (!world) return undefined;
  return [...ctx.state.nics.values()].find((n) => n.worldId === world.id && liveNic(ctx, n.id));
}

/** The VMs behind a pool's addresses, by address (an address no VM holds has none, and is never healthy). */
export function vmsAt(ctx: ArmContext, lb: Pick<LoadBalancerEntry, "region" | "pool">): Map<string, string> {
  const byIp = new Map<string, string>();
  for (const a of lb.pool.addresses) {
    const vm = worldNicAt(ctx, lb, a.ip)?.attachment?.vm.id;
    if (vm !== undefined) byIp.set(a.ip, vm);
  }
  return byIp;
}

/**
 * The answer of a load-balancing rule's health operation (LoadBalancerHealthPerRule): each pool
 * address Up or Down from the world's target health (a target not yet judged is Down, as Azure's
 * probes count it until they pass); undefined when the balancer or rule is gone.
 */
export function ruleHealth(ctx: ArmContext, lbId: string, rule: string) {
  const lb = liveLoadBalancer(ctx, lbId);
  if (!lb || lb.rule.name.toLowerCase() !== rule.toLowerCase()) return undefined;
  const health = new Map(
    cloudOf(ctx, lb.region)
      .nlbs.targetHealth(lb.worldId)
      .map((t) => [t.vm.id, t.state]),
  );
  const vms = vmsAt(ctx, lb);
  const addresses = lb.pool.addresses.map((a) => {
    const vm = vms.get(a.ip);
    const state = vm === undefined ? "unused" : (health.get(vm) ?? "unused");
    const nic = nicAt(ctx, lb, a.ip);
    return {
      ipAddress: a.ip,
      ...(nic ? { networkInterfaceIPConfigurationId: `${nic.id}/ipConfigurations/${nic.ipConfigName}` } : {}),
      state: state === "healthy" ? "Up" : "Down",
      reason:
        state === "healthy"
          ? "The backend instance is responding to the health probe."
          : state === "unused"
            ? "No backend instance holds this address."
            : state === "initial"
              ? "The health probe has not yet passed enough times."
              : "The backend instance is not responding to the health probe.",
    };
  });
  const up = addresses.filter((a) => a.state === "Up").length;
  return { up, down: addresses.length - up, loadBalancerBackendAddresses: addresses };
}
