import type { AccountRegion } from "../../world/account-region.js";
import type { VpcCall } from "./context.js";
import {
  bury,
  crnOf,
  defaultResourceGroupId,
  iso,
  liveGhost,
  liveGhosts,
  nameOr,
  resourceGroupRef,
  settledStatus,
  zoneRef,
} from "./context.js";
import { badRequest, checkName, conflict, json, noContent, notFound, objectOf, refId, stringOf } from "./http.js";
import type { Json } from "./http.js";
import { interfaceRef, primaryInterface, requireInstance } from "./instance-refs.js";
import { page } from "./paging.js";
import { path } from "./routes.js";
import type { Route } from "./routes.js";
import type { FloatingIpExtras } from "./state.js";

export function floatingIpRef(call: VpcCall, id: string, address: string, extras: FloatingIpExtras): Json {
  return {
    id,
    crn: crnOf(call.account, extras.zone, "floating-ip", id),
    href: `${call.base}/floating_ips/${id}`,
    name: extras.name,
    address,
  };
}

/** The floating IPs of the call's account and region bound to one interface. */
export function floatingIpsOf(
  call: VpcCall,
  interfaceId: string,
): { id: string; address: string; extras: FloatingIpExtras }[] {
  const cloud = call.front.world.accountRegion({ provider: "IBM", account: call.account, region: call.region.name });
  return cloud.publicIps.list().items.flatMap((ip) => {
    const extras = call.front.state.floatingIps.get(ip.id);
    return extras?.target?.interfaceId === interfaceId ? [{ id: ip.id, address: ip.address, extras }] : [];
  });
}

/** A binding whose instance is gone no longer counts (IBM drops the target with the instance). */
function liveTarget(cloud: AccountRegion, extras: FloatingIpExtras): FloatingIpExtras["target"] {
  const target = extras.target;
  if (!target) return undefined;
  const vm = cloud.vms.list({ where: (v) => v.id === target.instanceId }).items[0];
  if (!vm || vm.state === "terminated" || vm.state === "shutting-down") {
    delete extras.target;
    return undefined;
  }
  return target;
}

function view(call: VpcCall, cloud: AccountRegion, ip: { id: string; address: string; createdAt: number }): Json {
  const extras = call.front.state.floatingIps.get(ip.id);
  if (!extras) return {};
  const target = liveTarget(cloud, extras);
  let targetView: Json | undefined;
  if (target) {
    const vm = requireInstance(cloud, target.instanceId);
    const nic = primaryInterface(cloud, vm.id);
    if (nic) targetView = interfaceRef(call, vm, nic);
  }
  return {
    ...floatingIpRef(call, ip.id, ip.address, extras),
    status: settledStatus(call, ip.createdAt, "available"),
    created_at: iso(ip.createdAt),
    zone: zoneRef(call, extras.zone),
    ...(targetView ? { target: targetView } : {}),
    resource_group: resourceGroupRef(call, extras.resourceGroupId),
  };
}

function requireFloatingIp(
  call: VpcCall,
  cloud: AccountRegion,
  id: string,
): { id: string; address: string; createdAt: number } {
  const ip = call.front.state.floatingIps.has(id)
    ? cloud.publicIps.list({ where: (p) => p.id === id }).items[0]
    : undefined;
  if (!ip) throw notFound("not_found", `Floating IP ${id} not found.`, id);
  return ip;
}

/**
 * IBM's floating IPs need no gateway, but the world's public IPs reach a subnet through a router
 * with an external gateway: each VPC gets one such router (the VPC's implicit edge), holding the
 * subnets whose interfaces have floating IPs, so the world knows which VM an address reaches.
 */
function routeThroughEdge(call: VpcCall, cloud: AccountRegion, subnetId: string, vpcId: string): void {
  const vpc = call.front.state.vpcs.get(vpcId);
  if (!vpc) return;
  if (vpc.edgeRouterId === undefined)
    vpc.edgeRouterId = cloud.routers.create({ name: `edge-${vpcId}`, external: true }).id;
  const router = cloud.routers.get(vpc.edgeRouterId);
  if (!router.subnets.some((s) => s.id === subnetId)) cloud.routers.addSubnet(vpc.edgeRouterId, subnetId);
}

