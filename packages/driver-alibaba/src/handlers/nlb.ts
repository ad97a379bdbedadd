import { randomUUID } from "node:crypto";
import { ownRecord } from "@cloud-barista/core/driver";
import type { CallContext, HealthChecker, IID, NlbHandler, NlbInfo, NlbProtocol } from "@cloud-barista/core/driver";
import { badAnswer, invalid, notFound, notSupported } from "../errors.js";
import type { AlibabaSession, RpcAnswer } from "../session.js";
import { tagsOf } from "../tags.js";
import { onAvailableNetwork } from "./vpc.js";
import type { AnsweredTag } from "../tags.js";

/** The tag that keeps an internet-facing SLB's VPC (Alibaba records a VPC for intranet ones only). */
export const nlbVpcTagKey = "cb-vpc-id";

/** The SLB spec of new load balancers (pay by spec, the smallest shared-performance one). */
export const slbSpec = "slb.s1.small";

/** Health check defaults and Alibaba's ranges: interval 1-50 s, timeout 1-300 s, thresholds 2-10. */
export const healthDefaults = { intervalSec: 2, timeoutSec: 5, threshold: 3 } as const;

interface AlibabaLoadBalancer {
  LoadBalancerId?: string;
  LoadBalancerName?: string;
  LoadBalancerStatus?: string;
  Address?: string;
  AddressType?: string;
  VpcId?: string;
  CreateTime?: string;
  CreateTimeStamp?: number;
  Tags?: { Tag?: AnsweredTag[] };
}

interface LoadBalancersAnswer extends RpcAnswer {
  TotalCount?: number;
  LoadBalancers?: { LoadBalancer?: AlibabaLoadBalancer[] };
}

interface AttributeAnswer extends RpcAnswer, AlibabaLoadBalancer {
  ListenerPortsAndProtocol?: { ListenerPortAndProtocol?: { ListenerPort?: number; ListenerProtocol?: string }[] };
  BackendServers?: { BackendServer?: { ServerId?: string; Weight?: number }[] };
}

interface ListenerAnswer extends RpcAnswer {
  ListenerPort?: number;
  BackendServerPort?: number;
  HealthCheck?: string;
  HealthCheckType?: string;
  HealthCheckConnectPort?: number;
  HealthyThreshold?: number;
  UnhealthyThreshold?: number;
  HealthCheckConnectTimeout?: number;
  HealthCheckInterval?: number;
}

interface HealthAnswer extends RpcAnswer {
  BackendServers?: { BackendServer?: { ServerId?: string; ServerHealthStatus?: string }[] };
}

const listenerApis = {
  TCP: { create: "CreateLoadBalancerTCPListener", read: "DescribeLoadBalancerTCPListenerAttribute" },
  UDP: { create: "CreateLoadBalancerUDPListener", read: "DescribeLoadBalancerUDPListenerAttribute" },
} as const;

const servers = (vms: readonly IID[]) =>
  JSON.stringify(vms.map((vm) => ({ ServerId: vm.systemId, Weight: "100", Type: "ecs" })));

/** The health check the request asks for, with the driver's defaults, checked against Alibaba's ranges. */
function healthOf(request: Partial<HealthChecker>, listener: NlbProtocol, backendPort: number): HealthChecker {
  const checker: HealthChecker = {
    protocol: request.protocol ?? "TCP",
    port: request.port ?? backendPort,
    intervalSec: request.intervalSec ?? healthDefaults.intervalSec,
    timeoutSec: request.timeoutSec ?? healthDefaults.timeoutSec,
    threshold: request.threshold ?? healthDefaults.threshold,
  };
  const check = (field: keyof HealthChecker, min: number, max: number) => {
    const value = checker[field] as number;
    if (!Number.isInteger(value) || value < min || value > max) {
      throw invalid(`healthChecker.${field}`, "range", `must be an integer from ${min} to ${max} on Alibaba SLB`);
    }
  };
  check("port", 1, 65535);
  check("intervalSec", 1, 50);
  check("timeoutSec", 1, 300);
  check("threshold", 2, 10);
  if (checker.protocol === "HTTPS")
    throw notSupported("HTTPS health checks on a layer-4 SLB listener", "healthChecker.protocol");
  if (listener === "UDP" && checker.protocol !== "TCP") {
    throw notSupported("HTTP health checks on a UDP listener", "healthChecker.protocol");
  }
  return checker;
}

/**
 * Network load balancers as classic SLB (2014-05-15): an internet (PUBLIC) or intranet (INTERNAL,
 * in a VSwitch of the VPC) instance pay-as-you-go, one TCP or UDP listener with its health check,
 * started, and the VMs as backend servers (weight 100) on the listener's backend port. A read is
 * DescribeLoadBalancers (name, address, tags), DescribeLoadBalancerAttribute (listener and backend
 * servers) and the listener's attribute (port and health check).
 */
