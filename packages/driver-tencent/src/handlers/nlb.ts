import { randomUUID } from "node:crypto";
import type { CallContext, HealthChecker, IID, NlbHandler, NlbInfo, NlbProtocol } from "@cloud-barista/core/driver";
import type {
  Backend,
  CreateListenerResponse,
  CreateLoadBalancerResponse,
  DescribeListenersResponse,
  DescribeLoadBalancersResponse,
  DescribeTargetHealthResponse,
  DescribeTargetsResponse,
  Listener,
  LoadBalancer,
} from "tencentcloud-sdk-nodejs/tencentcloud/services/clb/v20180317/clb_models.js";
import type { DescribeSubnetsResponse } from "tencentcloud-sdk-nodejs/tencentcloud/services/vpc/v20170312/vpc_models.js";
import { badAnswer, invalid, notFound, notSupported } from "../errors.js";
import { filters } from "../session.js";
import type { TencentSession } from "../session.js";
import { tagsOf, withoutKeys } from "../tags.js";
import { clbTask } from "./clb-task.js";

/** The tag that keeps the port of the VMs behind a load balancer (a CLB listener has none of its own). */
export const nlbVmPortTagKey = "cb-vm-port";

/** Health check defaults and Tencent's ranges: interval 2-300 s, timeout 2-60 s (below the interval), thresholds 2-10. */
export const healthDefaults = { intervalSec: 5, timeoutSec: 2, threshold: 3 } as const;

/** The weight of every target (Tencent's range 0-100; 10 is its default). */
const targetWeight = 10;

/** The health check the request asks for, with the driver's defaults, checked against Tencent's ranges. */
function healthOf(request: Partial<HealthChecker>, listener: NlbProtocol, vmPort: number): HealthChecker {
  const checker: HealthChecker = {
    protocol: request.protocol ?? "TCP",
    port: request.port ?? vmPort,
    intervalSec: request.intervalSec ?? healthDefaults.intervalSec,
    timeoutSec: request.timeoutSec ?? healthDefaults.timeoutSec,
    threshold: request.threshold ?? healthDefaults.threshold,
  };
  const check = (field: keyof HealthChecker, min: number, max: number) => {
    const value = checker[field] as number;
    if (!Number.isInteger(value) || value < min || value > max) {
      throw invalid(`healthChecker.${field}`, "range", `must be an integer from ${min} to ${max} on Tencent CLB`);
    }
  };
  check("port", 1, 65535);
  check("intervalSec", 2, 300);
  check("timeoutSec", 2, 60);
  check("threshold", 2, 10);
  if (checker.timeoutSec >= checker.intervalSec) {
    throw invalid("healthChecker.timeoutSec", "below-interval", "must be less than intervalSec on Tencent CLB");
  }
  if (checker.protocol === "HTTPS")
    throw notSupported("HTTPS health checks on a layer-4 CLB listener", "healthChecker.protocol");
  if (listener === "UDP" && checker.protocol !== "TCP") {
    throw notSupported("HTTP health checks on a UDP listener", "healthChecker.protocol");
  }
  return checker;
}

const targetsOf = (vms: readonly IID[], port: number) =>
  vms.map((vm) => ({ InstanceId: vm.systemId, Port: port, Type: "CVM", Weight: targetWeight }));

/**
 * Network load balancers as CLB (2018-03-17): a public (OPEN) or private (INTERNAL, in a subnet of
 * the VPC) load balancer, one TCP or UDP listener with its health check, and the VMs as targets of
 * the listener on the group's port (kept in a tag: a listener has no port for its targets). Every
 * mutating CLB call is asynchronous: the driver awaits its task (its RequestId) with
 * DescribeTaskStatus through the runtime's waiter before the next step. A read is
 * DescribeLoadBalancers, DescribeListeners and DescribeTargets.
 */
