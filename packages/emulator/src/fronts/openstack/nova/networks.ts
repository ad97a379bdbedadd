import type { AccountRegion } from "../../../world/account-region.js";
import { hostOf } from "../../../world/resources/network-interfaces.js";
import { isWorldError } from "../../../world/errors.js";
import type { NetworkInterface, Vpc } from "../../../world/types.js";
import { FrontError, badRequest } from "../http.js";
import { routerPortIdOf, vipPortIdOf } from "../ids.js";
import type { ServiceCall } from "../service.js";
import { atLeast } from "./microversion.js";
import { pyRepr, requireUuid, schemaError } from "./schema-errors.js";

// The `networks` of a Nova create-server request, as Nova checks them against Neutron
// (nova/api/openstack/compute/servers.py, nova/network/neutron.py) and then plugs the server:
// it makes a port for each network asked for and binds each port it is given.

/** One entry of `networks`: a port the user made, or a network to make a port on. */
export type NetworkRequest = { port: string } | { network: string; fixedIp?: string | undefined };

const ipAddress = /^(\d{1,3}(\.\d{1,3}){3}|[0-9a-fA-F:]*:[0-9a-fA-F:.]*)$/;

/** `networks` as Nova's API parses it; undefined when absent (allowed before 2.37). */
export function requestedNetworks(
  call: ServiceCall,
  server: Record<string, unknown>,
): NetworkRequest[] | "auto" | "none" | undefined {
  const networks = server["networks"];
  const v237 = atLeast(call.microversion, 2, 37);
  if (networks === undefined) {
    if (v237) throw schemaError("server", server, "'networks' is a required property");
    return undefined;
  }
  if (typeof networks === "string") {
    if (v237 && (networks === "auto" || networks === "none")) return networks;
    throw schemaError(
      "networks",
      networks,
      v237 ? `'${networks}' is not valid under any of the given schemas` : `'${networks}' is not of type 'array'`,
    );
  }
  if (!Array.isArray(networks)) throw schemaError("networks", networks, `${pyRepr(networks)} is not of type 'array'`);
  const ports: string[] = [];
  return networks.map((entry: unknown): NetworkRequest => {
    if (entry === null || typeof entry !== "object" || Array.isArray(entry))
      throw schemaError("networks", networks, `${pyRepr(entry)} is not of type 'object'`);
    const item = entry as Record<string, unknown>;
    const extra = Object.keys(item).filter((k) => !["fixed_ip", "port", "uuid", "tag"].includes(k));
    if (extra.length > 0)
      throw schemaError(
        "networks",
        networks,
        `Additional properties are not allowed (${extra.map((k) => `'${k}'`).join(", ")} ${extra.length > 1 ? "were" : "was"} unexpected)`,
      );
    const fixedIp = item["fixed_ip"];
    if (fixedIp !== undefined && (typeof fixedIp !== "string" || !ipAddress.test(fixedIp)))
      throw schemaError("fixed_ip", fixedIp, `${pyRepr(fixedIp)} is not a 'ip-address'`);
    const port = item["port"];
    if (port !== undefined && port !== null) {
      const id = requireUuid("port", port);
      if (ports.includes(id))
        throw badRequest(`Port ID '${id}' was specified twice: you cannot attach a port multiple times.`);
      if (fixedIp !== undefined)
        throw badRequest(
          `Specified Fixed IP '${String(fixedIp)}' cannot be used with port '${id}': the two cannot be specified together.`,
        );
      ports.push(id);
      return { port: id };
    }
    const uuid = item["uuid"];
    if (uuid === undefined) throw badRequest("Bad network format: missing 'uuid'");
    const network = v237 || typeof uuid !== "string" ? requireUuid("uuid", uuid) : uuid;
    return { network, ...(fixedIp === undefined ? {} : { fixedIp }) };
  });
}

/** What Nova plugs a server into: ports it binds and networks it makes ports on, checked. */
export interface NetworkPlan {
  requests: NetworkRequest[];
  /** The networks of `requests`, by id, for the ports Nova makes. */
  networks: Map<string, Vpc>;
}

