import type { AccountRegion } from "../../../world/account-region.js";
import type { RunVmInput } from "../../../world/resources/vms.js";
import type { Vm } from "../../../world/types.js";
import { FrontError, badRequest, json, noContent, objectField, readJson, stringField } from "../http.js";
import { collectionLinks, pageOf, pageRequest } from "../paging.js";
import type { Route, ServiceCall } from "../service.js";
import { findSpecByRef, novaStateByWorldState, serverSummary, serverView } from "./render.js";

const serverPath = /^\/servers\/([^/]+)$/;

/** Servers that still exist: Nova hides deleted ones from its lists and reads. */
function liveServer(cloud: AccountRegion, id: string): Vm {
  const vm = cloud.vms.get(id);
  if (vm.state === "terminated") throw new FrontError(404, `Instance ${id} could not be found.`);
  return vm;
}

export function requireServer(cloud: AccountRegion, id: string): Vm {
  try {
    return liveServer(cloud, id);
  } catch (error) {
    if (error instanceof FrontError) throw error;
    throw new FrontError(404, `Instance ${id} could not be found.`);
  }
}

/** Nova's list filters: `name` is a regular expression, `status` a Nova status. */
function filtered(call: ServiceCall, cloud: AccountRegion): Vm[] {
  const query = call.url.searchParams;
  const name = query.get("name");
  const status = query.get("status")?.toUpperCase();
  let pattern: RegExp | undefined;
  try {
    pattern = name === null ? undefined : new RegExp(name);
  } catch {
    throw badRequest(`Invalid filter name: ${name ?? ""}`);
  }
  return cloud.vms
    .list({ where: (vm) => vm.state !== "terminated" })
    .items.filter(
      (vm) => (!pattern || pattern.test(vm.name)) && (!status || novaStateByWorldState[vm.state].status === status),
    );
}

function list(detail: boolean): Route["handle"] {
  return (call) =>
    call.call((cloud) => {
      const request = pageRequest(call.url.searchParams, call.ctx.pageSize);
      const page = pageOf(filtered(call, cloud), (vm) => vm.id, request);
      const servers = page.items.map((vm) => (detail ? serverView(call, cloud, vm) : serverSummary(call, vm)));
      const links = collectionLinks(call.url, request, page);
      return json(200, { servers, ...(links.length > 0 ? { servers_links: links } : {}) });
    });
}