export function createNlbHandler(session: AlibabaSession): NlbHandler {
  const firstVSwitch = async (ctx: CallContext, vpcId: string) => {
    const answer = await session.call<
      RpcAnswer & { VSwitches?: { VSwitch?: { VSwitchId?: string; ZoneId?: string }[] } }
    >(ctx, "DescribeVSwitches", { VpcId: vpcId, ZoneId: session.settings.zone });
    const id = answer.VSwitches?.VSwitch?.[0]?.VSwitchId;
    if (!id) throw notFound("subnet", `any VSwitch of ${vpcId}`, session.region);
    return id;
  };

  const describe = async (ctx: CallContext, lb: AlibabaLoadBalancer): Promise<NlbInfo> => {
    const id = lb.LoadBalancerId ?? "";
    const attribute = await session.call<AttributeAnswer>(ctx, "DescribeLoadBalancerAttribute", { LoadBalancerId: id });
    const first = attribute.ListenerPortsAndProtocol?.ListenerPortAndProtocol?.[0];
    const protocol: NlbProtocol = (first?.ListenerProtocol ?? "tcp").toUpperCase() === "UDP" ? "UDP" : "TCP";
    const listener = first?.ListenerPort
      ? await session.call<ListenerAnswer>(ctx, listenerApis[protocol].read, {
          LoadBalancerId: id,
          ListenerPort: first.ListenerPort,
        })
      : undefined;
    const tags = ownRecord(tagsOf(lb.Tags) ?? {});
    const vpcId = lb.VpcId || tags[nlbVpcTagKey] || "";
    delete tags[nlbVpcTagKey];
    const backendPort = Number(listener?.BackendServerPort ?? 0);
    const created = lb.CreateTimeStamp
      ? new Date(Number(lb.CreateTimeStamp))
      : lb.CreateTime
        ? new Date(lb.CreateTime)
        : undefined;
    return {
      iid: { nameId: lb.LoadBalancerName ?? attribute.LoadBalancerName ?? "", systemId: id },
      vpcIID: { nameId: "", systemId: vpcId },
      type: (lb.AddressType ?? attribute.AddressType) === "intranet" ? "INTERNAL" : "PUBLIC",
      scope: "REGION",
      listener: {
        protocol,
        port: Number(first?.ListenerPort ?? 0),
        ...((lb.Address ?? attribute.Address) ? { ip: lb.Address ?? attribute.Address } : {}),
      },
      vmGroup: {
        protocol,
        port: backendPort,
        vms: (attribute.BackendServers?.BackendServer ?? []).map((s) => ({ nameId: "", systemId: s.ServerId ?? "" })),
      },
      healthChecker: {
        protocol: listener?.HealthCheckType === "http" ? "HTTP" : "TCP",
        port: Number(listener?.HealthCheckConnectPort || backendPort),
        intervalSec: Number(listener?.HealthCheckInterval ?? healthDefaults.intervalSec),
        timeoutSec: Number(listener?.HealthCheckConnectTimeout ?? healthDefaults.timeoutSec),
        threshold: Number(listener?.HealthyThreshold ?? healthDefaults.threshold),
      },
      ...(created && !Number.isNaN(created.getTime()) ? { createdAt: created } : {}),
      ...(Object.keys(tags).length > 0 ? { tags: tags } : {}),
      extra: { nativeState: lb.LoadBalancerStatus ?? attribute.LoadBalancerStatus ?? "" },
    };
  };

  const read = async (ctx: CallContext, id: string): Promise<AlibabaLoadBalancer> => {
    return session.one<LoadBalancersAnswer, AlibabaLoadBalancer>(
      ctx,
      "DescribeLoadBalancers",
      { LoadBalancerId: id },
      (a) => a.LoadBalancers?.LoadBalancer?.find((l) => l.LoadBalancerId === id),
      { type: "nlb", id },
    );
  };

  const get = async (nlb: IID, ctx: CallContext) => describe(ctx, await read(ctx, nlb.systemId));

  return {
    async create(request, ctx) {
      if (request.scope === "GLOBAL") throw notSupported("global load balancers", "scope");
      if (request.listener.protocol !== request.vmGroup.protocol) {
        throw invalid("vmGroup.protocol", "same-protocol", "must be the listener's protocol on Alibaba SLB");
      }
      const health = healthOf(request.healthChecker, request.listener.protocol, request.vmGroup.port);
      const internal = request.type === "INTERNAL";
      const vswitch = internal ? await firstVSwitch(ctx, request.vpcIID.systemId) : undefined;
      return ctx.compensate(async (undo) => {
        const token = randomUUID();
        const create = () =>
          session.create<RpcAnswer & { LoadBalancerId?: string; Address?: string }>(
            ctx,
            "CreateLoadBalancer",
            {
              LoadBalancerName: request.name,
              AddressType: internal ? "intranet" : "internet",
              // VpcId also for an internet SLB: Alibaba records it for intranet ones only (hence the tag).
              VpcId: request.vpcIID.systemId,
              ...(internal ? { VSwitchId: vswitch } : {}),
              LoadBalancerSpec: slbSpec,
              PayType: "PayOnDemand",
              ...(internal ? {} : { InternetChargeType: "paybytraffic" }),
            },
            token,
          );
        // An intranet SLB in a VSwitch made a moment ago waits for it instead of failing.
        const network = { vpcId: request.vpcIID.systemId, vswitchId: vswitch };
        const made = await onAvailableNetwork(session, ctx, network, create);
        const id = made.LoadBalancerId;
        if (!id) throw badAnswer("CreateLoadBalancer: no LoadBalancerId in the answer");
        ctx.created(id);
        undo(`delete load balancer ${id}`, (u) => session.call(u, "DeleteLoadBalancer", { LoadBalancerId: id }));
        const tags = { ...request.tags, ...(internal ? {} : { [nlbVpcTagKey]: request.vpcIID.systemId }) };
        if (Object.keys(tags).length > 0) {
          await session.call(ctx, "slb:TagResources", {
            ResourceType: "instance",
            ResourceId: [id],
            Tag: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })),
          });
        }
        const port = request.listener.port;
        await session.call(ctx, listenerApis[request.listener.protocol].create, {
          LoadBalancerId: id,
          ListenerPort: port,
          BackendServerPort: request.vmGroup.port,
          Bandwidth: -1,
          HealthCheckType: health.protocol === "HTTP" ? "http" : "tcp",
          ...(health.protocol === "HTTP" ? { HealthCheckURI: "/" } : {}),
          HealthCheckConnectPort: health.port,
          HealthyThreshold: health.threshold,
          UnhealthyThreshold: health.threshold,
          HealthCheckConnectTimeout: health.timeoutSec,
          HealthCheckInterval: health.intervalSec,
        });
        await session.call(ctx, "StartLoadBalancerListener", { LoadBalancerId: id, ListenerPort: port });
        if (request.vmGroup.vms.length > 0) {
          await session.call(ctx, "AddBackendServers", {
            LoadBalancerId: id,
            BackendServers: servers(request.vmGroup.vms),
          });
        }
        const info: NlbInfo = {
          iid: { nameId: request.name, systemId: id },
          vpcIID: request.vpcIID,
          type: internal ? "INTERNAL" : "PUBLIC",
          scope: "REGION",
          listener: { ...request.listener, ...(made.Address ? { ip: made.Address } : {}) },
          vmGroup: request.vmGroup,
          healthChecker: health,
          ...(request.tags ? { tags: request.tags } : {}),
        };
        return info;
      });
    },
    get,
    list: (ctx) =>
      (async function* () {
        const pages = session.pages<LoadBalancersAnswer, AlibabaLoadBalancer>(
          ctx,
          "DescribeLoadBalancers",
          {},
          (a) => a.LoadBalancers?.LoadBalancer,
        );
        for await (const lb of pages) if (lb.LoadBalancerId) yield await describe(ctx, lb);
      })(),
    async delete(nlb, ctx) {
      await session.call(ctx, "DeleteLoadBalancer", { LoadBalancerId: nlb.systemId });
    },
    async addVms(nlb, vms, ctx) {
      await session.call(ctx, "AddBackendServers", { LoadBalancerId: nlb.systemId, BackendServers: servers(vms) });
      return get(nlb, ctx);
    },
    async removeVms(nlb, vms, ctx) {
      await session.call(ctx, "RemoveBackendServers", { LoadBalancerId: nlb.systemId, BackendServers: servers(vms) });
    },
    async getHealth(nlb, ctx) {
      const attribute = await session.call<AttributeAnswer>(ctx, "DescribeLoadBalancerAttribute", {
        LoadBalancerId: nlb.systemId,
      });
      const port = attribute.ListenerPortsAndProtocol?.ListenerPortAndProtocol?.[0]?.ListenerPort;
      const health = await session.call<HealthAnswer>(ctx, "DescribeHealthStatus", {
        LoadBalancerId: nlb.systemId,
        ListenerPort: port,
      });
      const all = (attribute.BackendServers?.BackendServer ?? []).map((s) => s.ServerId ?? "");
      const status = new Map(
        (health.BackendServers?.BackendServer ?? []).map((s) => [s.ServerId, s.ServerHealthStatus]),
      );
      const iid = (id: string): IID => ({ nameId: "", systemId: id });
      return {
        all: all.map(iid),
        healthy: all.filter((id) => status.get(id) === "normal").map(iid),
        unhealthy: all.filter((id) => status.get(id) !== "normal").map(iid),
      };
    },
  };
}
