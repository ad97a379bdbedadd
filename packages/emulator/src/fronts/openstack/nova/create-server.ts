import type { AccountRegion } from "../../../world/account-region.js";
import type { BackgroundWork } from "../../../world/resources/lifecycle.js";
import type { Vm } from "../../../world/types.js";
import { FrontError, badRequest, stringField } from "../http.js";
import { derivedHexId } from "../ids.js";
import type { ServiceCall } from "../service.js";
import { parseBlockDevices, planBoot } from "./block-devices.js";
import type { BlockDevices } from "./block-devices.js";
import { planNetworks, plugPorts, requestedNetworks } from "./networks.js";
import type { NetworkRequest } from "./networks.js";
import { findSpecByRef } from "./render.js";
import { pyRepr, schemaError } from "./schema-errors.js";

// POST /servers as Nova takes it: the API's checks (schema, block devices, networks), then the
// compute API's against the project (flavor, image, key pair, groups, networks, volumes), then the
// build: Nova makes the ports and the boot volume it needs and the server runs on the world's clock.

/** A create-server body, checked as far as it can be without looking anything up. */
export interface CreateServerRequest {
  name: string;
  flavorRef: string;
  devices: BlockDevices;
  networks: NetworkRequest[] | "auto" | "none" | undefined;
  /** Group names or ids; undefined means Nova's "default". */
  securityGroups: string[] | undefined;
  keyName: string | undefined;
  zone: string | undefined;
  metadata: Record<string, string> | undefined;
  adminPass: string | undefined;
}

export function parseCreateServer(call: ServiceCall, body: Record<string, unknown>): CreateServerRequest {
  const server = body["server"];
  if (server === null || typeof server !== "object" || Array.isArray(server))
    throw schemaError("server", body, server === undefined ? "'server' is a required property" : "not an object");
  const args = server as Record<string, unknown>;
  for (const key of ["name", "flavorRef"])
    if (args[key] === undefined) throw schemaError("server", args, `'${key}' is a required property`);
  const devices = parseBlockDevices(args);
  const networks = requestedNetworks(call, args);
  const groups = args["security_groups"];
  if (groups !== undefined && !Array.isArray(groups))
    throw schemaError("security_groups", groups, `${pyRepr(groups)} is not of type 'array'`);
  const metadata = args["metadata"];
  if (metadata !== undefined) {
    if (metadata === null || typeof metadata !== "object" || Array.isArray(metadata))
      throw schemaError("metadata", metadata, `${pyRepr(metadata)} is not of type 'object'`);
    for (const value of Object.values(metadata))
      if (typeof value !== "string")
        throw schemaError("metadata", metadata, `${pyRepr(value)} is not of type 'string'`);
  }
  return {
    name: stringField(args, "name", true),
    flavorRef: String(args["flavorRef"]),
    devices,
    networks,
    // Nova keeps each named group once.
    securityGroups:
      groups === undefined
        ? undefined
        : [
            ...new Set(
              (groups as Record<string, unknown>[]).flatMap((g) => (typeof g["name"] === "string" ? [g["name"]] : [])),
            ),
          ],
    keyName: stringField(args, "key_name"),
    zone: stringField(args, "availability_zone"),
    metadata: metadata as Record<string, string> | undefined,
    adminPass: stringField(args, "adminPass"),
  };
}

/**
 * The project's groups by name or id, as Nova's validate_name finds them through neutronclient;
 * "default" is Nova's own default, used where the project has a group of that name.
 */
function resolveGroups(cloud: AccountRegion, names: string[] | undefined): string[] {
  const groups = cloud.securityGroups.list().items;
  if (names === undefined) return groups.filter((g) => g.name === "default").map((g) => g.id);
  return names.flatMap((ref) => {
    const byId = groups.find((g) => g.id === ref);
    if (byId) return [byId.id];
    const byName = groups.filter((g) => g.name === ref);
    if (byName.length > 1)
      throw new FrontError(
        409,
        `Multiple security_group matches found for name '${ref}', use an ID to be more specific.`,
      );
    if (byName[0]) return [byName[0].id];
    if (ref === "default") return [];
    throw badRequest(`Unable to find security_group with name or id '${ref}'`);
  });
}

function imageExists(cloud: AccountRegion, id: string): boolean {
  if (cloud.catalog.listImages().items.some((i) => i.id === id)) return true;
  return cloud.myImages.list({ where: (i) => i.id === id && i.state === "available" }).items.length > 0;
}

/** The server Nova makes of a request: ports, boot volume, VM; nothing stays behind if it fails. */
export function createServer(
  call: ServiceCall,
  cloud: AccountRegion,
  request: CreateServerRequest,
  work: BackgroundWork,
): { vm: Vm; adminPass: string } {
  const spec = findSpecByRef(cloud, request.flavorRef);
  if (!spec) throw badRequest(`Flavor ${request.flavorRef} could not be found.`);
  const imageRef = request.devices.imageRef;
  if (imageRef !== undefined && !imageExists(cloud, imageRef)) throw badRequest("Can not find requested image");
  if (request.keyName !== undefined && !cloud.keyPairs.list({ where: (k) => k.name === request.keyName }).items[0])
    throw badRequest("Invalid key_name provided.");
  if (request.zone !== undefined && !cloud.catalog.getRegion(call.region).zones.some((z) => z.name === request.zone))
    throw badRequest("The requested availability zone is not available");
  const groups = resolveGroups(cloud, request.securityGroups);
  const plan = planNetworks(call, cloud, request.networks);
  const boot = planBoot(cloud, request.devices, (id) => imageExists(cloud, id));
  const made: string[] = [];
  let volume: string | undefined;
  try {
    const interfaces = plugPorts(cloud, plan, groups, made);
    const root = boot.bootVolume;
    if (root && "image" in root) {
      // Nova makes the boot volume from the image, unnamed, in the server's zone.
      volume = cloud.disks.create({
        name: "",
        sourceImageId: root.image,
        sizeGB: root.sizeGB,
        type: root.type,
        zone: request.zone,
      }).id;
    }
    const vm = cloud.vms.run(
      {
        name: request.name,
        imageId: boot.imageId,
        specName: spec.name,
        networkInterfaces: interfaces,
        keyPairId: request.keyName,
        zone: request.zone,
        dataDiskIds: boot.dataVolumes,
        ...(root
          ? {
              bootVolume: {
                id: "image" in root ? (volume ?? "") : root.volume,
                deleteOnTermination: root.deleteOnTermination,
              },
            }
          : {}),
        tags: request.metadata,
        // A server's only addresses are its ports'; a floating IP or the provider network makes one public.
        assignPublicIp: false,
      },
      work,
    );
    return { vm, adminPass: request.adminPass ?? derivedHexId("admin-pass", vm.id).slice(0, 12) };
  } catch (error) {
    for (const id of made) cloud.networkInterfaces.delete(id);
    if (volume !== undefined) cloud.disks.delete(volume);
    throw error;
  }
}