/**
 * Checks the requests as Nova's validate_networks does; with none (or "auto"), picks the one
 * network the project can use, the provider network included, or refuses the ambiguity.
 */
export function planNetworks(
  call: ServiceCall,
  cloud: AccountRegion,
  asked: NetworkRequest[] | "auto" | "none" | undefined,
): NetworkPlan {
  if (asked === "none") throw badRequest('The emulator cannot make a server without a network ("networks": "none").');
  const all = cloud.vpcs.list().items;
  let requests: NetworkRequest[];
  if (asked === undefined || asked === "auto") {
    if (all.length > 1)
      throw new FrontError(409, "Multiple possible networks found, use a Network ID to be more specific.");
    const only = all[0];
    if (!only) throw badRequest(`Unable to automatically allocate a network for project ${call.projectId}`);
    requests = [{ network: only.id }];
  } else {
    requests = asked;
  }
  const networks = new Map<string, Vpc>();
  for (const request of requests) {
    if ("port" in request) {
      const port = portOf(cloud, request.port);
      if (port.deviceId !== "") throw new FrontError(409, `Port ${port.id} is still in use.`);
      if (port.fixedIps.length === 0) throw badRequest(`Port ${port.id} requires a FixedIP in order to be used.`);
      continue;
    }
    const network = all.find((v) => v.id === request.network);
    if (!network) throw badRequest(`Network ${request.network} could not be found.`);
    if (network.subnets.length === 0)
      throw badRequest(`Network ${network.id} requires a subnet in order to boot instances on.`);
    if (request.fixedIp !== undefined) checkFixedIp(cloud, network, request.fixedIp);
    networks.set(network.id, network);
  }
  return { requests, networks };
}

function portOf(cloud: AccountRegion, id: string): NetworkInterface {
  try {
    return cloud.networkInterfaces.get(id);
  } catch (error) {
    if (!isWorldError(error, "NotFound")) throw error;
    // Router interfaces and load balancers' VIPs are ports too, and always bound.
    const bound = [
      ...cloud.routers.list().items.flatMap((r) => r.subnets.map((s) => routerPortIdOf(r.id, s.id))),
      ...cloud.nlbs.list().items.map((nlb) => vipPortIdOf(nlb.id)),
    ];
    if (bound.includes(id)) throw new FrontError(409, `Port ${id} is still in use.`);
    throw badRequest(`Port id ${id} could not be found.`);
  }
}

/** A fixed IP asked for on a network: not in use (Nova's API check), and in one of its subnets. */
function checkFixedIp(cloud: AccountRegion, network: Vpc, ip: string): void {
  const holder = cloud.networkInterfaces.list({
    where: (n) => n.vpc.id === network.id && n.fixedIps.some((f) => f.ip === ip),
  }).items[0];
  if (holder) throw badRequest(`Fixed IP address ${ip} is already in use on instance ${holder.deviceId}.`);
  // Nova finds this out only when it makes the port, and fails the build; the emulator says it now.
  if (!network.subnets.some((s) => hostOf(s, ip) !== undefined))
    throw badRequest(`Fixed IP ${ip} is not a valid ip address for network ${network.id}.`);
}

/**
 * Makes the ports Nova makes (with the server's groups, which Nova applies to the ports it makes
 * only) and returns every interface to attach, in the order asked, with whether it goes with the
 * server. `made` collects the new ports, to delete should the server not come to be.
 */
export function plugPorts(
  cloud: AccountRegion,
  plan: NetworkPlan,
  securityGroupIds: readonly string[],
  made: string[],
): { id: string; deleteOnTermination: boolean }[] {
  return plan.requests.map((request) => {
    if ("port" in request) return { id: request.port, deleteOnTermination: false };
    const port = cloud.networkInterfaces.create({
      vpcId: request.network,
      fixedIps: request.fixedIp === undefined ? undefined : [{ ip: request.fixedIp }],
      securityGroupIds: [...securityGroupIds],
    });
    made.push(port.id);
    return { id: port.id, deleteOnTermination: true };
  });
}