export function createNlbHandler(session: TencentSession): NlbHandler {
  const firstSubnet = async (ctx: CallContext, vpcId: string) => {
    const answer = await session.call<DescribeSubnetsResponse>(ctx, "DescribeSubnets", {
      Filters: filters({ "vpc-id": vpcId, zone: session.settings.zone }),
      Offset: "0",
      Limit: "1",
    });
    const id = answer.SubnetSet?.[0]?.SubnetId;
    if (!id) throw notFound("subnet", `any subnet of ${vpcId}`, session.region);
    return id;
  };

  const listenerOf = async (ctx: CallContext, id: string): Promise<Listener | undefined> => {
    const answer = await session.call<DescribeListenersResponse>(ctx, "DescribeListeners", { LoadBalancerId: id });
    return answer.Listeners?.[0];
  };

  const describe = async (ctx: CallContext, lb: LoadBalancer): Promise<NlbInfo> => {
    const id = lb.LoadBalancerId ?? "";
    const listener = await listenerOf(ctx, id);
    const targets = listener
      ? await session.call<DescribeTargetsResponse>(ctx, "DescribeTargets", {
          LoadBalancerId: id,
          ListenerIds: [listener.ListenerId ?? ""],
        })
      : undefined;
    const backends: Backend[] = targets?.Listeners?.find((l) => l.ListenerId === listener?.ListenerId)?.Targets ?? [];
    const all = tagsOf(lb.Tags);
    const tags = withoutKeys(all, [nlbVmPortTagKey]);
    const protocol: NlbProtocol = (listener?.Protocol ?? "TCP").toUpperCase() === "UDP" ? "UDP" : "TCP";
    const vmPort = Number(all?.[nlbVmPortTagKey] ?? backends[0]?.Port ?? listener?.Port ?? 0);
    const health = listener?.HealthCheck;
    const created = lb.CreateTime ? new Date(lb.CreateTime.replace(" ", "T")) : undefined;
    const ip = lb.LoadBalancerVips?.[0];
    return {
      iid: { nameId: lb.LoadBalancerName ?? "", systemId: id },
      vpcIID: { nameId: "", systemId: lb.VpcId ?? "" },
      type: lb.LoadBalancerType === "INTERNAL" ? "INTERNAL" : "PUBLIC",
      scope: "REGION",
      listener: { protocol, port: Number(listener?.Port ?? 0), ...(ip ? { ip } : {}) },
      vmGroup: {
        protocol,
        port: vmPort,
        vms: backends.map((b) => ({ nameId: "", systemId: b.InstanceId ?? "" })),
      },
      healthChecker: {
        protocol: (health?.CheckType ?? "TCP").toUpperCase() === "HTTP" ? "HTTP" : "TCP",
        port: Number(health?.CheckPort || vmPort),
        intervalSec: Number(health?.IntervalTime ?? healthDefaults.intervalSec),
        timeoutSec: Number(health?.TimeOut ?? healthDefaults.timeoutSec),
        threshold: Number(health?.HealthNum ?? healthDefaults.threshold),
      },
      ...(created && !Number.isNaN(created.getTime()) ? { createdAt: created } : {}),
      ...(tags ? { tags } : {}),
      extra: {
        nativeState: String(lb.Status ?? ""),
        ...(listener?.ListenerId ? { listenerId: listener.ListenerId } : {}),
      },
    };
  };

  const read = (ctx: CallContext, id: string) =>
    session.one<DescribeLoadBalancersResponse, LoadBalancer>(
      ctx,
      "DescribeLoadBalancers",
      { LoadBalancerIds: [id] },
      (a) => a.LoadBalancerSet?.find((l) => l.LoadBalancerId === id),
      { type: "nlb", id },
    );

  const get = async (nlb: IID, ctx: CallContext) => describe(ctx, await read(ctx, nlb.systemId));

  /** The listener and the VMs' port of a load balancer, for changes to its targets. */
  const targetsPlace = async (ctx: CallContext, id: string) => {
    const [lb, listener] = [await read(ctx, id), await listenerOf(ctx, id)];
    if (!listener?.ListenerId) throw notFound("listener", `of load balancer ${id}`, session.region);
    const port = Number(tagsOf(lb.Tags)?.[nlbVmPortTagKey] ?? listener.Port ?? 0);
    return { listenerId: listener.ListenerId, port };
  };

  return {
    async create(request, ctx) {
      if (request.scope === "GLOBAL") throw notSupported("global load balancers", "scope");
      if (request.listener.protocol !== request.vmGroup.protocol) {
        throw invalid("vmGroup.protocol", "same-protocol", "must be the listener's protocol on Tencent CLB");
      }
      const health = healthOf(request.healthChecker, request.listener.protocol, request.vmGroup.port);
      const internal = request.type === "INTERNAL";
      const subnet = internal ? await firstSubnet(ctx, request.vpcIID.systemId) : undefined;
      return ctx.compensate(async (undo) => {
        const tags = { ...request.tags, [nlbVmPortTagKey]: String(request.vmGroup.port) };
        const made = await clbTask(session, ctx, "CreateLoadBalancer", () =>
          session.create<CreateLoadBalancerResponse>(
            ctx,
            "CreateLoadBalancer",
            {
              LoadBalancerType: internal ? "INTERNAL" : "OPEN",
              LoadBalancerName: request.name,
              VpcId: request.vpcIID.systemId,
              ...(subnet ? { SubnetId: subnet } : {}),
              ProjectId: session.settings.projectId,
              Tags: Object.entries(tags).map(([TagKey, TagValue]) => ({ TagKey, TagValue })),
            },
            randomUUID(),
          ),
        );
        const id = made.LoadBalancerIds?.[0];
        if (!id) throw badAnswer("CreateLoadBalancer: no LoadBalancerId in the answer");
        ctx.created(id);
        undo(`delete load balancer ${id}`, (u) =>
          clbTask(session, u, "DeleteLoadBalancer", () =>
            session.call(u, "DeleteLoadBalancer", { LoadBalancerIds: [id] }),
          ),
        );
        const listener = await clbTask(session, ctx, "CreateListener", () =>
          session.call<CreateListenerResponse>(ctx, "CreateListener", {
            LoadBalancerId: id,
            Ports: [request.listener.port],
            Protocol: request.listener.protocol,
            ListenerNames: [`${request.listener.protocol.toLowerCase()}_${request.listener.port}`],
            HealthCheck: {
              HealthSwitch: 1,
              TimeOut: health.timeoutSec,
              IntervalTime: health.intervalSec,
              HealthNum: health.threshold,
              UnHealthNum: health.threshold,
              CheckPort: health.port,
              CheckType: health.protocol === "HTTP" ? "HTTP" : "TCP",
              ...(health.protocol === "HTTP" ? { HttpCheckPath: "/", HttpCode: 2 } : {}),
            },
          }),
        );
        const listenerId = listener.ListenerIds?.[0];
        if (!listenerId) throw badAnswer("CreateListener: no ListenerId in the answer");
        if (request.vmGroup.vms.length > 0) {
          await clbTask(session, ctx, "RegisterTargets", () =>
            session.call(ctx, "RegisterTargets", {
              LoadBalancerId: id,
              ListenerId: listenerId,
              Targets: targetsOf(request.vmGroup.vms, request.vmGroup.port),
            }),
          );
        }
        const info: NlbInfo = {
          iid: { nameId: request.name, systemId: id },
          vpcIID: request.vpcIID,
          type: internal ? "INTERNAL" : "PUBLIC",
          scope: "REGION",
          listener: request.listener,
          vmGroup: request.vmGroup,
          healthChecker: health,
          ...(request.tags ? { tags: request.tags } : {}),
          extra: { listenerId },
        };
        return info;
      });
    },
    get,
    list: (ctx) =>
      (async function* () {
        const pages = session.pages<DescribeLoadBalancersResponse, LoadBalancer>(
          ctx,
          "DescribeLoadBalancers",
          {},
          (a) => a.LoadBalancerSet,
          { pageSize: Math.min(session.settings.pageSize, 100) },
        );
        for await (const lb of pages) if (lb.LoadBalancerId) yield await describe(ctx, lb);
      })(),
    async delete(nlb, ctx) {
      await clbTask(session, ctx, "DeleteLoadBalancer", () =>
        session.call(ctx, "DeleteLoadBalancer", { LoadBalancerIds: [nlb.systemId] }),
      );
    },
    async addVms(nlb, vms, ctx) {
      const { listenerId, port } = await targetsPlace(ctx, nlb.systemId);
      await clbTask(session, ctx, "RegisterTargets", () =>
        session.call(ctx, "RegisterTargets", {
          LoadBalancerId: nlb.systemId,
          ListenerId: listenerId,
          Targets: targetsOf(vms, port),
        }),
      );
      return get(nlb, ctx);
    },
    async removeVms(nlb, vms, ctx) {
      const { listenerId, port } = await targetsPlace(ctx, nlb.systemId);
      await clbTask(session, ctx, "DeregisterTargets", () =>
        session.call(ctx, "DeregisterTargets", {
          LoadBalancerId: nlb.systemId,
          ListenerId: listenerId,
          Targets: vms.map((vm) => ({ InstanceId: vm.systemId, Port: port })),
        }),
      );
    },
    async getHealth(nlb, ctx) {
      const answer = await session.call<DescribeTargetHealthResponse>(ctx, "DescribeTargetHealth", {
        LoadBalancerIds: [nlb.systemId],
      });
      const targets = (answer.LoadBalancers ?? [])
        .filter((lb) => lb.LoadBalancerId === undefined || lb.LoadBalancerId === nlb.systemId)
        .flatMap((lb) => lb.Listeners ?? [])
        .flatMap((l) => l.Rules ?? [])
        .flatMap((r) => r.Targets ?? []);
      const byId = new Map<string, boolean>();
      for (const t of targets) {
        if (t.TargetId) byId.set(t.TargetId, (byId.get(t.TargetId) ?? true) && t.HealthStatus === true);
      }
      const iid = (id: string): IID => ({ nameId: "", systemId: id });
      const all = [...byId.keys()];
      return {
        all: all.map(iid),
        healthy: all.filter((id) => byId.get(id)).map(iid),
        unhealthy: all.filter((id) => !byId.get(id)).map(iid),
      };
    },
  };
}
