import type { AccountRegion } from "../../../world/account-region.js";
import type { PublicIpTargetKind } from "../../../world/types.js";
import { badRequest, json, noContent, objectField, readJson, stringField, tagList } from "../http.js";
import type { Route, ServiceCall } from "../service.js";
import { toWorldTags } from "../tags.js";
import { neutronList } from "./filters.js";
import { allPorts, findPort, floatingIpView } from "./render.js";

/** The VM or load balancer behind a port a floating IP is pointed at. */
function targetOf(call: ServiceCall, cloud: AccountRegion, portId: string): { kind: PublicIpTargetKind; id: string } {
  const port = findPort(call, cloud, portId);
  if (!port.target)
    throw badRequest(
      `Port ${portId} has owner ${String(port.view["device_owner"])} and therefore cannot be used for a floating IP.`,
    );
  return port.target;
}

/** Floating IPs (world public IPs) and ports (views of VM, router and load-balancer addresses). */
export const floatingIpRoutes: readonly Route[] = [
  {
    method: "GET",
    path: /^\/floatingips$/,
    api: "neutron:ListFloatingIPs",
    handle: (call) =>
      call.call((cloud) =>
        neutronList(
          call,
          "floatingips",
          cloud.publicIps.list().items.map((ip) => floatingIpView(call, cloud, ip)),
        ),
      ),
  },
  {
    method: "GET",
    path: /^\/floatingips\/([^/]+)$/,
    api: "neutron:ShowFloatingIP",
    handle: (call) =>
      call.call((cloud) =>
        json(200, { floatingip: floatingIpView(call, cloud, cloud.publicIps.get(call.params[0] ?? "")) }),
      ),
  },
  {
    method: "POST",
    path: /^\/floatingips$/,
    api: "neutron:CreateFloatingIP",
    handle: (call) => {
      const args = objectField(readJson(call.request), "floatingip");
      const networkId = stringField(args, "floating_network_id", true);
      const portId = stringField(args, "port_id");
      const tags = tagList(args);
      return call.call((cloud) => {
        if (!cloud.vpcs.get(networkId).shared?.external)
          throw badRequest(`Bad floatingip request: Network ${networkId} is not a valid external network.`);
        const ip = cloud.publicIps.allocate({
          description: stringField(args, "description"),
          tags: tags && toWorldTags(tags),
          target: portId === undefined ? undefined : targetOf(call, cloud, portId),
        });
        return json(201, { floatingip: floatingIpView(call, cloud, ip) });
      });
    },
  },
  {
    method: "PUT",
    path: /^\/floatingips\/([^/]+)$/,
    api: "neutron:UpdateFloatingIP",
    handle: (call) => {
      const args = objectField(readJson(call.request), "floatingip");
      return call.call((cloud) => {
        const id = call.params[0] ?? "";
        if ("port_id" in args) {
          const portId = args["port_id"];
          if (portId === null) cloud.publicIps.disassociate(id);
          else if (typeof portId === "string") cloud.publicIps.associate(id, targetOf(call, cloud, portId));
          else throw badRequest("Invalid input for port_id");
        }
        cloud.publicIps.update(id, { description: stringField(args, "description") });
        return json(200, { floatingip: floatingIpView(call, cloud, cloud.publicIps.get(id)) });
      });
    },
  },
  {
    method: "DELETE",
    path: /^\/floatingips\/([^/]+)$/,
    api: "neutron:DeleteFloatingIP",
    handle: (call) =>
      call.call((cloud) => {
        cloud.publicIps.release(call.params[0] ?? "");
        return noContent(204);
      }),
  },
  {
    method: "GET",
    path: /^\/ports$/,
    api: "neutron:ListPorts",
    handle: (call) =>
      call.call((cloud) =>
        neutronList(
          call,
          "ports",
          allPorts(call, cloud).map((p) => p.view),
        ),
      ),
  },
  {
    method: "GET",
    path: /^\/ports\/([^/]+)$/,
    api: "neutron:ShowPort",
    handle: (call) => call.call((cloud) => json(200, { port: findPort(call, cloud, call.params[0] ?? "").view })),
  },
];
