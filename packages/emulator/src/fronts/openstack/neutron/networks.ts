import { FrontError, badRequest, json, noContent, objectField, readJson, stringField, tagList } from "../http.js";
import { externalNetworkIdOf, externalSubnetIdOf } from "../ids.js";
import type { Route } from "../service.js";
import { toWorldTags } from "../tags.js";
import { neutronList } from "./filters.js";
import { externalCidrs, externalNetworkView, networkView, subnetView } from "./render.js";

const networkPath = /^\/networks\/([^/]+)$/;
const subnetPath = /^\/subnets\/([^/]+)$/;

/** Networks (world VPCs, plus the region's external "public" network) and their subnets. */
export const networkRoutes: readonly Route[] = [
  {
    method: "GET",
    path: /^\/networks$/,
    api: "neutron:ListNetworks",
    handle: (call) =>
      call.call((cloud) =>
        neutronList(call, "networks", [
          externalNetworkView(call),
          ...cloud.vpcs.list().items.map((v) => networkView(call, v)),
        ]),
      ),
  },
  {
    method: "GET",
    path: networkPath,
    api: "neutron:ShowNetwork",
    handle: (call) =>
      call.call((cloud) => {
        const id = call.params[0] ?? "";
        return json(200, {
          network:
            id === externalNetworkIdOf(call.region) ? externalNetworkView(call) : networkView(call, cloud.vpcs.get(id)),
        });
      }),
  },
  {
    method: "POST",
    path: /^\/networks$/,
    api: "neutron:CreateNetwork",
    handle: (call) => {
      const args = objectField(readJson(call.request), "network");
      const tags = tagList(args);
      if (args["router:external"] === true)
        throw new FrontError(403, "Only administrators can create external networks.");
      return call.call((cloud) =>
        json(201, {
          network: networkView(
            call,
            cloud.vpcs.create({ name: stringField(args, "name") ?? "", tags: tags && toWorldTags(tags) }),
          ),
        }),
      );
    },
  },
  {
    method: "DELETE",
    path: networkPath,
    api: "neutron:DeleteNetwork",
    handle: (call) =>
      call.call((cloud) => {
        const vpc = cloud.vpcs.get(call.params[0] ?? "");
        // Neutron deletes a network's unused subnets along with it.
        for (const subnet of vpc.subnets) cloud.subnets.delete(subnet.id);
        cloud.vpcs.delete(vpc.id);
        return noContent(204);
      }),
  },
  {
    method: "GET",
    path: /^\/subnets$/,
    api: "neutron:ListSubnets",
    handle: (call) =>
      call.call((cloud) =>
        neutronList(
          call,
          "subnets",
          cloud.subnets.list().items.map((s) => subnetView(call, s)),
        ),
      ),
  },
  {
    method: "GET",
    path: subnetPath,
    api: "neutron:ShowSubnet",
    handle: (call) =>
      call.call((cloud) => json(200, { subnet: subnetView(call, cloud.subnets.get(call.params[0] ?? "")) })),
  },
  {
    method: "POST",
    path: /^\/subnets$/,
    api: "neutron:CreateSubnet",
    handle: (call) => {
      const args = objectField(readJson(call.request), "subnet");
      const networkId = stringField(args, "network_id", true);
      if (args["ip_version"] !== 4 && args["ip_version"] !== "4")
        throw badRequest("The emulator supports IPv4 subnets only (ip_version 4).");
      if (networkId === externalNetworkIdOf(call.region))
        throw new FrontError(403, "Only administrators can add subnets to the external network.");
      const tags = tagList(args);
      return call.call((cloud) =>
        json(201, {
          subnet: subnetView(
            call,
            cloud.subnets.create({
              vpcId: networkId,
              name: stringField(args, "name") ?? "",
              cidr: stringField(args, "cidr", true),
              tags: tags && toWorldTags(tags),
            }),
          ),
        }),
      );
    },
  },
  {
    method: "DELETE",
    path: subnetPath,
    api: "neutron:DeleteSubnet",
    handle: (call) =>
      call.call((cloud) => {
        const id = call.params[0] ?? "";
        if (externalCidrs.some((c) => externalSubnetIdOf(call.region, c) === id))
          throw new FrontError(403, "Only administrators can delete external subnets.");
        cloud.subnets.delete(id);
        return noContent(204);
      }),
  },
];
