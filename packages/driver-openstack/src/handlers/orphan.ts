import { ignoreNotFound } from "@cloud-barista/core/driver";
import type { OrphanHandler, OrphanInfo } from "@cloud-barista/core/driver";
import type { OpenStackApiName } from "../apis.js";
import { invalid } from "../errors.js";
import type { OpenStackSession } from "../session.js";
import type { NeutronFloatingIp, NeutronPort } from "./native-types.js";
import { isDriverMade, vmPortMark } from "./network.js";

/**
 * How long a port the driver made may stay unbound before it counts as left behind: a VM start
 * makes its port a moment before Nova binds it, maybe in another process.
 */
export const unboundPortGraceMs = 15 * 60_000;

const deletes: Readonly<Record<string, OpenStackApiName>> = {
  floatingip: "neutron:DeleteFloatingIP",
  port: "neutron:DeletePort",
};

const createdAt = (text: string | undefined): Date | undefined =>
  text === undefined ? undefined : new Date(text.endsWith("Z") ? text : `${text}Z`);

/**
 * The driver's floating IPs on no port (Neutron keeps them when a failed build's or a deleted
 * port goes) and its VM ports bound to no server past the grace period.
 */
export function createOrphanHandler(session: OpenStackSession): OrphanHandler {
  const portPrefix = vmPortMark("");
  return {
    async *list(ctx) {
      for await (const ip of session.list<NeutronFloatingIp>(ctx, "neutron:ListFloatingIPs")) {
        if (ip.port_id !== null || !isDriverMade(ip.description)) continue;
        const created = createdAt(ip.created_at);
        yield {
          kind: "floatingip",
          id: ip.id,
          madeFor: ip.description ?? "",
          detail: ip.floating_ip_address,
          ...(created ? { createdAt: created } : {}),
        };
      }
      const now = ctx.clock.now();
      for await (const port of session.list<NeutronPort>(ctx, "neutron:ListPorts", { device_id: "" })) {
        const created = createdAt(port.created_at);
        const unbound = port.device_id === "" && (port.description ?? "").startsWith(portPrefix);
        if (!unbound || created === undefined || now - created.getTime() < unboundPortGraceMs) continue;
        const detail = port.fixed_ips.map((f) => f.ip_address).join(",");
        yield { kind: "port", id: port.id, madeFor: port.description ?? "", detail, createdAt: created };
      }
    },

    async release(orphan: OrphanInfo, ctx) {
      const api = deletes[orphan.kind];
      if (!api) throw invalid("orphan.kind", "orphan-kind", `"${orphan.kind}" is not a kind this driver leaves behind`);
      await session.call(ctx, api, { id: orphan.id }).catch(ignoreNotFound);
    },
  };
}
