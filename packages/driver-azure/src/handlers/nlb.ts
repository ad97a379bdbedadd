import type { LoadBalancer, LoadBalancerBackendAddress, LoadBalancerHealthPerRule } from "@azure/arm-network";
import type { VirtualMachine } from "@azure/arm-compute";
import { BaristaError, Memo } from "@cloud-barista/core/driver";
import type {
  CallContext,
  HealthCheckProtocol,
  HealthChecker,
  IID,
  NlbHandler,
  NlbInfo,
  NlbProtocol,
} from "@cloud-barista/core/driver";
import type { AzureApi } from "../apis.js";
import { alreadyExists, badAnswer, invalid, notFound, provider } from "../errors.js";
import type { AzureSession } from "../session.js";
import { exists, ignoreMissingGroup } from "./missing.js";

const nameOf = (iid: IID) => iid.systemId.split("/").pop() || iid.nameId;
const iidOf = (id: string): IID => ({ nameId: id.split("/").pop() ?? id, systemId: id });

/** The driver's names for a balancer's public IP and its one frontend, pool, probe and rule. */
export const nlbPartNames = (name: string) => ({
  ip: `${name}-ip`,
  frontend: "cb-frontend",
  pool: "cb-pool",
  probe: "cb-probe",
  rule: "cb-rule",
});

const probeProtocols: Readonly<Record<HealthCheckProtocol, "Tcp" | "Http" | "Https">> = {
  TCP: "Tcp",
  HTTP: "Http",
  HTTPS: "Https",
};

/** A VM's place in the pool: its private address, named by the VM (so reads name the VM without a lookup). */
interface Member {
  vm: string;
  ip: string;
}

/**
 * Network load balancers: a Standard public load balancer made in one PUT with one frontend (a
 * Standard static public IP `<name>-ip`, made first), one backend pool of the VMs' private
 * addresses in the VPC (IP-based: each address named by its VM), one probe and one rule. Adding or
 * removing VMs is one PUT of the balancer with the pool changed (no write to the VMs' interfaces);
 * health is the rule's health query (`LoadBalancerLoadBalancingRules_Health`). Deleting the
 * balancer deletes its public IP.
 */
