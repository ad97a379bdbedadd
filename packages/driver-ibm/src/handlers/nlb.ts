import { isBaristaError } from "@cloud-barista/core/driver";
import type { CallContext, HealthChecker, IID, NlbHandler, NlbInfo, NlbProtocol } from "@cloud-barista/core/driver";
import { badAnswer, invalid } from "../errors.js";
import { awaitGone, awaitState } from "../lifecycle.js";
import type { IbmSession } from "../session.js";
import { tagCreated } from "../tagging.js";
import type { IbmSubnet, Ref } from "./native-types.js";

interface IbmLoadBalancer extends Ref {
  is_public?: boolean;
  provisioning_status?: string;
  operating_status?: string;
  hostname?: string;
  created_at?: string;
  profile?: Ref & { family?: string };
  subnets?: (Ref & { vpc?: Ref })[];
  listeners?: Ref[];
  pools?: Ref[];
  public_ips?: { address?: string }[];
  private_ips?: { address?: string }[];
}

interface IbmListener {
  id?: string;
  port?: number;
  protocol?: string;
  default_pool?: Ref;
}

interface IbmPool {
  id?: string;
  name?: string;
  protocol?: string;
  health_monitor?: { type?: string; delay?: number; timeout?: number; max_retries?: number; port?: number };
}

interface IbmMember {
  id?: string;
  port?: number;
  health?: string;
  target?: Ref;
}

/** The profile of IBM's network load balancers. */
export const nlbProfile = "network-fixed";

const defaults: HealthChecker = { protocol: "TCP", port: 0, intervalSec: 10, timeoutSec: 5, threshold: 3 };

/**
 * Network load balancers (profile `network-fixed`): one `create_load_balancer` with its pool
 * (members, health monitor) and listener, in the VPC's first subnet. IBM refuses changes while a
 * load balancer is not `active` (409): each create and change is followed by a wait for `active`
 * through the runtime's waiter, and a change refused as a conflict waits and is sent again once.
 */
