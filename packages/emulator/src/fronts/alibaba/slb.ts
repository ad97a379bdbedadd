import type { AccountRegion } from "../../world/account-region.js";
import { isWorldError } from "../../world/errors.js";
import type { HealthCheck, Nlb, TargetHealthState } from "../../world/types.js";
import type { ActionContext, ActionRegistration } from "./actions.js";
import { AlibabaError, invalidParameter, missingParameter, notFound } from "./errors.js";
import type { SlbListener } from "./front-state.js";
import { idempotent } from "./idempotency.js";
import { nameParam } from "./names.js";
import { requireAvailableVSwitch } from "./network.js";
import { numberedPage } from "./paging.js";
import { slb } from "./products.js";
import { isoTime, tagSet } from "./render.js";

// Classic SLB (CLB) on the world's load balancers. SLB ids read "lb-..." where the world's read
// "nlb-...": the rest is the same. The world keeps one listener and one health check per balancer;
// SLB's listeners (ports, backend ports, started or stopped) are kept by the front, and the health
// check of the latest listener is the world's.

export const slbIdOf = (worldId: string): string => worldId.replace(/^nlb-/, "lb-");
export const worldIdOf = (slbId: string): string => slbId.replace(/^lb-/, "nlb-");

function requireLb(cloud: AccountRegion, id: string): Nlb {
  try {
    const nlb = cloud.nlbs.get(worldIdOf(id));
    if (nlb.state === "deleting") throw notFound("load-balancer", id);
    return nlb;
  } catch (error) {
    if (isWorldError(error, "NotFound")) throw notFound("load-balancer", id);
    throw error;
  }
}

function listenersOf(c: ActionContext, nlb: Nlb): Map<number, SlbListener> {
  let map = c.state.listeners.get(nlb.id);
  if (!map) {
    map = new Map();
    c.state.listeners.set(nlb.id, map);
  }
  return map;
}

const lbStatus = (nlb: Nlb): string =>
  nlb.state === "active" ? "active" : nlb.state === "failed" ? "locked" : "inactive";

function weightKey(nlb: Nlb, serverId: string): string {
  return `${nlb.id}|${serverId}`;
}

function renderLb(c: ActionContext, nlb: Nlb): Record<string, unknown> {
  return {
    LoadBalancerId: slbIdOf(nlb.id),
    LoadBalancerName: c.state.nameOf(nlb),
    LoadBalancerStatus: lbStatus(nlb),
    Address: nlb.listener.ip,
    AddressType: nlb.scheme === "internet-facing" ? "internet" : "intranet",
    AddressIPVersion: "ipv4",
    RegionId: c.region,
    RegionIdAlias: c.region,
    VpcId: nlb.vpc.id,
    VSwitchId: nlb.subnet.id,
    NetworkType: "vpc",
    MasterZoneId: c.state.descriptions.get(`${nlb.id}#zone`) ?? "",
    SlaveZoneId: "",
    InternetChargeType: "paybytraffic",
    PayType: "PayOnDemand",
    LoadBalancerSpec: c.state.descriptions.get(`${nlb.id}#spec`) ?? "slb.s1.small",
    Bandwidth: 5120,
    CreateTime: isoTime(nlb.createdAt),
    CreateTimeStamp: nlb.createdAt,
    ResourceGroupId: "",
    Tags: tagSet(nlb.tags),
  };
}

