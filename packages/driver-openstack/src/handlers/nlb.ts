import type {
  CallContext,
  HealthCheckProtocol,
  IID,
  NlbHandler,
  NlbInfo,
  NlbProtocol,
} from "@cloud-barista/core/driver";
import { badAnswer, invalid, notFound } from "../errors.js";
import type { OpenStackSession } from "../session.js";
import { decodeTags, encodeTags } from "../tags.js";
import type {
  NeutronFloatingIp,
  NeutronPort,
  NeutronSubnet,
  OctaviaHealthMonitor,
  OctaviaListener,
  OctaviaLoadBalancer,
  OctaviaMember,
  OctaviaPool,
} from "./native-types.js";
import { attachFloatingIp, portsOf, releaseFloatingIps } from "./network.js";

const healthDefaults = { intervalSec: 10, timeoutSec: 5, threshold: 3 };

/**
 * A load balancer once no change is pending: Octavia refuses any change to a balancer or its
 * children while it is PENDING_* ("immutable"), also right after a tag update. ERROR is final: a
 * failure, unless the caller is about to delete it (ERROR balancers can be deleted).
 */
export function settledLoadBalancer(
  session: OpenStackSession,
  ctx: CallContext,
  id: string,
  deleting = false,
): Promise<OctaviaLoadBalancer> {
  return ctx.waitUntil({
    description: `load balancer ${id} to be ACTIVE`,
    deadline: "nlb",
    read: () => session.call<OctaviaLoadBalancer>(ctx, "octavia:ShowLoadBalancer", { id }),
    accept: ({ provisioning_status: status }) =>
      status === "ACTIVE" || (deleting && status === "ERROR")
        ? "success"
        : status.startsWith("PENDING")
          ? "retry"
          : "failure",
    describeFailure: (lb) => lb.provisioning_status,
  });
}

/** A member address of a VM: its port's first fixed IP. */
async function memberOf(
  session: OpenStackSession,
  ctx: CallContext,
  vm: IID,
  port: number,
  monitorPort: number | undefined,
): Promise<Record<string, unknown>> {
  const [nic] = await portsOf(session, ctx, vm.systemId);
  const fixed = nic?.fixed_ips[0];
  if (!fixed) throw invalid("vmGroup.vms", "has-address", `VM ${vm.nameId} has no address to balance to`);
  return {
    address: fixed.ip_address,
    protocol_port: port,
    subnet_id: fixed.subnet_id,
    ...(monitorPort === undefined ? {} : { monitor_port: monitorPort }),
  };
}

/**
 * Octavia load balancers: created fully populated in one call (listener, default pool, members,
 * health monitor), VIP in the VPC's first subnet. A PUBLIC balancer gets a floating IP on its VIP
 * port. Octavia refuses changes while a balancer is PENDING_*, so every change waits for ACTIVE.
 */
