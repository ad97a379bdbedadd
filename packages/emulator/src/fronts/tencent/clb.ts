import { randomUUID } from "node:crypto";
import type { AccountRegion } from "../../world/account-region.js";
import type { Nlb } from "../../world/types.js";
import type { WorldTiming } from "../../world/timing.js";
import type { ActionContext, ActionRegistration } from "./actions.js";
import { TencentError, invalidValue, missingParameter } from "./errors.js";
import type { ClbListener } from "./front-state.js";
import { idempotent } from "./idempotency.js";
import { offsetPage } from "./paging.js";
import { Params } from "./params.js";
import { requireInstance } from "./instances.js";
import { plainTime, tagList, tagsParam } from "./render.js";
import { clb } from "./services.js";

// CLB is asynchronous: every mutating call answers at once and its RequestId is a task id that
// DescribeTaskStatus reports as running (2) until the world's timing has passed, then success (0)
// or failure (1). A load balancer with a task still running refuses other changes. The world keeps
// one balancer per CLB (its address, state, targets and their health); Tencent's listeners, each
// with its own targets and ports, are the front's, and the world's targets are their union.

/** Starts a task on a load balancer; refuses while another runs. */
function startTask(c: ActionContext, loadBalancerId: string, timing: keyof WorldTiming, fails = false): void {
  const now = c.world.clock.now();
  if (c.state.runningTask(loadBalancerId, now) !== undefined) {
    throw new TencentError(
      "FailedOperation.ResourceInOperation",
      `The load balancer \`${loadBalancerId}\` has a task in progress; try again when it ends.`,
    );
  }
  const task = c.state.tasks.get(c.requestId);
  // One request acting on several balancers (DeleteLoadBalancer) is one task.
  if (task) task.loadBalancerIds.push(loadBalancerId);
  else
    c.state.tasks.set(c.requestId, { until: now + c.world.timing[timing], fails, loadBalancerIds: [loadBalancerId] });
}

function requireLbId(id: string, field = "LoadBalancerId"): void {
  if (!/^lb-[a-z0-9]{8}$/.test(id))
    throw invalidValue(field, `\`${id}\` is not a load balancer id.`, "InvalidParameter.FormatError");
}

/** A load balancer that is not being deleted; InvalidParameter.LBIdNotFound otherwise. */
function requireLb(cloud: AccountRegion, id: string): Nlb {
  requireLbId(id);
  // A balancer whose creation failed never existed for Tencent.
  const nlb = cloud.nlbs.list().items.find((n) => n.id === id && n.state !== "deleting" && n.state !== "failed");
  if (!nlb) throw new TencentError("InvalidParameter.LBIdNotFound", `The load balancer \`${id}\` does not exist.`);
  return nlb;
}

function listenersOf(c: ActionContext, id: string): ClbListener[] {
  let list = c.state.listeners.get(id);
  if (!list) c.state.listeners.set(id, (list = []));
  return list;
}

function requireListener(c: ActionContext, lbId: string, listenerId: string): ClbListener {
  const listener = listenersOf(c, lbId).find((l) => l.id === listenerId);
  if (!listener)
    throw new TencentError("InvalidParameter.ListenerIdNotFound", `The listener \`${listenerId}\` does not exist.`);
  return listener;
}

function renderLb(c: ActionContext, nlb: Nlb): Record<string, unknown> {
  return {
    LoadBalancerId: nlb.id,
    LoadBalancerName: nlb.name,
    LoadBalancerType: nlb.scheme === "internet-facing" ? "OPEN" : "INTERNAL",
    Forward: 1,
    Domain: "",
    LoadBalancerVips: [nlb.listener.ip],
    // 0 creating, 1 normal; a failed creation shows as normal-but-empty only through its task.
    Status: nlb.state === "provisioning" ? 0 : 1,
    CreateTime: plainTime(nlb.createdAt),
    StatusTime: plainTime(nlb.createdAt),
    ProjectId: 0,
    VpcId: nlb.vpc.id,
    SubnetId: nlb.scheme === "internet-facing" ? "" : nlb.subnet.id,
    Tags: tagList(nlb.tags).map(({ Key, Value }) => ({ TagKey: Key, TagValue: Value })),
    SecureGroups: [],
    AddressIPVersion: "ipv4",
    ChargeType: "POSTPAID_BY_HOUR",
    NetworkAttributes: { InternetChargeType: "TRAFFIC_POSTPAID_BY_HOUR", InternetMaxBandwidthOut: 10 },
    IPv6Mode: "",
    Isolation: 0,
    Snat: false,
    ListenerCount: c.state.listeners.get(nlb.id)?.length ?? 0,
  };
}

