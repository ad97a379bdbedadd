import type { AccountRegion } from "../../../world/account-region.js";
import { FrontError, badRequest, json, noContent, objectField, readJson, stringField } from "../http.js";
import { routerPortIdOf } from "../ids.js";
import type { Route, ServiceCall } from "../service.js";
import { neutronList } from "./listing.js";
import { allPorts, floatingIpView } from "./port-views.js";
import { externalNetworkOf, gatewayIp, routerView } from "./render.js";
import { createTags, refuseTagsOnUpdate } from "./tags.js";

/** Whether a gateway body asks for the external network (404 for an unknown network, 400 for an internal one). */
function wantsGateway(cloud: AccountRegion, info: unknown): boolean {
  if (info === null || info === undefined) return false;
  if (typeof info !== "object") throw badRequest("Invalid input for external_gateway_info");
  const networkId = (info as Record<string, unknown>)["network_id"];
  if (networkId === undefined) return false;
  if (typeof networkId !== "string") throw badRequest("Invalid input for external_gateway_info");
  if (!cloud.vpcs.get(networkId).shared?.external)
    throw badRequest(`Bad router request: Network ${networkId} is not an external network.`);
  return true;
}

/** Floating IPs whose ports' addresses sit on these subnets. */
function floatingIpsThrough(call: ServiceCall, cloud: AccountRegion, subnetIds: readonly string[]): number {
  const ports = new Map(allPorts(call, cloud).map((p) => [p.id, p]));
  return cloud.publicIps.list().items.filter((ip) => {
    const view = floatingIpView(call, cloud, ip);
    const fixed = (ports.get(String(view["port_id"]))?.view["fixed_ips"] ?? []) as {
      subnet_id: string;
      ip_address: string;
    }[];
    return fixed.some((f) => f.ip_address === view["fixed_ip_address"] && subnetIds.includes(f.subnet_id));
  }).length;
}

function interfaceChange(call: ServiceCall, cloud: AccountRegion, add: boolean): Record<string, unknown> {
  const args = readJson(call.request);
  if (args["port_id"] !== undefined) throw badRequest("The emulator adds router interfaces by subnet_id only.");
  const subnetId = stringField(args, "subnet_id", true);
  const routerId = call.params[0] ?? "";
  const router = cloud.routers.get(routerId);
  const subnet = cloud.subnets.get(subnetId);
  const attached = router.subnets.some((ref) => ref.id === subnetId);
  if (add) {
    if (attached) throw badRequest(`Bad router request: Router already has a port on subnet ${subnetId}.`);
    // Another router holds the subnet's gateway address.
    if (cloud.routers.list({ where: (r) => r.subnets.some((ref) => ref.id === subnetId) }).items.length > 0)
      throw new FrontError(
        409,
        `IP address ${gatewayIp(subnet.cidr)} already allocated in subnet ${subnetId}`,
        "IpAddressAlreadyAllocated",
      );
    cloud.routers.addSubnet(routerId, subnetId);
  } else {
    if (!attached)
      throw new FrontError(
        404,
        `Router ${routerId} has no interface on subnet ${subnetId}`,
        "RouterInterfaceNotFoundForSubnet",
      );
    if (floatingIpsThrough(call, cloud, [subnetId]) > 0)
      throw new FrontError(
        409,
        `Router interface for subnet ${subnetId} on router ${routerId} cannot be deleted, as it is required by one or more floating IPs.`,
        "RouterInterfaceInUseByFloatingIP",
      );
    cloud.routers.removeSubnet(routerId, subnetId);
  }
  return {
    id: routerId,
    subnet_id: subnetId,
    subnet_ids: [subnetId],
    port_id: routerPortIdOf(routerId, subnetId),
    network_id: subnet.vpcId,
    tenant_id: call.projectId,
    project_id: call.projectId,
    tags: [],
  };
}

export const routerRoutes: readonly Route[] = [
  {
    method: "GET",
    path: /^\/routers$/,
    api: "neutron:ListRouters",
    handle: (call) =>
      call.call((cloud) =>
        neutronList(
          call,
          "routers",
          cloud.routers.list().items.map((r) => routerView(call, cloud, r)),
          { member: "router" },
        ),
      ),
  },
  {
    method: "GET",
    path: /^\/routers\/([^/]+)$/,
    api: "neutron:ShowRouter",
    handle: (call) =>
      call.call((cloud) => json(200, { router: routerView(call, cloud, cloud.routers.get(call.params[0] ?? "")) })),
  },
  {
    method: "POST",
    path: /^\/routers$/,
    api: "neutron:CreateRouter",
    handle: (call) => {
      const args = objectField(readJson(call.request), "router");
      const tags = createTags(call, "routers", args);
      return call.call((cloud) => {
        const external = wantsGateway(cloud, args["external_gateway_info"]);
        const router = cloud.routers.create({
          name: stringField(args, "name") ?? "",
          external,
          tags,
        });
        return json(201, { router: routerView(call, cloud, router) });
      });
    },
  },
  {
    method: "PUT",
    path: /^\/routers\/([^/]+)$/,
    api: "neutron:UpdateRouter",
    handle: (call) => {
      const args = objectField(readJson(call.request), "router");
      refuseTagsOnUpdate(args);
      return call.call((cloud) => {
        const id = call.params[0] ?? "";
        cloud.routers.update(id, { name: stringField(args, "name") });
        if ("external_gateway_info" in args) {
          const external = wantsGateway(cloud, args["external_gateway_info"]);
          const router = cloud.routers.get(id);
          const network = externalNetworkOf(cloud)?.id ?? "";
          if (
            !external &&
            router.externalIp !== undefined &&
            floatingIpsThrough(
              call,
              cloud,
              router.subnets.map((r) => r.id),
            ) > 0
          )
            throw new FrontError(
              409,
              `Gateway cannot be updated for router ${id}, since a gateway to external network ${network} is required by one or more floating IPs.`,
              "RouterExternalGatewayInUseByFloatingIp",
            );
          cloud.routers.setExternal(id, external);
        }
        return json(200, { router: routerView(call, cloud, cloud.routers.get(id)) });
      });
    },
  },
  {
    method: "DELETE",
    path: /^\/routers\/([^/]+)$/,
    api: "neutron:DeleteRouter",
    handle: (call) =>
      call.call((cloud) => {
        cloud.routers.delete(call.params[0] ?? "");
        return noContent(204);
      }),
  },
  {
    method: "PUT",
    path: /^\/routers\/([^/]+)\/add_router_interface$/,
    api: "neutron:AddRouterInterface",
    handle: (call) => call.call((cloud) => json(200, interfaceChange(call, cloud, true))),
  },
  {
    method: "PUT",
    path: /^\/routers\/([^/]+)\/remove_router_interface$/,
    api: "neutron:RemoveRouterInterface",
    handle: (call) => call.call((cloud) => json(200, interfaceChange(call, cloud, false))),
  },
];