function backendServers(c: ActionContext, nlb: Nlb): Record<string, unknown>[] {
  return nlb.targetGroup.targets.map((t) => ({
    ServerId: t.id,
    Weight: c.state.descriptions.get(weightKey(nlb, t.id)) ?? "100",
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
    if (vpcIdParam === undefined && vswitchId === undefined) {
      throw new AlibabaError(
        "InvalidParameter.NotSupported",
        "The emulator makes load balancers in a VPC: give VpcId (and VSwitchId).",
      );
    }
    const name = nameParam(c.params, "LoadBalancerName", 1);
    const spec = c.params.string("LoadBalancerSpec");
    const zone = c.params.string("MasterZoneId");
    c.params.oneOf("InternetChargeType", ["paybytraffic", "paybybandwidth"]);
    c.params.oneOf("PayType", ["PayOnDemand", "PrePay"]);
    return idempotent(c, (cloud, gate) => {
      const vswitch = vswitchId === undefined ? undefined : requireAvailableVSwitch(c, cloud, vswitchId);
      const vpcId = vpcIdParam ?? vswitch?.vpcId ?? "";
      if (vswitch && vswitch.vpcId !== vpcId) {
        throw new AlibabaError("InvalidVSwitchId.NotFound", `The VSwitch ${vswitch.id} is not in VPC ${vpcId}.`, 404);
      }
      const nlb = cloud.nlbs.create(
        {
          name: name ?? "unnamed",
          vpcId,
          ...(vswitch ? { subnetId: vswitch.id } : {}),
          scheme: addressType === "internet" ? "internet-facing" : "internal",
          listener: { protocol: "tcp", port: 80 },
          targetGroup: { protocol: "tcp", port: 80 },
        },
        gate,
      );
      if (name === undefined) c.state.unnamed.add(nlb.id);
      if (spec !== undefined) c.state.descriptions.set(`${nlb.id}#spec`, spec);
      if (zone !== undefined) c.state.descriptions.set(`${nlb.id}#zone`, zone);
      return {
        LoadBalancerId: slbIdOf(nlb.id),
        LoadBalancerName: c.state.nameOf(nlb),
        Address: nlb.listener.ip,
        AddressIPVersion: "ipv4",
        VpcId: nlb.vpc.id,
        VSwitchId: nlb.subnet.id,
        NetworkType: "vpc",
        ResourceGroupId: "",
      };
    });
  },
};

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
      const changes: Partial<HealthCheck> = {};
      const connectPort = c.params.int("HealthCheckConnectPort", { min: 1, max: 65535 });
      const healthy = c.params.int("HealthyThreshold", { min: 2, max: 10 });
      const unhealthy = c.params.int("UnhealthyThreshold", { min: 2, max: 10 });
      const timeout = c.params.int("HealthCheckConnectTimeout", { min: 1, max: 300 });
      const interval = c.params.int("HealthCheckInterval", { min: 1, max: 50 });
      const type = c.params.oneOf("HealthCheckType", ["tcp", "http"]);
      if (connectPort !== undefined || backendPort !== undefined) changes.port = connectPort ?? backendPort ?? 80;
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
        const nlb = requireLb(cloud, id);
        const listeners = listenersOf(c, nlb);
        if (listeners.has(listenerPort)) {
          throw new AlibabaError("ListenerAlreadyExists", "The specified listener port is already in use.");
        }
        cloud.nlbs.updateHealthCheck(nlb.id, changes);
        listeners.set(listenerPort, {
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

function requireListener(c: ActionContext, nlb: Nlb, listenerPort: number): SlbListener {
  const listener = listenersOf(c, nlb).get(listenerPort);
  if (!listener) throw new AlibabaError("ListenerNotExist", `The listener on port ${listenerPort} does not exist.`);
  return listener;
}

function listenerStatus(action: string, status: SlbListener["status"]): ActionRegistration {
  return {
    product: slb,
    action,
    handler: async (c) => {
      const id = c.params.required("LoadBalancerId");
      const listenerPort = port(c, "ListenerPort");
      return c.call((cloud) => {
        const nlb = requireLb(cloud, id);
        requireListener(c, nlb, listenerPort).status = status;
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
    return c.call((cloud) => {
      const nlb = requireLb(cloud, id);
      requireListener(c, nlb, listenerPort);
      listenersOf(c, nlb).delete(listenerPort);
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
    throw invalidParameter("BackendServers", "It must be a JSON array of 1 to 20 servers.", "InvalidParameter");
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
    return c.call((cloud) => {
      const nlb = requireLb(cloud, id);
      for (const s of servers) {
        try {
          const vm = cloud.vms.get(s.ServerId);
          if (vm.state === "terminated" || vm.state === "shutting-down") throw notFound("instance", s.ServerId);
        } catch (error) {
          if (isWorldError(error, "NotFound")) {
            throw new AlibabaError(
              "BackendServer.InvalidInstanceId",
              `The backend server ${s.ServerId} does not exist.`,
            );
          }
          throw error;
        }
      }
      let updated: Nlb;
      try {
        updated = cloud.nlbs.addTargets(
          nlb.id,
          servers.map((s) => s.ServerId),
        );
      } catch (error) {
        if (isWorldError(error, "InvalidParameter")) {
          throw new AlibabaError(
            "BackendServer.NotInSameVpc",
            "The backend servers must be in the VPC of the load balancer.",
          );
        }
        throw error;
      }
      for (const s of servers) c.state.descriptions.set(weightKey(nlb, s.ServerId), s.Weight ?? "100");
      return { LoadBalancerId: id, BackendServers: { BackendServer: backendServers(c, updated) } };
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
      const nlb = requireLb(cloud, id);
      // Servers that are not registered are passed over.
      const registered = servers
        .map((s) => s.ServerId)
        .filter((sid) => nlb.targetGroup.targets.some((t) => t.id === sid));
      const updated = registered.length > 0 ? cloud.nlbs.removeTargets(nlb.id, registered) : nlb;
      return { LoadBalancerId: id, BackendServers: { BackendServer: backendServers(c, updated) } };
    });
  },
};

const describeLoadBalancers: ActionRegistration = {
  product: slb,
  action: "DescribeLoadBalancers",
  handler: async (c) => {
    const ids = c.params.string("LoadBalancerId")?.split(",").map(worldIdOf);
    const vpcId = c.params.string("VpcId");
    const vswitchId = c.params.string("VSwitchId");
    const addressType = c.params.oneOf("AddressType", ["internet", "intranet"]);
    const name = c.params.string("LoadBalancerName");
    const address = c.params.string("Address");
    return c.call((cloud) => {
      const lbs = cloud.nlbs
        .list()
        .items.filter(
          (n) =>
            n.state !== "deleting" &&
            (ids === undefined || ids.includes(n.id)) &&
            (vpcId === undefined || n.vpc.id === vpcId) &&
            (vswitchId === undefined || n.subnet.id === vswitchId) &&
            (addressType === undefined || (addressType === "internet") === (n.scheme === "internet-facing")) &&
            (name === undefined || c.state.nameOf(n) === name) &&
            (address === undefined || n.listener.ip === address),
        );
      const page = numberedPage(lbs, c.params, c.pages);
      return { ...page.fields, LoadBalancers: { LoadBalancer: page.items.map((n) => renderLb(c, n)) } };
    });
  },
};

const describeLoadBalancerAttribute: ActionRegistration = {
  product: slb,
  action: "DescribeLoadBalancerAttribute",
  handler: async (c) => {
    const id = c.params.required("LoadBalancerId");
    return c.call((cloud) => {
      const nlb = requireLb(cloud, id);
      const listeners = [...listenersOf(c, nlb).values()].sort((a, b) => a.port - b.port);
      const pairs = listeners.map((l) => ({ ListenerPort: l.port, ListenerProtocol: l.protocol }));
      return {
        ...renderLb(c, nlb),
        ListenerPorts: { ListenerPort: listeners.map((l) => l.port) },
        ListenerPortsAndProtocol: { ListenerPortAndProtocol: pairs },
        ListenerPortsAndProtocal: { ListenerPortAndProtocal: pairs },
        BackendServers: { BackendServer: backendServers(c, nlb) },
      };
    });
  },
};

const describeTcpListener: ActionRegistration = {
  product: slb,
  action: "DescribeLoadBalancerTCPListenerAttribute",
  handler: async (c) => {
    const id = c.params.required("LoadBalancerId");
    const listenerPort = port(c, "ListenerPort");
    return c.call((cloud) => {
      const nlb = requireLb(cloud, id);
      const l = requireListener(c, nlb, listenerPort);
      const hc = nlb.healthCheck;
      return {
        ListenerPort: l.port,
        BackendServerPort: l.backendPort,
        Bandwidth: l.bandwidth,
        Status: l.status,
        HealthCheck: "on",
        HealthCheckType: hc.protocol === "https" ? "http" : hc.protocol,
        HealthCheckConnectPort: hc.port,
        HealthyThreshold: hc.healthyThreshold,
        UnhealthyThreshold: hc.unhealthyThreshold,
        HealthCheckConnectTimeout: l.timeoutSeconds ?? hc.timeoutSeconds,
        HealthCheckInterval: l.intervalSeconds ?? hc.intervalSeconds,
        Scheduler: "wrr",
      };
    });
  },
};

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
      const nlb = requireLb(cloud, id);
      const health = cloud.nlbs.targetHealth(nlb.id);
      const vms = new Map(cloud.vms.list().items.map((vm) => [vm.id, vm]));
      const rows = [...listenersOf(c, nlb).values()]
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
      const nlb = requireLb(cloud, id);
      cloud.nlbs.delete(nlb.id);
      c.state.listeners.delete(nlb.id);
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
  describeTcpListener,
  describeHealthStatus,
  deleteLoadBalancer,
];