function unbind(cloud: AccountRegion, fipId: string, extras: FloatingIpExtras): void {
  cloud.publicIps.disassociate(fipId);
  delete extras.target;
}

/** Binds a floating IP to an instance's interface: same zone, one floating IP per interface. */
function bind(call: VpcCall, cloud: AccountRegion, fipId: string, extras: FloatingIpExtras, interfaceId: string): void {
  const vm = cloud.vms.list({
    where: (v) => v.state !== "terminated" && primaryInterface(cloud, v.id)?.id === interfaceId,
  }).items[0];
  if (!vm) throw notFound("not_found", `Network interface ${interfaceId} not found.`, interfaceId);
  if (vm.zone !== extras.zone) throw badRequest("zone_inconsistency", "The resources must belong to the same zone.");
  const holder = floatingIpsOf(call, interfaceId).find((f) => f.id !== fipId && liveTarget(cloud, f.extras));
  if (holder) throw conflict("target_in_use", "The target already has floating IP attached.");
  routeThroughEdge(call, cloud, vm.subnet.id, vm.vpc.id);
  cloud.publicIps.associate(fipId, { kind: "network-interface", id: interfaceId });
  extras.target = { interfaceId, instanceId: vm.id };
}

export const floatingIpRoutes: Route[] = [
  {
    method: "GET",
    path: path("/floating_ips"),
    api: "list_floating_ips",
    handle: async (call) => {
      const views = await call.call((cloud) =>
        cloud.publicIps
          .list({ where: (p) => call.front.state.floatingIps.has(p.id) })
          .items.map((p) => view(call, cloud, p)),
      );
      const all = [...views, ...liveGhosts(call, "floating_ips").map((g) => g.view)];
      return json(200, page(call.url, "floating_ips", all, call.front.settings.maxPageSize));
    },
  },
  {
    method: "POST",
    path: path("/floating_ips"),
    api: "create_floating_ip",
    handle: async (call) => {
      const body = call.body();
      const given = stringOf(body, "name");
      const name = nameOr(given === undefined ? undefined : checkName(given), "fip");
      const zoneObject = objectOf(body, "zone");
      const targetId = refId(body, "target");
      if ((zoneObject === undefined) === (targetId === undefined))
        throw badRequest("validation_only_one", "The value must match one of the subschemas: give zone or target.");
      const resourceGroup = refId(body, "resource_group");
      const result = await call.call((cloud) => {
        let zone = zoneObject === undefined ? undefined : stringOf(zoneObject, "name", true);
        if (targetId !== undefined) {
          const vm = cloud.vms.list({
            where: (v) => v.state !== "terminated" && primaryInterface(cloud, v.id)?.id === targetId,
          }).items[0];
          if (!vm) throw notFound("not_found", `Network interface ${targetId} not found.`, targetId);
          zone = vm.zone;
        }
        if (!call.region.zones.some((z) => z.name === zone))
          throw badRequest("bad_request", `Zone ${zone ?? ""} is not a zone of ${call.region.name}.`, {
            name: "zone.name",
            type: "field",
          });
        if (
          cloud.publicIps.list({ where: (p) => call.front.state.floatingIps.get(p.id)?.name === name }).items.length > 0
        )
          throw conflict("validation_unique_failed", `The field supplied must be unique: name ${name}.`, {
            name: "name",
            type: "field",
          });
        const extras: FloatingIpExtras = {
          name,
          zone: zone ?? "",
          resourceGroupId: resourceGroup ?? defaultResourceGroupId(call.account),
        };
        const ip = cloud.publicIps.allocate({ description: `floating IP ${name}` });
        call.front.state.floatingIps.set(ip.id, extras);
        try {
          if (targetId !== undefined) bind(call, cloud, ip.id, extras, targetId);
        } catch (error) {
          cloud.publicIps.release(ip.id);
          call.front.state.floatingIps.delete(ip.id);
          throw error;
        }
        return view(call, cloud, ip);
      });
      return json(201, result);
    },
  },
  {
    method: "GET",
    path: path("/floating_ips/{}"),
    api: "get_floating_ip",
    handle: async (call) => {
      const id = call.params[0] ?? "";
      const found = await call.call((cloud) =>
        call.front.state.floatingIps.has(id) ? view(call, cloud, requireFloatingIp(call, cloud, id)) : undefined,
      );
      if (found) return json(200, found);
      const ghost = liveGhost(call, "floating_ips", id);
      if (ghost) return json(200, ghost.view);
      throw notFound("not_found", `Floating IP ${id} not found.`, id);
    },
  },
  {
    method: "PATCH",
    path: path("/floating_ips/{}"),
    api: "update_floating_ip",
    handle: async (call) => {
      const id = call.params[0] ?? "";
      const body = call.body();
      const name = stringOf(body, "name");
      if (name !== undefined) checkName(name);
      const target = objectOf(body, "target");
      const result = await call.call((cloud) => {
        const ip = requireFloatingIp(call, cloud, id);
        const extras = call.front.state.floatingIps.get(id);
        if (!extras) throw notFound("not_found", `Floating IP ${id} not found.`, id);
        if (target !== undefined) {
          const targetId = stringOf(target, "id");
          if (targetId === undefined) unbind(cloud, id, extras);
          else bind(call, cloud, id, extras, targetId);
        }
        if (name !== undefined) extras.name = name;
        return view(call, cloud, ip);
      });
      return json(200, result);
    },
  },
  {
    method: "DELETE",
    path: path("/floating_ips/{}"),
    api: "delete_floating_ip",
    handle: async (call) => {
      const id = call.params[0] ?? "";
      if (liveGhost(call, "floating_ips", id)) return noContent(204);
      await call.call((cloud) => {
        const ip = requireFloatingIp(call, cloud, id);
        const shown = view(call, cloud, ip);
        cloud.publicIps.release(id);
        call.front.state.floatingIps.delete(id);
        bury(call, "floating_ips", shown);
      });
      return noContent(204);
    },
  },
  {
    method: "GET",
    path: path("/instances/{}/network_interfaces/{}/floating_ips"),
    api: "list_instance_network_interface_floating_ips",
    handle: async (call) => {
      const [vmId = "", nicId = ""] = call.params;
      const views = await call.call((cloud) => {
        requireInstance(cloud, vmId);
        if (primaryInterface(cloud, vmId)?.id !== nicId)
          throw notFound("not_found", `Network interface ${nicId} not found.`, nicId);
        return floatingIpsOf(call, nicId).map((f) => view(call, cloud, requireFloatingIp(call, cloud, f.id)));
      });
      return json(200, { floating_ips: views });
    },
  },
  {
    method: "PUT",
    path: path("/instances/{}/network_interfaces/{}/floating_ips/{}"),
    api: "add_instance_network_interface_floating_ip",
    handle: async (call) => {
      const [vmId = "", nicId = "", fipId = ""] = call.params;
      const result = await call.call((cloud) => {
        requireInstance(cloud, vmId);
        if (primaryInterface(cloud, vmId)?.id !== nicId)
          throw notFound("not_found", `Network interface ${nicId} not found.`, nicId);
        const ip = requireFloatingIp(call, cloud, fipId);
        const extras = call.front.state.floatingIps.get(fipId);
        if (!extras) throw notFound("not_found", `Floating IP ${fipId} not found.`, fipId);
        if (extras.target && liveTarget(cloud, extras) && extras.target.interfaceId !== nicId)
          throw conflict("floating_ip_in_use", "The floating IP is in use.");
        bind(call, cloud, fipId, extras, nicId);
        return view(call, cloud, ip);
      });
      return json(201, result);
    },
  },
  {
    method: "DELETE",
    path: path("/instances/{}/network_interfaces/{}/floating_ips/{}"),
    api: "remove_instance_network_interface_floating_ip",
    handle: async (call) => {
      const [vmId = "", nicId = "", fipId = ""] = call.params;
      await call.call((cloud) => {
        requireInstance(cloud, vmId);
        const extras = call.front.state.floatingIps.get(fipId);
        if (!extras || extras.target?.interfaceId !== nicId)
          throw notFound("not_found", `Floating IP ${fipId} is not bound to ${nicId}.`, fipId);
        unbind(cloud, fipId, extras);
      });
      return noContent(204);
    },
  },
];