export function createNlbHandler(session: AzureSession): NlbHandler {
  const lbs = () => session.clients.network.loadBalancers;
  const ips = () => session.clients.network.publicIPAddresses;
  const { group } = session;
  // A Standard static public IP keeps its address for its lifetime.
  const addresses = new Memo<string | undefined>({ maxEntries: 5000 });
  const vmIdOf = (name: string) => session.idOf("Microsoft.Compute/virtualMachines", name);

  const get = (ctx: CallContext, name: string) =>
    session.call(ctx, "LoadBalancers_Get", (o) => lbs().get(group, name, o));

  const run = async (ctx: CallContext, api: AzureApi, begin: Parameters<AzureSession["start"]>[2], what: string) => {
    const operation = await session.start(ctx, api, begin);
    await session.finish(ctx, operation, what, "nlb");
  };

  const readAddress = (ctx: CallContext, id: string) =>
    addresses.get(id, async () => {
      const ip = await session.call(ctx, "PublicIPAddresses_Get", (o) => ips().get(group, nameOf(iidOf(id)), o));
      return ip.ipAddress;
    });

  /** Each VM's private address and virtual network: its primary interface's first IP configuration. */
  const membersOf = async (ctx: CallContext, vms: IID[], vpc: string): Promise<Member[]> => {
    const members: Member[] = [];
    for (const vm of vms) {
      const name = nameOf(vm);
      const found: VirtualMachine = await session.call(ctx, "VirtualMachines_Get", (o) =>
        session.clients.compute.virtualMachines.get(group, name, o),
      );
      const refs = found.networkProfile?.networkInterfaces ?? [];
      const nicId = (refs.find((n) => n.primary) ?? refs[0])?.id;
      if (!nicId) throw badAnswer(`VM ${name} has no network interface`);
      const nic = await session.call(ctx, "NetworkInterfaces_Get", (o) =>
        session.clients.network.networkInterfaces.get(group, nameOf(iidOf(nicId)), o),
      );
      const config = nic.ipConfigurations?.find((c) => c.primary) ?? nic.ipConfigurations?.[0];
      const ip = config?.privateIPAddress;
      const subnet = config?.subnet?.id ?? "";
      if (!ip) throw badAnswer(`VM ${name} has no private address`);
      if (!subnet.toLowerCase().startsWith(`${vpc.toLowerCase()}/subnets/`)) {
        throw new BaristaError("Conflict", `VM ${name} is not in the load balancer's VPC ${nameOf(iidOf(vpc))}`, {
          provider,
        });
      }
      members.push({ vm: name, ip });
    }
    return members;
  };

  const poolAddresses = (members: Member[], vpc: string): LoadBalancerBackendAddress[] =>
    members.map((m) => ({ name: m.vm, ipAddress: m.ip, virtualNetwork: { id: vpc } }));

  const toInfo = async (ctx: CallContext, lb: LoadBalancer): Promise<NlbInfo> => {
    const rule = lb.loadBalancingRules?.[0];
    const pool = lb.backendAddressPools?.[0];
    const probe = lb.probes?.[0];
    const pipId = lb.frontendIPConfigurations?.[0]?.publicIPAddress?.id;
    const ip = pipId ? await readAddress(ctx, pipId) : undefined;
    const vpc = pool?.virtualNetwork?.id ?? pool?.loadBalancerBackendAddresses?.[0]?.virtualNetwork?.id ?? "";
    const protocol: NlbProtocol = rule?.protocol === "Udp" ? "UDP" : "TCP";
    const interval = probe?.intervalInSeconds ?? 5;
    const healthChecker: HealthChecker = {
      protocol: probe?.protocol === "Http" ? "HTTP" : probe?.protocol === "Https" ? "HTTPS" : "TCP",
      port: probe?.port ?? rule?.backendPort ?? 0,
      intervalSec: interval,
      // Azure's probes have no timeout of their own: a probe not answered within the interval fails.
      timeoutSec: interval,
      threshold: probe?.probeThreshold ?? probe?.numberOfProbes ?? 1,
    };
    return {
      iid: { nameId: lb.name ?? "", systemId: lb.id ?? "" },
      vpcIID: iidOf(vpc),
      type: "PUBLIC",
      scope: "REGION",
      listener: { protocol, port: rule?.frontendPort ?? 0, ...(ip ? { ip } : {}) },
      vmGroup: {
        protocol,
        port: rule?.backendPort ?? 0,
        vms: (pool?.loadBalancerBackendAddresses ?? []).flatMap((a) => (a.name ? [iidOf(vmIdOf(a.name))] : [])),
      },
      healthChecker,
      ...(lb.tags && Object.keys(lb.tags).length > 0 ? { tags: { ...lb.tags } } : {}),
      extra: { provisioningState: lb.provisioningState ?? "", sku: lb.sku?.name ?? "" },
    };
  };

  /** One PUT of the whole balancer with its pool's addresses changed, run to its end. */
  const setPool = async (
    ctx: CallContext,
    nlb: IID,
    change: (
      current: LoadBalancerBackendAddress[],
      vpc: string,
    ) => LoadBalancerBackendAddress[] | Promise<LoadBalancerBackendAddress[]>,
  ) => {
    const name = nameOf(nlb);
    const lb = await get(ctx, name);
    const pool = lb.backendAddressPools?.[0];
    const vpc = pool?.virtualNetwork?.id ?? "";
    if (!pool || !vpc) throw badAnswer(`load balancer ${name} has no IP-based backend pool`);
    const addressesNow = await change(pool.loadBalancerBackendAddresses ?? [], vpc);
    const updated: LoadBalancer = {
      ...lb,
      backendAddressPools: [{ ...pool, loadBalancerBackendAddresses: addressesNow }],
    };
    await run(
      ctx,
      "LoadBalancers_CreateOrUpdate",
      (o) => lbs().createOrUpdate(group, name, updated, o),
      `load balancer ${name} to change its backend pool`,
    );
    return updated;
  };

  return {
    async create(request, ctx) {
      if (request.type !== "PUBLIC" || request.scope !== "REGION") {
        throw invalid("type", "azure-nlb-public", "the Azure driver makes public regional load balancers only");
      }
      if (request.listener.protocol !== request.vmGroup.protocol) {
        throw invalid(
          "vmGroup.protocol",
          "azure-nlb-protocol",
          "an Azure rule forwards one protocol: give the listener's",
        );
      }
      await session.ensureGroup(ctx);
      if (await exists(get(ctx, request.name))) throw alreadyExists("nlb", request.name);
      const vpc = request.vpcIID.systemId;
      const members = await membersOf(ctx, request.vmGroup.vms, vpc);
      const parts = nlbPartNames(request.name);
      const { region } = session.settings;
      const lbId = session.idOf("Microsoft.Network/loadBalancers", request.name);
      const child = (kind: string, name: string) => ({ id: `${lbId}/${kind}/${name}` });
      const hc = request.healthChecker;
      const probeProtocol = probeProtocols[hc.protocol ?? "TCP"];
      return ctx.compensate(async (undo) => {
        undo(`delete public IP ${parts.ip}`, (u) =>
          run(
            u,
            "PublicIPAddresses_Delete",
            (o) => ips().delete(group, parts.ip, o),
            `public IP ${parts.ip} to be deleted`,
          ),
        );
        let address: string | undefined;
        await run(
          ctx,
          "PublicIPAddresses_CreateOrUpdate",
          (o) =>
            ips().createOrUpdate(
              group,
              parts.ip,
              {
                location: region,
                sku: { name: "Standard", tier: "Regional" },
                publicIPAllocationMethod: "Static",
                publicIPAddressVersion: "IPv4",
              },
              {
                ...o,
                // The answer already carries the static address: no read for it later.
                onResponse: (response) => {
                  o.onResponse(response);
                  address = ipAddressIn(response) ?? address;
                },
              },
            ),
          `public IP ${parts.ip} to be provisioned`,
        );
        const pipId = session.idOf("Microsoft.Network/publicIPAddresses", parts.ip);
        if (address) addresses.set(pipId, address);
        const body: LoadBalancer = {
          location: region,
          ...(request.tags && Object.keys(request.tags).length > 0 ? { tags: { ...request.tags } } : {}),
          sku: { name: "Standard", tier: "Regional" },
          frontendIPConfigurations: [{ name: parts.frontend, publicIPAddress: { id: pipId } }],
          backendAddressPools: [
            {
              name: parts.pool,
              virtualNetwork: { id: vpc },
              loadBalancerBackendAddresses: poolAddresses(members, vpc),
            },
          ],
          probes: [
            {
              name: parts.probe,
              protocol: probeProtocol,
              port: hc.port ?? request.vmGroup.port,
              intervalInSeconds: hc.intervalSec ?? 5,
              probeThreshold: hc.threshold ?? 1,
              ...(probeProtocol === "Tcp" ? {} : { requestPath: "/" }),
            },
          ],
          loadBalancingRules: [
            {
              name: parts.rule,
              frontendIPConfiguration: child("frontendIPConfigurations", parts.frontend),
              backendAddressPool: child("backendAddressPools", parts.pool),
              probe: child("probes", parts.probe),
              protocol: request.listener.protocol === "UDP" ? "Udp" : "Tcp",
              frontendPort: request.listener.port,
              backendPort: request.vmGroup.port,
              idleTimeoutInMinutes: 4,
              enableFloatingIP: false,
              // No outbound through the balancer's address: VMs keep their own public IPs.
              disableOutboundSnat: true,
            },
          ],
        };
        undo(`delete load balancer ${request.name}`, (u) =>
          run(
            u,
            "LoadBalancers_Delete",
            (o) => lbs().delete(group, request.name, o),
            `load balancer ${request.name} to be deleted`,
          ),
        );
        await run(
          ctx,
          "LoadBalancers_CreateOrUpdate",
          (o) => lbs().createOrUpdate(group, request.name, body, o),
          `load balancer ${request.name} to be provisioned`,
        );
        ctx.created(lbId);
        return toInfo(ctx, { ...body, id: lbId, name: request.name });
      });
    },

    get: async (nlb, ctx) => toInfo(ctx, await get(ctx, nameOf(nlb))),

    async *list(ctx) {
      const all = session.pages(
        ctx,
        "LoadBalancers_List",
        (o) => lbs().list(group, o),
        (lb: LoadBalancer) => lb,
      );
      for await (const lb of ignoreMissingGroup(all)) yield await toInfo(ctx, lb);
    },

    // The balancer first (its frontend holds the address), then the driver's public IP.
    async delete(nlb, ctx) {
      const name = nameOf(nlb);
      await run(
        ctx,
        "LoadBalancers_Delete",
        (o) => lbs().delete(group, name, o),
        `load balancer ${name} to be deleted`,
      );
      const ip = nlbPartNames(name).ip;
      await run(ctx, "PublicIPAddresses_Delete", (o) => ips().delete(group, ip, o), `public IP ${ip} to be deleted`);
      addresses.forget(session.idOf("Microsoft.Network/publicIPAddresses", ip));
    },

    async addVms(nlb, vms, ctx) {
      const updated = await setPool(ctx, nlb, async (current, vpc) => {
        const have = new Set(current.map((a) => a.name?.toLowerCase()));
        const fresh = vms.filter((vm) => !have.has(nameOf(vm).toLowerCase()));
        return [...current, ...poolAddresses(await membersOf(ctx, fresh, vpc), vpc)];
      });
      return toInfo(ctx, updated);
    },

    async removeVms(nlb, vms, ctx) {
      await setPool(ctx, nlb, (current) => {
        const names = new Set(current.map((a) => a.name?.toLowerCase()));
        const missing = vms.find((vm) => !names.has(nameOf(vm).toLowerCase()));
        if (missing) throw notFound("nlb member", missing.nameId, `load balancer "${nlb.nameId}"`);
        const gone = new Set(vms.map((vm) => nameOf(vm).toLowerCase()));
        return current.filter((a) => !gone.has(a.name?.toLowerCase() ?? ""));
      });
    },

    async getHealth(nlb, ctx) {
      const name = nameOf(nlb);
      const lb = await get(ctx, name);
      const rule = lb.loadBalancingRules?.[0]?.name;
      if (!rule) throw badAnswer(`load balancer ${name} has no load-balancing rule`);
      const pool = lb.backendAddressPools?.[0]?.loadBalancerBackendAddresses ?? [];
      const operation = await session.start(ctx, "LoadBalancerLoadBalancingRules_Health", (o) =>
        session.clients.network.loadBalancerLoadBalancingRules.health(group, name, rule, o),
      );
      const health = (await session.result(ctx, operation, `health of load balancer ${name}`, "nlb")) as
        LoadBalancerHealthPerRule | undefined;
      const up = new Set(
        (health?.loadBalancerBackendAddresses ?? []).filter((a) => a.state === "Up").map((a) => a.ipAddress),
      );
      const all = pool.flatMap((a) => (a.name ? [{ iid: iidOf(vmIdOf(a.name)), ip: a.ipAddress }] : []));
      return {
        all: all.map((m) => m.iid),
        healthy: all.filter((m) => up.has(m.ip)).map((m) => m.iid),
        unhealthy: all.filter((m) => !up.has(m.ip)).map((m) => m.iid),
      };
    },
  };
}

/** The address in a public IP PUT's answer (ARM's JSON: `properties.ipAddress`). */
function ipAddressIn(response: unknown): string | undefined {
  const r = response as { parsedBody?: unknown; bodyAsText?: string | null } | undefined;
  let body = r?.parsedBody;
  if (body === undefined && r?.bodyAsText) {
    try {
      body = JSON.parse(r.bodyAsText) as unknown;
    } catch {
      return undefined;
    }
  }
  const address = (body as { properties?: { ipAddress?: unknown } } | undefined)?.properties?.ipAddress;
  return typeof address === "string" ? address : undefined;
}