export function createNlbHandler(session: OpenStackSession): NlbHandler {
  const showLb = async (ctx: CallContext, id: string) =>
    session.call<OctaviaLoadBalancer>(ctx, "octavia:ShowLoadBalancer", { id });
  const waitActive = (ctx: CallContext, id: string) => settledLoadBalancer(session, ctx, id);
  const poolOf = (lb: OctaviaLoadBalancer): string => {
    const pool = lb.pools[0];
    if (!pool) throw badAnswer(`load balancer ${lb.id} has no pool`);
    return pool.id;
  };
  const members = (ctx: CallContext, poolId: string) =>
    session.listArray<OctaviaMember>(ctx, "octavia:ListMembers", { pool: poolId });
  /** VMs behind member addresses, from the ports of the balancer's network. */
  const vmsByAddress = async (ctx: CallContext, networkId: string): Promise<Map<string, string>> => {
    const ports = await session.listArray<NeutronPort>(ctx, "neutron:ListPorts", { network_id: networkId });
    return new Map(
      ports
        .filter((p) => p.device_owner.startsWith("compute:"))
        .flatMap((p) => p.fixed_ips.map((f) => [f.ip_address, p.device_id] as [string, string])),
    );
  };

  const describe = async (ctx: CallContext, lb: OctaviaLoadBalancer): Promise<NlbInfo> => {
    const listenerId = lb.listeners[0]?.id;
    const listener = listenerId
      ? await session.call<OctaviaListener>(ctx, "octavia:ShowListener", { id: listenerId })
      : undefined;
    const pool = await session.call<OctaviaPool>(ctx, "octavia:ShowPool", { id: poolOf(lb) });
    const monitor = pool.healthmonitor_id
      ? await session.call<OctaviaHealthMonitor>(ctx, "octavia:ShowHealthMonitor", { id: pool.healthmonitor_id })
      : undefined;
    const current = await members(ctx, pool.id);
    const vms = await vmsByAddress(ctx, lb.vip_network_id);
    const floating = await session.listArray<NeutronFloatingIp>(ctx, "neutron:ListFloatingIPs", {
      port_id: lb.vip_port_id,
    });
    const groupPort = current[0]?.protocol_port ?? listener?.protocol_port ?? 0;
    const monitorType = monitor?.type === "UDP-CONNECT" ? "TCP" : monitor?.type;
    return {
      iid: { nameId: lb.name, systemId: lb.id },
      vpcIID: { nameId: lb.vip_network_id, systemId: lb.vip_network_id },
      type: floating.length > 0 ? "PUBLIC" : "INTERNAL",
      scope: "REGION",
      listener: {
        protocol: (listener?.protocol ?? "TCP") as NlbProtocol,
        port: listener?.protocol_port ?? 0,
        ip: floating[0]?.floating_ip_address ?? lb.vip_address,
      },
      vmGroup: {
        protocol: pool.protocol as NlbProtocol,
        port: groupPort,
        vms: current.flatMap((m) => {
          const id = vms.get(m.address);
          return id ? [{ nameId: id, systemId: id }] : [];
        }),
      },
      healthChecker: {
        protocol: (monitorType ?? "TCP") as HealthCheckProtocol,
        port: current[0]?.monitor_port ?? groupPort,
        intervalSec: monitor?.delay ?? healthDefaults.intervalSec,
        timeoutSec: monitor?.timeout ?? healthDefaults.timeoutSec,
        threshold: monitor?.max_retries ?? healthDefaults.threshold,
      },
      ...(lb.created_at ? { createdAt: new Date(lb.created_at) } : {}),
      tags: decodeTags(lb.tags),
      extra: {
        provisioningStatus: lb.provisioning_status,
        operatingStatus: lb.operating_status ?? "",
        vipPortId: lb.vip_port_id,
        vipAddress: lb.vip_address,
      },
    };
  };

  return {
    async create(request, ctx) {
      const subnets = await session.listArray<NeutronSubnet>(ctx, "neutron:ListSubnets", {
        network_id: request.vpcIID.systemId,
      });
      const vipSubnet = subnets[0];
      if (!vipSubnet) throw invalid("vpcIID", "has-subnet", `VPC ${request.vpcIID.nameId} has no subnet for the VIP`);
      const hc = {
        protocol: "TCP" as HealthCheckProtocol,
        port: request.vmGroup.port,
        ...healthDefaults,
        ...request.healthChecker,
      };
      const monitorPort = hc.port === request.vmGroup.port ? undefined : hc.port;
      const memberBodies: Record<string, unknown>[] = [];
      for (const vm of request.vmGroup.vms)
        memberBodies.push(await memberOf(session, ctx, vm, request.vmGroup.port, monitorPort));
      const externalId = request.type === "PUBLIC" ? await session.externalNetworkId(ctx) : undefined;
      if (request.type === "PUBLIC" && externalId === undefined) {
        throw invalid(
          "type",
          "external-network",
          "a PUBLIC load balancer needs an external network for its floating IP",
        );
      }
      return ctx.compensate(async (undo) => {
        const loadbalancer = await session.call<OctaviaLoadBalancer>(
          ctx,
          "octavia:CreateLoadBalancer",
          {},
          {
            name: request.name,
            vip_subnet_id: vipSubnet.id,
            tags: encodeTags(request.tags),
            listeners: [
              {
                name: `${request.name}-listener`,
                protocol: request.listener.protocol,
                protocol_port: request.listener.port,
                default_pool: {
                  name: `${request.name}-pool`,
                  protocol: request.vmGroup.protocol,
                  lb_algorithm: "ROUND_ROBIN",
                  members: memberBodies,
                  healthmonitor: {
                    type: hc.protocol === "TCP" && request.vmGroup.protocol === "UDP" ? "UDP-CONNECT" : hc.protocol,
                    delay: hc.intervalSec,
                    timeout: hc.timeoutSec,
                    max_retries: hc.threshold,
                    max_retries_down: hc.threshold,
                    ...(hc.protocol === "TCP" ? {} : { url_path: "/", http_method: "GET", expected_codes: "200" }),
                  },
                },
              },
            ],
          },
        );
        const { id } = loadbalancer;
        undo(`delete load balancer ${id}`, (u) => session.call(u, "octavia:DeleteLoadBalancer", { id, cascade: true }));
        undo(`release the floating IP of ${loadbalancer.id}`, (u) =>
          releaseFloatingIps(session, u, `lb:${loadbalancer.id}`),
        );
        const lb = await waitActive(ctx, loadbalancer.id);
        if (externalId !== undefined) await attachFloatingIp(session, ctx, externalId, lb.vip_port_id, `lb:${lb.id}`);
        return describe(ctx, lb);
      });
    },

    get: async (nlb, ctx) => describe(ctx, await showLb(ctx, nlb.systemId)),

    async *list(ctx) {
      const all = await session.listArray<OctaviaLoadBalancer>(ctx, "octavia:ListLoadBalancers");
      for (const lb of all) yield await describe(ctx, lb);
    },

    async delete(nlb, ctx) {
      const lb = await settledLoadBalancer(session, ctx, nlb.systemId, true);
      await releaseFloatingIps(session, ctx, `lb:${lb.id}`);
      await session.call(ctx, "octavia:DeleteLoadBalancer", { id: lb.id, cascade: true });
      // PENDING_DELETE still holds the VIP port: the VPC could not go yet.
      await ctx.waitUntil({
        description: `load balancer ${lb.id} to be deleted`,
        deadline: "nlb",
        read: async () => (await showLb(ctx, lb.id)).provisioning_status,
        whenNotFound: "DELETED",
        accept: (status) => (status === "DELETED" ? "success" : status === "ERROR" ? "failure" : "retry"),
      });
    },

    async addVms(nlb, vms, ctx) {
      const lb = await waitActive(ctx, nlb.systemId);
      const current = await describe(ctx, lb);
      const present = new Set(current.vmGroup.vms.map((v) => v.systemId));
      const monitorPort = current.healthChecker.port === current.vmGroup.port ? undefined : current.healthChecker.port;
      for (const vm of vms) {
        if (present.has(vm.systemId)) continue;
        const member = await memberOf(session, ctx, vm, current.vmGroup.port, monitorPort);
        await session.call(ctx, "octavia:CreateMember", { pool: poolOf(lb) }, member);
        await waitActive(ctx, lb.id);
      }
      return describe(ctx, await showLb(ctx, lb.id));
    },

    async removeVms(nlb, vms, ctx) {
      const lb = await waitActive(ctx, nlb.systemId);
      const byVm = await vmsByAddress(ctx, lb.vip_network_id);
      const current = await members(ctx, poolOf(lb));
      for (const vm of vms) {
        const member = current.find((m) => byVm.get(m.address) === vm.systemId);
        if (!member) throw notFound("vm", vm.nameId, `the members of load balancer ${nlb.nameId}`);
        await session.call(ctx, "octavia:DeleteMember", { pool: poolOf(lb), id: member.id });
        await waitActive(ctx, lb.id);
      }
    },

    // A member is healthy when Octavia reports it ONLINE; every other state takes no traffic.
    async getHealth(nlb, ctx) {
      const lb = await showLb(ctx, nlb.systemId);
      const byVm = await vmsByAddress(ctx, lb.vip_network_id);
      const all: IID[] = [];
      const healthy: IID[] = [];
      const unhealthy: IID[] = [];
      for (const member of await members(ctx, poolOf(lb))) {
        const id = byVm.get(member.address);
        if (!id) continue;
        const iid = { nameId: id, systemId: id };
        all.push(iid);
        (member.operating_status === "ONLINE" ? healthy : unhealthy).push(iid);
      }
      return { all, healthy, unhealthy };
    },
  };
}
