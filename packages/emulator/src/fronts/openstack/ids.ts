import { createHash } from "node:crypto";

// Ids the front derives instead of storing: a router interface or a load balancer's VIP port is a
// view, a rule is a view of a world rule, a flavor of a spec. Hashing keeps them stable.

function digest(parts: readonly string[]): string {
  return createHash("sha256").update(parts.join("\u0000")).digest("hex");
}

/** A UUID derived from `parts`; the same parts always give the same id. */
export function derivedUuid(...parts: string[]): string {
  const h = digest(parts);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** A 32-hex id, as Keystone gives projects, users and domains. */
export function derivedHexId(...parts: string[]): string {
  return digest(parts).slice(0, 32);
}

/** A MAC address in the "fa:16:3e" range Neutron allocates from. */
export function derivedMac(...parts: string[]): string {
  const h = digest(parts);
  return `fa:16:3e:${h.slice(0, 2)}:${h.slice(2, 4)}:${h.slice(4, 6)}`;
}

export const projectIdOf = (account: string): string => derivedHexId("project", account);
/** The admin project that owns what the operator shares: public images, the provider network. */
export const operatorProjectId = derivedHexId("project", "admin");
export const flavorIdOf = (specName: string): string => derivedUuid("flavor", specName);
export const vipPortIdOf = (nlbId: string): string => derivedUuid("port", "vip", nlbId);
export const routerPortIdOf = (routerId: string, subnetId: string): string =>
  derivedUuid("port", "router", routerId, subnetId);
export const listenerIdOf = (nlbId: string): string => derivedUuid("listener", nlbId);
export const poolIdOf = (nlbId: string): string => derivedUuid("pool", nlbId);
export const healthMonitorIdOf = (nlbId: string): string => derivedUuid("healthmonitor", nlbId);
export const memberIdOf = (nlbId: string, vmId: string): string => derivedUuid("member", nlbId, vmId);

/** ISO 8601 without milliseconds, as most OpenStack services print times. */
export function isoSeconds(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
}