function renderHealth(listener: ClbListener): Record<string, unknown> {
  const h = listener.health;
  return {
    HealthSwitch: h.enabled ? 1 : 0,
    TimeOut: h.timeoutSeconds,
    IntervalTime: h.intervalSeconds,
    HealthNum: h.healthyThreshold,
    UnHealthNum: h.unhealthyThreshold,
    CheckType: "TCP",
    SourceIpType: 0,
  };
}

function healthOf(p: Params | undefined): ClbListener["health"] {
  const enabled = (p?.int("HealthSwitch", { min: 0, max: 1 }) ?? 1) === 1;
  const intervalSeconds = p?.int("IntervalTime", { min: 2, max: 300 }) ?? 5;
  const timeoutSeconds = p?.int("TimeOut", { min: 2, max: 60 }) ?? 2;
  if (timeoutSeconds > intervalSeconds) {
    throw invalidValue("HealthCheck.TimeOut", "It must not exceed IntervalTime.", "InvalidParameterValue.Range");
  }
  const checkType = p?.string("CheckType");
  if (checkType !== undefined && !["TCP", "HTTP", "CUSTOM", "PING"].includes(checkType)) {
    throw invalidValue("HealthCheck.CheckType", "It must be TCP, HTTP, CUSTOM or PING.", "InvalidParameterValue");
  }
  return {
    enabled,
    intervalSeconds,
    timeoutSeconds,
    healthyThreshold: p?.int("HealthNum", { min: 2, max: 10 }) ?? 3,
    unhealthyThreshold: p?.int("UnHealthNum", { min: 2, max: 10 }) ?? 3,
  };
}

function targetsParam(c: ActionContext): { instanceId: string; port: number; weight: number }[] {
  const targets = c.params.objects("Targets");
  if (targets.length === 0) throw missingParameter("Targets");
  if (targets.length > 20) throw invalidValue("Targets", "At most 20 targets per request.", "LimitExceeded");
  return targets.map((t) => {
    const instanceId = t.string("InstanceId");
    if (instanceId === undefined) {
      throw new TencentError("UnsupportedOperation", "The emulator registers CVM instances (InstanceId) only.");
    }
    const port = t.int("Port", { min: 1, max: 65535 });
    if (port === undefined) throw missingParameter("Targets.Port");
    return { instanceId, port, weight: t.int("Weight", { min: 0, max: 100 }) ?? 10 };
  });
}

/** The world's targets: the union of every listener's. */
function syncWorldTargets(c: ActionContext, cloud: AccountRegion, nlb: Nlb): void {
  const wanted = new Set(listenersOf(c, nlb.id).flatMap((l) => [...l.targets.keys()]));
  const present = nlb.targetGroup.targets.map((t) => t.id);
  const add = [...wanted].filter((id) => !present.includes(id));
  const remove = present.filter((id) => !wanted.has(id));
  if (add.length > 0) cloud.nlbs.addTargets(nlb.id, add);
  if (remove.length > 0) cloud.nlbs.removeTargets(nlb.id, remove);
}

