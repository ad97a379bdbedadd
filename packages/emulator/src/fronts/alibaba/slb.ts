import { createHash, randomBytes } from "node:crypto";
import type { AccountRegion } from "../../world/account-region.js";
import { isWorldError } from "../../world/errors.js";
import type { HealthCheck, Nlb, TargetHealthState } from "../../world/types.js";
import type { GateContext } from "../../world/world.js";
import type { ActionContext, ActionRegistration } from "./actions.js";
import { AlibabaError, invalidParameter, missingParameter, notFound } from "./errors.js";
import type { SlbListener, SlbRecord } from "./front-state.js";
import { idempotent } from "./idempotency.js";
import { nameParam } from "./names.js";
import { requireAvailableVSwitch } from "./network.js";
import { numberedPage } from "./paging.js";
import { slb } from "./products.js";
import { isoTime, tagSet } from "./render.js";

// Classic SLB (CLB) on the world's load balancers. The front keeps each SLB's record (name,
// address, listeners, weights, tags); the world's balancer holds the backend servers and their
// health. An internal SLB, or an internet one made with a VpcId, gets its world balancer at once
// (its id "lb-..." is the world's "nlb-..." id); an internet one made without a VPC, as SLB allows,
// gets it when its first backend server comes, in that server's VPC. The world keeps one health
// check per balancer: the latest listener's.

/** The SLB of the caller's account and region, or InvalidLoadBalancerId.NotFound. */
export function requireSlb(c: ActionContext, id: string): SlbRecord {
  const record = c.state.slbs.get(id);
  if (!record || record.account !== c.caller.account || record.region !== c.region) throw notFound("load-balancer", id);
  return record;
}

function worldLb(cloud: AccountRegion, record: SlbRecord): Nlb | undefined {
  return record.worldId === undefined ? undefined : cloud.nlbs.get(record.worldId);
}

const lbStatus = (nlb: Nlb | undefined): string =>
  nlb === undefined || nlb.state === "active" ? "active" : nlb.state === "failed" ? "locked" : "inactive";

/** An address SLB gives an internet balancer before it has a world balancer (outside the world's ranges). */
function frontAddress(id: string): string {
  const d = createHash("sha256").update(id).digest();
  return `120.${d[0] ?? 0}.${d[1] ?? 0}.${1 + ((d[2] ?? 0) % 254)}`;
}

function renderLb(c: ActionContext, record: SlbRecord, nlb: Nlb | undefined): Record<string, unknown> {
  return {
    LoadBalancerId: record.id,
    LoadBalancerName: record.name,
    LoadBalancerStatus: lbStatus(nlb),
    Address: record.address,
    AddressType: record.internet ? "internet" : "intranet",
    AddressIPVersion: "ipv4",
    RegionId: c.region,
    RegionIdAlias: c.region,
    VpcId: record.vpcId ?? "",
    VSwitchId: record.vswitchId ?? "",
    NetworkType: record.vpcId === undefined ? "classic" : "vpc",
    MasterZoneId: record.zone,
    SlaveZoneId: "",
    InternetChargeType: "paybytraffic",
    PayType: "PayOnDemand",
    LoadBalancerSpec: record.spec,
    Bandwidth: 5120,
    CreateTime: isoTime(record.createdAt),
    CreateTimeStamp: record.createdAt,
    ResourceGroupId: "",
    Tags: tagSet(record.tags),
  };
}

function backendServers(record: SlbRecord, nlb: Nlb | undefined): Record<string, unknown>[] {
  return (nlb?.targetGroup.targets ?? []).map((t) => ({
    ServerId: t.id,
    Weight: Number(record.weights.get(t.id) ?? "100"),
    Type: "ecs",
  }));
}

