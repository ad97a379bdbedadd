import type { AccountRegion } from "../../../world/account-region.js";
import { badRequest, json, noContent, objectField, readJson, stringField } from "../http.js";
import { routerPortIdOf } from "../ids.js";
import type { Route, ServiceCall } from "../service.js";
import { neutronList } from "./listing.js";
import { routerView } from "./render.js";
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

function interfaceChange(call: ServiceCall, cloud: AccountRegion, add: boolean): Record<string, unknown> {
  const args = readJson(call.request);
  if (args["port_id"] !== undefined) throw badRequest("The emulator adds router interfaces by subnet_id only.");
  const subnetId = stringField(args, "subnet_id", true);
  const routerId = call.params[0] ?? "";
  const subnet = cloud.subnets.get(subnetId);
  if (add) cloud.routers.addSubnet(routerId, subnetId);
  else cloud.routers.removeSubnet(routerId, subnetId);
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
        if ("external_gateway_info" in args)
          cloud.routers.setExternal(id, wantsGateway(cloud, args["external_gateway_info"]));
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