const createLoadBalancer: ActionRegistration = {
  service: clb,
  action: "CreateLoadBalancer",
  handler: async (c) => {
    const p = c.params;
    const type = p.required("LoadBalancerType");
    if (type !== "OPEN" && type !== "INTERNAL") throw invalidValue("LoadBalancerType", "It must be OPEN or INTERNAL.");
    const vpcId = p.string("VpcId");
    if (vpcId === undefined)
      throw new TencentError("MissingParameter", "The emulator has no basic network: give VpcId.");
    const subnetId = p.string("SubnetId");
    if (type === "INTERNAL" && subnetId === undefined) throw missingParameter("SubnetId");
    const name = p.string("LoadBalancerName");
    if (name !== undefined && (name.length > 60 || !/^[\w.\-\u4e00-\u9fa5]+$/.test(name))) {
      throw invalidValue(
        "LoadBalancerName",
        "It must be 1-60 letters, digits, Chinese characters, '-', '_' or '.'.",
        "InvalidParameter.FormatError",
      );
    }
    const count = p.int("Number", { min: 1, max: 20 }) ?? 1;
    // CLB names tag fields TagKey / TagValue.
    const tags = tagsParam(
      p.objects("Tags").map((t) => new Params({ Key: t.required("TagKey"), Value: t.string("TagValue") ?? "" })),
      "Tags",
    );
    return idempotent(c, (cloud, gate) => {
      const ids: string[] = [];
      for (let i = 0; i < count; i++) {
        const nlb = cloud.nlbs.create(
          {
            name: name ?? "Unnamed",
            tags,
            vpcId,
            ...(subnetId === undefined ? {} : { subnetId }),
            scheme: type === "OPEN" ? "internet-facing" : "internal",
            // A placeholder: Tencent's listeners are the front's (see above).
            listener: { protocol: "tcp", port: 80 },
            targetGroup: { protocol: "tcp", port: 80 },
          },
          gate,
        );
        ids.push(nlb.id);
        c.state.listeners.set(nlb.id, []);
        const task = c.state.tasks.get(c.requestId);
        if (task) task.loadBalancerIds.push(nlb.id);
        else {
          c.state.tasks.set(c.requestId, {
            until: c.world.clock.now() + c.world.timing.nlbProvisionMs,
            fails: gate.failsLater,
            loadBalancerIds: [nlb.id],
          });
        }
      }
      return { LoadBalancerIds: ids, DealName: "" };
    });
  },
};

const describeLoadBalancers: ActionRegistration = {
  service: clb,
  action: "DescribeLoadBalancers",
  handler: async (c) => {
    const ids = c.params.strings("LoadBalancerIds", { max: 20 });
    for (const id of ids ?? []) requireLbId(id, "LoadBalancerIds");
    const name = c.params.string("LoadBalancerName");
    const vpcId = c.params.string("VpcId");
    const type = c.params.oneOf("LoadBalancerType", ["OPEN", "INTERNAL"]);
    return c.call((cloud) => {
      const lbs = cloud.nlbs
        .list()
        .items.filter(
          (n) =>
            n.state !== "deleting" &&
            n.state !== "failed" &&
            (ids === undefined || ids.includes(n.id)) &&
            (name === undefined || n.name === name) &&
            (vpcId === undefined || n.vpc.id === vpcId) &&
            (type === undefined || (type === "OPEN") === (n.scheme === "internet-facing")),
        );
      const page = offsetPage(lbs, c.params, c.pages);
      return { TotalCount: page.total, LoadBalancerSet: page.items.map((n) => renderLb(c, n)) };
    });
  },
};

const deleteLoadBalancer: ActionRegistration = {
  service: clb,
  action: "DeleteLoadBalancer",
  handler: async (c) => {
    const ids = c.params.requiredStrings("LoadBalancerIds", { max: 20 });
    return c.call((cloud) => {
      for (const id of ids) requireLb(cloud, id);
      for (const id of ids) {
        startTask(c, id, "nlbDeleteMs");
        cloud.nlbs.delete(id);
        c.state.listeners.delete(id);
      }
      return {};
    });
  },
};