const createLoadBalancer: ActionRegistration = {
  product: slb,
  action: "CreateLoadBalancer",
  handler: async (c) => {
    const addressType = c.params.oneOf("AddressType", ["internet", "intranet"]) ?? "internet";
    const vpcIdParam = c.params.string("VpcId");
    const vswitchId = c.params.string("VSwitchId");
    if (addressType === "intranet" && vswitchId === undefined) throw missingParameter("VSwitchId");
    const name = nameParam(c.params, "LoadBalancerName", 1);
    const spec = c.params.string("LoadBalancerSpec") ?? "slb.s1.small";
    const zone = c.params.string("MasterZoneId");
    c.params.oneOf("InternetChargeType", ["paybytraffic", "paybybandwidth"]);
    c.params.oneOf("PayType", ["PayOnDemand", "PrePay"]);
    return idempotent(c, (cloud, gate) => {
      const internet = addressType === "internet";
      const record: SlbRecord = {
        id: "",
        account: c.caller.account,
        region: c.region,
        name: name ?? "",
        internet,
        address: "",
        spec,
        zone: zone ?? cloud.catalog.getRegion(cloud.region).zones[0]?.name ?? "",
        createdAt: c.world.clock.now(),
        tags: Object.create(null) as Record<string, string>,
        pendingHealth: {},
        listeners: new Map(),
        weights: new Map(),
      };
      if (vpcIdParam !== undefined || vswitchId !== undefined) {
        const vswitch = vswitchId === undefined ? undefined : requireAvailableVSwitch(c, cloud, vswitchId);
        const vpcId = vpcIdParam ?? vswitch?.vpcId ?? "";
        if (vswitch && vswitch.vpcId !== vpcId) {
          throw new AlibabaError("InvalidVSwitchId.NotFound", `The VSwitch ${vswitch.id} is not in VPC ${vpcId}.`, 404);
        }
        const nlb = makeWorldLb(cloud, gate, record, vpcId, vswitch?.id, []);
        record.id = nlb.id.replace(/^nlb-/, "lb-");
        record.address = nlb.listener.ip;
        record.vpcId = nlb.vpc.id;
        record.vswitchId = nlb.subnet.id;
      } else {
        const idCode = c.world.catalog("ALIBABA").regions.find((r) => r.name === c.region)?.idCode ?? "";
        record.id = `lb-${idCode}${randomBytes(16).toString("hex").slice(0, 21)}`;
        record.address = frontAddress(record.id);
      }
      c.state.slbs.set(record.id, record);
      return {
        LoadBalancerId: record.id,
        LoadBalancerName: record.name,
        Address: record.address,
        AddressIPVersion: "ipv4",
        VpcId: record.vpcId ?? "",
        VSwitchId: record.vswitchId ?? "",
        NetworkType: record.vpcId === undefined ? "classic" : "vpc",
        ResourceGroupId: "",
      };
    });
  },
};

function makeWorldLb(
  cloud: AccountRegion,
  gate: GateContext,
  record: SlbRecord,
  vpcId: string,
  subnetId: string | undefined,
  vmIds: string[],
): Nlb {
  const nlb = cloud.nlbs.create(
    {
      name: record.name || "unnamed",
      vpcId,
      ...(subnetId === undefined ? {} : { subnetId }),
      scheme: record.internet ? "internet-facing" : "internal",
      listener: { protocol: "tcp", port: 80 },
      targetGroup: { protocol: "tcp", port: 80, vmIds },
      healthCheck: record.pendingHealth,
    },
    gate,
  );
  record.worldId = nlb.id;
  return nlb;
}

function port(c: ActionContext, name: string): number {
  const value = c.params.int(name, { min: 1, max: 65535 });
  if (value === undefined) throw missingParameter(name);
  return value;
}

