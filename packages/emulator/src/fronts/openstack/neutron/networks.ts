import type { AccountRegion } from "../../../world/account-region.js";
import type { Vpc } from "../../../world/types.js";
import { FrontError, json, noContent, objectField, readJson, stringField } from "../http.js";
import type { Route } from "../service.js";
import { requiredAttribute } from "./errors.js";
import { neutronList } from "./listing.js";
import { networkView, subnetView } from "./render.js";
import { subnetRequest } from "./subnet-request.js";
import { createTags } from "./tags.js";

const networkPath = /^\/networks\/([^/]+)$/;
const subnetPath = /^\/subnets\/([^/]+)$/;

/** Neutron's 403 for an action its default policy keeps to admins (oslo.policy's wording). */
export function policyRefusal(rule: string): FrontError {
  return new FrontError(403, `${rule} is disallowed by policy`, "PolicyNotAuthorized");
}

/** Network attributes only admins may set; the first one given names the policy rule Neutron reports. */
const adminOnlyOnCreate = ["router:external", "shared", "provider:network_type", "provider:physical_network"];

function networksById(cloud: AccountRegion): Map<string, Vpc> {
  return new Map(cloud.vpcs.list().items.map((v) => [v.id, v]));
}

/** Networks (world VPCs, with the operator's shared "public" network) and their subnets. */
export const networkRoutes: readonly Route[] = [
  {
    method: "GET",
    path: /^\/networks$/,
    api: "neutron:ListNetworks",
    handle: (call) =>
      call.call((cloud) =>
        neutronList(
          call,
          "networks",
          cloud.vpcs.list().items.map((v) => networkView(call, v)),
          { member: "network" },
        ),
      ),
  },
  {
    method: "GET",
    path: networkPath,
    api: "neutron:ShowNetwork",
    handle: (call) =>
      call.call((cloud) => json(200, { network: networkView(call, cloud.vpcs.get(call.params[0] ?? "")) })),
  },
  {
    method: "POST",
    path: /^\/networks$/,
    api: "neutron:CreateNetwork",
    handle: (call) => {
      const args = objectField(readJson(call.request), "network");
      const privileged = adminOnlyOnCreate.find((key) => args[key] !== undefined && args[key] !== false);
      if (privileged !== undefined) throw policyRefusal(`(rule:create_network and rule:create_network:${privileged})`);
      const tags = createTags(call, "networks", args);
      return call.call((cloud) =>
        json(201, {
          network: networkView(call, cloud.vpcs.create({ name: stringField(args, "name") ?? "", tags })),
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
        if (vpc.shared) throw policyRefusal("rule:delete_network");
        // Neutron deletes a network's unused subnets along with it; ports in use keep it.
        const ports = cloud.networkInterfaces.list({ where: (n) => n.vpc.id === vpc.id }).items;
        const routed = cloud.routers.list({
          where: (r) => r.subnets.some((s) => vpc.subnets.some((o) => o.id === s.id)),
        });
        if (ports.length > 0 || routed.items.length > 0)
          throw new FrontError(
            409,
            `Unable to complete operation on network ${vpc.id}. There are one or more ports still in use on the network.`,
            "NetworkInUse",
          );
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
      call.call((cloud) => {
        const networks = networksById(cloud);
        return neutronList(
          call,
          "subnets",
          cloud.subnets.list().items.map((s) => subnetView(call, s, networks.get(s.vpcId) ?? {})),
          { member: "subnet" },
        );
      }),
  },
  {
    method: "GET",
    path: subnetPath,
    api: "neutron:ShowSubnet",
    handle: (call) =>
      call.call((cloud) => {
        const subnet = cloud.subnets.get(call.params[0] ?? "");
        return json(200, { subnet: subnetView(call, subnet, cloud.vpcs.get(subnet.vpcId)) });
      }),
  },
  {
    method: "POST",
    path: /^\/subnets$/,
    api: "neutron:CreateSubnet",
    handle: (call) => {
      const args = objectField(readJson(call.request), "subnet");
      const networkId = requiredAttribute(args, "network_id");
      const tags = createTags(call, "subnets", args);
      return call.call((cloud) => {
        const network = cloud.vpcs.get(networkId);
        if (network.shared) throw policyRefusal("rule:create_subnet");
        const subnet = cloud.subnets.create({
          vpcId: networkId,
          name: stringField(args, "name") ?? "",
          ...subnetRequest(args, network.subnets, network.id),
          tags,
        });
        return json(201, { subnet: subnetView(call, subnet, network) });
      });
    },
  },
  {
    method: "DELETE",
    path: subnetPath,
    api: "neutron:DeleteSubnet",
    handle: (call) =>
      call.call((cloud) => {
        const subnet = cloud.subnets.get(call.params[0] ?? "");
        if (cloud.vpcs.get(subnet.vpcId).shared) throw policyRefusal("rule:delete_subnet");
        cloud.subnets.delete(subnet.id);
        return noContent(204);
      }),
  },
];