const createListener: ActionRegistration = {
  service: clb,
  action: "CreateListener",
  handler: async (c) => {
    const p = c.params;
    const lbId = p.required("LoadBalancerId");
    const ports = (p.values["Ports"] ?? []) as unknown;
    if (!Array.isArray(ports) || ports.length === 0) throw missingParameter("Ports");
    if (!ports.every((port) => Number.isInteger(port) && (port as number) >= 1 && (port as number) <= 65535)) {
      throw invalidValue("Ports", "Every port must be 1..65535.", "InvalidParameterValue.Range");
    }
    const protocol = p.required("Protocol");
    if (!["TCP", "UDP", "HTTP", "HTTPS", "TCP_SSL", "QUIC"].includes(protocol)) {
      throw invalidValue("Protocol", "It must be TCP, UDP, HTTP, HTTPS, TCP_SSL or QUIC.");
    }
    if (protocol !== "TCP" && protocol !== "UDP") {
      throw new TencentError("UnsupportedOperation", "The emulator serves layer-4 (TCP, UDP) listeners only.");
    }
    const names = p.strings("ListenerNames") ?? [];
    if (names.length > 0 && names.length !== ports.length) {
      throw invalidValue("ListenerNames", "It must hold one name per port.", "InvalidParameter.FormatError");
    }
    const health = healthOf(p.object("HealthCheck"));
    return c.call((cloud) => {
      const nlb = requireLb(cloud, lbId);
      const existing = listenersOf(c, lbId);
      for (const port of ports as number[]) {
        if (existing.some((l) => l.port === port && l.protocol === protocol)) {
          throw new TencentError(
            "InvalidParameter.PortCheckFailed",
            `Port ${port} already has a ${protocol} listener.`,
          );
        }
      }
      startTask(c, nlb.id, "nlbUpdateMs");
      const made = (ports as number[]).map((port, i): ClbListener => ({
        id: `lbl-${randomUUID().replace(/-/g, "").slice(0, 8)}`,
        name: names[i] ?? "",
        port,
        protocol: protocol,
        createdAt: c.world.clock.now(),
        targets: new Map(),
        health,
      }));
      existing.push(...made);
      return { ListenerIds: made.map((l) => l.id) };
    });
  },
};

const describeListeners: ActionRegistration = {
  service: clb,
  action: "DescribeListeners",
  handler: async (c) => {
    const lbId = c.params.required("LoadBalancerId");
    const ids = c.params.strings("ListenerIds");
    const protocol = c.params.string("Protocol");
    const port = c.params.int("Port", { min: 1, max: 65535 });
    return c.call((cloud) => {
      requireLb(cloud, lbId);
      const listeners = listenersOf(c, lbId).filter(
        (l) =>
          (ids === undefined || ids.includes(l.id)) &&
          (protocol === undefined || l.protocol === protocol) &&
          (port === undefined || l.port === port),
      );
      return {
        TotalCount: listeners.length,
        Listeners: listeners.map((l) => ({
          ListenerId: l.id,
          ListenerName: l.name,
          Protocol: l.protocol,
          Port: l.port,
          HealthCheck: renderHealth(l),
          Scheduler: "WRR",
          SessionExpireTime: 0,
          CreateTime: plainTime(l.createdAt),
          EndPort: 0,
          TargetType: "NODE",
          Rules: [],
        })),
      };
    });
  },
};

const deleteListener: ActionRegistration = {
  service: clb,
  action: "DeleteListener",
  handler: async (c) => {
    const lbId = c.params.required("LoadBalancerId");
    const listenerId = c.params.required("ListenerId");
    return c.call((cloud) => {
      const nlb = requireLb(cloud, lbId);
      requireListener(c, lbId, listenerId);
      startTask(c, lbId, "nlbUpdateMs");
      c.state.listeners.set(
        lbId,
        listenersOf(c, lbId).filter((l) => l.id !== listenerId),
      );
      syncWorldTargets(c, cloud, nlb);
      return {};
    });
  },
};

function targetsAction(action: "RegisterTargets" | "DeregisterTargets"): ActionRegistration {
  return {
    service: clb,
    action,
    handler: async (c) => {
      const lbId = c.params.required("LoadBalancerId");
      const listenerId = c.params.required("ListenerId");
      const targets = targetsParam(c);
      return c.call((cloud) => {
        const nlb = requireLb(cloud, lbId);
        const listener = requireListener(c, lbId, listenerId);
        for (const t of targets) {
          const vm = requireInstance(cloud, t.instanceId);
          if (action === "RegisterTargets" && vm.vpc.id !== nlb.vpc.id) {
            throw new TencentError("InvalidParameter", `The instance \`${vm.id}\` is not in the load balancer's VPC.`);
          }
          if (action === "DeregisterTargets" && listener.targets.get(t.instanceId)?.port !== t.port) {
            throw new TencentError(
              "InvalidParameter",
              `The instance \`${t.instanceId}\` port ${t.port} is not a target of the listener.`,
            );
          }
        }
        startTask(c, lbId, "nlbUpdateMs");
        for (const t of targets) {
          if (action === "RegisterTargets") listener.targets.set(t.instanceId, { port: t.port, weight: t.weight });
          else listener.targets.delete(t.instanceId);
        }
        syncWorldTargets(c, cloud, nlb);
        return {};
      });
    },
  };
}