function createListener(action: string, protocol: "tcp" | "udp"): ActionRegistration {
  return {
    product: slb,
    action,
    handler: async (c) => {
      const id = c.params.required("LoadBalancerId");
      const listenerPort = port(c, "ListenerPort");
      const backendPort = c.params.int("BackendServerPort", { min: 1, max: 65535 });
      if (backendPort === undefined && c.params.string("VServerGroupId") === undefined)
        throw missingParameter("BackendServerPort");
      const bandwidth = c.params.int("Bandwidth", { min: -1, max: 5120 });
      if (bandwidth === undefined) throw missingParameter("Bandwidth");
      if (bandwidth === 0) throw invalidParameter("Bandwidth", "It must be -1 or 1 to 5120.");
      const connectPort = c.params.int("HealthCheckConnectPort", { min: 1, max: 65535 });
      const healthy = c.params.int("HealthyThreshold", { min: 2, max: 10 });
      const unhealthy = c.params.int("UnhealthyThreshold", { min: 2, max: 10 });
      const timeout = c.params.int("HealthCheckConnectTimeout", { min: 1, max: 300 });
      const interval = c.params.int("HealthCheckInterval", { min: 1, max: 50 });
      const type = c.params.oneOf("HealthCheckType", ["tcp", "http"]);
      const changes: Partial<HealthCheck> = { port: connectPort ?? backendPort ?? listenerPort };
      if (healthy !== undefined) changes.healthyThreshold = healthy;
      if (unhealthy !== undefined) changes.unhealthyThreshold = unhealthy;
      // SLB takes intervals of 1..50 s and timeouts of 1..300 s; the world checks within 5..300 s
      // intervals and 2..120 s timeouts no longer than the interval, so the given values are
      // brought within those bounds for the world and shown as given.
      const worldInterval = interval === undefined ? undefined : Math.max(5, interval);
      if (worldInterval !== undefined) changes.intervalSeconds = worldInterval;
      if (timeout !== undefined) changes.timeoutSeconds = Math.max(2, Math.min(timeout, 120, worldInterval ?? 10));
      else if (worldInterval !== undefined) changes.timeoutSeconds = Math.min(5, worldInterval);
      if (type !== undefined) changes.protocol = type;
      return c.call((cloud) => {
        const record = requireSlb(c, id);
        if (record.listeners.has(listenerPort)) {
          throw new AlibabaError("ListenerAlreadyExists", "The specified listener port is already in use.");
        }
        if (record.worldId !== undefined) cloud.nlbs.updateHealthCheck(record.worldId, changes);
        else record.pendingHealth = { ...record.pendingHealth, ...changes };
        record.listeners.set(listenerPort, {
          port: listenerPort,
          backendPort: backendPort ?? listenerPort,
          protocol,
          status: "stopped",
          bandwidth,
          ...(interval === undefined ? {} : { intervalSeconds: interval }),
          ...(timeout === undefined ? {} : { timeoutSeconds: timeout }),
        });
        return {};
      });
    },
  };
}

function requireListener(record: SlbRecord, listenerPort: number, protocol?: "tcp" | "udp"): SlbListener {
  const listener = record.listeners.get(listenerPort);
  if (!listener || (protocol !== undefined && listener.protocol !== protocol)) {
    throw new AlibabaError("ListenerNotExist", `The listener on port ${listenerPort} does not exist.`);
  }
  return listener;
}

function listenerStatus(action: string, status: SlbListener["status"]): ActionRegistration {
  return {
    product: slb,
    action,
    handler: async (c) => {
      const id = c.params.required("LoadBalancerId");
      const listenerPort = port(c, "ListenerPort");
      return c.call(() => {
        requireListener(requireSlb(c, id), listenerPort).status = status;
        return {};
      });
    },
  };
}

const deleteListener: ActionRegistration = {
  product: slb,
  action: "DeleteLoadBalancerListener",
  handler: async (c) => {
    const id = c.params.required("LoadBalancerId");
    const listenerPort = port(c, "ListenerPort");
    return c.call(() => {
      const record = requireSlb(c, id);
      requireListener(record, listenerPort);
      record.listeners.delete(listenerPort);
      return {};
    });
  },
};

/** The `BackendServers` JSON: `[{"ServerId":"i-...","Weight":"100","Type":"ecs"}]`. */
function serversParam(c: ActionContext): { ServerId: string; Weight?: string }[] {
  const text = c.params.required("BackendServers");
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  if (!Array.isArray(parsed) || parsed.length === 0 || parsed.length > 20) {
    throw invalidParameter("BackendServers", "It must be a JSON array of 1 to 20 servers.");
  }
  return parsed.map((entry: unknown, i) => {
    const server = entry as { ServerId?: unknown; Weight?: unknown; Type?: unknown };
    if (typeof server.ServerId !== "string") throw missingParameter(`BackendServers[${i}].ServerId`);
    if (server.Type !== undefined && server.Type !== "ecs") {
      throw new AlibabaError("InvalidParameter.NotSupported", "The emulator takes ECS backend servers only.");
    }
    const given = server.Weight;
    if (given !== undefined && typeof given !== "string" && typeof given !== "number") {
      throw invalidParameter("Weight", "It must be a number.");
    }
    const weight = given === undefined ? undefined : String(given);
    if (weight !== undefined && !(Number(weight) >= 0 && Number(weight) <= 100)) {
      throw invalidParameter("Weight", "It must be between 0 and 100.");
    }
    return { ServerId: server.ServerId, ...(weight === undefined ? {} : { Weight: weight }) };
  });
}