/** The world run request of a Nova create-server body. */
function runInput(cloud: AccountRegion, server: Record<string, unknown>): RunVmInput {
  const name = stringField(server, "name", true);
  const flavorRef = stringField(server, "flavorRef", true);
  const spec = findSpecByRef(cloud, flavorRef);
  if (!spec) throw badRequest(`Flavor ${flavorRef} could not be found.`);
  const bdm = Array.isArray(server["block_device_mapping_v2"])
    ? (server["block_device_mapping_v2"] as Record<string, unknown>[])
    : [];
  const bootVolume = bdm.find((b) => b["boot_index"] === 0 || b["boot_index"] === "0");
  const imageRef =
    stringField(server, "imageRef") || (typeof bootVolume?.["uuid"] === "string" ? bootVolume["uuid"] : undefined);
  if (!imageRef)
    throw badRequest(
      "Block Device Mapping is Invalid: Boot sequence for the instance and image/block device mapping combination is not valid.",
    );
  const networks = server["networks"];
  if (!Array.isArray(networks) || networks.length !== 1 || typeof networks[0] !== "object" || networks[0] === null) {
    throw badRequest('The emulator attaches a server to exactly one network: give networks [{"uuid": ...}].');
  }
  const netRef = networks[0] as Record<string, unknown>;
  const networkId = stringField(netRef, "uuid");
  if (!networkId) throw badRequest("Only networks given by uuid are supported by the emulator (no pre-created ports).");
  const vpc = cloud.vpcs.get(networkId);
  // Neutron allocates from the network's first subnet that has a free address.
  const subnet = vpc.subnets.find((s) => s.availableIpCount > 0);
  if (!subnet) throw new FrontError(409, `No more IP addresses available on network ${networkId}.`);
  const groups = Array.isArray(server["security_groups"])
    ? (server["security_groups"] as Record<string, unknown>[])
    : [];
  const projectGroups = cloud.securityGroups.list().items;
  // Nova resolves each entry as a name or an id of the project's security groups.
  const securityGroupIds = groups.map((g) => {
    const ref = typeof g["name"] === "string" ? g["name"] : "";
    const byId = projectGroups.find((sg) => sg.id === ref);
    if (byId) return byId.id;
    const byName = projectGroups.filter((sg) => sg.name === ref);
    if (byName.length > 1)
      throw new FrontError(
        409,
        `Multiple security_group matches found for name '${ref}', use an ID to be more specific.`,
      );
    if (!byName[0]) throw badRequest(`Security group ${ref} not found.`);
    return byName[0].id;
  });
  const keyName = stringField(server, "key_name");
  if (keyName !== undefined && !cloud.keyPairs.list({ where: (k) => k.name === keyName }).items[0])
    throw badRequest("Invalid key_name provided.");
  const metadata = server["metadata"];
  const tags = metadata !== null && typeof metadata === "object" ? (metadata as Record<string, string>) : undefined;
  const dataDiskIds = bdm
    .filter((b) => b !== bootVolume && b["source_type"] === "volume" && typeof b["uuid"] === "string")
    .map((b) => b["uuid"] as string);
  const rootDisk =
    bootVolume && bootVolume["destination_type"] === "volume"
      ? {
          type: typeof bootVolume["volume_type"] === "string" ? bootVolume["volume_type"] : undefined,
          sizeGB: typeof bootVolume["volume_size"] === "number" ? bootVolume["volume_size"] : undefined,
        }
      : undefined;
  return {
    name,
    imageId: imageRef,
    specName: spec.name,
    subnetId: subnet.id,
    vpcId: vpc.id,
    securityGroupIds,
    keyPairId: keyName,
    zone: stringField(server, "availability_zone") || undefined,
    rootDisk,
    dataDiskIds,
    tags,
    // An OpenStack server has only its fixed address; a floating IP gives it a public one.
    assignPublicIp: false,
  };
}

export const serverRoutes: readonly Route[] = [
  { method: "GET", path: /^\/servers$/, api: "nova:ListServers", handle: list(false) },
  { method: "GET", path: /^\/servers\/detail$/, api: "nova:ListServersDetailed", handle: list(true) },
  {
    method: "GET",
    path: serverPath,
    api: "nova:ShowServer",
    handle: (call) =>
      call.call((cloud) => json(200, { server: serverView(call, cloud, requireServer(cloud, call.params[0] ?? "")) })),
  },
  {
    method: "POST",
    path: /^\/servers$/,
    api: "nova:CreateServer",
    handle: (call) => {
      const server = objectField(readJson(call.request), "server");
      return call.call((cloud) => {
        const vm = cloud.vms.run(runInput(cloud, server));
        const location = `${call.endpoint}/servers/${vm.id}`;
        return json(
          202,
          {
            server: {
              id: vm.id,
              links: serverSummary(call, vm)["links"],
              "OS-DCF:diskConfig": "MANUAL",
              security_groups: vm.securityGroups.map((sg) => ({ name: sg.name })),
              adminPass: "emulatedAdminPass",
            },
          },
          { location },
        );
      });
    },
  },
  {
    method: "DELETE",
    path: serverPath,
    api: "nova:DeleteServer",
    handle: (call) =>
      call.call((cloud) => {
        const vm = requireServer(cloud, call.params[0] ?? "");
        cloud.vms.terminate(vm.id);
        return noContent(204);
      }),
  },
];