const describeTargets: ActionRegistration = {
  service: clb,
  action: "DescribeTargets",
  handler: async (c) => {
    const lbId = c.params.required("LoadBalancerId");
    const ids = c.params.strings("ListenerIds");
    return c.call((cloud) => {
      requireLb(cloud, lbId);
      const listeners = listenersOf(c, lbId).filter((l) => ids === undefined || ids.includes(l.id));
      return {
        Listeners: listeners.map((l) => ({
          ListenerId: l.id,
          Protocol: l.protocol,
          Port: l.port,
          Rules: [],
          EndPort: 0,
          Targets: [...l.targets].map(([instanceId, t]) => {
            const vm = cloud.vms.get(instanceId);
            return {
              Type: "CVM",
              InstanceId: instanceId,
              Port: t.port,
              Weight: t.weight,
              PublicIpAddresses: vm.publicIp ? [vm.publicIp] : [],
              PrivateIpAddresses: [vm.privateIp],
              InstanceName: vm.name,
              RegisteredTime: plainTime(l.createdAt),
              Zone: vm.zone,
            };
          }),
        })),
      };
    });
  },
};

const describeTargetHealth: ActionRegistration = {
  service: clb,
  action: "DescribeTargetHealth",
  handler: async (c) => {
    const ids = c.params.requiredStrings("LoadBalancerIds", { max: 20 });
    const listenerIds = c.params.strings("ListenerIds");
    return c.call((cloud) => ({
      LoadBalancers: ids.map((id) => {
        const nlb = requireLb(cloud, id);
        const health = new Map(cloud.nlbs.targetHealth(id).map((h) => [h.vm.id, h.state]));
        return {
          LoadBalancerId: id,
          LoadBalancerName: nlb.name,
          Listeners: listenersOf(c, id)
            .filter((l) => listenerIds === undefined || listenerIds.includes(l.id))
            .map((l) => ({
              ListenerId: l.id,
              ListenerName: l.name,
              Protocol: l.protocol,
              Port: l.port,
              Rules: [
                {
                  LocationId: "",
                  Domain: "",
                  Url: "",
                  RuleId: "",
                  Targets: [...l.targets].map(([instanceId, t]) => {
                    const state = l.health.enabled ? health.get(instanceId) : undefined;
                    const detail = !l.health.enabled
                      ? "Close"
                      : state === "healthy"
                        ? "Alive"
                        : state === "unhealthy" || state === "unused"
                          ? "Dead"
                          : "Unknown";
                    return {
                      IP: cloud.vms.get(instanceId).privateIp,
                      Port: t.port,
                      HealthStatus: detail === "Alive",
                      TargetId: instanceId,
                      HealthStatusDetail: detail,
                      HealthStatusDetial: detail,
                      Weight: t.weight,
                    };
                  }),
                },
              ],
            })),
        };
      }),
    }));
  },
};

const describeTaskStatus: ActionRegistration = {
  service: clb,
  action: "DescribeTaskStatus",
  handler: async (c) => {
    const taskId = c.params.string("TaskId");
    if (taskId === undefined) {
      if (c.params.string("DealName") !== undefined) {
        throw new TencentError("UnsupportedOperation", "The emulator has no prepaid deals; ask by TaskId.");
      }
      throw missingParameter("TaskId");
    }
    return c.call(() => {
      const task = c.state.tasks.get(taskId);
      if (!task) throw new TencentError("InvalidParameter", `The task \`${taskId}\` does not exist.`);
      const running = c.world.clock.now() < task.until;
      return {
        Status: running ? 2 : task.fails ? 1 : 0,
        LoadBalancerIds: task.loadBalancerIds,
        Message: running ? "" : task.fails ? "The task failed." : "",
      };
    });
  },
};

export const clbActions: ActionRegistration[] = [
  createLoadBalancer,
  describeLoadBalancers,
  deleteLoadBalancer,
  createListener,
  describeListeners,
  deleteListener,
  targetsAction("RegisterTargets"),
  targetsAction("DeregisterTargets"),
  describeTargets,
  describeTargetHealth,
  describeTaskStatus,
];
