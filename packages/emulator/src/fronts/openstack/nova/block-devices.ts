import type { AccountRegion } from "../../../world/account-region.js";
import { isWorldError } from "../../../world/errors.js";
import type { Disk } from "../../../world/types.js";
import { badRequest } from "../http.js";
import type { FrontError } from "../http.js";

// A create-server request's block devices, checked as Nova checks them: the API's syntax rules
// (BlockDeviceDict.from_api), then the compute API's boot sequence and sources (_validate_bdm).
// With block_device_mapping_v2 Nova adds no image mapping of its own: the list must hold the
// boot_index 0 device, an image mapped to local disk when booting from imageRef.

/** One block_device_mapping_v2 entry, as given. */
type Mapping = Record<string, unknown>;

export interface BlockDevices {
  imageRef: string | undefined;
  /** The mappings, or undefined without block_device_mapping_v2 (imageRef alone, or legacy). */
  v2: Mapping[] | undefined;
  /** Volumes of a legacy block_device_mapping, attached as data volumes. */
  legacyVolumes: string[];
}

/** What the server boots from and what else it gets attached. */
export interface BootPlan {
  /** The image the server runs: imageRef's, or its boot volume's. */
  imageId: string;
  /** A boot volume: Nova makes it from an image, or boots from the user's bootable volume. */
  bootVolume?:
    | { image: string; sizeGB: number; type: string | undefined; deleteOnTermination: boolean }
    | { volume: string; deleteOnTermination: boolean };
  dataVolumes: string[];
}

const invalidBdm = (details: string): FrontError => badRequest(`Block Device Mapping is Invalid: ${details}`);
const bootSequence = (): FrontError =>
  invalidBdm("Boot sequence for the instance and image/block device mapping combination is not valid.");

/** Nova's boot_index: an integer, a numeric string, or null/absent (-1, not bootable). */
function bootIndex(mapping: Mapping): number {
  const raw = mapping["boot_index"];
  if (raw === undefined || raw === null) return -1;
  const index = typeof raw === "string" && /^-?\d+$/.test(raw) ? Number(raw) : raw;
  if (typeof index !== "number" || !Number.isInteger(index))
    throw badRequest(`Invalid input for field/attribute boot_index. Value: ${JSON.stringify(raw)}.`);
  return index;
}

/** The syntax checks of the API layer, before anything is looked up. */
export function parseBlockDevices(server: Record<string, unknown>): BlockDevices {
  const legacy = Array.isArray(server["block_device_mapping"]) ? (server["block_device_mapping"] as Mapping[]) : [];
  const v2 = Array.isArray(server["block_device_mapping_v2"]) ? (server["block_device_mapping_v2"] as Mapping[]) : [];
  if (legacy.length > 0 && v2.length > 0)
    throw badRequest("Using different block_device_mapping syntaxes is not allowed in the same request.");
  const raw = server["imageRef"];
  const imageRef = typeof raw === "string" && raw !== "" ? raw : undefined;
  for (const mapping of v2) {
    if (mapping["no_device"]) continue;
    const source = mapping["source_type"];
    const uuid = mapping["uuid"];
    if (source === "blank" && uuid) throw invalidBdm("Invalid device UUID.");
    if (source !== "blank" && !uuid) throw invalidBdm("Missing device UUID.");
    const destination = mapping["destination_type"];
    if (source === "image" && destination === "local" && !(imageRef !== undefined && bootIndex(mapping) === 0))
      throw invalidBdm("Mapping image to local is not supported.");
    if (destination === "local" && mapping["volume_type"])
      throw invalidBdm("Specifying a volume_type with destination_type=local is not supported.");
    if (source === "volume" && mapping["volume_type"])
      throw invalidBdm("Specifying volume type to existing volume is not supported.");
  }
  if (imageRef === undefined && legacy.length === 0 && v2.length === 0) throw badRequest("Missing imageRef attribute");
  const legacyVolumes = legacy.flatMap((m) => (typeof m["volume_id"] === "string" ? [m["volume_id"]] : []));
  if (legacy.length > 0 && imageRef === undefined)
    throw badRequest("The emulator boots legacy block_device_mapping servers from imageRef only.");
  return { imageRef, v2: v2.length > 0 ? v2 : undefined, legacyVolumes };
}

/** A volume the server is given: there, and free to attach (Cinder's reserve refuses others). */
function freeVolume(cloud: AccountRegion, id: string): Disk {
  let disk: Disk;
  try {
    disk = cloud.disks.get(id);
  } catch (error) {
    if (isWorldError(error, "NotFound")) throw badRequest(`Volume ${id} could not be found.`);
    throw error;
  }
  if (disk.state !== "available" || disk.attachment)
    throw badRequest(
      `Invalid volume: Volume ${id} status must be available or downloading to reserve, but the current status is ${disk.state}.`,
    );
  return disk;
}

/** The compute API's checks against the world, and what to make of the mappings. */
export function planBoot(cloud: AccountRegion, devices: BlockDevices, imageExists: (id: string) => boolean): BootPlan {
  const { imageRef, v2 } = devices;
  if (!v2) return { imageId: imageRef ?? "", dataVolumes: devices.legacyVolumes.map((id) => freeVolume(cloud, id).id) };
  const mappings = v2.filter((m) => !m["no_device"]);
  const indexes = mappings
    .map(bootIndex)
    .filter((i) => i >= 0)
    .sort((a, b) => a - b);
  if (indexes.length === 0 || indexes.some((value, i) => value !== i)) throw bootSequence();
  let plan: BootPlan | undefined;
  const dataVolumes: string[] = [];
  for (const mapping of mappings) {
    const source = mapping["source_type"];
    const uuid = typeof mapping["uuid"] === "string" ? mapping["uuid"] : "";
    const deleteOnTermination = mapping["delete_on_termination"] === true;
    const boot = bootIndex(mapping) === 0;
    if (source === "image") {
      if (uuid !== imageRef && !imageExists(uuid)) throw invalidBdm(`failed to get image ${uuid}.`);
      if (mapping["destination_type"] === "volume") {
        const size = Number(mapping["volume_size"] ?? 0);
        if (!size) throw badRequest("Images with destination_type 'volume' need to have a non-zero size specified");
        if (!boot) throw badRequest("The emulator makes volumes from images for the boot device only.");
        const type = typeof mapping["volume_type"] === "string" ? mapping["volume_type"] : undefined;
        plan = { imageId: uuid, bootVolume: { image: uuid, sizeGB: size, type, deleteOnTermination }, dataVolumes };
      } else if (boot) {
        plan = { imageId: imageRef ?? uuid, dataVolumes };
      }
    } else if (source === "volume") {
      const disk = freeVolume(cloud, uuid);
      if (!boot) {
        dataVolumes.push(disk.id);
        continue;
      }
      if (disk.sourceImageId === undefined) throw badRequest(`Block Device ${disk.id} is not bootable.`);
      plan = { imageId: disk.sourceImageId, bootVolume: { volume: disk.id, deleteOnTermination }, dataVolumes };
    } else {
      throw badRequest(`The emulator supports image and volume block devices, not ${String(source)} ones.`);
    }
  }
  if (!plan) throw bootSequence();
  return plan;
}