export function createNlbHandler(session: IbmSession): NlbHandler {
  const readLb = (ctx: CallContext, id: string) => session.call<IbmLoadBalancer>(ctx, "get_load_balancer", { id });

  const active = (ctx: CallContext, id: string) =>
    awaitState(ctx, `load balancer ${id}`, "nlb", ["active"], () =>
      // A load balancer made a moment ago may be unseen for a while.
      ctx.whenVisible([id], async () => (await readLb(ctx, id)).provisioning_status),
    );

  /** A change, sent again once after the load balancer is active when IBM refused it as a conflict. */
  const change = async <T>(ctx: CallContext, id: string, send: () => Promise<T>): Promise<T> => {
    try {
      return await send();
    } catch (error) {
      if (!isBaristaError(error, "Conflict")) throw error;
      await active(ctx, id);
      return send();
    }
  };

  const poolOf = (lb: IbmLoadBalancer): string => {
    const pool = lb.pools?.[0]?.id;
    if (!pool) throw badAnswer(`load balancer ${lb.id ?? ""} has no pool`);
    return pool;
  };

  const membersOf = (ctx: CallContext, lbId: string, poolId: string) =>
    session.call<{ members?: IbmMember[] }>(ctx, "list_load_balancer_pool_members", {
      load_balancer_id: lbId,
      pool_id: poolId,
    });

  const toInfo = async (ctx: CallContext, lb: IbmLoadBalancer): Promise<NlbInfo> => {
    const id = lb.id ?? "";
    const listenerId = lb.listeners?.[0]?.id;
    const poolId = lb.pools?.[0]?.id;
    const listener = listenerId
      ? await session.call<IbmListener>(ctx, "get_load_balancer_listener", { load_balancer_id: id, id: listenerId })
      : {};
    const pool = poolId
      ? await session.call<IbmPool>(ctx, "get_load_balancer_pool", { load_balancer_id: id, id: poolId })
      : {};
    const members = poolId ? ((await membersOf(ctx, id, poolId)).members ?? []) : [];
    const monitor = pool.health_monitor;
    const protocol = (pool.protocol ?? listener.protocol ?? "tcp").toUpperCase() as NlbProtocol;
    const created = lb.created_at ? new Date(lb.created_at) : undefined;
    const ip = (lb.is_public ? lb.public_ips : lb.private_ips)?.[0]?.address;
    const vpc = lb.subnets?.find((s) => s.vpc)?.vpc;
    return {
      iid: { nameId: lb.name ?? "", systemId: id },
      vpcIID: { nameId: vpc?.name ?? "", systemId: vpc?.id ?? "" },
      type: lb.is_public === false ? "INTERNAL" : "PUBLIC",
      scope: "REGION",
      listener: {
        protocol: (listener.protocol ?? "tcp").toUpperCase() as NlbProtocol,
        port: listener.port ?? 0,
        ...(ip ? { ip } : {}),
        ...(lb.hostname ? { dnsName: lb.hostname } : {}),
      },
      vmGroup: {
        protocol,
        port: members[0]?.port ?? 0,
        vms: members.flatMap((m) => (m.target?.id ? [{ nameId: m.target.name ?? "", systemId: m.target.id }] : [])),
      },
      healthChecker: {
        protocol: (monitor?.type ?? "tcp").toUpperCase() as HealthChecker["protocol"],
        port: monitor?.port ?? members[0]?.port ?? 0,
        intervalSec: monitor?.delay ?? defaults.intervalSec,
        timeoutSec: monitor?.timeout ?? defaults.timeoutSec,
        threshold: monitor?.max_retries ?? defaults.threshold,
      },
      ...(created && !Number.isNaN(created.getTime()) ? { createdAt: created } : {}),
      extra: { provisioningStatus: lb.provisioning_status ?? "", operatingStatus: lb.operating_status ?? "" },
    };
  };

  return {
    async create(request, ctx) {
      if (request.listener.protocol !== request.vmGroup.protocol) {
        throw invalid(
          "vmGroup.protocol",
          "same-protocol",
          "must be the listener's protocol on an IBM network load balancer",
        );
      }
      const subnets = await session.all<IbmSubnet>(ctx, "list_subnets", "subnets", {
        "vpc.id": request.vpcIID.systemId,
      });
      const subnet = subnets.find((s) => s.id);
      if (!subnet?.id) throw invalid("vpcName", "subnet", "the VPC has no subnet for the load balancer");
      const check = { ...defaults, port: request.vmGroup.port, ...request.healthChecker };
      const protocol = request.listener.protocol.toLowerCase();
      const pool = `${request.name}-pool`.slice(0, 63);
      const made = await session.call<IbmLoadBalancer>(
        ctx,
        "create_load_balancer",
        {},
        {
          name: request.name,
          is_public: request.type !== "INTERNAL",
          profile: { name: nlbProfile },
          subnets: [{ id: subnet.id }],
          pools: [
            {
              name: pool,
              algorithm: "round_robin",
              protocol,
              health_monitor: {
                type: check.protocol.toLowerCase(),
                delay: check.intervalSec,
                timeout: check.timeoutSec,
                max_retries: check.threshold,
                port: check.port,
              },
              members: request.vmGroup.vms.map((vm) => ({ port: request.vmGroup.port, target: { id: vm.systemId } })),
            },
          ],
          listeners: [{ protocol, port: request.listener.port, default_pool: { name: pool } }],
          ...session.resourceGroup(),
        },
      );
      const id = made.id;
      if (!id) throw badAnswer("create_load_balancer: no id in the answer");
      ctx.created(id);
      if (made.crn) session.crns.set(id, made.crn);
      await tagCreated(session, ctx, made, request.tags, (u) => session.call(u, "delete_load_balancer", { id }));
      await active(ctx, id);
      const info = await toInfo(ctx, await readLb(ctx, id));
      return { ...info, vpcIID: request.vpcIID };
    },
    get: async (nlb, ctx) => toInfo(ctx, await readLb(ctx, nlb.systemId)),
    list: (ctx) =>
      (async function* () {
        for await (const lb of session.list<IbmLoadBalancer>(ctx, "list_load_balancers", "load_balancers")) {
          if (lb.profile?.family !== undefined && lb.profile.family.toLowerCase() !== "network") continue;
          yield toInfo(ctx, lb);
        }
      })(),
    async delete(nlb, ctx) {
      await change(ctx, nlb.systemId, () => session.call(ctx, "delete_load_balancer", { id: nlb.systemId }));
      await awaitGone(ctx, `load balancer ${nlb.systemId}`, "nlb", async () => {
        const status = (await readLb(ctx, nlb.systemId)).provisioning_status;
        return status === "failed" ? "failed" : status;
      });
      session.crns.forget(nlb.systemId);
    },
    async addVms(nlb, vms, ctx) {
      const lb = await readLb(ctx, nlb.systemId);
      const pool = poolOf(lb);
      const members = (await membersOf(ctx, nlb.systemId, pool)).members ?? [];
      const port = members[0]?.port ?? 0;
      for (const vm of vms) {
        if (members.some((m) => m.target?.id === vm.systemId)) continue;
        await change(ctx, nlb.systemId, () =>
          session.call(
            ctx,
            "create_load_balancer_pool_member",
            { load_balancer_id: nlb.systemId, pool_id: pool },
            {
              port,
              target: { id: vm.systemId },
            },
          ),
        );
        await active(ctx, nlb.systemId);
      }
      return toInfo(ctx, await readLb(ctx, nlb.systemId));
    },
    async removeVms(nlb, vms, ctx) {
      const lb = await readLb(ctx, nlb.systemId);
      const pool = poolOf(lb);
      const members = (await membersOf(ctx, nlb.systemId, pool)).members ?? [];
      for (const vm of vms) {
        const member = members.find((m) => m.target?.id === vm.systemId);
        if (!member?.id) continue;
        const params = { load_balancer_id: nlb.systemId, pool_id: pool, id: member.id };
        await change(ctx, nlb.systemId, () => session.call(ctx, "delete_load_balancer_pool_member", params));
        await active(ctx, nlb.systemId);
      }
    },
    async getHealth(nlb, ctx) {
      const lb = await readLb(ctx, nlb.systemId);
      const members = (await membersOf(ctx, nlb.systemId, poolOf(lb))).members ?? [];
      const iidOf = (m: IbmMember): IID => ({ nameId: m.target?.name ?? "", systemId: m.target?.id ?? "" });
      const all = members.filter((m) => m.target?.id);
      return {
        all: all.map(iidOf),
        healthy: all.filter((m) => m.health === "ok").map(iidOf),
        unhealthy: all.filter((m) => m.health !== "ok").map(iidOf),
      };
    },
  };
}