const addBackendServers: ActionRegistration = {
  product: slb,
  action: "AddBackendServers",
  handler: async (c) => {
    const id = c.params.required("LoadBalancerId");
    const servers = serversParam(c);
    return c.call((cloud, gate) => {
      const record = requireSlb(c, id);
      const vms = servers.map((s) => {
        try {
          const vm = cloud.vms.get(s.ServerId);
          if (vm.state === "terminated" || vm.state === "shutting-down") throw notFound("instance", s.ServerId);
          return vm;
        } catch (error) {
          if (isWorldError(error, "NotFound")) {
            throw new AlibabaError(
              "BackendServer.InvalidInstanceId",
              `The backend server ${s.ServerId} does not exist.`,
            );
          }
          throw error;
        }
      });
      const ids = servers.map((s) => s.ServerId);
      let updated: Nlb;
      try {
        const first = vms[0];
        updated =
          record.worldId === undefined && first
            ? makeWorldLb(cloud, gate, record, first.vpc.id, first.subnet.id, ids)
            : cloud.nlbs.addTargets(record.worldId ?? "", ids);
      } catch (error) {
        if (isWorldError(error, "InvalidParameter")) {
          throw new AlibabaError(
            "BackendServer.NotInSameVpc",
            "The backend servers must be in one VPC with the load balancer.",
          );
        }
        throw error;
      }
      for (const s of servers) record.weights.set(s.ServerId, s.Weight ?? "100");
      return { LoadBalancerId: id, BackendServers: { BackendServer: backendServers(record, updated) } };
    });
  },
};

const removeBackendServers: ActionRegistration = {
  product: slb,
  action: "RemoveBackendServers",
  handler: async (c) => {
    const id = c.params.required("LoadBalancerId");
    const servers = serversParam(c);
    return c.call((cloud) => {
      const record = requireSlb(c, id);
      const nlb = worldLb(cloud, record);
      // Servers that are not registered are passed over.
      const registered = servers
        .map((s) => s.ServerId)
        .filter((sid) => nlb?.targetGroup.targets.some((t) => t.id === sid) === true);
      const updated = nlb && registered.length > 0 ? cloud.nlbs.removeTargets(nlb.id, registered) : nlb;
      return { LoadBalancerId: id, BackendServers: { BackendServer: backendServers(record, updated) } };
    });
  },
};

/** The caller's SLBs, oldest first. */
export function slbsOf(c: ActionContext): SlbRecord[] {
  return [...c.state.slbs.values()].filter((r) => r.account === c.caller.account && r.region === c.region);
}

const describeLoadBalancers: ActionRegistration = {
  product: slb,
  action: "DescribeLoadBalancers",
  handler: async (c) => {
    const ids = c.params.string("LoadBalancerId")?.split(",");
    const vpcId = c.params.string("VpcId");
    const vswitchId = c.params.string("VSwitchId");
    const addressType = c.params.oneOf("AddressType", ["internet", "intranet"]);
    const name = c.params.string("LoadBalancerName");
    const address = c.params.string("Address");
    return c.call((cloud) => {
      const rows = slbsOf(c)
        .map((record) => ({ record, nlb: worldLb(cloud, record) }))
        .filter(
          ({ record }) =>
            (ids === undefined || ids.includes(record.id)) &&
            (vpcId === undefined || record.vpcId === vpcId) &&
            (vswitchId === undefined || record.vswitchId === vswitchId) &&
            (addressType === undefined || (addressType === "internet") === record.internet) &&
            (name === undefined || record.name === name) &&
            (address === undefined || record.address === address),
        );
      const page = numberedPage(rows, c.params, c.pages);
      return {
        ...page.fields,
        LoadBalancers: { LoadBalancer: page.items.map(({ record, nlb }) => renderLb(c, record, nlb)) },
      };
    });
  },
};

const describeLoadBalancerAttribute: ActionRegistration = {
  product: slb,
  action: "DescribeLoadBalancerAttribute",
  handler: async (c) => {
    const id = c.params.required("LoadBalancerId");
    return c.call((cloud) => {
      const record = requireSlb(c, id);
      const nlb = worldLb(cloud, record);
      const listeners = [...record.listeners.values()].sort((a, b) => a.port - b.port);
      const pairs = listeners.map((l) => ({ ListenerPort: l.port, ListenerProtocol: l.protocol }));
      return {
        ...renderLb(c, record, nlb),
        ListenerPorts: { ListenerPort: listeners.map((l) => l.port) },
        ListenerPortsAndProtocol: { ListenerPortAndProtocol: pairs },
        ListenerPortsAndProtocal: { ListenerPortAndProtocal: pairs },
        BackendServers: { BackendServer: backendServers(record, nlb) },
      };
    });
  },
};

