import { BaristaError } from "@cloud-barista/core";
import type { CallContext, HealthCheckProtocol, IID, NlbHandler, NlbInfo, NlbProtocol } from "@cloud-barista/core";
import { missing, provider } from "../errors.js";
import { rollback } from "../session.js";
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
  if (!fixed) throw missing("vm", vm.nameId, `VM ${vm.systemId} has no address to balance to`);
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
  const lbPath = (id: string) => `/lbaas/loadbalancers/${id}`;
  const showLb = async (ctx: CallContext, id: string) =>
    (
      await session.request<{ loadbalancer: OctaviaLoadBalancer }>(ctx, "octavia:ShowLoadBalancer", {
        service: "load-balancer",
        method: "GET",
        path: lbPath(id),
      })
    ).loadbalancer;
  const waitActive = async (ctx: CallContext, id: string): Promise<OctaviaLoadBalancer> => {
    const lb = await session.waitFor(
      ctx,
      `load balancer ${id} to be ACTIVE`,
      session.settings.loadBalancerTimeoutMs,
      () => showLb(ctx, id),
      (l) => !l.provisioning_status.startsWith("PENDING"),
    );
    if (lb.provisioning_status !== "ACTIVE") {
      throw new BaristaError("ProviderError", `load balancer ${id} is ${lb.provisioning_status}`, {
        provider,
        retryable: false,
      });
    }
    return lb;
  };
  const poolOf = (lb: OctaviaLoadBalancer): string => {
    const pool = lb.pools[0];
    if (!pool)
      throw new BaristaError("ProviderError", `load balancer ${lb.id} has no pool`, { provider, retryable: false });
    return pool.id;
  };
  const members = (ctx: CallContext, poolId: string) =>
    session.listArray<OctaviaMember>(
      ctx,
      "octavia:ListMembers",
      { service: "load-balancer", path: `/lbaas/pools/${poolId}/members` },
      "members",
    );
  /** VMs behind member addresses, from the ports of the balancer's network. */
  const vmsByAddress = async (ctx: CallContext, networkId: string): Promise<Map<string, string>> => {
    const ports = await session.listArray<NeutronPort>(
      ctx,
      "neutron:ListPorts",
      { service: "network", path: "/ports", query: { network_id: networkId } },
      "ports",
    );
    return new Map(
      ports
        .filter((p) => p.device_owner.startsWith("compute:"))
        .flatMap((p) => p.fixed_ips.map((f) => [f.ip_address, p.device_id] as [string, string])),
    );
  };

  const describe = async (ctx: CallContext, lb: OctaviaLoadBalancer): Promise<NlbInfo> => {
    const listenerId = lb.listeners[0]?.id;
    const listener = listenerId
      ? (
          await session.request<{ listener: OctaviaListener }>(ctx, "octavia:ShowListener", {
            service: "load-balancer",
            method: "GET",
            path: `/lbaas/listeners/${listenerId}`,
          })
        ).listener
      : undefined;
    const pool = (
      await session.request<{ pool: OctaviaPool }>(ctx, "octavia:ShowPool", {
        service: "load-balancer",
        method: "GET",
        path: `/lbaas/pools/${poolOf(lb)}`,
      })
    ).pool;
    const monitor = pool.healthmonitor_id
      ? (
          await session.request<{ healthmonitor: OctaviaHealthMonitor }>(ctx, "octavia:ShowHealthMonitor", {
            service: "load-balancer",
            method: "GET",
            path: `/lbaas/healthmonitors/${pool.healthmonitor_id}`,
          })
        ).healthmonitor
      : undefined;
    const current = await members(ctx, pool.id);
    const vms = await vmsByAddress(ctx, lb.vip_network_id);
    const floating = await session.listArray<NeutronFloatingIp>(
      ctx,
      "neutron:ListFloatingIPs",
      { service: "network", path: "/floatingips", query: { port_id: lb.vip_port_id } },
      "floatingips",
    );
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
      const subnets = await session.listArray<NeutronSubnet>(
        ctx,
        "neutron:ListSubnets",
        { service: "network", path: "/subnets", query: { network_id: request.vpcIID.systemId } },
        "subnets",
      );
      const vipSubnet = subnets[0];
      if (!vipSubnet)
        throw missing(
          "subnet",
          request.vpcIID.nameId,
          `VPC ${request.vpcIID.nameId} has no subnet for the load balancer's address`,
        );
      const hc = {
        protocol: "TCP" as HealthCheckProtocol,
        port: request.vmGroup.port,
        ...healthDefaults,
        ...request.healthChecker,
      };
      const monitorPort = hc.port === request.vmGroup.port ? undefined : hc.port;
      const memberBodies = [];
      for (const vm of request.vmGroup.vms)
        memberBodies.push(await memberOf(session, ctx, vm, request.vmGroup.port, monitorPort));
      const externalId = request.type === "PUBLIC" ? await session.externalNetworkId(ctx) : undefined;
      if (request.type === "PUBLIC" && externalId === undefined) {
        throw new BaristaError(
          "InvalidArgument",
          "type: a PUBLIC load balancer needs an external network for its floating IP",
          { provider, field: "type", rule: "external-network" },
        );
      }
      const { loadbalancer } = await session.request<{ loadbalancer: OctaviaLoadBalancer }>(
        ctx,
        "octavia:CreateLoadBalancer",
        {
          service: "load-balancer",
          method: "POST",
          path: "/lbaas/loadbalancers",
          body: {
            loadbalancer: {
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
          },
        },
      );
      try {
        const lb = await waitActive(ctx, loadbalancer.id);
        if (externalId !== undefined) await attachFloatingIp(session, ctx, externalId, lb.vip_port_id, `lb:${lb.id}`);
        return await describe(ctx, lb);
      } catch (error) {
        await rollback([
          () => releaseFloatingIps(session, ctx, loadbalancer.vip_port_id),
          () =>
            session.request(ctx, "octavia:DeleteLoadBalancer", {
              service: "load-balancer",
              method: "DELETE",
              path: lbPath(loadbalancer.id),
              query: { cascade: true },
            }),
        ]);
        throw error;
      }
    },

    get: async (nlb, ctx) => describe(ctx, await showLb(ctx, nlb.systemId)),

    async *list(ctx) {
      const all = await session.listArray<OctaviaLoadBalancer>(
        ctx,
        "octavia:ListLoadBalancers",
        { service: "load-balancer", path: "/lbaas/loadbalancers" },
        "loadbalancers",
      );
      for (const lb of all) yield await describe(ctx, lb);
    },

    async delete(nlb, ctx) {
      const lb = await showLb(ctx, nlb.systemId);
      await releaseFloatingIps(session, ctx, lb.vip_port_id);
      await session.request(ctx, "octavia:DeleteLoadBalancer", {
        service: "load-balancer",
        method: "DELETE",
        path: lbPath(lb.id),
        query: { cascade: true },
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
        await session.request(ctx, "octavia:CreateMember", {
          service: "load-balancer",
          method: "POST",
          path: `/lbaas/pools/${poolOf(lb)}/members`,
          body: { member },
        });
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
        if (!member) throw missing("vm", vm.nameId, `VM ${vm.nameId} is not a member of load balancer ${nlb.nameId}`);
        await session.request(ctx, "octavia:DeleteMember", {
          service: "load-balancer",
          method: "DELETE",
          path: `/lbaas/pools/${poolOf(lb)}/members/${member.id}`,
        });
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