function describeListener(action: string, protocol: "tcp" | "udp"): ActionRegistration {
  return {
    product: slb,
    action,
    handler: async (c) => {
      const id = c.params.required("LoadBalancerId");
      const listenerPort = port(c, "ListenerPort");
      return c.call((cloud) => {
        const record = requireSlb(c, id);
        const l = requireListener(record, listenerPort, protocol);
        const hc = worldLb(cloud, record)?.healthCheck;
        const pending = record.pendingHealth;
        return {
          ListenerPort: l.port,
          BackendServerPort: l.backendPort,
          Bandwidth: l.bandwidth,
          Status: l.status,
          Scheduler: "wrr",
          HealthCheck: "on",
          HealthCheckType: (hc?.protocol ?? pending.protocol) === "http" ? "http" : "tcp",
          HealthCheckConnectPort: hc?.port ?? pending.port ?? l.backendPort,
          HealthyThreshold: hc?.healthyThreshold ?? pending.healthyThreshold ?? 3,
          UnhealthyThreshold: hc?.unhealthyThreshold ?? pending.unhealthyThreshold ?? 3,
          HealthCheckConnectTimeout: l.timeoutSeconds ?? hc?.timeoutSeconds ?? 5,
          HealthCheckInterval: l.intervalSeconds ?? hc?.intervalSeconds ?? 2,
        };
      });
    },
  };
}

const healthWords: Readonly<Record<TargetHealthState, string>> = {
  healthy: "normal",
  unhealthy: "abnormal",
  initial: "unavailable",
  unused: "unavailable",
};

const describeHealthStatus: ActionRegistration = {
  product: slb,
  action: "DescribeHealthStatus",
  handler: async (c) => {
    const id = c.params.required("LoadBalancerId");
    const only = c.params.int("ListenerPort", { min: 1, max: 65535 });
    return c.call((cloud) => {
      const record = requireSlb(c, id);
      const health = record.worldId === undefined ? [] : cloud.nlbs.targetHealth(record.worldId);
      const vms = new Map(cloud.vms.list().items.map((vm) => [vm.id, vm]));
      const rows = [...record.listeners.values()]
        .filter((l) => only === undefined || l.port === only)
        .sort((a, b) => a.port - b.port)
        .flatMap((l) =>
          health.map((h) => ({
            ListenerPort: l.port,
            Port: l.backendPort,
            Protocol: l.protocol,
            ServerId: h.vm.id,
            ServerIp: vms.get(h.vm.id)?.privateIp ?? "",
            // Health is checked only on running listeners.
            ServerHealthStatus: l.status === "running" ? healthWords[h.state] : "unavailable",
          })),
        );
      return { BackendServers: { BackendServer: rows } };
    });
  },
};

const deleteLoadBalancer: ActionRegistration = {
  product: slb,
  action: "DeleteLoadBalancer",
  handler: async (c) => {
    const id = c.params.required("LoadBalancerId");
    return c.call((cloud) => {
      const record = requireSlb(c, id);
      if (record.worldId !== undefined) cloud.nlbs.delete(record.worldId);
      c.state.slbs.delete(record.id);
      return {};
    });
  },
};

export const slbActions: readonly ActionRegistration[] = [
  createLoadBalancer,
  createListener("CreateLoadBalancerTCPListener", "tcp"),
  createListener("CreateLoadBalancerUDPListener", "udp"),
  listenerStatus("StartLoadBalancerListener", "running"),
  listenerStatus("StopLoadBalancerListener", "stopped"),
  deleteListener,
  addBackendServers,
  removeBackendServers,
  describeLoadBalancers,
  describeLoadBalancerAttribute,
  describeListener("DescribeLoadBalancerTCPListenerAttribute", "tcp"),
  describeListener("DescribeLoadBalancerUDPListenerAttribute", "udp"),
  describeHealthStatus,
  deleteLoadBalancer,
];
